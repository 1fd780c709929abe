"""The harness holds every answer to its action's schema (harness.py,
"Answer schemas"): a real answer passes, the same answer with a value of the
wrong type, a key missing or a key too many fails the request that received
it, and the schemas follow the stack's php_types."""

import copy
import json

import harness
from harness import (PHP_TYPES, Headers, Response, api, as_user, assert_error, assert_ok,
                     msg, new_user)


def _answer(data, content_type='application/json'):
    body = json.dumps(data).encode('utf-8')
    return Response(200, Headers([('Content-Type', content_type)]), body)


def _refused(resp, action):
    path = harness.ENDPOINT + '?action=' + action
    try:
        harness.check_answer_schema(resp, path)
    except AssertionError as e:
        assert action in str(e), e
        return str(e)
    raise AssertionError('the answer passed its schema: %r' % (resp.json,))


def test_a_real_answer_passes_and_a_changed_one_fails():
    user = new_user()
    resp = as_user(user, 'user_profile')      # checked on the way in
    envelope = resp.json
    assert_ok(resp)
    path = harness.ENDPOINT + '?action=user_profile'
    harness.check_answer_schema(_answer(envelope), path)

    wrong_type = copy.deepcopy(envelope)
    wrong_type['data']['id'] = str(wrong_type['data']['id'])
    assert 'at data/id' in _refused(_answer(wrong_type), 'user_profile')

    missing = copy.deepcopy(envelope)
    del missing['data']['username']
    _refused(_answer(missing), 'user_profile')

    extra = copy.deepcopy(envelope)
    extra['data']['surprise'] = 1
    _refused(_answer(extra), 'user_profile')


def test_error_envelopes_are_held_to_the_error_schema():
    resp = api('user_profile', {'username': 'nobody', 'api_key': 'x'})
    assert_error(resp, msg('InvalidApiKey'))
    _refused(_answer({'error': True, 'message': 'x', 'data': []}), 'user_profile')
    _refused(_answer({'error': True}), 'no_such_action')
    harness.check_answer_schema(_answer({'error': True, 'message': 'Invalid action'}),
                                harness.ENDPOINT + '?action=no_such_action')
    # An unknown action never answers data.
    _refused(_answer({'error': False, 'data': []}), 'no_such_action')


def test_the_schemas_follow_php_types():
    schema = harness.answer_schema('get_users')
    success = next(s for s in schema['anyOf'] if 'data' in s.get('properties', {}))
    user = success['properties']['data']['items']
    integer_column = user['properties']['id']['type']
    assert integer_column == (['integer', 'null'] if PHP_TYPES == '8' else ['string', 'null']), \
        integer_column
    # A number the PHP casts is a number under both.
    profile = harness.answer_schema('user_profile')['anyOf'][0]['properties']['data']
    assert profile['properties']['id'] == {'type': 'integer'}, profile['properties']['id']


def test_raw_answers_and_redirects():
    raw = harness.answer_schema('get_course_quiz_mdl_compat', 'text/html')
    assert raw['type'] == 'array', raw
    _refused(_answer({'error': False, 'data': []}, 'text/html'), 'get_course_quiz_mdl_compat')
    # Its JSON answers are refusals, in the error envelope.
    _refused(_answer({'error': False, 'data': []}), 'get_course_quiz_mdl_compat')
    # A redirect action's JSON answers are refusals only.
    redirect = harness.answer_schema('view_my_courses')
    assert redirect['required'] == ['error', 'message'], redirect


def test_every_request_is_checked():
    """api() applies the check itself: with a schema that refuses every
    answer in place of get_count_new_messages's, the call fails."""
    from jsonschema import Draft202012Validator
    user = new_user()
    key = ('get_count_new_messages', 'application/json', 200)
    harness._validator(*key)
    kept = harness._openapi[key]
    harness._openapi[key] = Draft202012Validator({'not': {}})
    try:
        as_user(user, 'get_count_new_messages')
    except AssertionError as e:
        assert 'get_count_new_messages' in str(e), e
    else:
        raise AssertionError('the answer was not checked')
    finally:
        harness._openapi[key] = kept
    assert_ok(as_user(user, 'get_count_new_messages'))
