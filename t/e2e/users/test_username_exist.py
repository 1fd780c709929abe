"""username_exist: [true] / [false] for a login name, any authenticated user.

Spec: 20-users-messages.md §5.2 (POST loginname, trimmed, case-insensitive),
§7 (UsernameExistTest); 10-request-flow.md §3.2 (hash values do not reach
$_POST).
"""

import json

from harness import (api, assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, last_event_id, uniq)


def exists(resp, expected):
    data = assert_ok(resp)
    assert_eq(data, [expected], 'data')
    body = b'{"error":false,"data":[%s]}' % (b'true' if expected else b'false')
    assert_eq(resp.body.strip(), body, 'raw body')


@both_encodings
def test_existing_and_missing(enc):
    key = authenticate('admin', 'admin')
    exists(call('username_exist', 'admin', key, {'loginname': 'student1'}, encoding=enc), True)
    exists(call('username_exist', 'admin', key, {'loginname': uniq('nobody')}, encoding=enc), False)


@both_encodings
def test_case_insensitive_and_trimmed(enc):
    key = authenticate('admin', 'admin')
    exists(call('username_exist', 'admin', key, {'loginname': 'STUDENT1'}, encoding=enc), True)
    exists(call('username_exist', 'admin', key, {'loginname': ' \tStudent1 \n'}, encoding=enc),
           True)
    # Inner characters are not trimmed.
    exists(call('username_exist', 'admin', key, {'loginname': 'stud ent1'}, encoding=enc), False)


@both_encodings
def test_missing_empty_blank_array(enc):
    key = authenticate('admin', 'admin')
    exists(call('username_exist', 'admin', key, encoding=enc), False)
    exists(call('username_exist', 'admin', key, {'loginname': ''}, encoding=enc), False)
    exists(call('username_exist', 'admin', key, {'loginname': '   '}, encoding=enc), False)
    exists(call('username_exist', 'admin', key, {'loginname': ['admin']}, encoding=enc), False)


@both_encodings
def test_any_user_may_ask(enc):
    key = authenticate('student2', 'student2')
    exists(call('username_exist', 'student2', key, {'loginname': 'teacher'}, encoding=enc), True)


def test_after_creating_the_user():
    # The PHP UsernameExistTest: [false], create, [true].
    key = authenticate('admin', 'admin')
    login = uniq('e2eexist')
    exists(call('username_exist', 'admin', key, {'loginname': login}), False)
    assert_ok(call('save_user', 'admin', key, {'loginname': login, 'password': login,
                                                'email': login + '@example.org', 'status': 5}))
    exists(call('username_exist', 'admin', key, {'loginname': login}), True)
    exists(call('username_exist', 'admin', key, {'loginname': login.upper()}), True)


@both_encodings
def test_loginname_in_query_string_is_ignored(enc):
    key = authenticate('admin', 'admin')
    exists(call('username_exist', 'admin', key, encoding=enc, query={'loginname': 'admin'}), False)


def test_loginname_in_hash_is_ignored():
    key = authenticate('admin', 'admin')
    h = json.dumps({'action': 'username_exist', 'username': 'admin', 'api_key': key,
                    'loginname': 'admin'})
    exists(api(None, None, encoding='query', query={'hash': h}), False)
    # With a real POST loginname the same hash works.
    exists(api(None, {'loginname': 'admin'}, query={'hash': h}), True)


def test_put_body_is_not_post():
    # PUT urlencoded: action/username/api_key come from the request bag, but
    # loginname is a $_POST read.
    key = authenticate('admin', 'admin')
    exists(call('username_exist', 'admin', key, {'loginname': 'admin'}, method='PUT'), False)


def test_event_row():
    key = authenticate('student1', 'student1')
    since = last_event_id()
    exists(call('username_exist', 'student1', key, {'loginname': 'teacher'}), True)
    rows = events_since(since)
    assert_eq(rows, [('access_ws_username_exist', 'username', 'teacher', '4', '0', '0')],
              'event rows')


@both_encodings
def test_needs_a_valid_key(enc):
    assert_error(api('username_exist', {'username': 'admin', 'loginname': 'admin'}, encoding=enc),
                 'Invalid API key')
    assert_error(call('username_exist', 'admin', '0' * 32, {'loginname': 'admin'}, encoding=enc),
                 'Invalid API key')
