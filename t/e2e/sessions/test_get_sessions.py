"""get_sessions: the sessions of a campus (administrators only).

Spec: 40-sessions-campuses.md §2 (inner joins on the general coach and the
courses, id_campus, get_extra_fields); recordings get_sessions and
get_sessions_extra_fields (PHP 8: id a number, dates as stored).
"""

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, last_event_id, msg, new_course, new_session, new_user, php_int,
                     sql_exec, uniq)


def admin(params=None, enc='urlencoded'):
    return call('get_sessions', 'admin', authenticate('admin', 'admin'), params or {},
                encoding=enc)


def coached_session(courses=True):
    coach = new_user(status=1)
    session = new_session(courses=(new_course(),) if courses else ())
    sql_exec("UPDATE session SET id_coach = %s, access_start_date = '2024-01-01 00:00:00',"
             " access_end_date = '2030-12-31 23:59:59' WHERE id = %s", coach.id, session.id)
    return session


def mine(data, *sessions):
    ids = [php_int(s.id) for s in sessions]
    return [item for item in data if item['id'] in ids]


@both_encodings
def test_lists_sessions_with_a_coach_and_a_course(enc):
    listed = coached_session()
    no_course = coached_session(courses=False)
    no_coach = new_session(courses=(new_course(),))
    since = last_event_id()
    data = assert_ok(admin({}, enc))
    name = [i for i in data if i['id'] == php_int(listed.id)][0]['name']
    assert_eq(mine(data, listed, no_course, no_coach),
              [{'id': php_int(listed.id), 'name': name, 'access_start_date': '2024-01-01 00:00:00',
                'access_end_date': '2030-12-31 23:59:59'}], 'only the session with coach and course')
    assert_eq([e for e in events_since(since) if e[0] == 'access_ws_get_sessions'],
              [('access_ws_get_sessions', 'id_campus', '1', '1', '0', '0')], 'event row')


def test_extra_fields():
    session = coached_session()
    variable = uniq('sess_ef_')
    field = int(sql_exec("INSERT INTO extra_field (extra_field_type, field_type, variable, display_text,"
                         " filter) VALUES (3, 1, %s, 'Shown', 1) RETURNING id", variable)[0][0])
    hidden = int(sql_exec("INSERT INTO extra_field (extra_field_type, field_type, variable,"
                          " display_text, filter) VALUES (3, 1, %s, 'Hidden', 0) RETURNING id",
                          variable + 'h')[0][0])
    for f, value in ((field, 'red'), (hidden, 'blue')):
        sql_exec('INSERT INTO extra_field_values (field_id, item_id, value) VALUES (%s, %s, %s)',
                 f, session.id, value)
    plain = coached_session()
    data = assert_ok(admin({'get_extra_fields': '1'}))
    got = {item['id']: item for item in mine(data, session, plain)}
    assert_eq(got[php_int(session.id)]['extra_fields'],
              [{'value': 'red', 'variable': variable, 'field_type': php_int(1),
                'id': php_int(field), 'display_text': 'Shown'}], 'filter = 1 fields only')
    assert_eq(got[php_int(plain.id)]['extra_fields'], [], 'none')
    for off in ('false', '0', ''):
        data = assert_ok(admin({'get_extra_fields': off}))
        assert 'extra_fields' not in mine(data, session)[0], off


def test_id_campus():
    session = coached_session()
    assert mine(assert_ok(admin({'id_campus': '1'})), session), 'campus 1'
    assert mine(assert_ok(admin({'id_campus': 'abc'})), session), '"abc" is the current campus'
    assert_eq(assert_ok(admin({'id_campus': '999999'})), [], 'an unknown campus')


@both_encodings
def test_administrators_only_and_bad_input(enc):
    alice = new_user()
    assert_error(call('get_sessions', alice.username, alice.key(), {}, encoding=enc),
                 msg('NotAllowed'))
    assert_error(admin({'id_campus': ['1']}, enc), msg('BadParameter', 'id_campus'))
