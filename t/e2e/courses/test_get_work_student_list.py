"""get_work_student_list: the course's students and their submissions.

Spec: 30-courses.md §9 (GET work required -> "Action not allowed"; teachers
only; "<n> / <m>" counted only when the assignment does not exist, so "0 /
0" for an existing one (the NOTE bug, kept); event work_id).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, new_course, new_user, php_int)
from course_tools_common import make_work


@both_encodings
def test_demo_existing_assignment(enc):
    key = authenticate('teacher', 'teacher')
    since = last_event_id()
    resp = call('get_work_student_list', 'teacher', key, {'course': 1}, query={'work': 2301},
                encoding=enc)
    assert_eq(assert_ok(resp), [
        {'id': php_int(4), 'complete_name': 'Ada Lovelace', 'works': '0 / 0'},
        {'id': php_int(5), 'complete_name': 'Alan Turing', 'works': '0 / 0'},
    ], 'students')
    assert_eq(events_since(since),
              [('access_ws_get_work_student_list', 'work_id', '2301', '3', '1', '0')], 'event')


def test_unknown_assignment_counts_the_course_assignments():
    key = authenticate('teacher', 'teacher')
    data = assert_ok(call('get_work_student_list', 'teacher', key, {'course': 1},
                          query={'work': 999999}))
    assert_eq([(s['complete_name'], s['works']) for s in data],
              [('Ada Lovelace', '1 / 2'), ('Alan Turing', '1 / 2')], 'counted')


def test_refused():
    key = authenticate('student1', 'student1')
    assert_error(call('get_work_student_list', 'student1', key, {'course': 1},
                      query={'work': 2301}), msg('NotAllowed'))
    assert_error(call('get_work_student_list', 'teacher', authenticate('teacher', 'teacher'),
                      {'course': 1}), msg('ActionNotAllowed'))
