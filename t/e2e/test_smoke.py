"""Smoke tests: the endpoint answers through nginx, and authentication works.

Spec: 10-request-flow.md §5 (authenticate), §8 (Invalid action), §9.1
(envelope and headers).
"""

import re

from harness import api, assert_error, assert_ok, authenticate, both_encodings, sql


@both_encodings
def test_no_action_is_invalid_action(enc):
    # A form body without `action`: the envelope, with HTTP 200 and the
    # API's two headers (assert_error checks them).
    resp = api(None, {'foo': 'bar'}, encoding=enc)
    assert_error(resp, 'Invalid action')
    assert resp.json == {'error': True, 'message': 'Invalid action'}, resp.json
    # Key order and PHP's compact encoding.
    assert resp.body.strip() == b'{"error":true,"message":"Invalid action"}', resp.body


def test_empty_request_is_invalid_action():
    # No body at all, no query string.
    assert_error(api(None, None, encoding='query', method='GET'), 'Invalid action')


@both_encodings
def test_authenticate_admin(enc):
    resp = api('authenticate', {'username': 'admin', 'password': 'admin'}, encoding=enc)
    data = assert_ok(resp)
    assert isinstance(data, dict), data
    key = data.get('apiKey')
    assert isinstance(key, str) and re.fullmatch(r'[0-9a-f]{32}', key), 'apiKey %r' % (key,)
    # The key returned is a stored MsgREST key (10 §4, 50 §3.2).
    rows = sql("SELECT user_id FROM user_api_key WHERE api_key = %s AND api_service = %s",
               key, 'MsgREST')
    assert len(rows) == 1, 'user_api_key rows for %r: %r' % (key, rows)


def test_authenticate_twice_gives_the_same_key():
    assert authenticate('admin', 'admin') == authenticate('admin', 'admin')


@both_encodings
def test_wrong_password(enc):
    resp = api('authenticate', {'username': 'admin', 'password': 'not-the-password'}, encoding=enc)
    assert_error(resp, 'Invalid user detected.')
