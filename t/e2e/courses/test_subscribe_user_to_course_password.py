"""subscribe_user_to_course_password: the caller enrols as a student with
the course's password, in one transaction.

Spec: 30-courses.md §8.4 (POST code, password; NoCourse,
CourseRegistrationCodeIncorrect, SubscribingNotAllowed; {"status": true};
log (course_code, code)). Deviation (docs/compat.md): an open course that
takes no self-registration answers NotAllowed.
"""

from harness import (assert_eq, assert_error, assert_ok, as_user, both_encodings, events_since,
                     failing_trigger, last_event_id, msg, new_course, new_user, sql, sql_exec)


def course_with_password(password='s3cret', visibility=2, subscribe=1):
    course = new_course()
    sql_exec('UPDATE course SET registration_code = %s, visibility = %s, subscribe = %s'
             ' WHERE id = %s', password, visibility, subscribe, course.id)
    return course


def members(course_id, user_id):
    return [list(r) for r in sql('SELECT status, relation_type FROM course_rel_user'
                                 ' WHERE c_id = %s AND user_id = %s', course_id, user_id)]


def enrol(user, code, password, enc='urlencoded'):
    return as_user(user, 'subscribe_user_to_course_password',
                   {'code': code, 'password': password}, encoding=enc)


@both_encodings
def test_right_password_enrols_the_caller_as_student(enc):
    student = new_user()
    student.key()
    course = course_with_password()
    since = last_event_id()
    resp = enrol(student, course.code, 's3cret', enc)
    assert_eq(resp.body.strip(), b'{"error":false,"data":{"status":true}}', 'raw body')
    assert_eq(members(course.id, student.id), [['5', '0']], 'row')
    events = [list(r[:3]) for r in events_since(since)]
    assert_eq([e[:2] for e in events if e[0] == 'user_subscribed'],
              [['user_subscribed', 'course_code'], ['user_subscribed', 'user_object']], 'events')
    assert ['access_ws_subscribe_user_to_course_password', 'course_code', course.code] in events
    assert_eq(assert_ok(enrol(student, course.code.lower(), 's3cret')), {'status': True}, 'again')
    assert_eq(len(members(course.id, student.id)), 1, 'one row')


def test_refusals():
    student = new_user()
    course = course_with_password()
    assert_error(enrol(student, 'NO_SUCH_COURSE', 'x'), msg('NoCourse'))
    assert_error(enrol(student, course.code, 'wrong'), msg('CourseRegistrationCodeIncorrect'))
    assert_error(enrol(student, course.code, ''), msg('CourseRegistrationCodeIncorrect'))
    nocode = course_with_password(password='')
    assert_error(enrol(student, nocode.code, ''), msg('CourseRegistrationCodeIncorrect'))
    for visibility, subscribe in ((0, 1), (4, 1), (1, 0)):
        closed = course_with_password(visibility=visibility, subscribe=subscribe)
        assert_error(enrol(student, closed.code, 's3cret'), msg('SubscribingNotAllowed'))
    no_self = course_with_password(visibility=2, subscribe=0)
    assert_error(enrol(student, no_self.code, 's3cret'), msg('NotAllowed'))
    assert_eq(sql('SELECT count(*) FROM course_rel_user WHERE user_id = %s', student.id)[0][0],
              '0', 'nothing written')


def test_bad_input():
    student = new_user()
    assert_error(as_user(student, 'subscribe_user_to_course_password',
                         {'code[]': 'X', 'password': 'y'}), msg('BadParameter', 'code'))
    assert_error(as_user(student, 'subscribe_user_to_course_password',
                         {'code': 'X', 'password[]': 'y'}), msg('BadParameter', 'password'))


def test_failing_trigger_leaves_nothing():
    student = new_user()
    course = course_with_password()
    with failing_trigger('track_e_default', "NEW.default_event_type = 'user_subscribed'",
                         when='BEFORE INSERT'):
        resp = enrol(student, course.code, 's3cret')
    assert_eq(resp.status, 500, 'status')
    assert_eq(members(course.id, student.id), [], 'no row')
