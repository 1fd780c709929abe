"""get_users_subscribed_to_session: the members of a session
(administrators only).

Spec: 40-sessions-campuses.md §12 (rows of any relation type, campus rule,
order, move_info columns, event before the work).
Deviations (docs/compat.md): missing parameters answer an envelope instead
of PHP's TypeError.
"""

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, last_event_id, msg, new_session, new_user, php_int, sql_exec)


def admin(params, enc='urlencoded'):
    return call('get_users_subscribed_to_session', 'admin', authenticate('admin', 'admin'),
                params, encoding=enc)


def member(user, status=0, first=None, last=None):
    return {'user_id': php_int(user.id), 'username': user.username,
            'firstname': first or 'F' + user.username, 'lastname': last or 'L' + user.username,
            'status': php_int(status)}


@both_encodings
def test_members_in_order(enc):
    zed, amy, drh = new_user(firstname='Zed'), new_user(firstname='Amy'), new_user(firstname='Bob')
    session = new_session(users=(zed, amy))
    sql_exec('INSERT INTO session_rel_user (session_id, user_id, relation_type, registered_at)'
             ' VALUES (%s, %s, 1, LOCALTIMESTAMP)', session.id, drh.id)
    since = last_event_id()
    data = assert_ok(admin({'id_session': session.id, 'move_info': 0}, enc))
    assert_eq(data, [member(amy, 0, 'Amy'), member(zed, 0, 'Zed'), member(drh, 1, 'Bob')],
              'students by name, then the DRH')
    assert_eq([e for e in events_since(since) if e[0].endswith('to_session')],
              [('access_ws_get_users_subscribed_to_session', 'session_id', str(session.id), '1',
                '0', '0')], 'event row')


def test_move_info():
    alice = new_user()
    session = new_session(users=(alice,))
    sql_exec("UPDATE session_rel_user SET moved_to = 7, moved_status = 2,"
             " moved_at = '2024-02-03 04:05:06' WHERE session_id = %s", session.id)
    data = assert_ok(admin({'id_session': session.id, 'move_info': 1}))
    assert_eq(data, [dict(member(alice), moved_to=php_int(7), moved_status=php_int(2),
                          moved_at='2024-02-03 04:05:06')], 'moved columns')


def test_other_campus_members_are_left_out():
    here, elsewhere, nowhere = new_user(), new_user(), new_user()
    session = new_session(users=(here, elsewhere, nowhere))
    sql_exec('UPDATE access_url_rel_user SET access_url_id = 999999 WHERE user_id = %s', elsewhere.id)
    sql_exec('DELETE FROM access_url_rel_user WHERE user_id = %s', nowhere.id)
    got = [m['username'] for m in assert_ok(admin({'id_session': session.id, 'move_info': 0}))]
    assert_eq(sorted(got), sorted([here.username, nowhere.username]), 'members of this campus')


def test_unknown_session_is_empty():
    assert_eq(assert_ok(admin({'id_session': 999999999, 'move_info': 0})), [], 'unknown')


@both_encodings
def test_administrators_only_and_bad_input(enc):
    alice = new_user()
    session = new_session(users=(alice,))
    assert_error(call('get_users_subscribed_to_session', alice.username, alice.key(),
                      {'id_session': session.id, 'move_info': 0}, encoding=enc), msg('NotAllowed'))
    assert_error(admin({'move_info': 0}, enc), msg('BadParameter', 'id_session'))
    assert_error(admin({'id_session': session.id}, enc), msg('BadParameter', 'move_info'))
    assert_error(admin({'id_session': [session.id], 'move_info': 0}, enc),
                 msg('BadParameter', 'id_session'))
