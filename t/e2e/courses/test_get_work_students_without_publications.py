"""get_work_students_without_publications: who has handed nothing in.

Spec: 30-courses.md §9 (GET work required -> "Action not allowed"; teachers
and coaches; course members whose platform status is not teacher, without a
submission, among the assignment's users when it has some; rows
[lastname, firstname, encrypted mailto link, user id]; event work_id);
Display::encrypted_mailto_link for the link.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, new_course, new_user, php_int,
                     sql_exec)
from course_tools_common import make_work


def entities(s):
    return ''.join('&#%d;' % b for b in s.encode())


def link(email):
    return '<a href="%s" class="clickable_email_link">%s</a>' % (entities('mailto:' + email),
                                                                 entities(email))


@both_encodings
def test_demo_assignments(enc):
    key = authenticate('teacher', 'teacher')
    since = last_event_id()
    resp = call('get_work_students_without_publications', 'teacher', key, {'course': 1},
                query={'work': 2304}, encoding=enc)
    assert_eq(assert_ok(resp), [['Turing', 'Alan', link('student2@example.org'), php_int(5)]],
              'poem: student2 only, nothing handed in')
    data = assert_ok(call('get_work_students_without_publications', 'teacher', key, {'course': 1},
                          query={'work': 2301}, encoding=enc))
    assert_eq(data, [], 'essay: everybody handed in')
    assert_eq(events_since(since)[0],
              ('access_ws_get_work_students_without_publications', 'work_id', '2304', '3', '1',
               '0'), 'event')


def test_teachers_left_out_and_odd_emails():
    teacher, a, b = new_user(status=1), new_user(), new_user()
    course = new_course(teacher=teacher, students=[a, b])
    work = make_work(course.id, user_id=teacher.id)
    make_work(course.id, parent=work, user_id=a.id)
    sql_exec("UPDATE \"user\" SET email = '<b>' WHERE id = %s", b.id)
    data = assert_ok(as_user(teacher, 'get_work_students_without_publications',
                             {'course': course.id}, query={'work': work}))
    assert_eq(data, [['L' + b.username, 'F' + b.username,
                      '<a href="%s" class="clickable_email_link">&lt;b&gt;</a>'
                      % entities('mailto:<b>'), php_int(b.id)]], 'b only, text escaped')


def test_refused():
    key = authenticate('student1', 'student1')
    assert_error(call('get_work_students_without_publications', 'student1', key, {'course': 1},
                      query={'work': 2304}), msg('NotAllowed'))
    assert_error(call('get_work_students_without_publications', 'teacher',
                      authenticate('teacher', 'teacher'), {'course': 1}), msg('ActionNotAllowed'))
