"""update_user_apikey: replaces a user's MsgREST key (the user itself or an
administrator).

Spec: 20-users-messages.md §5.7 (POST user_id, current_api_key; NotAllowed
cases; answer {"api_key": str}), §1.8.3 (regenerate: one row -> new key,
several rows -> unchanged); 10-request-flow.md §6 (self-or-admin gate).
"""

import random
import re

from harness import (api, api_keys_of, as_user, assert_eq, assert_error, assert_ok, authenticate,
                     both_encodings, call, events_since, last_event_id, new_user, ordered, sql,
                     sql_exec)

NOT_ALLOWED = ('You are not allowed to see this page. Either your connection has expired or you '
               'are trying to access a page for which you do not have the sufficient privileges.')
HEX32 = re.compile(r'[0-9a-f]{32}')


def new_key(resp):
    data = assert_ok(resp)
    assert_eq([k for k, _ in ordered(resp)[1][1]], ['api_key'],
              'data keys')
    assert isinstance(data['api_key'], str) and HEX32.fullmatch(data['api_key']), data
    return data['api_key']


@both_encodings
def test_own_key(enc):
    user = new_user(with_key=True)
    old = user.key()
    since = last_event_id()
    key = new_key(call('update_user_apikey', user.username, old,
                       {'user_id': user.id, 'current_api_key': old}, encoding=enc))
    assert key != old, 'the key did not change'
    assert_eq(api_keys_of(user.id), [key], 'stored keys')
    assert_eq(events_since(since),
              [('access_ws_update_user_apikey', 'user_id', str(user.id), str(user.id), '0', '0')],
              'event rows')
    # The old key is dead, the new one works, authenticate hands out the new one.
    assert_error(call('user_profile', user.username, old), 'Invalid API key')
    assert_eq(assert_ok(call('user_profile', user.username, key))['id'], user.id,
              'profile with new key')
    assert_eq(authenticate(user.username, user.password), key, 'key from authenticate')


@both_encodings
def test_admin_for_another_user(enc):
    user = new_user(with_key=True)
    admin_key = authenticate('admin', 'admin')
    admin_keys = api_keys_of(1)
    key = new_key(call('update_user_apikey', 'admin', admin_key,
                       {'user_id': user.id, 'current_api_key': user.key()}, encoding=enc))
    assert_eq(api_keys_of(user.id), [key], 'target keys')
    assert_eq(api_keys_of(1), admin_keys, 'admin keys unchanged')


@both_encodings
def test_other_user_not_allowed(enc):
    user = new_user(with_key=True)
    other = new_user(with_key=True)
    since = last_event_id()
    assert_error(as_user(user, 'update_user_apikey',
                         {'user_id': other.id, 'current_api_key': other.key()}, encoding=enc),
                 NOT_ALLOWED)
    assert_eq(api_keys_of(other.id), [other.key()], 'target keys unchanged')
    assert_eq(events_since(since), [], 'event rows of a refused call')
    # Also for an administrator as target.
    assert_error(as_user(user, 'update_user_apikey',
                         {'user_id': 1, 'current_api_key': authenticate('admin', 'admin')},
                         encoding=enc), NOT_ALLOWED)


@both_encodings
def test_wrong_current_key(enc):
    user = new_user(with_key=True)
    for current in ('f' * 32, user.key().upper(), user.key() + ' ', ' ' + user.key()):
        assert_error(call('update_user_apikey', user.username, user.key(),
                          {'user_id': user.id, 'current_api_key': current}, encoding=enc),
                     NOT_ALLOWED)
    assert_eq(api_keys_of(user.id), [user.key()], 'keys unchanged')


