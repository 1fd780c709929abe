"""subscribe_user_to_session_from_username: one user, by login, into a
session (administrators only).

Spec: 40-sessions-campuses.md §11 (checks in order, read-only course rows,
answer [true], event); README "Decisions on holes" (admin-only).
"""

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_course, new_session,
                     new_user, sql)

ACTION = 'subscribe_user_to_session_from_username'


def admin(params, enc='urlencoded'):
    return call(ACTION, 'admin', authenticate('admin', 'admin'), params, encoding=enc)


@both_encodings
def test_subscribes_by_login(enc):
    course = new_course()
    session = new_session(courses=(course,))
    sql('UPDATE session SET visibility = 3 WHERE id = %s RETURNING id', session.id)
    alice = new_user()
    since = last_event_id()
    resp = admin({'sessionId': session.id, 'loginname': '  %s ' % alice.username.upper()}, enc)
    assert_eq(resp.body.strip(), b'{"error":false,"data":[true]}', 'raw body')
    assert_eq(sql('SELECT user_id, relation_type FROM session_rel_user WHERE session_id = %s',
                  session.id), [(str(alice.id), '0')], 'session_rel_user')
    assert_eq(sql('SELECT user_id, visibility, status FROM session_rel_course_rel_user'
                  ' WHERE session_id = %s', session.id), [(str(alice.id), '1', '0')],
              'read-only course row')
    assert_eq([e for e in events_since(since) if e[0] == 'access_ws_' + ACTION],
              [('access_ws_' + ACTION, 'session_id-username',
                '%d:  %s ' % (session.id, alice.username.upper()), '1', '0', '0')], 'event row')
    # Twice: one row, still [true].
    assert_eq(assert_ok(admin({'sessionId': session.id, 'loginname': alice.username}, enc)), [True],
              'again')
    assert_eq(sql('SELECT count(*) FROM session_rel_user WHERE session_id = %s', session.id),
              [('1',)], 'one row')


@both_encodings
def test_checks_in_order(enc):
    session = new_session()
    alice = new_user()
    assert_error(admin({'loginname': alice.username}, enc), msg('NoData'))
    assert_error(admin({'sessionId': session.id}, enc), msg('NoData'))
    assert_error(admin({'sessionId': session.id, 'loginname': '0'}, enc), msg('NoData'))
    assert_error(admin({'sessionId': 999999999, 'loginname': 'nobody-at-all'}, enc),
                 'Session not found.')
    assert_error(admin({'sessionId': session.id, 'loginname': 'nobody-at-all'}, enc),
                 msg('UserNotFound'))
    assert_error(admin({'sessionId': [session.id], 'loginname': alice.username}, enc),
                 msg('BadParameter', 'sessionId'))


@both_encodings
def test_a_user_cannot_subscribe_themselves(enc):
    session = new_session()
    alice = new_user()
    assert_error(call(ACTION, alice.username, alice.key(),
                      {'sessionId': session.id, 'loginname': alice.username}, encoding=enc),
                 msg('NotAllowed'))
    assert_eq(sql('SELECT count(*) FROM session_rel_user WHERE session_id = %s', session.id),
              [('0',)], 'no row')


def test_failing_write_leaves_nothing():
    course = new_course()
    session = new_session(courses=(course,))
    alice = new_user()
    with failing_trigger('session_rel_user', 'NEW.user_id = %d' % alice.id, 'BEFORE INSERT'):
        resp = admin({'sessionId': session.id, 'loginname': alice.username})
        assert resp.json and resp.json['error'] is True, resp.body
    assert_eq(sql('SELECT count(*) FROM session_rel_course_rel_user WHERE session_id = %s',
                  session.id), [('0',)], 'no course row')
