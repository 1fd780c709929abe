"""course_lp_progress: the caller's learning-path progress per course.

Spec: 30-courses.md §5.3 as corrected from Chamilo's source and the 1.11.32
recording (a student of a special course with learning paths answered
[[]]: special courses are not in the list); the list wrapped in a one-element
array; progress mean over the visible learning paths rounded to 1 decimal,
false without learning paths; qualification and activeTime from the tracked
learning-path time; event username.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_ok, authenticate, both_encodings, call,
                     events_since, last_event_id, new_course, new_session, new_user, sql_exec)
from course_tools_common import ordered
from test_course_learnpaths import make_lp, view


@both_encodings
def test_demo_student(enc):
    key = authenticate('student1', 'student1')
    since = last_event_id()
    resp = call('course_lp_progress', 'student1', key, encoding=enc)
    # ENGLISH101: Basics 50 and Verbs 0 are visible (Draft hidden, Advanced
    # blocked, Last year expired); MATH201 has none; WELCOME is special.
    assert_eq(assert_ok(resp), [[
        {'module': 'English for beginners', 'progress': 25, 'qualification': 0, 'activeTime': 0},
        {'module': 'Mathematics', 'progress': False, 'qualification': 0, 'activeTime': 0},
    ]], 'student1 progress')
    assert_eq([k for k, _ in ordered(resp)[0][0]],
              ['module', 'progress', 'qualification', 'activeTime'], 'keys in order')
    assert_eq(events_since(since),
              [('access_ws_course_lp_progress', 'username', 'student1', '4', '0', '0')], 'event')


def test_special_course_only_answers_empty_list():
    # The recorded 1.11.32 case: a student of a special course that has
    # learning paths, one of them half done.
    user = new_user()
    sql_exec('INSERT INTO course_rel_user (c_id, user_id, status, relation_type, is_tutor, sort,'
             ' user_course_cat, legal_agreement) VALUES (3, %s, 5, 0, 0, 0, 0, 0)', user.id)
    course3 = type('C', (), {'id': 3})
    lp = make_lp(course3, 'Welcome tour')
    make_lp(course3, 'Second tour')
    view(course3, lp, user, 50)
    try:
        resp = as_user(user, 'course_lp_progress')
        assert_eq(assert_ok(resp), [[]], 'special course left out')
        assert resp.body.startswith(b'{"error":false,"data":[[]]}'), resp.body
    finally:
        sql_exec('DELETE FROM c_lp_view WHERE c_id = 3')
        sql_exec('DELETE FROM c_lp WHERE c_id = 3')


def test_qualification_and_active_time():
    student = new_user()
    course = new_course(students=[student])
    done = make_lp(course, 'Done')
    make_lp(course, 'Half')
    view(course, done, student, 100)
    for second, current in ((0, 7), (40, 7), (100, 7), (500, 8)):
        sql_exec("INSERT INTO track_e_access_complete (user_id, date_reg, tool, tool_id,"
                 " tool_id_detail, action, action_details, current_id, ip_user, user_agent,"
                 " session_id, c_id, ch_sid, login_as, info, url) VALUES (%s,"
                 " timestamp '2026-01-01 10:00:00' + %s * interval '1 second', 'learnpath', %s,"
                 " 0, 'view', '', %s, '', '', 0, %s, '', 0, '', '')",
                 student.id, second, done, current, course.id)
    data = assert_ok(as_user(student, 'course_lp_progress'))
    assert_eq(data, [[{'module': 'Course ' + course.code, 'progress': 50, 'qualification': 50,
                       'activeTime': 100}]], 'qualification')


def test_rounding_and_session():
    student = new_user()
    course = new_course(students=[student])
    session = new_session(courses=[course], users=[student])
    lps = [make_lp(course, 'LP %d' % i) for i in range(3)]
    view(course, lps[0], student, 100, session=session.id)
    view(course, lps[1], student, 1, session=session.id)
    data = assert_ok(as_user(student, 'course_lp_progress', {'session': session.id}))
    assert_eq(data[0][0]['progress'], 33.7, 'round((100 + 1 + 0) / 3, 1)')
    data = assert_ok(as_user(student, 'course_lp_progress'))
    assert_eq(data[0][0]['progress'], 0, 'no view in the base course')


def test_user_without_courses():
    assert_eq(assert_ok(as_user(new_user(), 'course_lp_progress')), [[]], 'no course')


def test_one_statement_carrying_the_key_check():
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'flow'))
    from test_key_check_statements import assert_carries_the_key_check, slow_log_pool
    key = authenticate('student1', 'student1')
    pool, slow = slow_log_pool()
    with pool:
        body = assert_carries_the_key_check(
            pool, slow, {'action': 'course_lp_progress', 'username': 'student1', 'api_key': key},
            'course_lp_progress.list')
    assert_eq(len(body['data'][0]), 2, 'two courses')
