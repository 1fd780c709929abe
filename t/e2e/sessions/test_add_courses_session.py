"""add_courses_session: the course list of a session becomes the one sent
(administrators only).

Spec: 40-sessions-campuses.md §7 (courses replaced, subscriptions of
removed courses deleted, learners subscribed to new courses, counters,
events, answers); recordings add_courses_session and
err_bad_type_add_courses_session_scalar (PHP 8 dies: ours is an envelope).
"""

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_course, new_session,
                     new_user, sql)

ACTION = 'add_courses_session'
DONE = {'status': True, 'message': 'Update successful'}
FAILED = {'status': False, 'message': 'An error occurred.'}


def admin(params, enc='urlencoded'):
    return call(ACTION, 'admin', authenticate('admin', 'admin'), params, encoding=enc)


def courses_of(session_id):
    return sql('SELECT c_id, nbr_users, position FROM session_rel_course WHERE session_id = %s'
               ' ORDER BY c_id', session_id)


def course_rows(session_id):
    return sql('SELECT c_id, user_id FROM session_rel_course_rel_user WHERE session_id = %s'
               ' ORDER BY c_id, user_id', session_id)


@both_encodings
def test_replaces_the_course_set(enc):
    kept, dropped, added = new_course(), new_course(), new_course()
    alice = new_user()
    session = new_session(courses=(kept, dropped), users=(alice,))
    since = last_event_id()
    resp = admin({'id_session': session.id, 'list_courses': [str(kept.id), str(added.id), '999999999']},
                 enc)
    assert_eq(resp.body.strip(), b'{"error":false,"data":{"status":true,"message":"Update successful"}}',
              'raw body')
    assert_eq(courses_of(session.id), [(str(kept.id), '1', '0'), (str(added.id), '1', '0')],
              'the course set, counters')
    assert_eq(course_rows(session.id), [(str(kept.id), str(alice.id)), (str(added.id), str(alice.id))],
              'alice follows the new course; the dropped course lost its rows')
    assert_eq(sql('SELECT nbr_courses FROM session WHERE id = %s', session.id), [('2',)],
              'nbr_courses')
    sid = str(session.id)
    events = [e for e in events_since(since) if e[0] != 'access_ws_authenticate'
              and e[1] != 'user_object']
    assert_eq(events, [
        ('session_delete_course', 'course_id', str(dropped.id), '1', str(dropped.id), sid),
        ('session_add_course', 'course_id', str(added.id), '1', str(added.id), sid),
        ('session_add_user_course', 'user_id', str(alice.id), '1', str(added.id), sid),
        ('user_subscribed', 'course_code', added.code, '1', str(added.id), sid),
        ('access_ws_' + ACTION, 'session_id-course_ids',
         '%d:%d,%d,999999999' % (session.id, kept.id, added.id), '1', '0', '0')], 'event rows')
    # The same list again: nothing changes.
    since = last_event_id()
    assert_eq(assert_ok(admin({'id_session': session.id,
                               'list_courses': [str(kept.id), str(added.id)]}, enc)), DONE, 'again')
    assert_eq(len(course_rows(session.id)), 2, 'no second row')
    assert_eq([e[0] for e in events_since(since) if e[0] != 'access_ws_authenticate'],
              ['access_ws_' + ACTION], 'no event but the call\'s')


def test_unknown_session_or_empty_list_is_an_error_answer():
    course = new_course()
    assert_eq(assert_ok(admin({'id_session': 999999999, 'list_courses': [str(course.id)]})), FAILED,
              'unknown session')
    session = new_session(courses=(course,))
    assert_eq(assert_ok(admin({'id_session': session.id})), FAILED, 'no list')
    assert_eq(assert_ok(admin({'id_session': 0, 'list_courses': [str(course.id)]})), FAILED, 'zero')
    assert_eq(courses_of(session.id), [(str(course.id), '0', '0')], 'unchanged')


@both_encodings
def test_administrators_only_and_bad_input(enc):
    course = new_course()
    session = new_session(courses=(course,))
    alice = new_user()
    assert_error(call(ACTION, alice.username, alice.key(),
                      {'id_session': session.id, 'list_courses': [str(new_course().id)]},
                      encoding=enc), msg('NotAllowed'))
    # A scalar list: PHP 7.4 detaches every course, PHP 8 dies; ours refuses.
    assert_error(admin({'id_session': session.id, 'list_courses': str(course.id)}, enc),
                 msg('BadParameter', 'list_courses'))
    assert_eq(courses_of(session.id), [(str(course.id), '0', '0')], 'unchanged')


def test_failing_write_leaves_nothing():
    old, new = new_course(), new_course()
    alice = new_user()
    session = new_session(courses=(old,), users=(alice,))
    with failing_trigger('session_rel_course_rel_user', 'NEW.c_id = %d' % new.id, 'BEFORE INSERT'):
        resp = admin({'id_session': session.id, 'list_courses': [str(new.id)]})
        assert resp.json and resp.json['error'] is True, resp.body
    assert_eq(courses_of(session.id), [(str(old.id), '1', '0')], 'the old course set')
    assert_eq(course_rows(session.id), [(str(old.id), str(alice.id))], 'the old rows')
