"""get_users_subscribed_to_course: the members of the course (course
context).

Spec: 30-courses.md §8.6 (relation_type <> 1, ORDER BY firstname,
lastname, the keys and types; log (course_id, POST course)); the 1.11.32
recording (user_id and status_rel are numbers under PHP 8).
"""

import os
import sys

from harness import (assert_eq, assert_ok, both_encodings, call, new_course, new_user, php_int,
                     sql_exec)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from course_common import (assert_denied_to_a_stranger, assert_needs_a_course, event_of,  # noqa
                           keys_of, read)


def member(user_id, username, first, last, status):
    return {'user_id': php_int(user_id), 'username': username, 'firstname': first,
            'lastname': last, 'status_rel': php_int(status)}


@both_encodings
def test_english_members_by_first_name(enc):
    resp = read('get_users_subscribed_to_course', 'student1', enc=enc)
    assert_eq(assert_ok(resp), [member(4, 'student1', 'Ada', 'Lovelace', 5),
                                member(5, 'student2', 'Alan', 'Turing', 5),
                                member(3, 'teacher', 'Marie', 'Curie', 1)], 'members')
    assert_eq(keys_of(resp)[0], ['user_id', 'username', 'firstname', 'lastname', 'status_rel'],
              'keys')


def test_hr_follow_up_left_out():
    teacher, student, hr = new_user(status=1), new_user(), new_user(status=4)
    course = new_course(teacher=teacher, students=[student])
    sql_exec('INSERT INTO course_rel_user (c_id, user_id, status, relation_type, sort,'
             ' user_course_cat) VALUES (%s, %s, 5, 1, 0, 0)', course.id, hr.id)
    data = assert_ok(call('get_users_subscribed_to_course', teacher.username, teacher.key(),
                          {'course': course.id}))
    assert_eq(sorted(m['username'] for m in data), sorted([teacher.username, student.username]),
              'members')


def test_event_denial_and_context():
    assert_eq(event_of('get_users_subscribed_to_course',
                       lambda: read('get_users_subscribed_to_course', 'student1')),
              [['course_id', '1']], 'event')
    assert_denied_to_a_stranger('get_users_subscribed_to_course')
    assert_needs_a_course('get_users_subscribed_to_course')
