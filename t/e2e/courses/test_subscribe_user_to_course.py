"""subscribe_user_to_course: enrols a user into a course (the user itself or
an administrator), in one transaction.

Spec: 30-courses.md §8.3 (POST course_id / course_code / user_id / status,
[true] / [false], course_rel_user row, two user_subscribed events, the
access_ws event "<course_id>:<user_id>"), 25-groups-audit.md §2.2 (event
values stored with MySQL escaping); 10-request-flow.md §6 (self-or-admin
gate). Deviation (docs/compat.md): a non-administrator may enrol only
themselves, as a student, into a course open to self-registration.
"""

import harness
from harness import (assert_eq, assert_error, assert_ok, as_user, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_course, new_session,
                     new_user, sql, sql_exec)


def rows(query, *args):
    return [list(r) for r in sql(query, *args)]


def admin(params, enc='urlencoded', **kw):
    return call('subscribe_user_to_course', 'admin', harness._admin(), params, encoding=enc, **kw)


def members(course_id, user_id):
    return rows('SELECT status, relation_type, user_course_cat FROM course_rel_user'
               ' WHERE c_id = %s AND user_id = %s ORDER BY id', course_id, user_id)


def our_events(since):
    return [r for r in events_since(since)
            if r[0] in ('user_subscribed', 'access_ws_subscribe_user_to_course')]


@both_encodings
def test_admin_enrols_a_student_by_id(enc):
    student = new_user()
    course = new_course()
    since = last_event_id()
    resp = admin({'course_id': course.id, 'user_id': student.id, 'status': 5}, enc)
    assert_eq(resp.body.strip(), b'{"error":false,"data":[true]}', 'raw body')
    assert_eq(members(course.id, student.id), [['5', '0', '0']], 'course_rel_user row')
    events = our_events(since)
    assert_eq([list(e[:2]) for e in events],
              [['user_subscribed', 'course_code'], ['user_subscribed', 'user_object'],
               ['access_ws_subscribe_user_to_course', 'course_id-user_id']], 'events')
    assert_eq(list(events[0][2:5]), [course.code, '1', str(course.id)], 'course_code event')
    user_object = events[1][2]
    assert user_object.startswith('a:12:{s:2:\\"id\\";i:%d;s:7:\\"user_id\\";i:%d;'
                                  % (student.id, student.id)), user_object
    assert 's:8:\\"username\\";s:%d:\\"%s\\";' % (len(student.username), student.username) \
        in user_object, user_object
    assert_eq(events[2][2], '%d:%d' % (course.id, student.id), 'access_ws value')


@both_encodings
def test_admin_enrols_a_teacher_by_code(enc):
    teacher = new_user(status=1)
    course = new_course()
    resp = admin({'course_code': course.code.lower(), 'course_id': '', 'user_id': teacher.id,
                  'status': 1}, enc)
    assert_eq(assert_ok(resp), [True], 'data')
    assert_eq(members(course.id, teacher.id), [['1', '0', '0']], 'teacher row')


def test_status_other_than_teacher_is_student_and_sort_follows():
    student = new_user()
    first, second = new_course(), new_course()
    assert_eq(assert_ok(admin({'course_id': first.id, 'user_id': student.id, 'status': 3})),
              [True], 'first')
    assert_eq(assert_ok(admin({'course_id': second.id, 'user_id': student.id})), [True], 'second')
    found = rows('SELECT c_id, status, sort FROM course_rel_user WHERE user_id = %s ORDER BY sort',
                 student.id)
    assert_eq(found, [[str(first.id), '5', '1'], [str(second.id), '5', '2']], 'rows')


def test_twice_leaves_one_row_and_answers_false():
    student = new_user()
    course = new_course()
    assert_eq(assert_ok(admin({'course_id': course.id, 'user_id': student.id})), [True], 'first')
    since = last_event_id()
    assert_eq(assert_ok(admin({'course_id': course.id, 'user_id': student.id})), [False],
              'second')
    assert_eq(len(members(course.id, student.id)), 1, 'one row')
    assert_eq([e[0] for e in our_events(since)], ['access_ws_subscribe_user_to_course'],
              'no user_subscribed event the second time')


def test_unknown_course_user_or_nothing_named():
    student = new_user()
    course = new_course()
    assert_eq(assert_ok(admin({'user_id': student.id})), [False], 'no course')
    assert_eq(assert_ok(admin({'course_id': 99999999, 'user_id': student.id})), [False],
              'unknown id')
    assert_eq(assert_ok(admin({'course_code': 'NO_SUCH_CODE_X', 'user_id': student.id})), [False],
              'unknown code')
    assert_eq(assert_ok(admin({'course_id': course.id, 'user_id': 99999999})), [False],
              'unknown user')
    assert_eq(rows('SELECT count(*) FROM course_rel_user WHERE c_id = %s', course.id), [['0']],
              'nothing written')


