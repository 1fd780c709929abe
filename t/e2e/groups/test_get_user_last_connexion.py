"""get_user_last_connexion: the date of a user's newest login row, as
English dateFormatShort, for any valid key.

Spec: 25-groups-audit.md §5.2. The rows are the bookkeeping's, written behind
the answers (bookkeeping_flush_ms): tested with the stack's writing-with-each-
call setting and with the batched default on a pool of its own.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import datetime

from harness import (_admin, api, assert_eq, assert_error, assert_ok, both_encodings, call,
                     events_since, last_event_id, msg, new_user, uniq)
from connexion_common import batching_pool, new_caller, pool_call, user_with_logins, wait_for


def last(login, enc='urlencoded', caller=None, **kw):
    if caller is None:
        return call('get_user_last_connexion', 'admin', _admin(), {'user': login},
                    encoding=enc, **kw)
    return call('get_user_last_connexion', caller.username, caller.key(), {'user': login},
                encoding=enc, **kw)


@both_encodings
def test_newest_login_date(enc):
    user = user_with_logins(('2025-03-05 10:00:00', '2025-03-05 11:00:00'),
                            ('2024-12-31 23:59:59', None),
                            ('2025-03-04 23:00:00', '2025-03-06 01:00:00'))
    resp = last(user.username.upper(), enc)
    data = assert_ok(resp)
    assert_eq(list(data), ['id', 'username', 'last_connexion_date'], 'keys')
    assert_eq(data, {'id': user.id, 'username': user.username,
                     'last_connexion_date': 'Mar 05, 2025'}, 'data')


@both_encodings
def test_no_login_row_is_false(enc):
    user = user_with_logins()
    resp = last(' %s ' % user.username, enc)
    assert_eq(assert_ok(resp), {'id': user.id, 'username': user.username,
                                'last_connexion_date': False}, 'data')


def test_query_string_works_too():
    user = user_with_logins(('2026-01-02 03:04:05', None))
    resp = call('get_user_last_connexion', 'admin', _admin(), query={'user': user.username})
    assert_eq(assert_ok(resp)['last_connexion_date'], 'Jan 02, 2026', 'date')


def test_any_user_with_a_key():
    caller = new_user()
    data = assert_ok(last('admin', caller=caller))
    assert_eq((data['id'], data['username']), (1, 'admin'), 'admin')
    assert isinstance(data['last_connexion_date'], str), data


@both_encodings
def test_empty_unknown_and_array(enc):
    for value in ('', '0', None):
        assert_error(last(value, enc), msg('NoData'))
    assert_error(last(uniq('nobody'), enc), msg('UserNotFound'))
    assert_error(last('   ', enc), msg('UserNotFound'))
    assert_error(call('get_user_last_connexion', 'admin', _admin(), {'user': ['admin']},
                      encoding=enc), msg('BadParameter', 'user'))


@both_encodings
def test_needs_a_key(enc):
    assert_error(api('get_user_last_connexion', {'user': 'admin'}, encoding=enc),
                 msg('InvalidApiKey'))


def test_event_before_the_lookup():
    caller, since = new_caller()
    missing = uniq('nobody')
    assert_error(last(missing, caller=caller), msg('UserNotFound'))
    assert_ok(last('Admin', caller=caller))
    assert_error(last('', caller=caller), msg('NoData'))
    assert_eq(events_since(since), [
        ('access_ws_get_user_last_connexion', 'username', missing, str(caller.id), '0', '0'),
        ('access_ws_get_user_last_connexion', 'username', 'Admin', str(caller.id), '0', '0'),
    ], 'events')


def test_a_new_login_is_seen_within_the_bookkeeping_window():
    """With the batched default, the login row a call opens is written behind
    its answer: another call sees it at most bookkeeping_flush_ms (100 ms)
    later, plus the time to write it."""
    user = user_with_logins(('2020-01-01 00:00:00', '2020-01-01 00:00:00'))
    observer = new_user()
    today = datetime.datetime.now(datetime.timezone.utc).strftime('%b %d, %Y')
    with batching_pool() as pool:
        assert pool_call(pool, 'user_profile', user)['error'] is False
        seen = lambda: pool_call(pool, 'get_user_last_connexion', observer,
                                 {'user': user.username})['data']['last_connexion_date']
        took = wait_for(lambda: seen() == today, 2, 'the new login row')
    assert took < 2, took
