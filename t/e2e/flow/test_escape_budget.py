"""A JSON body whose markup remove_XSS would multiply (each & becomes &amp;)
is refused before it is sanitized, with a JSON 413; an ordinary value with a
few & is stored escaped, as PHP stores it."""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import json

from harness import api, assert_eq, authenticate, call


def test_a_body_of_ampersands_is_refused_with_413():
    key = authenticate('admin', 'admin')
    body = json.dumps({'action': 'user_profile', 'username': 'admin', 'api_key': key,
                       'filler': '&' * (1024 * 1024)})
    resp = api(None, raw_body=body, content_type='application/json')
    assert_eq(resp.status, 413, 'status')
    assert resp.json and resp.json['error'] is True, resp.body[:200]
    assert 'too large' in resp.json['message'], resp.json


def test_a_few_ampersands_are_fine():
    key = authenticate('admin', 'admin')
    body = json.dumps({'action': 'username_exist', 'username': 'admin', 'api_key': key,
                       'loginname': 'Tom & Jerry <3'})
    resp = api(None, raw_body=body, content_type='application/json')
    assert_eq(resp.status, 200, 'status')
    assert_eq(resp.json, {'error': False, 'data': [False]}, 'answer')
