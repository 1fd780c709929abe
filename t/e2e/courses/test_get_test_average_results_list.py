"""get_test_average_results_list: success and average score per quiz.

Spec: 30-courses.md §6.3 with its two fixes (docs/compat.md): the pass
percentage is a percentage (50 means 0.5: an attempt of 8/10 succeeds) and
each user's latest attempt counts; POST ids required ("No data available");
completion by course members or attempts, PHP's integer-or-float division;
average rounded to 2 decimals; extra_<field> always ""; event success.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, last_event_id, msg, new_course, new_user, sql_exec)
from course_tools_common import ordered
from test_get_test_updates_list import quiz

KEYS = ['id', 'title', 'created_by', 'updated_by', 'type', 'completion', 'completion_method',
        'number_of_last_attempts', 'average_score_in_percent']


def attempt(q, user, result, weighting, start, course):
    sql_exec('INSERT INTO track_e_exercises (exe_user_id, exe_date, c_id, exe_exo_id, exe_result,'
             " exe_weighting, user_ip, status, data_tracking, start_date, steps_counter, session_id,"
             " orig_lp_id, orig_lp_item_id, exe_duration, orig_lp_item_view_id, questions_to_check)"
             " VALUES (%s, %s, %s, %s, %s, %s, '', '', '', %s, 0, 0, 0, 0, 0, 0, '')",
             user.id, start, course.id, q, result, weighting, start)


@both_encodings
def test_demo_quiz(enc):
    key = authenticate('admin', 'admin')
    since = last_event_id()
    resp = call('get_test_average_results_list', 'admin', key,
                {'ids': ['2301', '2302', '999999'], 'fields': ['difficulty', 'x']}, encoding=enc)
    # student1's latest attempt 8/10 passes 50%, student2's 3/10 fails; the
    # course has 3 members. 2302 (no attempt) and 999999 are left out.
    assert_eq(assert_ok(resp), [{
        'id': 2301, 'title': 'Vocabulary', 'created_by': 'teacher', 'updated_by': 'admin',
        'type': 'ExerciseAtTheEndOfTheTest', 'completion': 1 / 3,
        'completion_method': 'Success on users count', 'number_of_last_attempts': 2,
        'average_score_in_percent': 55, 'extra_difficulty': '', 'extra_x': ''}], 'quiz 2301')
    assert b'"completion":0.3333333333333333,' in resp.body, resp.body
    assert_eq([k for k, _ in ordered(resp)[0]], KEYS + ['extra_difficulty', 'extra_x'], 'keys')
    assert_eq(events_since(since),
              [('access_ws_get_test_average_results_list', 'success', 'true', '1', '0', '0')],
              'event')


def test_pass_percentage_and_methods():
    a, b = new_user(), new_user()
    members = new_course(students=[a, b])
    nobody = new_course()
    q1 = quiz(members, 'Members', pass_percentage=80)
    attempt(q1, a, 8, 10, '2026-05-01 10:00:00', members)   # 80%: passes
    attempt(q1, b, 9, 10, '2026-05-01 10:00:00', members)
    attempt(q1, b, 2, 10, '2026-05-02 10:00:00', members)   # latest: fails
    q2 = quiz(nobody, 'Nobody')
    attempt(q2, a, 1, 3, '2026-05-01 10:00:00', nobody)
    attempt(q2, b, 0, 0, '2026-05-01 10:00:00', nobody)     # weighting 0: ignored
    q3 = quiz(nobody, 'Zero')
    attempt(q3, a, 0, 0, '2026-05-01 10:00:00', nobody)
    data = assert_ok(call('get_test_average_results_list', 'admin', authenticate('admin', 'admin'),
                          {'ids': [q3, q1, q2, q1]}))
    got = [(d['title'], d['completion'], d['completion_method'], d['number_of_last_attempts'],
            d['average_score_in_percent']) for d in data]
    assert_eq(got, [
        ('Zero', 0, 'Success on users count', 0, 0),
        ('Members', 0.5, 'Success on users count', 2, 50),
        ('Nobody', 0, 'Success on attempts count', 1, 33.33),
        ('Members', 0.5, 'Success on users count', 2, 50),
    ], 'results')


@both_encodings
def test_ids_required_and_single_value(enc):
    key = authenticate('admin', 'admin')
    for params in ({}, {'ids': ''}, {'ids': '0'}, {'ids': []}):
        assert_error(call('get_test_average_results_list', 'admin', key, params, encoding=enc),
                     msg('NoData'))
    data = assert_ok(call('get_test_average_results_list', 'admin', key,
                          {'ids': '2301abc', 'fields': 'difficulty'}, encoding=enc))
    assert_eq([(d['id'], d['extra_difficulty']) for d in data], [(2301, '')], 'one value')


def test_administrators_only():
    key = authenticate('teacher', 'teacher')
    assert_error(call('get_test_average_results_list', 'teacher', key, {'ids': ['2301']}),
                 msg('NotAllowed'))
