"""save_forum_thread: a new thread in a course's forum with its first post.

Spec: 30-courses.md §7.3 (POST title, text, forum required -> "No data
available"; notify; nl2br text; thread, item property in the session context,
first post, thread_last_post, subscription; approval and moderation for
non-editors; {"registered": int}; event registered = thread iid); one
transaction (failing trigger).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, both_encodings, events_since,
                     failing_trigger, last_event_id, msg, new_course, new_session, new_user, sql,
                     sql_exec, sql_value)
from course_tools_common import assert_each_required, make_category, make_forum, post_rows, thread_rows


def setup(**forum):
    teacher, student = new_user(status=1), new_user()
    course = new_course(teacher=teacher, students=[student])
    return course, student, make_forum(course.id, make_category(course.id), **forum)


@both_encodings
def test_thread_written(enc):
    course, student, forum = setup()
    student.key()  # authenticated before: its event is not this call's
    since = last_event_id()
    resp = as_user(student, 'save_forum_thread', {
        'course': course.id, 'forum': forum, 'title': 'Question é', 'text': 'line 1\nline 2\r\nend',
        'notify': '1'}, encoding=enc)
    data = assert_ok(resp)
    thread = data['registered']
    assert isinstance(thread, int) and not isinstance(thread, bool), data
    assert resp.body.startswith(b'{"error":false,"data":{"registered":%d}}' % thread), resp.body
    row = sql('SELECT c_id, thread_id, thread_title, forum_id, thread_poster_id, thread_replies,'
              ' thread_views, thread_sticky, locked, session_id, thread_last_post,'
              ' thread_date IS NOT NULL FROM c_forum_thread WHERE iid = %s', thread)
    # The text is compared in SQL: psql's output would fold the \r\n.
    post = sql('SELECT iid, c_id, post_id, post_title,'
               " post_text = E'line 1<br />\\nline 2<br />\\r\\nend', thread_id, forum_id, poster_id,"
               ' post_notification, post_parent_id, visible, status FROM c_forum_post'
               ' WHERE thread_id = %s', thread)
    assert_eq(len(post), 1, 'one post')
    post_iid = post[0][0]
    assert_eq(row, [(str(course.id), str(thread), 'Question é', str(forum), str(student.id), '0',
                     '0', '0', '0', '0', post_iid, 't')], 'thread row')
    assert_eq(post, [(post_iid, str(course.id), post_iid, 'Question é', 't', str(thread), str(forum),
                      str(student.id), '1', None, '1', '1')], 'post row')
    assert_eq(sql("SELECT tool, ref, session_id, insert_user_id, lastedit_type, visibility"
                  " FROM c_item_property WHERE c_id = %s AND tool = 'forum_thread'", course.id),
              [('forum_thread', str(thread), None, str(student.id), 'ForumThreadAdded', '1')],
              'item property')
    assert_eq(sql('SELECT c_id, thread_id, user_id FROM c_forum_notification WHERE thread_id = %s',
                  thread), [(str(course.id), str(thread), str(student.id))], 'subscription')
    assert_eq(events_since(since),
              [('access_ws_save_forum_thread', 'registered', str(thread), str(student.id),
                str(course.id), '0')], 'event')
    # The forum lists it.
    listed = assert_ok(as_user(student, 'course_forum', {'course': course.id, 'forum': forum}))
    assert_eq([t['title'] for t in listed['threads']], ['Question é'], 'listed')


def test_in_a_session_and_without_notify():
    course, student, forum = setup()
    session = new_session(courses=[course], users=[student])
    thread = assert_ok(as_user(student, 'save_forum_thread', {
        'course': course.id, 'session': session.id, 'forum': forum, 'title': 't', 'text': 'x',
        'notify': '0'}))['registered']
    assert_eq(sql_value('SELECT session_id FROM c_forum_thread WHERE iid = %s', thread),
              str(session.id), 'thread session')
    assert_eq(sql_value("SELECT session_id FROM c_item_property WHERE tool = 'forum_thread'"
                        ' AND ref = %s', thread), str(session.id), 'item property session')
    assert_eq(sql_value('SELECT count(*) FROM c_forum_notification WHERE thread_id = %s', thread),
              '0', 'no subscription')


def test_approval_and_moderation_for_students():
    course, student, forum = setup(approval='1', moderated=1)
    thread = assert_ok(as_user(student, 'save_forum_thread', {
        'course': course.id, 'forum': forum, 'title': 't', 'text': 'x'}))['registered']
    assert_eq(sql_value("SELECT visibility FROM c_item_property WHERE tool = 'forum_thread'"
                        ' AND ref = %s', thread), '0', 'thread hidden until approved')
    assert_eq(sql_value('SELECT status FROM c_forum_post WHERE thread_id = %s', thread), '2',
              'first post waits for moderation')


@both_encodings
def test_required_fields(enc):
    course, student, forum = setup()
    base = {'course': course.id, 'forum': forum, 'title': 't', 'text': 'x'}
    before = thread_rows(course.id)
    assert_each_required(student, 'save_forum_thread', base, ('title', 'text', 'forum'), enc)
    assert_error(as_user(student, 'save_forum_thread', dict(base, title=['a', 'b']), encoding=enc),
                 msg('NoData'))
    assert_error(as_user(student, 'save_forum_thread', dict(base, title='x' * 251), encoding=enc),
                 msg('NoData'))
    assert_eq(thread_rows(course.id), before, 'nothing written')


def test_course_required():
    course, student, forum = setup()
    assert_error(as_user(student, 'save_forum_thread', {'forum': forum, 'title': 't', 'text': 'x'}),
                 msg('NoCourse'))


def test_failing_post_insert_leaves_nothing():
    course, student, forum = setup()
    before = (thread_rows(course.id), post_rows(course.id),
              sql_value('SELECT count(*) FROM c_item_property WHERE c_id = %s', course.id))
    with failing_trigger('c_forum_post', 'NEW.c_id = %d' % course.id):
        resp = as_user(student, 'save_forum_thread', {'course': course.id, 'forum': forum,
                                                      'title': 't', 'text': 'x', 'notify': 1})
        assert resp.json['error'] is True, resp.json
    assert_eq((thread_rows(course.id), post_rows(course.id),
               sql_value('SELECT count(*) FROM c_item_property WHERE c_id = %s', course.id)),
              before, 'nothing left behind')
    assert_eq(sql_value('SELECT count(*) FROM c_forum_notification WHERE c_id = %s', course.id),
              '0', 'no subscription')


def test_student_of_another_course_is_refused():
    course, _, forum = setup()
    sql_exec('UPDATE course SET visibility = 1 WHERE id = %s', course.id)
    stranger = new_user()
    assert_error(as_user(stranger, 'save_forum_thread', {'course': course.id, 'forum': forum,
                                                         'title': 't', 'text': 'x'}),
                 msg('NotAllowed'))
    assert_eq(thread_rows(course.id), 0, 'nothing written')
