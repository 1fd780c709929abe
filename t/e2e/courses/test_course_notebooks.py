"""course_notebooks: the caller's notes in the course (course context).

Spec: 30-courses.md §4.6 (the caller's rows, session S or none, newest
first; dates FMT_LONG; log (course_id, POST course)).
Deviation (docs/compat.md): no tool-access tracking row.
"""

import os
import sys

from harness import (assert_eq, assert_ok, both_encodings, new_course, new_session, new_user,
                     sql_exec, call)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from course_common import (assert_denied_to_a_stranger, assert_needs_a_course, event_of,
                           keys_of, read)

NOTE = {'id': 1000, 'title': 'Irregular verbs', 'description': 'go, went, gone',
        'creationDate': 'February 01, 2026 at 08:30 AM',
        'updateDate': 'February 02, 2026 at 05:45 PM'}


@both_encodings
def test_own_notes(enc):
    resp = read('course_notebooks', 'student1', enc=enc)
    assert_eq(assert_ok(resp), [NOTE], 'student1')
    assert_eq(keys_of(resp), [list(NOTE)], 'keys')
    assert_eq(assert_ok(read('course_notebooks', 'student2')), [], 'not another user\'s')


def test_session_and_order():
    student = new_user()
    course = new_course(students=[student])
    session = new_session(courses=[course], users=[student])
    for title, session_id, created in (('old', 0, '2026-01-01 10:00:00'),
                                       ('new', 0, '2026-01-02 10:00:00'),
                                       ('in session', session.id, '2026-01-03 10:00:00')):
        sql_exec("INSERT INTO c_notebook (c_id, notebook_id, user_id, course, session_id, title,"
                 " description, creation_date, update_date, status)"
                 " VALUES (%s, 0, %s, %s, %s, %s, '', %s, %s, 0)",
                 course.id, student.id, course.code, session_id, title, created, created)
    base = assert_ok(call('course_notebooks', student.username, student.key(),
                          {'course': course.id}))
    assert_eq([n['title'] for n in base], ['new', 'old'], 'base course, newest first')
    assert_eq(base[0]['creationDate'], 'January 02, 2026 at 10:00 AM', 'FMT_LONG')
    in_session = assert_ok(call('course_notebooks', student.username, student.key(),
                                {'course': course.id, 'session': session.id}))
    assert_eq([n['title'] for n in in_session], ['in session'], 'session')


def test_event_and_context():
    assert_eq(event_of('course_notebooks', lambda: read('course_notebooks', 'student1')),
              [['course_id', '1']], 'event')
    assert_needs_a_course('course_notebooks')


def test_denied_to_a_stranger():
    assert_denied_to_a_stranger('course_notebooks')
