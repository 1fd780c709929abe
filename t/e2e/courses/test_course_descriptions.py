"""course_descriptions: the course's description sections (course context).

Spec: 30-courses.md §4.1 (base-course rows in insertion order, id =
description_type, src="/ made absolute, POST fields[] course extra fields
as extra_<name>, unknown names ignored; log (course_id, POST course)).
Deviation (docs/compat.md): no tool-access tracking row.
"""

import os
import sys

import harness
from harness import assert_eq, assert_error, assert_ok, both_encodings, msg, php_int, sql_exec
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from course_common import (assert_denied_to_a_stranger, assert_needs_a_course, event_of,
                           keys_of, read)


def english(extra=None):
    rows = [{'id': php_int(1), 'title': 'Description',
             'content': '<p>Learn English step by step.</p><img src="%s/app/upload/banner.png">'
                        % harness.CAMPUS_URL},
            {'id': php_int(2), 'title': 'Objectives', 'content': 'Speak and write simple English.'}]
    for row in rows:
        row.update(extra or {})
    return rows


@both_encodings
def test_sections_in_order(enc):
    resp = read('course_descriptions', 'student1', enc=enc)
    assert_eq(assert_ok(resp), english(), 'descriptions')
    assert_eq(keys_of(resp), [['id', 'title', 'content']] * 2, 'keys')


@both_encodings
def test_extra_fields(enc):
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value) VALUES (5, 1, 'yes')"
             " ON CONFLICT DO NOTHING")
    try:
        resp = read('course_descriptions', 'student1', enc=enc,
                    **{'fields[0]': 'special_course', 'fields[1]': 'no_such_field'})
        assert_eq(assert_ok(resp), english({'extra_special_course': 'yes'}), 'with extra')
    finally:
        sql_exec('DELETE FROM extra_field_values WHERE field_id = 5 AND item_id = 1')
    resp = read('course_descriptions', 'student1', **{'fields[0]': 'special_course'})
    assert_eq(assert_ok(resp), english({'extra_special_course': ''}), 'no value')


def test_empty_course_and_session_ignored():
    assert_eq(assert_ok(read('course_descriptions', 'student1', course=2)), [], 'MATH201')
    assert_eq(assert_ok(read('course_descriptions', 'student1', session=1)), english(),
              'the session does not change the list')


def test_bad_input_and_event():
    assert_error(read('course_descriptions', 'student1', fields='x'),
                 msg('BadParameter', 'fields'))
    assert_eq(event_of('course_descriptions', lambda: read('course_descriptions', 'student1')),
              [['course_id', '1']], 'event')
    assert_needs_a_course('course_descriptions')


def test_denied_to_a_stranger():
    assert_denied_to_a_stranger('course_descriptions')
