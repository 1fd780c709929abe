"""course_forumthread: a thread of a course's forum with its posts.

Spec: 30-courses.md §4.9 (POST forum, thread; posts visible, oldest first;
moderated forums; one attachment object, the last, with Chamilo's HTML;
the empty thread object; ints under both runtimes; event
course_id-forum_id-thread_id "<course>:<forum>:<thread>"); docs/compat.md
(the thread must belong to the course).
"""

import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, new_course, new_user, php_int,
                     sql_exec)
from course_tools_common import assert_one_round_trip, make_category, make_forum, ordered, web_root

EMPTY = {'id': 0, 'cId': 0, 'title': None, 'forumId': 0, 'posts': []}
POST_KEYS = ['id', 'title', 'text', 'author', 'date', 'parentId', 'attachments']


def cidreq(code='ENGLISH101', session=0):
    return 'cidReq=%s&id_session=%d&gidReq=0&gradebook=0&origin=' % (code, session)


def demo_attachment():
    base = web_root() + 'main/'
    href = base + 'forum/download.php?file=notes_5f3a.pdf&' + cidreq()
    delete = (base + 'forum/viewthread.php?' + cidreq()
              + '&action=delete_attach&forum=2301&thread=2301&id_attach=2301')
    return {
        'filename': 'notes & tips.pdf', 'path': 'notes_5f3a.pdf',
        'name': '<a target="_blank" class="attachFilename" href="%s" >notes &amp; tips.pdf</a>'
                % href.replace('&', '&amp;'),
        'id': php_int(2301), 'comment': 'Course notes', 'size': '1.5k',
        'result': '<img src="%simg/icons/22/accept.png" alt="Uploaded." title="Uploaded."  />'
                  % base,
        'delete': '<a class="deleteLink" href="%s" ><img src="%simg/icons/22/delete.png"'
                  ' alt="Delete" title="Delete"  /></a>' % (delete.replace('&', '&amp;'), base),
    }


def demo_thread(attachments=True):
    return {'id': 2301, 'cId': 1, 'title': 'Hello everyone', 'forumId': 2301, 'posts': [
        {'id': php_int(2301), 'title': 'Hello everyone', 'text': 'I am Ada.<br />\nNice to meet you!',
         'author': 'Ada Lovelace', 'date': 'February 01, 2026 at 09:00', 'parentId': None,
         'attachments': []},
        {'id': php_int(2302), 'title': 'Re: Hello everyone',
         'text': '<p>Welcome, Ada &amp; all.</p>', 'author': 'Marie Curie',
         'date': 'February 01, 2026 at 10:30', 'parentId': php_int(2301),
         'attachments': demo_attachment() if attachments else []},
    ]}


@both_encodings
def test_demo_thread(enc):
    key = authenticate('student1', 'student1')
    since = last_event_id()
    resp = call('course_forumthread', 'student1', key, {'course': 1, 'forum': 2301, 'thread': 2301},
                encoding=enc)
    assert_eq(assert_ok(resp), demo_thread(), 'thread 2301')
    raw = ordered(resp)
    assert_eq([k for k, _ in raw], ['id', 'cId', 'title', 'forumId', 'posts'], 'keys')
    assert_eq([k for k, _ in dict(raw)['posts'][1]], POST_KEYS, 'post keys')
    assert_eq([k for k, _ in dict(dict(raw)['posts'][1])['attachments']],
              ['filename', 'path', 'name', 'id', 'comment', 'size', 'result', 'delete'],
              'attachment keys')
    assert_eq(events_since(since),
              [('access_ws_course_forumthread', 'course_id-forum_id-thread_id', '1:2301:2301',
                '4', '1', '0')], 'event')


def test_forum_zero_reads_the_thread_without_attachments():
    key = authenticate('student1', 'student1')
    data = assert_ok(call('course_forumthread', 'student1', key, {'course': 1, 'thread': 2301}))
    assert_eq(data, demo_thread(attachments=False), 'thread without forum')


