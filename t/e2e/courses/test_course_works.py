"""course_works: the assignments of a course.

Spec: 30-courses.md §4.11 (the columns of c_student_publication, then
expires_on / ends_on (null with expires_on), enable_qualification,
count_unique_attempts, amount, type; students: visible assignments for
everybody or for them, feedback and last_upload; LIST-OR-OBJECT; event
username); docs/compat.md (teacher mode from the course role).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, new_course, new_user, php_float,
                     php_int, sql_exec)
from course_tools_common import assert_course_checked, assert_one_round_trip, item_property, make_work, ordered

COLUMNS = ['iid', 'c_id', 'id', 'url', 'url_correction', 'title', 'title_correction',
           'description', 'author', 'active', 'accepted', 'post_group_id', 'sent_date', 'filetype',
           'has_properties', 'view_properties', 'qualification', 'date_of_qualification',
           'parent_id', 'qualificator_id', 'weight', 'session_id', 'user_id',
           'allow_text_assignment', 'contains_file', 'document_id']
EXTRA = ['expires_on', 'ends_on', 'enable_qualification', 'count_unique_attempts', 'amount',
         'type']


def essay():
    i = php_int
    return dict(zip(COLUMNS, [i(2301), i(1), i(2301), 'work/essay', None, 'Essay', None,
                              'Write 300 words', '', i(1), i(1), i(0), '2026-02-01 08:00:00',
                              'folder', i(0), None, php_float(10), None, i(0), i(0), php_float(0),
                              None, i(3), i(0), i(1), i(0)]),
                expires_on='2026-03-01 23:59:00', ends_on='2026-03-05 23:59:00',
                enable_qualification=i(1), count_unique_attempts=2,
                amount='<span class="label label-success">2/2</span>', type='work.png')


@both_encodings
def test_student_sees_visible_assignments(enc):
    key = authenticate('student1', 'student1')
    since = last_event_id()
    resp = call('course_works', 'student1', key, {'course': 1}, encoding=enc)
    assert_eq(assert_ok(resp), [dict(
        essay(), feedback=' <span class="label label-warning">0 Feedback</span>',
        last_upload='8.00 - 2026-02-10 09:00:00')], 'student1 works')
    assert_eq([k for k, _ in ordered(resp)[0]], COLUMNS + EXTRA + ['feedback', 'last_upload'],
              'keys in order')
    assert_eq(events_since(since),
              [('access_ws_course_works', 'username', 'student1', '4', '1', '0')], 'event')


def test_assigned_student_and_teacher():
    key = authenticate('student2', 'student2')
    data = assert_ok(call('course_works', 'student2', key, {'course': 1}))
    assert_eq([(w['title'], w['last_upload'], w['amount']) for w in data],
              [('Essay', '2026-02-11 09:00:00', '<span class="label label-success">2/2</span>'),
               ('Poem', '', '<span class="label label-success">0/1</span>')], 'student2')
    data = assert_ok(call('course_works', 'teacher', authenticate('teacher', 'teacher'),
                          {'course': 1}))
    assert_eq([w['title'] for w in data], ['Essay', 'Poem'], 'teacher')
    assert 'feedback' not in data[0], data[0]


def test_hidden_assignment_keys_by_position():
    teacher, student = new_user(status=1), new_user()
    course = new_course(teacher=teacher, students=[student])
    hidden = make_work(course.id, 'A hidden', user_id=teacher.id)
    item_property(course.id, 'work', hidden, 0)
    shown = make_work(course.id, 'B shown', user_id=teacher.id)
    item_property(course.id, 'work', shown, 1)
    make_work(course.id, 'C no item property', user_id=teacher.id)
    comment_on = make_work(course.id, '', parent=shown, user_id=student.id)
    sql_exec("INSERT INTO c_student_publication_comment (c_id, work_id, comment, user_id, sent_at)"
             " VALUES (%s, %s, 'good', %s, LOCALTIMESTAMP)", course.id, comment_on, teacher.id)
    data = assert_ok(as_user(student, 'course_works', {'course': course.id}))
    assert_eq(list(data.keys()), ['1'], 'keyed by position in the whole list')
    assert_eq(data['1']['feedback'], ' <span class="label label-info">1 Feedback</span>',
              'feedback')
    assert_eq(data['1']['ends_on'], None, 'no assignment row: no dates')
    data = assert_ok(as_user(teacher, 'course_works', {'course': course.id}))
    assert_eq([w['title'] for w in data], ['A hidden', 'B shown', 'C no item property'],
              'teacher')


def test_empty_title_is_the_urls_last_part():
    teacher = new_user(status=1)
    course = new_course(teacher=teacher)
    make_work(course.id, '', user_id=teacher.id)
    data = assert_ok(as_user(teacher, 'course_works', {'course': course.id}))
    assert_eq([w['title'] for w in data], ['x'], 'basename of work/x')


def test_course_required_and_access():
    assert_course_checked('course_works')


def test_one_round_trip():
    key = authenticate('student1', 'student1')
    assert_one_round_trip({'action': 'course_works', 'username': 'student1', 'api_key': key,
                           'course': '1'}, 'course_works.list')
