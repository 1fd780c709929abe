"""save_forum_post: a reply in a thread of the course.

Spec: 30-courses.md §7.2 (POST title, text, thread, forum required -> "No
data available"; notify by presence; parent; nl2br text; the thread's
replies, last post and date; the forum's and post's item properties;
subscription once; {"registered": true}; event registered = 1); one
transaction (failing trigger); docs/compat.md (a thread of another course
is not written to).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (php_int, as_user, assert_eq, assert_error, assert_ok, both_encodings, events_since,
                     failing_trigger, last_event_id, msg, new_course, new_user, sql, sql_exec,
                     sql_value)
from course_tools_common import assert_each_required, make_category, make_forum, post_rows


def setup(**forum_settings):
    teacher, student = new_user(status=1), new_user()
    course = new_course(teacher=teacher, students=[student])
    forum = make_forum(course.id, make_category(course.id), **forum_settings)
    thread = assert_ok(as_user(teacher, 'save_forum_thread', {
        'course': course.id, 'forum': forum, 'title': 'Topic', 'text': 'first'}))['registered']
    return course, student, forum, thread


@both_encodings
def test_reply_written(enc):
    course, student, forum, thread = setup()
    first = sql_value('SELECT iid FROM c_forum_post WHERE thread_id = %s', thread)
    student.key()  # authenticated before: its event is not this call's
    since = last_event_id()
    resp = as_user(student, 'save_forum_post', {
        'course': course.id, 'forum': forum, 'thread': thread, 'title': 'Re: Topic',
        'text': 'a\nb', 'parent': first, 'notify': ''}, encoding=enc)
    assert_eq(assert_ok(resp), {'registered': True}, 'answer')
    assert resp.body.startswith(b'{"error":false,"data":{"registered":true}}'), resp.body
    rows = sql('SELECT iid, post_id, post_title, post_text, thread_id, forum_id, poster_id,'
               ' post_notification, post_parent_id, visible, status FROM c_forum_post'
               ' WHERE thread_id = %s AND poster_id = %s', thread, student.id)
    assert_eq(len(rows), 1, 'one reply')
    iid = rows[0][0]
    assert_eq(rows[0][1:], (iid, 'Re: Topic', 'a<br />\nb', str(thread), str(forum),
                            str(student.id), '1', first, '1', '1'), 'reply row')
    assert_eq(sql('SELECT thread_replies, thread_last_post FROM c_forum_thread WHERE iid = %s',
                  thread), [('1', iid)], 'thread counters')
    assert_eq(sql("SELECT tool, ref, lastedit_type, lastedit_user_id FROM c_item_property"
                  " WHERE c_id = %s AND tool IN ('forum', 'forum_post') ORDER BY tool, iid",
                  course.id),
              [('forum', str(forum), 'NewMessageInForum', str(student.id)),
               ('forum_post', iid, 'NewPost', str(student.id))], 'item properties')
    assert_eq(sql('SELECT user_id FROM c_forum_notification WHERE thread_id = %s', thread),
              [(str(student.id),)], 'subscribed (notify sent, even empty)')
    assert_eq(events_since(since),
              [('access_ws_save_forum_post', 'registered', '1', str(student.id), str(course.id),
                '0')], 'event')
    # The thread reads it, with its parent.
    data = assert_ok(as_user(student, 'course_forumthread',
                             {'course': course.id, 'forum': forum, 'thread': thread}))
    assert_eq([(p['text'], p['parentId']) for p in data['posts']],
              [('first', None), ('a<br />\nb', php_int(first))], 'thread posts')


def test_second_reply_subscribes_once_and_no_notify_no_subscription():
    course, student, forum, thread = setup()
    params = {'course': course.id, 'forum': forum, 'thread': thread, 'title': 't', 'text': 'x'}
    assert_ok(as_user(student, 'save_forum_post', params))
    assert_eq(sql_value('SELECT count(*) FROM c_forum_notification WHERE thread_id = %s', thread),
              '0', 'no notify, no subscription')
    for _ in range(2):
        assert_ok(as_user(student, 'save_forum_post', dict(params, notify='1')))
    assert_eq(sql_value('SELECT count(*) FROM c_forum_notification WHERE thread_id = %s', thread),
              '1', 'one subscription')
    assert_eq(sql_value('SELECT thread_replies FROM c_forum_thread WHERE iid = %s', thread), '3',
              'three replies')
    assert_eq(sql_value("SELECT count(*) FROM c_item_property WHERE tool = 'forum' AND ref = %s",
                        forum), '1', 'the forum item property updated, not added')


def test_approval_hides_a_students_reply():
    course, student, forum, thread = setup(approval='1')
    assert_ok(as_user(student, 'save_forum_post', {'course': course.id, 'forum': forum,
                                                   'thread': thread, 'title': 't', 'text': 'x'}))
    assert_eq(sql_value('SELECT visible FROM c_forum_post WHERE thread_id = %s AND poster_id = %s',
                        thread, student.id), '0', 'hidden until approved')


def test_thread_of_another_course_is_not_written():
    course, student, forum, thread = setup()
    other = new_course(students=[student])
    before = post_rows(course.id)
    resp = as_user(student, 'save_forum_post', {'course': other.id, 'forum': forum,
                                                'thread': thread, 'title': 't', 'text': 'x'})
    assert_eq(assert_ok(resp), {'registered': True}, 'answer as PHP')
    assert_eq((post_rows(course.id), post_rows(other.id)), (before, 0), 'nothing written')
    assert_eq(sql_value('SELECT count(*) FROM c_item_property WHERE c_id = %s', other.id), '0',
              'no item property')


@both_encodings
def test_required_fields(enc):
    course, student, forum, thread = setup()
    base = {'course': course.id, 'forum': forum, 'thread': thread, 'title': 't', 'text': 'x'}
    before = post_rows(course.id)
    assert_each_required(student, 'save_forum_post', base, ('title', 'text', 'thread', 'forum'), enc)
    assert_error(as_user(student, 'save_forum_post', dict(base, thread=['1']), encoding=enc),
                 msg('NoData'))
    assert_eq(post_rows(course.id), before, 'nothing written')


def test_failing_update_leaves_nothing():
    course, student, forum, thread = setup()
    before = (post_rows(course.id),
              sql_value('SELECT count(*) FROM c_item_property WHERE c_id = %s', course.id))
    with failing_trigger('c_item_property', "NEW.tool = 'forum_post'"):
        resp = as_user(student, 'save_forum_post', {'course': course.id, 'forum': forum,
                                                    'thread': thread, 'title': 't', 'text': 'x',
                                                    'notify': '1'})
        assert resp.json['error'] is True, resp.json
    assert_eq((post_rows(course.id),
               sql_value('SELECT count(*) FROM c_item_property WHERE c_id = %s', course.id)),
              before, 'nothing left behind')
    assert_eq(sql('SELECT thread_replies FROM c_forum_thread WHERE iid = %s', thread), [('0',)],
              'counters unchanged')


def test_student_of_another_course_is_refused():
    course, _, forum, thread = setup()
    sql_exec('UPDATE course SET visibility = 1 WHERE id = %s', course.id)
    before = post_rows(course.id)
    assert_error(as_user(new_user(), 'save_forum_post', {'course': course.id, 'forum': forum,
                                                         'thread': thread, 'title': 't',
                                                         'text': 'x'}), msg('NotAllowed'))
    assert_eq(post_rows(course.id), before, 'nothing written')
