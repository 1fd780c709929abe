"""The answers Chamilo 1.11.32 gave under PHP 8.2 (docs/contract/recordings/)
match the schemas chamilo-fcgi --openapi documents for them (PHP 8 types, the
default php_types): each recorded JSON answer against its action's 200 answer
(the envelope with the action's data, or the error envelope), an unknown or
missing action against the error envelope. The answers PHP gives where we
deliberately differ (docs/compat.md) are listed below with the reason; the
list may only hold recordings that really fail, so it cannot go stale.
"""

# The document is generated without a configuration (php_types 8) whatever
# the pass: the first pass runs it.
TYPE_INDEPENDENT = True

import json
import os
import subprocess

import harness

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
RECORDINGS = os.path.join(REPO, 'docs', 'contract', 'recordings', 'php82-1.11.32.jsonl')

# step -> why the recorded answer does not match (docs/compat.md).
DEVIATIONS = {
}


def _document():
    binary = os.path.join(harness.STACK_DIR, 'bin', 'chamilo-fcgi')
    proc = subprocess.run([binary, '--openapi'], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _pairs(bag):
    if isinstance(bag, dict):
        return list(bag.items())
    return [tuple(p) for p in bag or []]


def _action(request):
    """The action the recorded request names, as the dispatcher reads it."""
    body = _pairs(request.get('form')) + _pairs(request.get('json'))
    return harness.action_named(_pairs(request.get('query')), body)


def _schema(doc, action):
    from jsonschema import Draft202012Validator
    op = doc['paths'].get(harness.ENDPOINT + '?action=' + str(action), {}).get('post')
    content = op['responses']['200'].get('content', {}) if op else {}
    schema = content.get('application/json', {}).get('schema',
                                                      {'$ref': '#/components/schemas/Error'})
    # The operation's schema, resolved against the whole document.
    return Draft202012Validator(dict(schema, components=doc['components']))


def _recordings():
    with open(RECORDINGS, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def test_recorded_answers_match_their_schemas():
    doc = _document()
    checked, failures, deviating = 0, [], set()
    for rec in _recordings():
        try:
            body = json.loads(rec['body'])
        except ValueError:
            continue  # a PHP crash's empty page: no JSON to check
        action = _action(rec['request'])
        errors = sorted(_schema(doc, action).iter_errors(body), key=lambda e: list(e.path))
        checked += 1
        if not errors:
            continue
        if rec['step'] in DEVIATIONS:
            deviating.add(rec['step'])
            continue
        e = errors[0]
        failures.append('%s (%s): at %s: %s' % (rec['step'], action,
                                                '/'.join(map(str, e.absolute_path)), e.message))
    assert not failures, '\n'.join(failures)
    stale = set(DEVIATIONS) - deviating
    assert not stale, 'listed as deviating but matching now: %s' % sorted(stale)
    assert checked >= 60, checked
