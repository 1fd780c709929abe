"""update_session: changes a session (administrators only).

Spec: 40-sessions-campuses.md §4 (checks in order, reset, non-empty columns
only, dates, answer with session_id as sent, event), §10 (extra fields).
"""

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_session, new_user, sql,
                     sql_exec, uniq)

ACTION = 'update_session'


def admin(params, enc='urlencoded'):
    return call(ACTION, 'admin', authenticate('admin', 'admin'), params, encoding=enc)


def row(session_id):
    return sql('SELECT name, id_coach, description, visibility, duration, access_start_date,'
               ' access_end_date, display_start_date, coach_access_end_date'
               ' FROM session WHERE id = %s', session_id)[0]


@both_encodings
def test_updates_the_columns_sent(enc):
    session = new_session()
    coach = new_user(status=1)
    before = row(session.id)
    name = uniq('Renamed ')
    since = last_event_id()
    resp = admin({'session_id': '%d' % session.id, 'name': name, 'id_coach': coach.id,
                  'description': 'New text', 'visibility': '2', 'duration': '0',
                  'access_start_date': '2025-01-01 08:00', 'access_end_date': '2025-06-30 18:00:00',
                  'display_start_date': 'garbage', 'coach_access_end_date': '2025-07-01'}, enc)
    assert_eq(resp.body.strip(), ('{"error":false,"data":{"status":true,"message":'
                                  '"Update successful","id_session":"%d"}}' % session.id).encode(),
              'raw body')
    assert_eq(row(session.id), (name, str(coach.id), 'New text', '2', before[4],
                                '2025-01-01 08:00:00', '2025-06-30 18:00:00', None,
                                '2025-07-01 00:00:00'), 'columns')
    assert_eq([e for e in events_since(since) if e[0] == 'access_ws_update_session'],
              [('access_ws_update_session', 'session_id', str(session.id), '1', '0', '0')],
              'event row')


def test_reset_writes_every_column():
    session = new_session()
    name = uniq('Reset ')
    assert_ok(admin({'session_id': session.id, 'reset': 'false', 'name': name,
                     'send_subscription_notification': '1'}))
    assert_eq(row(session.id), (name, None, None, '0', None, None, None, None, None),
              'columns not sent are NULL, visibility 0')
    # Without a name, the NOT NULL column refuses: nothing changes.
    resp = admin({'session_id': session.id, 'reset': '1'})
    assert resp.json['error'] is True, resp.body
    assert_eq(row(session.id)[0], name, 'unchanged')


def test_checks():
    session = new_session()
    before = row(session.id)
    for sid in ('', '0', '-3', 'abc', '999999999'):
        assert_error(admin({'session_id': sid, 'name': 'x'}), msg('NoData'))
    assert_error(admin({'name': 'x'}), msg('NoData'))
    for bad in ({'access_start_date': '2025-01-01'}, {'access_end_date': '2025-13-01 00:00'},
                {'access_start_date': '2025-02-01 00:00', 'access_end_date': '2025-01-01 00:00'}):
        assert_error(admin(dict(bad, session_id=session.id)), 'Invalid date')
    assert_eq(row(session.id), before, 'unchanged')


def test_a_taken_name_is_refused():
    session, other = new_session(), new_session()
    taken = sql('SELECT name FROM session WHERE id = %s', other.id)[0][0]
    before = row(session.id)
    assert_error(admin({'session_id': session.id, 'name': taken.upper(), 'description': 'x'}),
                 'Session name already exists')
    assert_eq(row(session.id), before, 'unchanged')
    # Its own name (another case) is no conflict.
    own = before[0]
    assert_ok(admin({'session_id': session.id, 'name': own.upper()}))
    assert_eq(row(session.id)[0], own.upper(), 'renamed')


def test_extra_fields_overwrite_the_others():
    session = new_session()
    a, b = uniq('su_a_'), uniq('su_b_')
    for variable in (a, b):
        field = sql_exec('INSERT INTO extra_field (extra_field_type, field_type, variable,'
                         ' display_text) VALUES (3, 1, %s, %s) RETURNING id', variable, variable)[0][0]
        sql_exec("INSERT INTO extra_field_values (field_id, item_id, value) VALUES (%s, %s, 'old')",
                 field, session.id)
    assert_ok(admin({'session_id': session.id, 'extra[extra_%s]' % a: 'new'}))
    got = dict(sql('SELECT f.variable, v.value FROM extra_field_values v JOIN extra_field f'
                   ' ON f.id = v.field_id WHERE v.item_id = %s AND f.variable IN (%s, %s)',
                   session.id, a, b))
    assert_eq(got, {a: 'new', b: ''}, 'sent field written, the other blanked')


@both_encodings
def test_administrators_only_and_bad_input(enc):
    session = new_session()
    alice = new_user()
    assert_error(call(ACTION, alice.username, alice.key(), {'session_id': session.id, 'name': 'x'},
                      encoding=enc), msg('NotAllowed'))
    assert_error(admin({'session_id': [session.id]}, enc), msg('BadParameter', 'session_id'))
    assert_error(admin({'session_id': session.id, 'duration[]': '3'}, enc),
                 msg('BadParameter', 'duration'))


def test_failing_write_leaves_nothing():
    session = new_session()
    before = row(session.id)
    variable = uniq('su_f_')
    sql_exec('INSERT INTO extra_field (extra_field_type, field_type, variable, display_text)'
             ' VALUES (3, 1, %s, %s)', variable, variable)
    with failing_trigger('extra_field_values', 'true', 'BEFORE INSERT OR UPDATE'):
        resp = admin({'session_id': session.id, 'name': uniq('N '), 'extra[extra_x]': 'y'})
        assert resp.json and resp.json['error'] is True, resp.body
    assert_eq(row(session.id), before, 'unchanged')
