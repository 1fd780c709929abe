"""put_course_work_visibility: shows or hides an assignment.

Spec: 30-courses.md §9 (POST status, work required -> "Action not allowed";
teachers and coaches only; status 1/0: accepted and the item property;
other status -> "Action not allowed"; {"status": true}, false for work 0;
event work_id after the work).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, both_encodings, events_since,
                     failing_trigger, last_event_id, msg, new_course, new_user, sql, sql_value)
from course_tools_common import make_work


def setup():
    teacher, student = new_user(status=1), new_user()
    course = new_course(teacher=teacher, students=[student])
    return course, teacher, student, make_work(course.id, user_id=teacher.id)


def state(course, work):
    return (sql_value('SELECT accepted FROM c_student_publication WHERE iid = %s', work),
            sql("SELECT visibility, lastedit_type FROM c_item_property WHERE c_id = %s"
                " AND tool = 'work' AND ref = %s", course.id, work))


@both_encodings
def test_hide_then_show(enc):
    course, teacher, _, work = setup()
    teacher.key()
    since = last_event_id()
    params = {'course': course.id, 'work': work, 'status': 0}
    assert_eq(assert_ok(as_user(teacher, 'put_course_work_visibility', params, encoding=enc)),
              {'status': True}, 'hide')
    assert_eq(state(course, work), ('0', [('0', 'invisible')]), 'hidden')
    assert_ok(as_user(teacher, 'put_course_work_visibility', dict(params, status=1), encoding=enc))
    assert_eq(state(course, work), ('1', [('1', 'visible')]), 'shown, one item property')
    event = ('access_ws_put_course_work_visibility', 'work_id', str(work), str(teacher.id),
             str(course.id), '0')
    assert_eq(events_since(since), [event, event], 'events')


def test_work_zero_and_bad_status():
    course, teacher, _, work = setup()
    assert_eq(assert_ok(as_user(teacher, 'put_course_work_visibility',
                                {'course': course.id, 'work': 0, 'status': 1})),
              {'status': False}, 'work 0')
    for status in (2, -1, 'abc'):
        if status == 'abc':
            continue  # (int) "abc" is 0: hides
        assert_error(as_user(teacher, 'put_course_work_visibility',
                             {'course': course.id, 'work': work, 'status': status}),
                     msg('ActionNotAllowed'))
    assert_eq(state(course, work), ('1', []), 'unchanged')


@both_encodings
def test_missing_parameters(enc):
    course, teacher, _, work = setup()
    for params in ({'work': work}, {'status': 1}, {'work': [work], 'status': 1}):
        assert_error(as_user(teacher, 'put_course_work_visibility', dict(params, course=course.id),
                             encoding=enc), msg('ActionNotAllowed'))


def test_students_are_refused():
    course, _, student, work = setup()
    assert_error(as_user(student, 'put_course_work_visibility',
                         {'course': course.id, 'work': work, 'status': 0}), msg('NotAllowed'))
    assert_eq(state(course, work), ('1', []), 'unchanged')


def test_failing_item_property_leaves_nothing():
    course, teacher, _, work = setup()
    with failing_trigger('c_item_property', "NEW.tool = 'work'"):
        resp = as_user(teacher, 'put_course_work_visibility',
                       {'course': course.id, 'work': work, 'status': 0})
        assert resp.json['error'] is True, resp.json
    assert_eq(state(course, work), ('1', []), 'nothing changed')


def coach_course_in_session(course, session, user):
    """user coaches course in session (session_rel_course_rel_user status 2)."""
    from harness import sql_exec
    sql_exec('INSERT INTO session_rel_course_rel_user (session_id, c_id, user_id, visibility,'
             ' status, legal_agreement) VALUES (%s, %s, %s, 1, 2, 0)', session.id, course.id,
             user.id)


def test_session_coach_may_change_it():
    from harness import new_session, sql_exec
    course, _, student, work = setup()
    coach = new_user(status=1)
    session = new_session(courses=[course], users=[student])
    coach_course_in_session(course, session, coach)
    sql_exec('INSERT INTO session_rel_user (session_id, user_id, relation_type, duration,'
             ' registered_at) VALUES (%s, %s, 0, 0, LOCALTIMESTAMP)', session.id, coach.id)
    assert_eq(assert_ok(as_user(coach, 'put_course_work_visibility',
                                {'course': course.id, 'session': session.id, 'work': work,
                                 'status': 0})), {'status': True}, 'coach')
    assert_eq(sql("SELECT visibility, session_id FROM c_item_property WHERE tool = 'work'"
                  ' AND ref = %s', work), [('0', str(session.id))], 'the session item property')
    assert_error(as_user(student, 'put_course_work_visibility',
                         {'course': course.id, 'session': session.id, 'work': work, 'status': 1}),
                 msg('NotAllowed'))


def test_a_session_coach_is_no_editor_of_the_base_course():
    """30-courses.md §1.3: a coach is a coach of (session, course); without a
    session context the coach of some session may enter the course but
    edits nothing in it."""
    from harness import new_session, sql_exec
    course, _, student, work = setup()
    coach = new_user(status=1)
    session = new_session(courses=[course], users=[student])
    coach_course_in_session(course, session, coach)
    general = new_user(status=1)
    sql_exec('UPDATE session SET id_coach = %s WHERE id = %s', general.id, session.id)
    for who in (coach, general):
        assert_error(as_user(who, 'put_course_work_visibility',
                             {'course': course.id, 'work': work, 'status': 0}), msg('NotAllowed'))
        assert_eq(assert_ok(as_user(who, 'put_course_work_visibility',
                                    {'course': course.id, 'session': session.id, 'work': work,
                                     'status': 1})), {'status': True}, 'coach in the session')
    assert_eq(state(course, work)[0], '1', 'accepted')
