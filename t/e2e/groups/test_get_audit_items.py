"""get_audit_items: the event log by event type, for administrators.

Spec: 25-groups-audit.md §4 (corrected: rows of the same second in ascending
id). The rows of read calls are written behind the answers
(bookkeeping_flush_ms): tested with the stack's writing-with-each-call
setting and with the batched default on a pool of its own.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (_admin, api, as_user, assert_eq, assert_error, assert_ok, both_encodings,
                     call, events_since, last_event_id, msg, new_user, php_int, sql_exec, uniq)
from connexion_common import batching_pool, pool_call, wait_for

KEYS = ['user_id', 'c_id', 'date', 'event_type', 'value_type', 'value', 'session_id']


def items(params, enc='urlencoded'):
    return call('get_audit_items', 'admin', _admin(), params, encoding=enc)


def log(event_type, rows):
    """Event rows of a type of the test's own: (user, c_id, date, value,
    session_id) each; returns their ids in insertion order."""
    return [int(sql_exec('INSERT INTO track_e_default (default_user_id, c_id, default_date,'
                         ' default_event_type, default_value_type, default_value, session_id)'
                         ' VALUES (%s, %s, %s, %s, \'vt\', %s, %s) RETURNING default_id',
                         user, c_id, date, event_type, value, session)[0][0])
            for user, c_id, date, value, session in rows]


def values(data):
    return [item['value'] for item in data]


@both_encodings
def test_demo_rows_newest_first(enc):
    resp = items({'event_type': 'user_created', 'user_id': 1, 'before_date': '2026-01-02 23:59:59'},
                 enc)
    data = assert_ok(resp)
    assert_eq(data, [
        {'user_id': php_int(1), 'c_id': php_int(0), 'date': '2026-01-02 09:05:00',
         'event_type': 'user_created', 'value_type': 'user_id', 'value': '5',
         'session_id': php_int(0)},
        {'user_id': php_int(1), 'c_id': php_int(0), 'date': '2026-01-02 09:00:00',
         'event_type': 'user_created', 'value_type': 'user_id', 'value': '4',
         'session_id': php_int(0)}], 'data')
    assert_eq(list(data[0]), KEYS, 'key order')


def test_same_second_in_ascending_id_and_nulls_last():
    kind = uniq('e2e_audit_')
    log(kind, [(1, 0, '2025-03-05 10:00:00', 'a', 0), (1, 0, '2025-03-05 10:00:01', 'b', 0),
               (1, 0, '2025-03-05 10:00:00', 'c', 0), (1, None, None, 'd', None),
               (1, 0, '2025-03-05 10:00:00', 'e\\"x\'', 0)])
    data = assert_ok(items({'event_type': kind}))
    assert_eq(values(data), ['b', 'a', 'c', 'e\\"x\'', 'd'], 'order')
    assert_eq((data[-1]['c_id'], data[-1]['date'], data[-1]['session_id']), (None, None, None),
              'NULLs')


def test_event_type_compared_as_mysql_does():
    kind = uniq('e2e_Audit_')
    log(kind, [(1, 0, '2025-03-05 10:00:00', 'a', 0)])
    assert_eq(values(assert_ok(items({'event_type': kind.upper() + '  '}))), ['a'], 'case, spaces')
    assert_eq(assert_ok(items({'event_type': kind[:-2] + '%'})), [], 'no wildcard')
    assert_eq(assert_ok(items({'event_type': ' ' + kind})), [], 'leading space counts')


def test_filters():
    kind = uniq('e2e_audit_')
    log(kind, [(7, 3, '2025-03-01 00:00:00', 'u7c3', 0), (8, 3, '2025-03-02 12:00:00', 'u8c3s2', 2),
               (7, 4, '2025-03-03 00:00:00', 'u7c4', 2),
               (7, None, '2025-03-04 00:00:00', 'null', None)])
    q = lambda **p: values(assert_ok(items(dict(p, event_type=kind))))
    assert_eq(q(), ['null', 'u7c4', 'u8c3s2', 'u7c3'], 'all')
    assert_eq(q(c_id=3), ['u8c3s2', 'u7c3'], 'c_id')
    assert_eq(q(c_id='abc'), [], 'c_id abc is 0')
    assert_eq(q(c_id=0, session_id=''), q(), 'falsy: no filter')
    assert_eq(q(session_id=2), ['u7c4', 'u8c3s2'], 'session_id')
    assert_eq(q(user_id=7), ['null', 'u7c4', 'u7c3'], 'user_id')
    assert_eq(q(after_date='2025-03-02'), ['null', 'u7c4', 'u8c3s2'], 'after a day')
    assert_eq(q(before_date='2025-03-02'), ['u7c3'], 'before a day is its midnight')
    assert_eq(q(after_date='2025-03-02 12:00', before_date='2025-03-03 00:00:00'),
              ['u7c4', 'u8c3s2'], 'both bounds, inclusive')
    assert_eq(q(after_date=''), q(), 'empty after: every dated row')
    assert_eq(q(before_date=''), [], 'empty before: none')
    assert_eq(q(offset=1, limit=2), ['u7c4', 'u8c3s2'], 'page')
    assert_eq(q(limit=0), q(), 'limit 0 is 100')
    assert_eq(q(limit='abc'), [], 'limit abc is 0')
    assert_eq(q(offset='abc'), q(), 'offset abc is 0')


def test_default_limit_is_100():
    kind = uniq('e2e_audit_')
    sql_exec("INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
             " default_value_type, default_value, session_id)"
             " SELECT 1, 0, '2025-01-01'::timestamp + g * interval '1 second', %s, 'vt', g::text, 0"
             " FROM generate_series(1, 105) g", kind)
    data = assert_ok(items({'event_type': kind}))
    assert_eq((len(data), data[0]['value'], data[-1]['value']), (100, '105', '6'), 'first page')
    assert_eq(len(assert_ok(items({'event_type': kind, 'limit': 1000}))), 105, 'all')


@both_encodings
def test_bad_input(enc):
    for value in (None, '', '0'):
        params = {} if value is None else {'event_type': value}
        assert_error(items(params, enc), msg('EventTypeRequired'))
    assert_error(items({'event_type': ['x']}, enc), msg('BadParameter', 'event_type'))
    assert_error(items({'event_type': 'x', 'offset': -1}, enc), msg('BadParameter', 'offset'))
    assert_error(items({'event_type': 'x', 'limit': -5}, enc), msg('BadParameter', 'limit'))
    assert_error(items({'event_type': 'x', 'after_date': 'yesterday'}, enc),
                 msg('BadParameter', 'after_date'))
    assert_error(items({'event_type': 'x', 'user_id': ['1']}, enc),
                 msg('BadParameter', 'user_id'))


@both_encodings
def test_administrators_only(enc):
    assert_error(as_user(new_user(), 'get_audit_items', {'event_type': 'user_created'},
                         encoding=enc), msg('NotAllowed'))
    assert_error(api('get_audit_items', {'event_type': 'user_created'}, encoding=enc),
                 msg('InvalidApiKey'))


def test_event_after_and_not_in_its_own_answer():
    _admin()
    since = last_event_id()
    own = {'event_type': 'access_ws_get_audit_items', 'after_date': '2999-01-01'}
    assert_eq(assert_ok(items(own)),
              [], 'own row absent')
    assert_eq(events_since(since),
              [('access_ws_get_audit_items', 'success', 'true', '1', '0', '0')],
              'events')
    newest = assert_ok(items({'event_type': 'access_ws_get_audit_items', 'limit': 1}))[0]
    assert_eq((newest['value_type'], newest['value'], newest['user_id']),
              ('success', 'true', php_int(1)), 'the previous call, newest first')


def test_a_read_call_is_seen_within_the_bookkeeping_window():
    """With the batched default, a read call's access_ws_ row is written
    behind its answer: the audit log shows it at most bookkeeping_flush_ms
    (100 ms) later, plus the time to write the batch."""
    user = new_user()
    admin = type('Admin', (), {'username': 'admin', 'key': staticmethod(_admin)})
    with batching_pool() as pool:
        assert pool_call(pool, 'user_profile', user)['error'] is False
        query = {'event_type': 'access_ws_user_profile', 'user_id': user.id}
        seen = lambda: pool_call(pool, 'get_audit_items', admin, query)['data']
        wait_for(lambda: len(seen()) == 1, 2, "the call's event row")
        assert_eq(seen()[0]['value'], user.username, 'value')
