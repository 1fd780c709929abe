"""get_test_updates_list: quizzes with attempts and their latest attempt.

Spec: 30-courses.md §6.2 (administrators; all courses and sessions; the
latest attempt's time and user, docs/compat.md; c_id; POST fields; created_by
/ updated_by; by iid; event success = true).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, last_event_id, msg, new_course, new_user, php_int, sql_exec)
from course_tools_common import ordered

KEYS = ['id', 'title', 'last_attempt_time', 'last_attempt_username', 'c_id']


def attempt(quiz, user, start, course=1):
    sql_exec('INSERT INTO track_e_exercises (exe_user_id, exe_date, c_id, exe_exo_id, exe_result,'
             " exe_weighting, user_ip, status, data_tracking, start_date, steps_counter, session_id,"
             " orig_lp_id, orig_lp_item_id, exe_duration, orig_lp_item_view_id, questions_to_check)"
             " VALUES (%s, %s, %s, %s, 1, 2, '', '', '', %s, 0, 0, 0, 0, 0, 0, '')",
             user.id, start, course, quiz, start)


def quiz(course, title, pass_percentage=None):
    return int(sql_exec(
        'INSERT INTO c_quiz (c_id, title, type, random, random_answers, active, results_disabled,'
        ' max_attempt, feedback_type, expired_time, session_id, propagate_neg,'
        ' save_correct_answers, review_answers, random_by_category, display_category_name,'
        ' pass_percentage) VALUES (%s, %s, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, %s)'
        ' RETURNING iid', course.id, title, pass_percentage)[0][0])


@both_encodings
def test_demo_quiz(enc):
    key = authenticate('admin', 'admin')
    since = last_event_id()
    resp = call('get_test_updates_list', 'admin', key, {'fields': ['difficulty']}, encoding=enc)
    data = assert_ok(resp)
    demo = [q for q in data if q['id'] == php_int(2301)]
    assert_eq(demo, [{'id': php_int(2301), 'title': 'Vocabulary',
                      'last_attempt_time': '2026-02-03 10:00:00',
                      'last_attempt_username': 'student1', 'c_id': php_int(1),
                      'extra_difficulty': 'easy', 'created_by': 'teacher',
                      'updated_by': 'admin'}], 'quiz 2301')
    assert not [q for q in data if q['id'] == php_int(2302)], 'no attempt, not listed'
    assert_eq([k for k, _ in ordered(resp)[0]],
              KEYS + ['extra_difficulty', 'created_by', 'updated_by'], 'keys in order')
    ids = [int(q['id']) for q in data]
    assert ids == sorted(ids), ids
    assert_eq(events_since(since),
              [('access_ws_get_test_updates_list', 'success', 'true', '1', '0', '0')], 'event')


def test_latest_attempt_user():
    course = new_course()
    a, b = new_user(), new_user()
    q = quiz(course, 'Latest')
    attempt(q, a, '2026-05-01 10:00:00', course.id)
    attempt(q, b, '2026-05-02 10:00:00', course.id)
    attempt(q, a, '2026-04-01 10:00:00', course.id)
    data = assert_ok(call('get_test_updates_list', 'admin', authenticate('admin', 'admin')))
    row = [x for x in data if x['id'] == php_int(q)]
    assert_eq([(x['last_attempt_time'], x['last_attempt_username']) for x in row],
              [('2026-05-02 10:00:00', b.username)], 'latest attempt')


def test_administrators_only():
    key = authenticate('teacher', 'teacher')
    assert_error(call('get_test_updates_list', 'teacher', key), msg('NotAllowed'))
