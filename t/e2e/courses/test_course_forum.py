"""course_forum: one forum of a course and its threads.

Spec: 30-courses.md §4.8 (POST forum against forum_id; "No forum" for a
missing or deleted one; threads visible, hidden ones for editors, sticky
first then newest; FMT_LONG_24H of the item's last edit; PHP 8 integer
columns; event course_id-forum_id "<forum>:<forum>"), §1.6 (image URL).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, new_course, new_user, php_int,
                     sql_exec)
from course_tools_common import assert_one_round_trip, item_property, make_category, make_forum, ordered, web_root

THREAD_KEYS = ['id', 'title', 'lastEditDate', 'numberOfReplies', 'numberOfViews', 'author']


def hello_thread():
    return {'id': php_int(2301), 'title': 'Hello everyone',
            'lastEditDate': 'February 01, 2026 at 10:30', 'numberOfReplies': php_int(1),
            'numberOfViews': php_int(7), 'author': 'Ada Lovelace'}


@both_encodings
def test_demo_forum(enc):
    key = authenticate('student2', 'student2')
    since = last_event_id()
    resp = call('course_forum', 'student2', key, {'course': 1, 'forum': 2301}, encoding=enc)
    data = assert_ok(resp)
    assert_eq(data, {'id': php_int(2301), 'title': 'Introductions', 'description': 'Say hello',
                     'image': web_root() + 'courses/ENGLISH101/upload/forum/images/intro.png',
                     'threads': [hello_thread()]}, 'forum 2301')
    raw = ordered(resp)
    assert_eq([k for k, _ in raw], ['id', 'title', 'description', 'image', 'threads'], 'keys')
    assert_eq([k for k, _ in dict(raw)['threads'][0]], THREAD_KEYS, 'thread keys')
    assert_eq(events_since(since),
              [('access_ws_course_forum', 'course_id-forum_id', '2301:2301', '5', '1', '0')],
              'event')


def test_threads_order_and_visibility():
    teacher, student = new_user(status=1), new_user()
    course = new_course(teacher=teacher, students=[student])
    forum = make_forum(course.id, make_category(course.id))
    ids = {}
    for title, sticky, date, visibility in (('old', 0, '2026-01-01 10:00:00', 1),
                                            ('new', 0, '2026-01-03 10:00:00', 1),
                                            ('pinned', 1, '2025-12-01 10:00:00', 1),
                                            ('hidden', 0, '2026-01-04 10:00:00', 0),
                                            ('deleted', 0, '2026-01-05 10:00:00', 2)):
        iid = int(sql_exec(
            'INSERT INTO c_forum_thread (c_id, thread_id, thread_title, forum_id, thread_poster_id,'
            ' thread_date, thread_sticky, locked, session_id, thread_qualify_max, thread_weight,'
            ' lp_item_id) VALUES (%s, 0, %s, %s, %s, %s, %s, 0, 0, 0, 0, 0) RETURNING iid',
            course.id, title, forum, student.id, date, sticky)[0][0])
        sql_exec('UPDATE c_forum_thread SET thread_id = iid WHERE iid = %s', iid)
        item_property(course.id, 'forum_thread', iid, visibility)
        ids[title] = iid
    data = assert_ok(as_user(student, 'course_forum', {'course': course.id, 'forum': forum}))
    assert_eq([t['title'] for t in data['threads']], ['pinned', 'new', 'old'], 'student threads')
    data = assert_ok(call('course_forum', 'admin', authenticate('admin', 'admin'),
                          {'course': course.id, 'forum': forum}))
    assert_eq([t['title'] for t in data['threads']], ['pinned', 'hidden', 'new', 'old'],
              'editor threads')


@both_encodings
def test_no_forum(enc):
    key = authenticate('student1', 'student1')
    for forum in (0, 999999, 'abc', None):
        params = {'course': 1}
        if forum is not None:
            params['forum'] = forum
        assert_error(call('course_forum', 'student1', key, params, encoding=enc), msg('NoForum'))
    # A forum of another course is not found in this one.
    assert_error(call('course_forum', 'student1', key, {'course': 2, 'forum': 2301}, encoding=enc),
                 msg('NoForum'))


def test_deleted_forum_is_not_found_hidden_one_is():
    student = new_user()
    course = new_course(students=[student])
    cat = make_category(course.id)
    deleted = make_forum(course.id, cat, 'Gone', visibility=2)
    hidden = make_forum(course.id, cat, 'Hidden', visibility=0)
    assert_error(as_user(student, 'course_forum', {'course': course.id, 'forum': deleted}),
                 msg('NoForum'))
    data = assert_ok(as_user(student, 'course_forum', {'course': course.id, 'forum': hidden}))
    assert_eq((data['title'], data['threads']), ('Hidden', []), 'hidden forum, no thread')


def test_course_required():
    key = authenticate('student1', 'student1')
    assert_error(call('course_forum', 'student1', key, {'forum': 2301}), msg('NoCourse'))


def test_student_of_another_course_is_refused():
    stranger = new_user()
    course = new_course(teacher=new_user(status=1))
    sql_exec('UPDATE course SET visibility = 1 WHERE id = %s', course.id)
    forum = make_forum(course.id, make_category(course.id))
    assert_error(as_user(stranger, 'course_forum', {'course': course.id, 'forum': forum}),
                 msg('NotAllowed'))


def test_one_round_trip():
    key = authenticate('student1', 'student1')
    assert_one_round_trip({'action': 'course_forum', 'username': 'student1', 'api_key': key,
                           'course': '1', 'forum': '2301'}, 'course_forum.get')
