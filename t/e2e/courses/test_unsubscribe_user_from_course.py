"""unsubscribe_user_from_course: removes a user from a course (the user
itself or an administrator), in one transaction.

Spec: 30-courses.md §8.5 (POST course_id / course_code / user_id; [true]
when it runs, [false] when no course is named; course_rel_user rows but a
HR follow-up (relation_type 1); course groups, tutorships, submissions,
forum notifications and mail queue; session: the session course and, when
no other course keeps them, the session; user_unsubscribed events; log
"<course_id>:<user_id>"). Deviation (docs/compat.md): an unknown course
answers [false].
"""

from harness import (assert_eq, assert_error, assert_ok, as_user, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_course, new_session,
                     new_user, sql, sql_exec)
import harness


def rows(query, *args):
    return [list(r) for r in sql(query, *args)]


def admin(params, enc='urlencoded'):
    return call('unsubscribe_user_from_course', 'admin', harness._admin(), params, encoding=enc)


def memberships(course_id, user_id):
    return rows('SELECT relation_type, status FROM course_rel_user WHERE c_id = %s'
                ' AND user_id = %s ORDER BY relation_type', course_id, user_id)


def our_events(since):
    return [list(r[:3]) for r in events_since(since)
            if r[0] in ('user_unsubscribed', 'access_ws_unsubscribe_user_from_course')]


@both_encodings
def test_admin_removes_a_student_and_what_goes_with_them(enc):
    student = new_user()
    course = new_course(students=[student])
    sql_exec("INSERT INTO c_forum_notification (c_id, user_id, thread_id, forum_id, post_id)"
             " VALUES (%s, %s, 1, 0, 0)", course.id, student.id)
    since = last_event_id()
    resp = admin({'course_id': course.id, 'user_id': student.id}, enc)
    assert_eq(resp.body.strip(), b'{"error":false,"data":[true]}', 'raw body')
    assert_eq(memberships(course.id, student.id), [], 'membership gone')
    assert_eq(rows('SELECT count(*) FROM c_forum_notification WHERE c_id = %s AND user_id = %s',
                   course.id, student.id), [['0']], 'notifications gone')
    events = our_events(since)
    assert_eq([e[:2] for e in events],
              [['user_unsubscribed', 'course_code'], ['user_unsubscribed', 'user_object'],
               ['access_ws_unsubscribe_user_from_course', 'course_id-user_id']], 'events')
    assert_eq(events[0][2], course.code, 'course_code value')
    assert_eq(events[2][2], '%d:%d' % (course.id, student.id), 'access_ws value')


def test_twice_and_by_code_and_hr_follow_up_stays():
    student = new_user()
    course = new_course(students=[student])
    sql_exec('INSERT INTO course_rel_user (c_id, user_id, status, relation_type, sort,'
             ' user_course_cat) VALUES (%s, %s, 5, 1, 0, 0)', course.id, student.id)
    assert_eq(assert_ok(admin({'course_code': course.code.lower(), 'user_id': student.id})),
              [True], 'by code')
    assert_eq(memberships(course.id, student.id), [['1', '5']], 'the HR follow-up stays')
    since = last_event_id()
    assert_eq(assert_ok(admin({'course_id': course.id, 'user_id': student.id})), [True], 'again')
    assert_eq([e[0] for e in our_events(since)], ['access_ws_unsubscribe_user_from_course'],
              'nothing removed: no user_unsubscribed event')


def test_no_course_or_unknown_course():
    student = new_user()
    assert_eq(assert_ok(admin({'user_id': student.id})), [False], 'none named')
    assert_eq(assert_ok(admin({'course_id': 99999999, 'user_id': student.id})), [False],
              'unknown')


def test_session_context():
    student = new_user()
    first, second = new_course(), new_course()
    session = new_session(courses=[first, second], users=[student])
    assert_eq(assert_ok(admin({'course_id': first.id, 'user_id': student.id,
                               'session': session.id})), [True], 'first course')
    assert_eq(rows('SELECT c_id FROM session_rel_course_rel_user WHERE session_id = %s'
                   ' AND user_id = %s', session.id, student.id), [[str(second.id)]], 'one left')
    assert_eq(len(rows('SELECT 1 FROM session_rel_user WHERE session_id = %s AND user_id = %s',
                       session.id, student.id)), 1, 'still in the session')
    since = last_event_id()
    assert_eq(assert_ok(admin({'course_id': second.id, 'user_id': student.id,
                               'session': session.id})), [True], 'second course')
    assert_eq(rows('SELECT 1 FROM session_rel_user WHERE session_id = %s AND user_id = %s',
                   session.id, student.id), [], 'left the session')
    assert_eq([[e[0], e[1]] for e in events_since(since) if e[0] == 'user_unsubscribed'],
              [['user_unsubscribed', 'course_code']], 'one event')


def test_self_and_others():
    student, other = new_user(), new_user()
    course = new_course(students=[student, other])
    assert_eq(assert_ok(as_user(student, 'unsubscribe_user_from_course',
                                {'course_id': course.id, 'user_id': student.id})), [True], 'self')
    assert_error(as_user(student, 'unsubscribe_user_from_course',
                         {'course_id': course.id, 'user_id': other.id}), msg('NotAllowed'))
    assert_eq(len(memberships(course.id, other.id)), 1, 'the other stays')


def test_bad_input():
    for name in ('course_id', 'course_code', 'user_id'):
        params = {'course_id': 1, 'user_id': 4}
        params.pop(name, None)
        params[name + '[]'] = 1
        assert_error(admin(params), msg('BadParameter', name))


def test_failing_trigger_leaves_nothing():
    student = new_user()
    course = new_course(students=[student])
    with failing_trigger('track_e_default', "NEW.default_event_type = 'user_unsubscribed'",
                         when='BEFORE INSERT'):
        resp = admin({'course_id': course.id, 'user_id': student.id})
    assert_eq(resp.status, 500, 'status')
    assert_eq(memberships(course.id, student.id), [['0', '5']], 'membership kept')
