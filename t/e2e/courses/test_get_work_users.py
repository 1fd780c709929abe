"""get_work_users: who an assignment is restricted to, who could be added.

Spec: 30-courses.md §9 (GET work required -> "Action not allowed"; teachers
only; users_added from c_student_publication_rel_user with "First Last
(username)", users_to_add the other students with a trailing space; ints;
event work_id).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, new_course, new_session, new_user,
                     sql_exec)
from course_tools_common import make_work, ordered


@both_encodings
def test_demo_poem(enc):
    key = authenticate('teacher', 'teacher')
    since = last_event_id()
    resp = call('get_work_users', 'teacher', key, {'course': 1}, query={'work': 2304},
                encoding=enc)
    assert_eq(assert_ok(resp), {
        'users_added': [{'user_id': 5, 'complete_name_with_username': 'Alan Turing (student2)'}],
        'users_to_add': [{'user_id': 4, 'complete_name_with_username': 'Ada Lovelace (student1) '}],
    }, 'poem users')
    assert_eq([k for k, _ in ordered(resp)], ['users_added', 'users_to_add'], 'keys')
    assert_eq(events_since(since),
              [('access_ws_get_work_users', 'work_id', '2304', '3', '1', '0')], 'event')


def test_session_students():
    teacher, a, b = new_user(status=1), new_user(), new_user()
    course = new_course(teacher=teacher, students=[a])
    session = new_session(courses=[course], users=[b])
    work = make_work(course.id, user_id=teacher.id)
    # An administrator: the teacher is no member of the session.
    data = assert_ok(call('get_work_users', 'admin', authenticate('admin', 'admin'),
                          {'course': course.id, 'session': session.id}, query={'work': work}))
    assert_eq([u['user_id'] for u in data['users_to_add']], [b.id], 'session students')
    data = assert_ok(as_user(teacher, 'get_work_users', {'course': course.id}, query={'work': work}))
    assert_eq([u['user_id'] for u in data['users_to_add']], [a.id], 'course students')


def test_refused():
    key = authenticate('student1', 'student1')
    assert_error(call('get_work_users', 'student1', key, {'course': 1}, query={'work': 2304}),
                 msg('NotAllowed'))
    tkey = authenticate('teacher', 'teacher')
    # work read from the query string only
    assert_error(call('get_work_users', 'teacher', tkey, {'course': 1, 'work': 2304}),
                 msg('ActionNotAllowed'))
    assert_error(call('get_work_users', 'teacher', tkey, {'course': 1},
                      query={'work[]': '1'}), msg('ActionNotAllowed'))
