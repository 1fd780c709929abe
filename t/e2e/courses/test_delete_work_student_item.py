"""delete_work_student_item: deletes a submission.

Spec: 30-courses.md §9 (POST work required -> "Action not allowed"; teachers
and coaches only; a teacher deletes any submission, a coach only their own
with student_delete_own_publication = 1 and no qualification; "The document
has been deleted." / "You are not allowed to delete this document"; event
work_id); Chamilo marks it deleted (active 2).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, both_encodings, events_since,
                     failing_trigger, last_event_id, msg, new_course, new_user, sql, sql_exec,
                     sql_value)
from course_tools_common import make_work

DELETED = {'message': 'The document has been deleted.'}
REFUSED = {'message': 'You are not allowed to delete this document'}


def setup():
    teacher, student = new_user(status=1), new_user()
    course = new_course(teacher=teacher, students=[student])
    work = make_work(course.id, user_id=teacher.id)
    return course, teacher, student, work, make_work(course.id, parent=work, user_id=student.id)


def active(item):
    return sql_value('SELECT active FROM c_student_publication WHERE iid = %s', item)


@both_encodings
def test_teacher_deletes(enc):
    course, teacher, _, _, item = setup()
    teacher.key()
    since = last_event_id()
    assert_eq(assert_ok(as_user(teacher, 'delete_work_student_item',
                                {'course': course.id, 'work': item}, encoding=enc)), DELETED, 'first')
    assert_eq(active(item), '2', 'marked deleted')
    assert_eq(sql("SELECT lastedit_type FROM c_item_property WHERE tool = 'work' AND ref = %s",
                  item), [('DocumentDeleted',)], 'item property')
    assert_eq(assert_ok(as_user(teacher, 'delete_work_student_item',
                                {'course': course.id, 'work': item}, encoding=enc)), REFUSED,
              'already deleted')
    event = ('access_ws_delete_work_student_item', 'work_id', str(item), str(teacher.id),
             str(course.id), '0')
    assert_eq(events_since(since), [event, event], 'events')


def test_assignment_itself_and_unknown_are_not_deleted():
    course, teacher, _, work, _ = setup()
    for target in (work, 999999, 0):
        assert_eq(assert_ok(as_user(teacher, 'delete_work_student_item',
                                    {'course': course.id, 'work': target})), REFUSED, str(target))
    assert_eq(active(work), '1', 'assignment kept')


def test_students_and_missing_work_are_refused():
    course, teacher, student, _, item = setup()
    sql_exec("INSERT INTO c_course_setting (c_id, variable, value, title)"
             " VALUES (%s, 'student_delete_own_publication', '1', '')", course.id)
    assert_error(as_user(student, 'delete_work_student_item', {'course': course.id, 'work': item}),
                 msg('NotAllowed'))
    assert_error(as_user(teacher, 'delete_work_student_item', {'course': course.id}),
                 msg('ActionNotAllowed'))
    assert_eq(active(item), '1', 'kept')


def test_failing_item_property_leaves_nothing():
    course, teacher, _, _, item = setup()
    with failing_trigger('c_item_property', "NEW.tool = 'work'"):
        resp = as_user(teacher, 'delete_work_student_item', {'course': course.id, 'work': item})
        assert resp.json['error'] is True, resp.json
    assert_eq(active(item), '1', 'nothing changed')
