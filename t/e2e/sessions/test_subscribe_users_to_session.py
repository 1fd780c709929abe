"""subscribe_users_to_session: the same handler as add_users_session
(40-sessions-campuses.md §8), its event named after the action called.
test_add_users_session.py runs every case under both names; here, the
answer and rows of one call, and the gate.
"""

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, last_event_id, msg, new_course, new_session, new_user, sql)


@both_encodings
def test_subscribes_and_logs_under_its_own_name(enc):
    course = new_course()
    session = new_session(courses=(course,))
    alice = new_user()
    since = last_event_id()
    resp = call('subscribe_users_to_session', 'admin', authenticate('admin', 'admin'),
                {'id_session': session.id, 'list_users': [str(alice.id)]}, encoding=enc)
    assert_eq(resp.body.strip(), b'{"error":false,"data":{"status":true,"message":"Users added"}}',
              'raw body')
    assert_eq(sql('SELECT user_id, relation_type FROM session_rel_user WHERE session_id = %s',
                  session.id), [(str(alice.id), '0')], 'session_rel_user')
    assert_eq(sql('SELECT c_id, user_id, status FROM session_rel_course_rel_user'
                  ' WHERE session_id = %s', session.id), [(str(course.id), str(alice.id), '0')],
              'session_rel_course_rel_user')
    logged = [e for e in events_since(since) if e[0].startswith('access_ws_')
              and e[0] != 'access_ws_authenticate']
    assert_eq(logged, [('access_ws_subscribe_users_to_session', 'session_id-users_ids',
                        '%d:%d' % (session.id, alice.id), '1', '0', '0')], 'event row')


@both_encodings
def test_a_learner_cannot_enrol_themselves(enc):
    session = new_session()
    alice = new_user()
    resp = call('subscribe_users_to_session', alice.username, alice.key(),
                {'id_session': session.id, 'list_users': [str(alice.id)]}, encoding=enc)
    assert_error(resp, msg('NotAllowed'))
    assert_eq(sql('SELECT count(*) FROM session_rel_user WHERE session_id = %s', session.id),
              [('0',)], 'no row')
