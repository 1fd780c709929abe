"""get_user_total_connexion_time: the time a user spent on the platform,
ever, as HH:MM:SS, for any valid key.

Spec: 25-groups-audit.md §5.3. The rows are the bookkeeping's, written behind
the answers (bookkeeping_flush_ms): tested with the stack's writing-with-each-
call setting and with the batched default on a pool of its own.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (CAMPUS_URL, Pool, _admin, api, assert_eq, assert_error, assert_ok,
                     both_encodings, call, events_since, fcgi_form, last_event_id, msg,
                     new_campus, drop_campus, new_user, sql_exec, uniq)
from connexion_common import batching_pool, new_caller, pool_call, user_with_logins, wait_for
import json


def total(login, enc='urlencoded', caller=None):
    if caller is None:
        return call('get_user_total_connexion_time', 'admin', _admin(), {'user': login},
                    encoding=enc)
    return call('get_user_total_connexion_time', caller.username, caller.key(), {'user': login},
                encoding=enc)


@both_encodings
def test_sum_of_the_login_rows(enc):
    user = user_with_logins(('2025-03-05 10:00:00', '2025-03-05 11:02:05'),   # 3725 s
                            ('2025-03-06 10:00:00', None),                    # counts nothing
                            ('2025-03-07 10:00:00', '2025-03-07 10:00:30'))   # 30 s
    data = assert_ok(total(user.username.upper(), enc))
    assert_eq(list(data), ['id', 'username', 'total_connexion_time'], 'keys')
    assert_eq(data, {'id': user.id, 'username': user.username,
                     'total_connexion_time': '01:02:35'}, 'data')


def test_formatting():
    for rows, expected in (((), '00:00:00'),
                           ((('2025-01-01 00:00:00', None),), '00:00:00'),
                           ((('2025-01-01 00:00:00', '2025-01-05 04:00:00'),), '100:00:00'),
                           ((('2025-01-01 00:00:00', '2025-01-01 00:00:59'),), '00:00:59')):
        user = user_with_logins(*rows)
        assert_eq(assert_ok(total(user.username))['total_connexion_time'], expected, repr(rows))


def test_negative_total_is_the_wrong_data_marker():
    user = user_with_logins(('2025-01-01 10:00:00', '2025-01-01 09:00:00'))
    resp = total(user.username)
    text = ("The datas about this user were registered when the calculation of time spent on"
            " the platform wasn&#039;t possible.")
    expected = ('Unknown<img align="absmiddle" hspace="3px" src="%s/main/img/info2.gif"'
                ' alt="%s" title="%s"  />' % (CAMPUS_URL, text, text))
    assert_eq(assert_ok(resp)['total_connexion_time'], expected, 'marker')
    assert b'src=\\"http:\\/\\/' in resp.body, resp.body


@both_encodings
def test_empty_unknown_and_array(enc):
    for value in ('', '0', None):
        assert_error(total(value, enc), msg('NoData'))
    assert_error(total(uniq('nobody'), enc), msg('UserNotFound'))
    assert_error(call('get_user_total_connexion_time', 'admin', _admin(), {'user': ['admin']},
                      encoding=enc), msg('BadParameter', 'user'))


@both_encodings
def test_any_key_but_a_key(enc):
    caller = new_user()
    user = user_with_logins(('2025-03-05 10:00:00', '2025-03-05 10:00:10'))
    assert_eq(assert_ok(total(user.username, enc, caller=caller))['total_connexion_time'],
              '00:00:10', 'time')
    assert_error(api('get_user_total_connexion_time', {'user': 'admin'}, encoding=enc),
                 msg('InvalidApiKey'))


def test_event_before_the_lookup():
    caller, since = new_caller()
    missing = uniq('nobody')
    assert_error(total(missing, caller=caller), msg('UserNotFound'))
    assert_eq(events_since(since), [
        ('access_ws_get_user_total_connexion_time', 'username', missing, str(caller.id), '0', '0'),
    ], 'events')


def test_multi_url_counts_only_members_of_the_campus():
    user = user_with_logins(('2025-03-05 10:00:00', '2025-03-05 10:00:10'))
    url = 'http://groups-%s.example/' % uniq('c')
    campus = new_campus(url)
    try:
        with Pool({'multiple_access_urls': 'on'}) as pool:
            def ask():
                env, body = fcgi_form({'action': 'get_user_total_connexion_time',
                                       'username': 'admin', 'api_key': _admin(),
                                       'user': user.username}, HTTP_HOST=url[7:-1])
                status, _, answer = pool.request(env, body)
                assert status == 200, answer
                return json.loads(answer)['data']['total_connexion_time']
            assert_eq(ask(), '00:00:00', 'not a member of the campus')
            sql_exec('INSERT INTO access_url_rel_user (access_url_id, user_id) VALUES (%s, %s)',
                     campus, user.id)
            assert_eq(ask(), '00:00:10', 'a member')
    finally:
        drop_campus(campus)


def test_a_visit_is_counted_within_the_bookkeeping_window():
    """With the batched default, a call extends its login row behind its
    answer: another call sees the longer total at most bookkeeping_flush_ms
    (100 ms) later, plus the time to write it."""
    user = user_with_logins(('2020-01-01 00:00:00', None))
    sql_exec("UPDATE track_e_login SET login_date = date_trunc('second', LOCALTIMESTAMP)"
             " - interval '1 hour', logout_date = date_trunc('second', LOCALTIMESTAMP)"
             " - interval '10 minutes' WHERE login_user_id = %s", user.id)
    observer = new_user()
    with batching_pool() as pool:
        seen = lambda: pool_call(pool, 'get_user_total_connexion_time', observer,
                                 {'user': user.username})['data']['total_connexion_time']
        assert_eq(seen(), '00:50:00', 'before the visit')
        assert pool_call(pool, 'user_profile', user)['error'] is False
        wait_for(lambda: seen() >= '00:59:59', 2, 'the extended login row')
