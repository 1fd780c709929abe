"""Every action of lib/api/actions.def has its end-to-end tests, and the
server knows every one of them.

actions.def says: "its end-to-end tests are t/e2e/<domain>/test_<name>.py".
This file checks that such a file exists for each ACTION() row and defines at
least one top-level test_ function, and that the running server dispatches
every listed name (an unknown name answers "Invalid action"; a known one
without a key answers something else: 10-request-flow.md §8, docs/compat.md).
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import ast
import glob
import os
import re

from harness import api, assert_eq, assert_error

HERE = os.path.dirname(os.path.abspath(__file__))
E2E = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(E2E))
ACTIONS_DEF = os.path.join(REPO, 'lib', 'api', 'actions.def')


def action_rows():
    """[(name, gate)] of the ACTION() rows, comments removed."""
    with open(ACTIONS_DEF, encoding='utf-8') as f:
        text = f.read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    rows = re.findall(r'^\s*ACTION\(\s*([A-Za-z0-9_]+)\s*,\s*([A-Z_]+)', text, flags=re.M)
    assert rows, 'no ACTION() row found in %s' % ACTIONS_DEF
    return rows


def defined_tests(path):
    with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read(), filename=path)
    return [node.name for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith('test_')]


def test_actions_def_has_no_duplicates():
    names = [name for name, _ in action_rows()]
    dupes = sorted({n for n in names if names.count(n) > 1})
    assert_eq(dupes, [], 'actions declared twice')


CATALOGUE = os.path.join(REPO, 'docs', 'contract', '10-request-flow.md')


def catalogue_order():
    """The action names of 10-request-flow.md §11's table, in its order."""
    with open(CATALOGUE, encoding='utf-8') as f:
        text = f.read()
    section = text[text.index('## 11.'):]
    end = section.find('\n## ', 1)
    section = section if end < 0 else section[:end]
    return re.findall(r'^\| \d+ \| [A-Z_]+(?: \[1\.11\.32\])? \| ([a-z_]+) \|', section, flags=re.M)


def test_actions_def_follows_the_catalogue_order():
    order = catalogue_order()
    assert_eq(len(order), 116, 'actions in the catalogue')
    names = [name for name, _ in action_rows()]
    unknown = [n for n in names if n not in order]
    assert_eq(unknown, [], 'rows that the catalogue does not list')
    positions = [order.index(n) for n in names]
    misplaced = [names[i] for i in range(1, len(names)) if positions[i] < positions[i - 1]]
    assert_eq(misplaced, [], 'rows out of the catalogue order (each named after the row it follows)')


def test_every_action_has_a_test_file():
    missing, empty = [], []
    for name, _ in action_rows():
        files = glob.glob(os.path.join(E2E, '*', 'test_%s.py' % name))
        if not files:
            missing.append(name)
            continue
        if not any(defined_tests(p) for p in files):
            empty.append(name)
    problems = []
    if missing:
        problems.append('no t/e2e/<domain>/test_<name>.py for: ' + ', '.join(missing))
    if empty:
        problems.append('no test_ function in the test file of: ' + ', '.join(empty))
    assert not problems, '; '.join(problems)


def test_every_action_is_dispatched():
    unknown = []
    for name, gate in action_rows():
        resp = api(name, {'foo': 'bar'})
        if resp.json is None or resp.json.get('message') == 'Invalid action':
            unknown.append('%s (%r)' % (name, resp))
            continue
        if gate not in ('PUBLIC',):
            # docs/compat.md: no api_key on a keyed action -> "Invalid API key".
            assert_error(resp, 'Invalid API key')
    assert not unknown, 'actions the server does not know: ' + ', '.join(unknown)


def test_names_are_case_sensitive_and_exact():
    for name, _ in action_rows()[:20]:
        for variant in (name.upper(), name + 'x', name[:-1]):
            if variant in dict(action_rows()):
                continue
            assert_error(api(variant, {'foo': 'bar'}), 'Invalid action')
