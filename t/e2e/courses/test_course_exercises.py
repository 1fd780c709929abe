"""course_exercises: every quiz of a course, keyed by iid.

Spec: 30-courses.md §4.12 with the key order a 1.11.32 install answered
(issue: no text_when_finished_failure, no exercise_category_id); all quizzes
(inactive too) of the base course and the session context, by title; POST
fields: exercise extra field, else course extra field, else ignored;
created_by / updated_by from the latest item property; PHP 8 integer
columns; event course_id = POST course.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, new_course, new_session, new_user,
                     php_int, sql_exec)
from course_tools_common import assert_course_checked, assert_one_round_trip, ordered

KEYS = ['iid', 'c_id', 'id', 'title', 'description', 'sound', 'type', 'random', 'random_answers',
        'active', 'results_disabled', 'access_condition', 'max_attempt', 'start_time', 'end_time',
        'feedback_type', 'expired_time', 'session_id', 'propagate_neg', 'save_correct_answers',
        'review_answers', 'random_by_category', 'text_when_finished', 'display_category_name',
        'pass_percentage', 'question_selection_type', 'hide_question_title']


def archived():
    i = php_int
    return dict(zip(KEYS, [i(2302), i(1), i(2302), 'Archived test', None, None, i(2), i(0), i(0),
                           i(0), i(0), None, i(3), '2026-01-01 08:00:00', '2026-01-31 18:00:00',
                           i(2), i(0), None, i(0), i(0), i(0), i(0), None, i(1), None, i(1), i(0)]))


def vocabulary():
    i = php_int
    return dict(zip(KEYS, [i(2301), i(1), i(2301), 'Vocabulary', '<p>Words</p>', '', i(1), i(0),
                           i(0), i(1), i(0), None, i(0), None, None, i(0), i(0), i(0), i(0), i(0),
                           i(0), i(0), '', i(1), i(50), i(1), i(0)]))


@both_encodings
def test_demo_quizzes(enc):
    key = authenticate('student1', 'student1')
    since = last_event_id()
    resp = call('course_exercises', 'student1', key, {'course': 1, 'fields': ['difficulty', 'nope']},
                encoding=enc)
    data = assert_ok(resp)
    expected = {'2302': dict(archived(), extra_difficulty='', created_by='', updated_by=''),
                '2301': dict(vocabulary(), extra_difficulty='easy', created_by='teacher',
                             updated_by='admin')}
    assert_eq(data, expected, 'quizzes')
    raw = ordered(resp)
    assert_eq([k for k, _ in raw], ['2302', '2301'], 'by title')
    assert_eq([k for k, _ in dict(raw)['2301']], KEYS + ['extra_difficulty', 'created_by',
                                                        'updated_by'], 'keys in order')
    assert_eq(events_since(since),
              [('access_ws_course_exercises', 'course_id', '1', '4', '1', '0')], 'event')


@both_encodings
def test_without_fields(enc):
    key = authenticate('student1', 'student1')
    for fields in (None, 'difficulty', []):
        params = {'course': 1}
        if fields is not None:
            params['fields'] = fields
        data = assert_ok(call('course_exercises', 'student1', key, params, encoding=enc))
        assert_eq(data['2301'], dict(vocabulary(), created_by='teacher', updated_by='admin'),
                  'no extra key for fields=%r' % (fields,))


def test_course_field_and_sessions():
    student = new_user()
    course = new_course(students=[student])
    session = new_session(courses=[course], users=[student])
    field = int(sql_exec("INSERT INTO extra_field (extra_field_type, field_type, variable)"
                         " VALUES (2, 1, %s) RETURNING id", 'level' + course.code.lower())[0][0])
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value) VALUES (%s, %s, 'B2')",
             field, course.id)

    def quiz(title, session_id):
        sql_exec('INSERT INTO c_quiz (c_id, title, type, random, random_answers, active,'
                 ' results_disabled, max_attempt, feedback_type, expired_time, session_id,'
                 ' propagate_neg, save_correct_answers, review_answers, random_by_category,'
                 ' display_category_name) VALUES (%s, %s, 1, 0, 0, -1, 0, 0, 0, 0, %s, 0, 0, 0, 0, 1)',
                 course.id, title, session_id)

    quiz('B base', 0)
    quiz('A session', session.id)
    name = 'level' + course.code.lower()
    base = assert_ok(as_user(student, 'course_exercises', {'course': course.id, 'fields': [name]}))
    assert_eq([(q['title'], q['extra_' + name]) for q in base.values()], [('B base', 'B2')], 'base')
    inside = assert_ok(as_user(student, 'course_exercises',
                               {'course': course.id, 'session': session.id}))
    assert_eq([q['title'] for q in inside.values()], ['A session', 'B base'], 'in the session')


def test_no_quiz_answers_empty_list():
    student = new_user()
    course = new_course(students=[student])
    resp = as_user(student, 'course_exercises', {'course': course.id})
    assert resp.body.startswith(b'{"error":false,"data":[]}'), resp.body


def test_course_required_and_access():
    assert_course_checked('course_exercises')


def test_one_round_trip():
    key = authenticate('student1', 'student1')
    assert_one_round_trip({'action': 'course_exercises', 'username': 'student1', 'api_key': key,
                           'course': '1'}, 'course_exercises.list')