@both_encodings
def test_unknown_thread_answers_the_empty_thread(enc):
    key = authenticate('student1', 'student1')
    for params in ({'thread': 999999}, {'forum': 2302, 'thread': 2301}, {},
                   {'thread': 'abc', 'forum': 'x'}):
        params = dict(params, course=1)
        assert_eq(assert_ok(call('course_forumthread', 'student1', key, params, encoding=enc)),
                  EMPTY, 'no thread for %r' % (params,))
    # Another course's thread is not read through this course (docs/compat.md).
    assert_eq(assert_ok(call('course_forumthread', 'student1', key,
                             {'course': 2, 'forum': 2301, 'thread': 2301}, encoding=enc)),
              EMPTY, 'thread of another course')


@both_encodings
def test_arrays_read_as_php_int(enc):
    # PHP (int) of a non-empty array is 1: thread 1 of course 1 does not exist.
    key = authenticate('student1', 'student1')
    resp = call('course_forumthread', 'student1', key,
                {'course': 1, 'thread': ['2301', '2'], 'forum': ['2301']}, encoding=enc)
    assert_eq(assert_ok(resp), EMPTY, 'arrays')


def post(course, forum, thread, poster, text, visible=1, status=1, date='2026-01-01 10:00:00'):
    iid = int(sql_exec(
        'INSERT INTO c_forum_post (c_id, post_id, post_title, post_text, thread_id, forum_id,'
        ' poster_id, post_date, visible, status) VALUES (%s, 0, %s, %s, %s, %s, %s, %s, %s, %s)'
        ' RETURNING iid', course, text, text, thread, forum, poster.id, date, visible, status)[0][0])
    sql_exec('UPDATE c_forum_post SET post_id = iid WHERE iid = %s', iid)
    return iid


def test_moderated_forum_and_hidden_posts():
    teacher, student, other = new_user(status=1), new_user(), new_user()
    course = new_course(teacher=teacher, students=[student, other])
    forum = make_forum(course.id, make_category(course.id), moderated=1)
    thread = assert_ok(as_user(teacher, 'save_forum_thread', {
        'course': course.id, 'forum': forum, 'title': 'Moderated', 'text': 'first'}))['registered']
    post(course.id, forum, thread, other, 'accepted', status=1)
    post(course.id, forum, thread, other, 'waiting of other', status=2)
    post(course.id, forum, thread, student, 'my waiting', status=2)
    post(course.id, forum, thread, student, 'my rejected', status=3)
    post(course.id, forum, thread, other, 'hidden', visible=0)
    post(course.id, forum, thread, other, 'deleted', visible=2)
    params = {'course': course.id, 'forum': forum, 'thread': thread}
    data = assert_ok(as_user(student, 'course_forumthread', params))
    # The teacher edits the course: her first post needs no moderation.
    assert_eq([p['text'] for p in data['posts']],
              ['first', 'accepted', 'my waiting', 'my rejected'], 'student view')
    for editor in (teacher, None):
        resp = (as_user(editor, 'course_forumthread', params) if editor else
                call('course_forumthread', 'admin', authenticate('admin', 'admin'), params))
        assert_eq([p['text'] for p in assert_ok(resp)['posts']],
                  ['first', 'accepted', 'waiting of other', 'my waiting', 'my rejected', 'hidden'],
                  'editor view')


def test_student_of_another_course_is_refused():
    stranger = new_user()
    course = new_course(teacher=new_user(status=1))
    sql_exec('UPDATE course SET visibility = 1 WHERE id = %s', course.id)
    assert_error(as_user(stranger, 'course_forumthread', {'course': course.id, 'thread': 1}),
                 msg('NotAllowed'))


def test_one_round_trip():
    key = authenticate('student1', 'student1')
    assert_one_round_trip({'action': 'course_forumthread', 'username': 'student1', 'api_key': key,
                           'course': '1', 'forum': '2301', 'thread': '2301'}, 'course_forumthread.get')
