"""unsubscribe_users_from_session: removes users from a session and its
courses (administrators only).

Spec: 40-sessions-campuses.md §9 (learner rows, all course rows including
coach rows, counters, events, answer).
"""

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_course, new_session,
                     new_user, sql, sql_exec)

ACTION = 'unsubscribe_users_from_session'
DONE = {'status': True, 'message': 'User is now unsubscribed'}


def admin(params, enc='urlencoded'):
    return call(ACTION, 'admin', authenticate('admin', 'admin'), params, encoding=enc)


def rows(session_id):
    return (sql('SELECT user_id, relation_type FROM session_rel_user WHERE session_id = %s'
                ' ORDER BY user_id, relation_type', session_id),
            sql('SELECT c_id, user_id, status FROM session_rel_course_rel_user'
                ' WHERE session_id = %s ORDER BY c_id, user_id', session_id))


@both_encodings
def test_removes_learner_and_course_rows(enc):
    first, second = new_course(), new_course()
    alice, bob, stays = new_user(), new_user(), new_user()
    session = new_session(courses=(first, second), users=(alice, bob, stays))
    # bob is also a DRH of the session and a coach in the first course.
    sql_exec('INSERT INTO session_rel_user (session_id, user_id, relation_type, registered_at)'
             ' VALUES (%s, %s, 1, LOCALTIMESTAMP)', session.id, bob.id)
    sql_exec('UPDATE session_rel_course_rel_user SET status = 2 WHERE session_id = %s'
             ' AND user_id = %s AND c_id = %s', session.id, bob.id, first.id)
    sql_exec('UPDATE session SET nbr_users = 4 WHERE id = %s', session.id)
    since = last_event_id()
    resp = admin({'id_session': session.id, 'list_users': [str(alice.id), str(bob.id)]}, enc)
    assert_eq(resp.body.strip(),
              b'{"error":false,"data":{"status":true,"message":"User is now unsubscribed"}}',
              'raw body')
    assert_eq(rows(session.id), ([(str(bob.id), '1'), (str(stays.id), '0')],
                                 [(str(first.id), str(stays.id), '0'),
                                  (str(second.id), str(stays.id), '0')]), 'rows left')
    assert_eq(sql('SELECT nbr_users FROM session WHERE id = %s', session.id), [('2',)],
              'session counter')
    assert_eq(sql('SELECT nbr_users FROM session_rel_course WHERE session_id = %s ORDER BY c_id',
                  session.id), [('1',), ('1',)], 'course counters')
    sid = str(session.id)
    assert_eq([e for e in events_since(since) if e[0] != 'access_ws_authenticate'], [
        ('session_delete_user', 'user_id', str(alice.id), '1', '0', sid),
        ('session_delete_user_course', 'user_id', str(alice.id), '1', str(first.id), sid),
        ('session_delete_user_course', 'user_id', str(alice.id), '1', str(second.id), sid),
        ('session_delete_user', 'user_id', str(bob.id), '1', '0', sid),
        ('session_delete_user_course', 'user_id', str(bob.id), '1', str(first.id), sid),
        ('session_delete_user_course', 'user_id', str(bob.id), '1', str(second.id), sid),
        ('access_ws_' + ACTION, 'session_id-users_ids', '%d:%d,%d' % (session.id, alice.id, bob.id),
         '1', '0', '0')], 'event rows')
    # Twice: nothing more goes, no event but the call's.
    since = last_event_id()
    assert_eq(assert_ok(admin({'id_session': session.id, 'list_users': [str(alice.id)]}, enc)),
              DONE, 'again')
    assert_eq([e[0] for e in events_since(since) if e[0] != 'access_ws_authenticate'],
              ['access_ws_' + ACTION], 'no second removal')
    assert_eq(sql('SELECT nbr_users FROM session WHERE id = %s', session.id), [('2',)],
              'counter unchanged')


def test_unknown_session_answers_done():
    assert_eq(assert_ok(admin({'id_session': 999999999, 'list_users': ['1']})), DONE, 'unknown')
    assert_eq(assert_ok(admin({'id_session': 999999999})), DONE, 'no list')


@both_encodings
def test_administrators_only_and_bad_input(enc):
    alice = new_user()
    session = new_session(users=(alice,))
    assert_error(call(ACTION, alice.username, alice.key(),
                      {'id_session': session.id, 'list_users': [str(alice.id)]}, encoding=enc),
                 msg('NotAllowed'))
    assert_error(admin({'id_session': session.id, 'list_users': str(alice.id)}, enc),
                 msg('BadParameter', 'list_users'))
    assert_eq(rows(session.id)[0], [(str(alice.id), '0')], 'still subscribed')


def test_failing_write_leaves_nothing():
    course = new_course()
    alice = new_user()
    session = new_session(courses=(course,), users=(alice,))
    with failing_trigger('session', 'true', 'BEFORE UPDATE'):
        resp = admin({'id_session': session.id, 'list_users': [str(alice.id)]})
        assert resp.json and resp.json['error'] is True, resp.body
    assert_eq(rows(session.id), ([(str(alice.id), '0')], [(str(course.id), str(alice.id), '0')]),
              'nothing removed')
