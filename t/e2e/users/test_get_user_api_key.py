"""get_user_api_key: one user's MsgREST key, for administrators when the
admin-only API is enabled.

Spec: 20-users-messages.md §5.11 (query-bag `user`, trimmed; empty -> No
data available; unknown -> User not found.; `force` creates a key; answer
{"id": int, "username", "api_key": str|null}); §1.4 and 10-request-flow.md
§6 (gate AK: webservice_enable_adminonly_api and an admin row); §3.2, §3.5
(query bag: GET or `hash`, never the POST body). The stack runs with the
setting off (Chamilo's default); the tests that need it on use a second
pool (adminonly.py).
"""

import json
import re

from adminonly import admin_pool, ordered, pool_call
from harness import (api, api_keys_of, assert_eq, assert_error, assert_ok, authenticate,
                     both_encodings, call, encodings, events_since, last_event_id, msg, new_user)

HEX32 = re.compile(r'[0-9a-f]{32}')


@encodings('urlencoded', 'multipart', 'query')
def test_key_of_a_user(enc):
    admin = authenticate('admin', 'admin')
    user = new_user()
    key = user.key()
    with admin_pool() as pool:
        since = last_event_id()
        resp = pool_call(pool, 'get_user_api_key', 'admin', admin, query={'user': user.username},
                         encoding=enc)
        assert_eq(assert_ok(resp), {'id': user.id, 'username': user.username, 'api_key': key},
                  'answer')
        assert_eq([k for k, _ in ordered(resp)], ['id', 'username', 'api_key'], 'key order')
        assert_eq(events_since(since),
                  [('access_ws_get_user_api_key', 'username', user.username, '1', '0', '0')],
                  'event rows')
        # Trimmed and case-insensitive, as MySQL compares.
        resp = pool_call(pool, 'get_user_api_key', 'admin', admin,
                         query={'user': '  %s ' % user.username.upper()}, encoding=enc)
        assert_eq(assert_ok(resp)['username'], user.username, 'stored spelling')
        assert_eq(events_since(since)[-1][:3],
                  ('access_ws_get_user_api_key', 'username', '  %s ' % user.username.upper()),
                  'logged as sent')


def test_without_key_and_force():
    admin = authenticate('admin', 'admin')
    user = new_user()
    with admin_pool() as pool:
        for force in (None, '0', 'no', 'off', 'false', 'nonsense'):
            data = assert_ok(pool_call(pool, 'get_user_api_key', 'admin', admin,
                                       query={'user': user.username, 'force': force}))
            assert_eq(data, {'id': user.id, 'username': user.username, 'api_key': None},
                      'no key, force=%r' % (force,))
        assert_eq(api_keys_of(user.id), [], 'nothing created')
        data = assert_ok(pool_call(pool, 'get_user_api_key', 'admin', admin,
                                   query={'user': user.username, 'force': ' Yes '}))
        assert HEX32.fullmatch(data['api_key']), data
        assert_eq(api_keys_of(user.id), [data['api_key']], 'created key stored')
        # A second forced call keeps it.
        again = assert_ok(pool_call(pool, 'get_user_api_key', 'admin', admin,
                                    query={'user': user.username, 'force': 'true'}))
        assert_eq(again['api_key'], data['api_key'], 'same key')
    # The created key authenticates its owner.
    assert_ok(call('user_profile', user.username, data['api_key']))


def test_hash_and_post_body():
    admin = authenticate('admin', 'admin')
    user = new_user()
    key = user.key()
    with admin_pool() as pool:
        resp = pool_call(pool, 'get_user_api_key', 'admin', admin,
                         query={'hash': json.dumps({'user': user.username})})
        assert_eq(assert_ok(resp)['api_key'], key, 'user from hash')
        # The POST body is not the query bag.
        assert_error(pool_call(pool, 'get_user_api_key', 'admin', admin,
                               {'user': user.username}), msg('NoData'))


@both_encodings
def test_empty_unknown_and_bad_user(enc):
    admin = authenticate('admin', 'admin')
    with admin_pool() as pool:
        for value in (None, '', '0'):
            assert_error(pool_call(pool, 'get_user_api_key', 'admin', admin,
                                   query={'user': value}, encoding=enc), msg('NoData'))
        for value in ('nosuchuser', '   ', 'x' * 300):
            assert_error(pool_call(pool, 'get_user_api_key', 'admin', admin,
                                   query={'user': value}, encoding=enc), msg('UserNotFound'))
        assert_error(pool_call(pool, 'get_user_api_key', 'admin', admin,
                               query={'user': ['admin']}, encoding=enc),
                     msg('BadParameter', 'user'))


@both_encodings
def test_not_allowed(enc):
    admin = authenticate('admin', 'admin')
    user = new_user(status=1)
    # The stack's configuration: the admin-only API is off.
    since = last_event_id()
    assert_error(call('get_user_api_key', 'admin', admin, encoding=enc,
                      query={'user': 'student1'}), msg('NotAllowed'))
    with admin_pool() as pool:
        # On, but the caller is no platform admin (a teacher).
        assert_error(pool_call(pool, 'get_user_api_key', user.username, user.key(),
                               query={'user': 'admin', 'force': '1'}, encoding=enc),
                     msg('NotAllowed'))
        assert_error(pool_call(pool, 'get_user_api_key', 'admin', 'f' * 32,
                               query={'user': 'admin'}, encoding=enc), msg('InvalidApiKey'))
    assert_eq([e for e in events_since(since) if e[0] == 'access_ws_get_user_api_key'], [],
              'no event row')
    assert_error(api('get_user_api_key', {'username': 'admin'}, encoding=enc,
                     query={'user': 'admin'}), msg('InvalidApiKey'))