@both_encodings
def test_missing_or_empty_parameters(enc):
    user = new_user(with_key=True)
    for params in ({}, {'user_id': user.id}, {'current_api_key': user.key()},
                   {'user_id': user.id, 'current_api_key': ''},
                   {'user_id': 0, 'current_api_key': user.key()},
                   {'user_id': 'abc', 'current_api_key': user.key()},
                   {'user_id': user.id, 'current_api_key': [user.key()]}):
        assert_error(as_user(user, 'update_user_apikey', params, encoding=enc), NOT_ALLOWED)
    assert_eq(api_keys_of(user.id), [user.key()], 'keys unchanged')


@both_encodings
def test_parameters_in_query_string_are_ignored(enc):
    # Both parameters are $_POST reads.
    user = new_user(with_key=True)
    assert_error(as_user(user, 'update_user_apikey', encoding=enc,
                         query={'user_id': user.id, 'current_api_key': user.key()}), NOT_ALLOWED)
    assert_eq(api_keys_of(user.id), [user.key()], 'keys unchanged')


def test_target_without_key():
    user = new_user()
    admin_key = authenticate('admin', 'admin')
    assert_error(call('update_user_apikey', 'admin', admin_key,
                      {'user_id': user.id, 'current_api_key': 'a' * 32}), NOT_ALLOWED)
    assert_eq(api_keys_of(user.id), [], 'no key created')


def test_unknown_target_user():
    admin_key = authenticate('admin', 'admin')
    assert_error(call('update_user_apikey', 'admin', admin_key,
                      {'user_id': 99999999, 'current_api_key': 'a' * 32}), NOT_ALLOWED)


def test_several_keys_change_nothing():
    user = new_user(with_key=True)
    extra = '%032x' % random.getrandbits(128)
    sql_exec("INSERT INTO user_api_key (user_id, api_key, api_service) VALUES (%s, %s, 'MsgREST')",
             user.id, extra)
    got = new_key(call('update_user_apikey', user.username, user.key(),
                       {'user_id': user.id, 'current_api_key': user.key()}))
    assert_eq(got, user.key(), 'answer: the current (first) key')
    assert_eq(api_keys_of(user.id), [user.key(), extra], 'keys unchanged')
    # The second key does not authenticate (only the first MsgREST row counts).
    assert_error(call('user_profile', user.username, extra), 'Invalid API key')


def test_other_services_are_left_alone():
    user = new_user(with_key=True)
    other = '%032x' % random.getrandbits(128)
    sql_exec("INSERT INTO user_api_key (user_id, api_key, api_service) VALUES (%s, %s, 'dokeos')",
             user.id, other)
    got = new_key(call('update_user_apikey', user.username, user.key(),
                       {'user_id': user.id, 'current_api_key': user.key()}))
    assert got != user.key()
    assert_eq(sql("SELECT api_key FROM user_api_key WHERE user_id = %s AND api_service = 'dokeos'",
                  user.id), [(other,)], 'dokeos key kept')
    # A key of another service never authenticates.
    assert_error(call('user_profile', user.username, other), 'Invalid API key')


@both_encodings
def test_needs_a_valid_key(enc):
    user = new_user(with_key=True)
    assert_error(api('update_user_apikey', {'username': user.username, 'user_id': user.id,
                                            'current_api_key': user.key()}, encoding=enc),
                 'Invalid API key')
    assert_eq(api_keys_of(user.id), [user.key()], 'keys unchanged')



def test_concurrent_renewals_with_one_current_key_succeed_once():
    """Calls racing to replace the same current key: the key is compared
    under the user's row lock, so exactly one succeeds (its new key is the
    stored one) and the others are refused."""
    from harness import assert_one_success, concurrently
    admin_key = authenticate('admin', 'admin')
    for _ in range(3):
        user = new_user(with_key=True)
        user_id, old = user.id, user.key()
        params = {'user_id': user_id, 'current_api_key': old}
        answers = concurrently(8, lambda _: call('update_user_apikey', 'admin', admin_key, params))
        renewed = assert_one_success(answers, NOT_ALLOWED)
        assert_eq(api_keys_of(user_id), [renewed.json['data']['api_key']], 'stored keys')