def test_full_course_refuses_students_not_teachers():
    course = new_course(students=[new_user()])
    field = sql_exec("INSERT INTO extra_field (extra_field_type, field_type, variable,"
                     " display_text, visible_to_self, changeable, filter, created_at)"
                     " SELECT 2, 1, 'max_subscribed_students', 'Max', 1, 1, 0, LOCALTIMESTAMP"
                     " WHERE NOT EXISTS (SELECT 1 FROM extra_field WHERE extra_field_type = 2"
                     " AND variable = 'max_subscribed_students') RETURNING id")
    field_id = field[0][0] if field else rows(
        "SELECT id FROM extra_field WHERE extra_field_type = 2"
        " AND variable = 'max_subscribed_students'")[0][0]
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value, created_at, updated_at)"
             " VALUES (%s, %s, '1', LOCALTIMESTAMP, LOCALTIMESTAMP)", field_id, course.id)
    student, teacher = new_user(), new_user(status=1)
    assert_eq(assert_ok(admin({'course_id': course.id, 'user_id': student.id})), [False], 'full')
    assert_eq(members(course.id, student.id), [], 'no row')
    assert_eq(assert_ok(admin({'course_id': course.id, 'user_id': teacher.id, 'status': 1})),
              [True], 'a teacher still enters')


@both_encodings
def test_self_enrolment_into_an_open_course(enc):
    student = new_user()
    course = new_course()  # subscribe = 1
    resp = as_user(student, 'subscribe_user_to_course',
                   {'course_id': course.id, 'user_id': student.id}, encoding=enc)
    assert_eq(assert_ok(resp), [True], 'data')
    assert_eq(members(course.id, student.id), [['5', '0', '0']], 'row')


def test_self_enrolment_refusals():
    student = new_user()
    closed = new_course()
    sql_exec('UPDATE course SET subscribe = 0 WHERE id = %s', closed.id)
    open_course = new_course()
    since = last_event_id()
    assert_error(as_user(student, 'subscribe_user_to_course',
                         {'course_id': closed.id, 'user_id': student.id}), msg('NotAllowed'))
    assert_error(as_user(student, 'subscribe_user_to_course',
                         {'course_id': open_course.id, 'user_id': student.id, 'status': 1}),
                 msg('NotAllowed'))
    other = new_user()
    assert_error(as_user(student, 'subscribe_user_to_course',
                         {'course_id': open_course.id, 'user_id': other.id}), msg('NotAllowed'))
    assert_eq(rows('SELECT count(*) FROM course_rel_user WHERE c_id IN (%s, %s)', closed.id,
                  open_course.id), [['0']], 'nothing written')
    assert_eq([e for e in our_events(since) if e[0] == 'user_subscribed'], [], 'no events')


def test_session_context_enrols_into_the_session_course():
    student = new_user()
    course = new_course()
    session = new_session(courses=[course])
    resp = admin({'course_id': course.id, 'user_id': student.id, 'session': session.id})
    assert_eq(assert_ok(resp), [True], 'data')
    assert_eq(members(course.id, student.id), [], 'no base-course row')
    assert_eq(rows('SELECT status FROM session_rel_course_rel_user WHERE session_id = %s'
                  ' AND c_id = %s AND user_id = %s', session.id, course.id, student.id),
              [['0']], 'session course row')
    assert_eq(rows('SELECT relation_type FROM session_rel_user WHERE session_id = %s'
                  ' AND user_id = %s', session.id, student.id), [['0']], 'session row')
    assert_eq(rows('SELECT nbr_users FROM session_rel_course WHERE session_id = %s AND c_id = %s',
                  session.id, course.id), [['1']], 'course counter')
    resp = admin({'course_id': course.id, 'user_id': student.id, 'session': session.id})
    assert_eq(assert_ok(resp), [True], 'again: PHP answers true')
    assert_eq(len(rows('SELECT 1 FROM session_rel_course_rel_user WHERE session_id = %s'
                      ' AND user_id = %s', session.id, student.id)), 1, 'one row')


def test_bad_input():
    student = new_user()
    course = new_course()
    for params, name in (({'course_id[]': course.id, 'user_id': student.id}, 'course_id'),
                         ({'course_code[]': course.code, 'user_id': student.id}, 'course_code'),
                         ({'course_id': course.id, 'user_id[]': student.id}, 'user_id'),
                         ({'course_id': course.id, 'user_id': student.id, 'status[]': 1},
                          'status')):
        assert_error(admin(params), msg('BadParameter', name))
    # Non-numeric ids cast to 0, as PHP (int) does: no course named.
    assert_eq(assert_ok(admin({'course_id': 'abc', 'user_id': student.id})), [False], 'abc')
    assert_eq(members(course.id, student.id), [], 'nothing written')


def test_failing_trigger_leaves_nothing():
    student = new_user()
    course = new_course()
    since = last_event_id()
    with failing_trigger('track_e_default', "NEW.default_event_type = 'user_subscribed'",
                         when='BEFORE INSERT'):
        resp = admin({'course_id': course.id, 'user_id': student.id})
    assert_eq(resp.status, 500, 'status')
    assert_eq(members(course.id, student.id), [], 'no row left behind')
    assert_eq([e for e in our_events(since) if e[0] == 'user_subscribed'], [], 'no events')
