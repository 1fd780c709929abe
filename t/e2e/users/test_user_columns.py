"""The widths of the user table's columns that the checks of user fields
name (lib/model/user_columns.h, EXTRA_FIELD_VARIABLE_CHARS in
lib/model/user_extra.h) are the schema's, on the stack's database.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import os
import re

from harness import assert_eq, sql

LIB = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'lib')

INT_RANGES = {'integer': (-2 ** 31, 2 ** 31 - 1), 'smallint': (-2 ** 15, 2 ** 15 - 1)}
C_LIMITS = {'INT32_MIN': -2 ** 31, 'INT32_MAX': 2 ** 31 - 1,
            'INT16_MIN': -2 ** 15, 'INT16_MAX': 2 ** 15 - 1}


def header(name):
    with open(os.path.join(LIB, 'model', name), encoding='utf-8') as f:
        return f.read()


def schema_columns(table):
    return {name: (kind, length) for name, kind, length in sql(
        "SELECT column_name, data_type, character_maximum_length::text"
        "  FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s", table)}


def test_user_varchar_widths_are_the_schema_s():
    declared = {m.group(1).lower(): int(m.group(2)) for m in
                re.finditer(r'^\s*USER_(\w+)_CHARS = (\d+),', header('user_columns.h'), re.M)}
    assert len(declared) >= 10, declared
    columns = schema_columns('user')
    for column, chars in declared.items():
        assert_eq(columns.get(column), ('character varying', str(chars)), 'user.%s' % column)


def test_user_integer_ranges_are_the_schema_s():
    bounds = {}
    for m in re.finditer(r'^#define USER_(\w+)_(MIN|MAX) (INT\d+_M(?:IN|AX))$',
                         header('user_columns.h'), re.M):
        bounds.setdefault(m.group(1).lower(), {})[m.group(2)] = C_LIMITS[m.group(3)]
    assert set(bounds) == {'status', 'creator_id', 'hr_dept_id'}, bounds
    columns = schema_columns('user')
    for column, b in bounds.items():
        assert_eq((b['MIN'], b['MAX']), INT_RANGES[columns[column][0]], 'user.%s' % column)


def test_extra_field_name_width_is_the_schema_s():
    m = re.search(r'^#define EXTRA_FIELD_VARIABLE_CHARS (\d+)$', header('user_extra.h'), re.M)
    assert m
    assert_eq(schema_columns('extra_field')['variable'], ('character varying', m.group(1)),
              'extra_field.variable')
