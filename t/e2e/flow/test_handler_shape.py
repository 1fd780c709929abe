"""The handler contract holds in every handler and model (README, "The shape
of a handler"). These are the mistakes a new action could otherwise make
without the compiler noticing:

* a handler or model reaches past api/action.h (the dispatcher's state in
  call_state.h, the connection in db/db.h, the action table, json-c);
* an action that declares ACTION_PREFETCH reads its statement with call_sql
  (restating the planned values: call_sql refuses it at run time too)
  instead of call_prefetched;
* a handler of a keyed statement counts rows itself (PQntuples), and so
  must remember to skip the caller's row alone, which call_prefetched
  already leaves out;
* an action's ACTION_ABOUT (its summary, the linker insists on one) is not
  the first thing after the #include lines, where a reader looks first.
"""

# File checks only: the first pass runs them.
TYPE_INDEPENDENT = True

import glob
import os
import re

from harness import assert_eq

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
HANDLERS = sorted(glob.glob(os.path.join(REPO, 'lib', 'actions', '*', '*.[ch]')))
MODELS = sorted(glob.glob(os.path.join(REPO, 'lib', 'model', '*.[ch]')))


def source(path):
    """The file's text without comments and string literals' contents."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    return text


def rel(path):
    return os.path.relpath(path, REPO)


def test_there_are_handlers_to_check():
    assert len(HANDLERS) >= 30 and len(MODELS) >= 5, (len(HANDLERS), len(MODELS))


def test_handlers_and_models_include_only_action_h_of_the_machinery():
    wrong = []
    for path in HANDLERS + MODELS:
        for inc in re.findall(r'#include\s+[<"]([^>"]+)[>"]', source(path)):
            if (inc.startswith('api/') and inc != 'api/action.h') or inc.startswith('db/') \
                    or inc.startswith('json-c/') or inc.startswith('json/') \
                    or inc == 'libpq-fe.h':
                wrong.append('%s: %s' % (rel(path), inc))
    assert_eq(wrong, [], 'includes past api/action.h')


def test_handlers_and_models_build_json_only_through_reply():
    wrong = ['%s: %s' % (rel(p), m) for p in HANDLERS + MODELS
             for m in re.findall(r'\bjson_object_\w+\s*\(', source(p))]
    assert_eq(wrong, [], 'json-c calls')


def reads_prefetched(text):
    """True when the handler, or a model or domain file whose header it
    includes, calls call_prefetched."""
    if 'call_prefetched(' in text:
        return True
    for header in re.findall(r'#include\s+"((?:model|actions/\w+)/\w+)\.h"', text):
        shared = os.path.join(REPO, 'lib', header + '.c')
        if os.path.exists(shared) and 'call_prefetched(' in source(shared):
            return True
    return False


def test_a_prefetched_statement_is_read_with_call_prefetched():
    wrong = []
    for path in HANDLERS:
        text = source(path)
        for action, stmt in re.findall(r'ACTION_PREFETCH\(\s*(\w+)\s*,\s*([^,)]+)', text):
            stmt = stmt.strip()
            if not reads_prefetched(text):
                wrong.append('%s: %s never calls call_prefetched' % (rel(path), action))
            name = stmt.lstrip('&*')
            if re.search(r'call_sql0?\s*\(\s*c\s*,\s*&\s*' + re.escape(name) + r'\b', text):
                wrong.append('%s: %s runs its prefetched %s with call_sql'
                             % (rel(path), action, name))
    assert_eq(wrong, [], 'prefetched statements')


def prefetched_names(text):
    """The names a handler gives its prefetched result: the sql_rows
    variable, its .result, and pointers assigned from it."""
    rows = re.findall(r'\bsql_rows\s+(\w+)\s*[;=]', text)
    names = ['%s.result' % r for r in rows]
    for r in rows:
        names += re.findall(r'(\w+)\s*=\s*' + re.escape(r) + r'\.result\b', text)
    return names


def test_handlers_of_keyed_statements_do_not_count_rows_themselves():
    wrong = []
    for path in HANDLERS:
        text = source(path)
        if 'DB_KEYED_STATEMENT' not in text:
            continue
        for name in prefetched_names(text):
            if re.search(r'\bPQntuples\s*\(\s*' + re.escape(name) + r'\s*\)', text):
                wrong.append('%s: PQntuples(%s)' % (rel(path), name))
    assert_eq(wrong, [], 'keyed results counted by hand (use rows.count)')


def test_the_check_sees_the_keyed_handlers():
    keyed = [rel(p) for p in HANDLERS if 'DB_KEYED_STATEMENT' in source(p)]
    assert len(keyed) >= 5, keyed
    for path in HANDLERS:
        text = source(path)
        if 'DB_KEYED_STATEMENT' in text:
            assert prefetched_names(text), '%s: no prefetched result found' % rel(path)


def test_action_about_comes_right_after_the_includes():
    wrong = []
    for path in HANDLERS:
        if not path.endswith('.c'):
            continue
        name = os.path.basename(path)[:-2]
        text = source(path)
        if not re.search(r'^action_result action_%s\(' % name, text, re.M):
            continue  # a shared piece of its domain, no action of its own
        after = re.sub(r'^\s*(#include[^\n]*\s*)*', '', text)
        if not after.startswith('ACTION_ABOUT(%s,' % name):
            wrong.append(rel(path))
    assert_eq(wrong, [], 'handlers whose ACTION_ABOUT is not right after the #include lines')
