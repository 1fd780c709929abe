"""delete_work_corrections: removes the corrections of an assignment.

Spec: 30-courses.md §9 (POST work required -> "Action not allowed"; teachers
and coaches only; every submission loses its correction; {"message":
"Deleted"}; event work_id).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, both_encodings, events_since,
                     last_event_id, msg, new_course, new_user, sql)
from course_tools_common import make_work


@both_encodings
def test_corrections_removed(enc):
    teacher, student = new_user(status=1), new_user()
    course = new_course(teacher=teacher, students=[student])
    work = make_work(course.id, user_id=teacher.id)
    other = make_work(course.id, user_id=teacher.id)
    mine = make_work(course.id, parent=work, user_id=student.id, url_correction='c/1.pdf')
    kept = make_work(course.id, parent=other, user_id=student.id, url_correction='c/2.pdf')
    teacher.key()
    since = last_event_id()
    resp = as_user(teacher, 'delete_work_corrections', {'course': course.id, 'work': work},
                   encoding=enc)
    assert_eq(assert_ok(resp), {'message': 'Deleted'}, 'answer')
    assert_eq(sql('SELECT iid, url_correction, title_correction FROM c_student_publication'
                  ' WHERE iid IN (%s, %s) ORDER BY iid', mine, kept),
              [(str(mine), '', ''), (str(kept), 'c/2.pdf', 'corr')], 'corrections')
    assert_eq(events_since(since), [('access_ws_delete_work_corrections', 'work_id', str(work),
                                     str(teacher.id), str(course.id), '0')], 'event')


def test_refused():
    teacher, student = new_user(status=1), new_user()
    course = new_course(teacher=teacher, students=[student])
    work = make_work(course.id, user_id=teacher.id)
    make_work(course.id, parent=work, user_id=student.id, url_correction='c/1.pdf')
    assert_error(as_user(student, 'delete_work_corrections', {'course': course.id, 'work': work}),
                 msg('NotAllowed'))
    assert_error(as_user(teacher, 'delete_work_corrections', {'course': course.id}),
                 msg('ActionNotAllowed'))
    assert_eq(sql('SELECT url_correction FROM c_student_publication WHERE parent_id = %s', work),
              [('c/1.pdf',)], 'unchanged')
