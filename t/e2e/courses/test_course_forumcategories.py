"""course_forumcategories: the forum categories of a course with their forums.

Spec: 30-courses.md §4.7 (visible items, hidden ones for editors; forums keyed
by their position in the course's forum list; numberOfThreads; lastPost with
FMT_LONG and PERSON; image URL; courseId; event course_id = POST course),
§1.5 (LIST-OR-OBJECT), README "Decisions on holes" (course access).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness
from harness import (as_user, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, new_course, new_user)
from course_tools_common import assert_one_round_trip, make_category, make_forum, ordered, web_root

CATEGORY_KEYS = ['id', 'title', 'catId', 'description', 'forums', 'courseId']
FORUM_KEYS = ['id', 'catId', 'title', 'description', 'image', 'numberOfThreads', 'lastPost']


def introductions():
    return {'id': 2301, 'catId': 2301, 'title': 'Introductions', 'description': 'Say hello',
            'image': web_root() + 'courses/ENGLISH101/upload/forum/images/intro.png',
            'numberOfThreads': 1,
            'lastPost': {'date': 'February 01, 2026 at 10:30 AM', 'user': 'Marie Curie'}}


def plain_forum(iid, cat, title):
    return {'id': iid, 'catId': cat, 'title': title, 'description': None, 'image': '',
            'numberOfThreads': 0, 'lastPost': None}


@both_encodings
def test_student_sees_visible_categories_and_forums(enc):
    key = authenticate('student1', 'student1')
    since = last_event_id()
    resp = call('course_forumcategories', 'student1', key, {'course': 1}, encoding=enc)
    data = assert_ok(resp)
    assert_eq(data, [{'id': 2301, 'title': 'General discussion', 'catId': 2301,
                      'description': 'Talk about anything', 'forums': [introductions()],
                      'courseId': 1}], 'student1 forum categories')
    raw = ordered(resp)
    assert_eq([k for k, _ in raw[0]], CATEGORY_KEYS, 'category keys in order')
    assert_eq([k for k, _ in dict(raw[0])['forums'][0]], FORUM_KEYS, 'forum keys in order')
    assert b'"image":"http:\\/\\/' in resp.body, resp.body
    assert_eq(events_since(since),
              [('access_ws_course_forumcategories', 'course_id', '1', '4', '1', '0')], 'event')


@both_encodings
def test_editor_sees_hidden_items_keyed_by_position(enc):
    key = authenticate('admin', 'admin')
    data = assert_ok(call('course_forumcategories', 'admin', key, {'course': 1}, encoding=enc))
    assert_eq(data, [
        {'id': 2301, 'title': 'General discussion', 'catId': 2301,
         'description': 'Talk about anything',
         'forums': [introductions(), plain_forum(2302, 2301, 'Homework help')], 'courseId': 1},
        # 'Planning' is the third forum of the course: an object keyed "2".
        {'id': 2302, 'title': 'Staff room', 'catId': 2302, 'description': None,
         'forums': {'2': plain_forum(2303, 2302, 'Planning')}, 'courseId': 1},
    ], 'admin forum categories')


def test_thread_posted_through_the_api_is_counted():
    teacher, student = new_user(status=1), new_user()
    course = new_course(teacher=teacher, students=[student])
    cat = make_category(course.id, 'Talk')
    forum = make_forum(course.id, cat, 'Chat')
    assert_ok(as_user(student, 'save_forum_thread',
                      {'course': course.id, 'forum': forum, 'title': 'First', 'text': 'Hi'}))
    data = assert_ok(as_user(student, 'course_forumcategories', {'course': course.id}))
    entry = data[0]['forums'][0]
    assert_eq(entry['numberOfThreads'], 1, 'thread counted')
    assert entry['lastPost']['user'] == 'F%s L%s' % (student.username, student.username), entry
    assert entry['lastPost']['date'].endswith(('AM', 'PM')), entry


def test_empty_course_answers_empty_list():
    student = new_user()
    course = new_course(students=[student])
    assert_eq(assert_ok(as_user(student, 'course_forumcategories', {'course': course.id})), [],
              'no category')


def test_session_forums_are_not_shown_in_the_base_course():
    student = new_user()
    course = new_course(students=[student])
    cat = make_category(course.id)
    make_forum(course.id, cat, 'Base')
    from harness import new_session
    session = new_session(courses=[course], users=[student])
    make_forum(course.id, cat, 'Session only', ip_session=session.id)
    base = assert_ok(as_user(student, 'course_forumcategories', {'course': course.id}))
    assert_eq([f['title'] for f in base[0]['forums']], ['Base'], 'base course forums')
    inside = assert_ok(as_user(student, 'course_forumcategories',
                               {'course': course.id, 'session': session.id}))
    assert_eq([f['title'] for f in inside[0]['forums'].values()]
              if isinstance(inside[0]['forums'], dict) else
              [f['title'] for f in inside[0]['forums']], ['Session only'], 'session forums')


@both_encodings
def test_course_required_and_checked(enc):
    key = authenticate('student1', 'student1')
    assert_error(call('course_forumcategories', 'student1', key, encoding=enc), msg('NoCourse'))
    assert_error(call('course_forumcategories', 'student1', key, {'course': 999999}, encoding=enc),
                 msg('NoCourse'))
    assert_error(call('course_forumcategories', 'student1', key, {'course': 'abc'}, encoding=enc),
                 msg('NoCourse'))


def test_student_of_another_course_is_refused():
    stranger = new_user()
    teacher = new_user(status=1)
    course = new_course(teacher=teacher)
    harness.sql_exec('UPDATE course SET visibility = 1 WHERE id = %s', course.id)
    assert_error(as_user(stranger, 'course_forumcategories', {'course': course.id}),
                 msg('NotAllowed'))


def test_one_round_trip():
    key = authenticate('student1', 'student1')
    assert_one_round_trip({'action': 'course_forumcategories', 'username': 'student1', 'api_key': key,
                           'course': '1'}, 'course_forumcategories.list')
