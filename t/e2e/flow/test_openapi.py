"""chamilo-fcgi --openapi: an OpenAPI 3.1 description generated from the action
table, validated by a real validator (Python's openapi-spec-validator where it
is installed, else @seriousme/openapi-schema-validator from the npm
registry), listing exactly the actions of lib/api/actions.def with their
declared parameters, gates and redirects, and each with the summary and
description declared beside its handler (ACTION_ABOUT), who may call it in
words, its tag (the handler's domain) and a contract section that exists.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import json
import os
import re
import shutil
import subprocess
import tempfile

import harness

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
PREFIX = '/main/webservices/api/v2.php?action='


def _document():
    binary = os.path.join(harness.STACK_DIR, 'bin', 'chamilo-fcgi')
    proc = subprocess.run([binary, '--openapi'], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _table():
    """[(name, gate, flags)] of the ACTION() rows of actions.def."""
    with open(os.path.join(REPO, 'lib', 'api', 'actions.def'), encoding='utf-8') as f:
        text = f.read()
    return re.findall(r'^ACTION\((\w+), ((?:SELF\([^)]*\))|\w+), ([\w| ]+)\)', text, re.M)


def _validate(path):
    try:
        from openapi_spec_validator import validate
    except ImportError:
        validate = None
    if validate:
        with open(path, encoding='utf-8') as f:
            validate(json.load(f))
        return 'openapi-spec-validator'
    # npm: installed once into a cache folder beside the build.
    cache = os.path.join(REPO, 'build', 'openapi-validator')
    if not os.path.isdir(os.path.join(cache, 'node_modules', '@seriousme')):
        os.makedirs(cache, exist_ok=True)
        proc = subprocess.run(['npm', 'install', '--no-audit', '--no-fund', '--prefix', cache,
                               '@seriousme/openapi-schema-validator@2'],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    script = os.path.join(cache, 'validate.mjs')
    shutil.copy(os.path.join(REPO, 't', 'openapi', 'validate.mjs'), script)
    proc = subprocess.run(['node', script, path], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == 'valid', proc.stdout + proc.stderr
    return '@seriousme/openapi-schema-validator'


def test_the_description_is_valid_openapi_3_1():
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as f:
        f.write(_document())
    try:
        _validate(f.name)
    finally:
        os.unlink(f.name)
    assert json.loads(_document())['openapi'] == '3.1.0'


def test_it_lists_exactly_the_actions_of_the_table():
    doc = json.loads(_document())
    described = sorted(p[len(PREFIX):] for p in doc['paths'])
    assert described == sorted(name for name, _, _ in _table())
    assert all(p.startswith(PREFIX) for p in doc['paths'])


def test_gates_parameters_and_redirects():
    doc = json.loads(_document())
    for name, gate, flags in _table():
        op = doc['paths'][PREFIX + name]['post']
        assert op['operationId'] == name
        security = op['security']
        if gate == 'PUBLIC':
            assert security == [], (name, security)
        else:
            roles = security[0]['apiKey']
            expected = {'KEY': [], 'ADMIN': ['admin'],
                        'ADMIN_KEYS': ['admin', 'webservice_enable_adminonly_api']}.get(
                            gate, ['self-or-admin'])
            assert roles == expected, (name, roles)
        responses = op['responses']
        assert ('302' in responses) == ('ACT_REDIRECT' in flags), (name, responses.keys())
    # A declared parameter, with its source and kind.
    props = doc['paths'][PREFIX + 'get_users']['post']['requestBody']['content'][
        'application/x-www-form-urlencoded']['schema']['allOf'][1]['properties']
    assert props['action'] == {'type': 'string', 'const': 'get_users'}
    assert props['id_campus']['type'] == 'integer', props
    assert props['status']['description'].startswith('$_POST'), props
    # The length of a column travels with the parameter.
    save = doc['paths'][PREFIX + 'save_user']['post']['requestBody']['content'][
        'application/x-www-form-urlencoded']['schema']['allOf'][1]['properties']
    assert save['phone']['maxLength'] == 30, save['phone']


def _contract_has_section(contract):
    """True when contract ("<file> §<n>") names a file of docs/contract/ with
    a heading numbered n ("## 3." / "### 4.3 ...")."""
    m = re.fullmatch(r'(\d\d-[a-z-]+\.md) §(\d+(?:\.\d+)*)', contract)
    if not m:
        return False
    path = os.path.join(REPO, 'docs', 'contract', m.group(1))
    if not os.path.exists(path):
        return False
    with open(path, encoding='utf-8') as f:
        heading = re.compile(r'^#+ ' + re.escape(m.group(2)) + r'[. ]', re.M)
        return bool(heading.search(f.read()))


def test_every_operation_has_a_summary_a_description_and_its_contract_section():
    doc = json.loads(_document())
    gate_words = {'PUBLIC': 'no `api_key` is needed', 'KEY': 'any user with a valid `api_key`',
                  'ADMIN': 'platform administrators', 'ADMIN_KEYS': 'webservice_enable_adminonly_api'}
    summaries = {}
    for name, gate, flags in _table():
        op = doc['paths'][PREFIX + name]['post']
        summary, description = op.get('summary', ''), op.get('description', '')
        assert summary.strip() and '\n' not in summary and not summary.endswith('.'), (name, summary)
        assert len(summary) <= 100, (name, summary)
        # The handler's own words, then who may call it from the gate, then the contract.
        own, who, contract = description.split('\n\n')
        assert len(own.split()) >= 8, (name, own)
        assert who.startswith('**Who may call it:** '), (name, who)
        assert gate_words.get(gate, 'or a platform administrator') in who, (name, gate, who)
        assert ('course context' in who) == ('ACT_COURSE' in flags), (name, who)
        m = re.fullmatch(r'\*\*Code:\*\* (lib/actions/(\w+)/(\w+)\.c)\. '
                         r'\*\*Contract:\*\* docs/contract/(.*)', contract)
        assert m and m.group(3) == name, (name, contract)
        assert os.path.exists(os.path.join(REPO, m.group(1))), (name, contract)
        assert op['tags'] == [m.group(2)], (name, op['tags'])
        assert _contract_has_section(m.group(4)), (name, contract)
        summaries.setdefault(summary, []).append(name)
    # One tag per domain, each described, in the table's order.
    assert [t['name'] for t in doc['tags']] == list(dict.fromkeys(
        doc['paths'][PREFIX + name]['post']['tags'][0] for name, _, _ in _table()))
    assert all(t['description'] for t in doc['tags'])
    # Each summary tells its operation apart in a list of them.
    shared = {s: names for s, names in summaries.items() if len(names) > 1}
    assert not shared, shared


def test_list_actions_carries_the_summary_and_contract():
    binary = os.path.join(harness.STACK_DIR, 'bin', 'chamilo-fcgi')
    proc = subprocess.run([binary, '--list-actions'], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    doc = json.loads(_document())
    assert len(rows) == len(_table())
    for row in rows:
        op = doc['paths'][PREFIX + row['name']]['post']
        assert row['summary'] == op['summary'], row['name']
        assert op['description'].endswith('docs/contract/' + row['contract']), row['name']


def test_the_parameters_a_description_names_are_declared():
    # `name` (or `name[]`) in an action's own words is one of its declared
    # parameters or a global one, so a renamed parameter cannot leave a
    # description behind.
    binary = os.path.join(harness.STACK_DIR, 'bin', 'chamilo-fcgi')
    proc = subprocess.run([binary, '--list-actions'], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(_document())
    globals_ = set(doc['components']['schemas']['GlobalParameters']['properties']) | {'action'}
    wrong = []
    for row in json.loads(proc.stdout):
        own = doc['paths'][PREFIX + row['name']]['post']['description'].split('\n\n')[0]
        declared = {p['name'] for p in row['params']} | globals_
        wrong += ['%s: `%s`' % (row['name'], name) for name in re.findall(r'`([^`]+)`', own)
                  if name.rstrip('[]') not in declared]
    assert wrong == [], wrong
