"""course_learnpaths: the learning paths of a course, by category.

Spec: 30-courses.md §5.1 (pseudo category "Without category" first, then
categories by position; only categories with a learning path left; progress
from the caller's view; url = v2.php?hash=<JSON action, lp_id, course,
session, api_key, username>; event username), §5.2 (item visibility,
category visibility and users, prerequisite, publication dates).
"""

import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, new_course, new_session, new_user,
                     sql_exec)
from course_tools_common import assert_course_checked, assert_one_round_trip, item_property, ordered, web_root


def url(lp_id, course, session, key, username):
    payload = json.dumps({'action': 'course_learnpath', 'lp_id': lp_id, 'course': course,
                          'session': session, 'api_key': key, 'username': username},
                         separators=(',', ':')).replace('/', '\\/')
    return web_root() + 'main/webservices/api/v2.php?' + urllib.parse.urlencode([('hash', payload)])


def make_lp(course, name, category=0, order=1, prerequisite=0, published=None, expires=None,
            session=0):
    iid = int(sql_exec(
        'INSERT INTO c_lp (c_id, lp_type, name, path, force_commit, display_order, content_maker,'
        " content_license, js_lib, debug, theme, preview_image, author, session_id, prerequisite,"
        ' hide_toc_frame, seriousgame_mode, autolaunch, category_id, max_attempts, subscribe_users,'
        ' modified_on, publicated_on, expired_on)'
        " VALUES (%s, 1, %s, '', 0, %s, '', '', '', 0, '', '', '', %s, %s, 0, 0, 0, %s, 0, 0,"
        ' LOCALTIMESTAMP, %s, %s) RETURNING iid',
        course.id, name, order, session, prerequisite, category, published, expires)[0][0])
    return iid


def view(course, lp, user, progress, session=0):
    sql_exec('INSERT INTO c_lp_view (c_id, lp_id, user_id, view_count, last_item, progress,'
             ' session_id) VALUES (%s, %s, %s, 1, 0, %s, %s)', course.id, lp, user.id, progress,
             session)


@both_encodings
def test_demo_learnpaths(enc):
    key = authenticate('student1', 'student1')
    since = last_event_id()
    resp = call('course_learnpaths', 'student1', key, {'course': 1}, encoding=enc)
    assert_eq(assert_ok(resp), [
        {'id': 0, 'name': 'Without category', 'learnpaths': [
            {'id': 2301, 'title': 'Basics', 'progress': 50,
             'url': url(2301, 1, 0, key, 'student1')}]},
        {'id': 2301, 'name': 'Grammar', 'learnpaths': [
            {'id': 2302, 'title': 'Verbs', 'progress': 0, 'url': url(2302, 1, 0, key, 'student1')}]},
    ], 'student1 learning paths')
    raw = ordered(resp)
    assert_eq([k for k, _ in raw[0]], ['id', 'name', 'learnpaths'], 'category keys')
    assert_eq([k for k, _ in dict(raw[0])['learnpaths'][0]], ['id', 'title', 'progress', 'url'],
              'learning path keys')
    assert b'v2.php?hash=%7B%22action%22%3A%22course_learnpath%22%2C%22lp_id%22%3A2301%2C' \
        in resp.body, resp.body
    assert_eq(events_since(since),
              [('access_ws_course_learnpaths', 'username', 'student1', '4', '1', '0')], 'event')


def test_visibility_rules():
    student, other = new_user(), new_user()
    course = new_course(teacher=new_user(status=1), students=[student, other])
    first = make_lp(course, 'First', order=1)
    second = make_lp(course, 'Second', order=2, prerequisite=first)
    hidden = make_lp(course, 'Hidden', order=3)
    item_property(course.id, 'learnpath', hidden, 0)
    make_lp(course, 'Future', order=4, published='2999-01-01 00:00:00')
    make_lp(course, 'Past', order=5, expires='2000-01-01 00:00:00')
    make_lp(course, 'Open window', order=6, published='2000-01-01 00:00:00',
            expires='2999-01-01 00:00:00')
    cat = int(sql_exec("INSERT INTO c_lp_category (c_id, name, position) VALUES (%s, 'Mine', 1)"
                       ' RETURNING iid', course.id)[0][0])
    make_lp(course, 'Restricted', category=cat)
    sql_exec('INSERT INTO c_lp_category_user (category_id, user_id) VALUES (%s, %s)', cat, other.id)

    def titles(user):
        data = assert_ok(as_user(user, 'course_learnpaths', {'course': course.id}))
        return [(c['name'], [lp['title'] for lp in c['learnpaths']]) for c in data]

    assert_eq(titles(student), [('Without category', ['First', 'Open window'])], 'student')
    assert_eq(titles(other), [('Without category', ['First', 'Open window']),
                              ('Mine', ['Restricted'])], 'user of the restricted category')
    view(course, first, student, 100)
    assert_eq(titles(student), [('Without category', ['First', 'Second', 'Open window'])],
              'prerequisite completed')


def test_session_progress_and_url():
    student = new_user()
    course = new_course(students=[student])
    session = new_session(courses=[course], users=[student])
    lp = make_lp(course, 'Path')
    view(course, lp, student, 30)
    view(course, lp, student, 70, session=session.id)
    data = assert_ok(as_user(student, 'course_learnpaths',
                             {'course': course.id, 'session': session.id}))
    assert_eq(data[0]['learnpaths'], [{'id': lp, 'title': 'Path', 'progress': 70,
                                       'url': url(lp, course.id, session.id, student.key(),
                                                  student.username)}], 'in the session')
    data = assert_ok(as_user(student, 'course_learnpaths', {'course': course.id}))
    assert_eq(data[0]['learnpaths'][0]['progress'], 30, 'in the base course')


def test_url_hash_escapes_as_json_encode():
    """The hash is json_encode's text: '/' as '\\/', '"' escaped, non-ASCII
    as \\u escapes (a pair beyond the BMP)."""
    student = new_user()
    key = student.key()
    username = 'lp/\u00e9"\U0001F600' + str(student.id)
    sql_exec('UPDATE "user" SET username = %s, username_canonical = lower(%s) WHERE id = %s',
             username, username, student.id)
    course = new_course(students=[student])
    lp = make_lp(course, 'Path')
    data = assert_ok(call('course_learnpaths', username, key, {'course': course.id}))
    got = data[0]['learnpaths'][0]['url']
    assert_eq(got, url(lp, course.id, 0, key, username), 'url')
    assert '%5Cu00e9' in got and '%5Cud83d%5Cude00' in got and '%5C%2F' in got, got


def test_no_learnpath_answers_empty_list():
    student = new_user()
    course = new_course(students=[student])
    assert_eq(assert_ok(as_user(student, 'course_learnpaths', {'course': course.id})), [], 'none')


def test_course_required_and_access():
    assert_course_checked('course_learnpaths')


def test_one_round_trip():
    key = authenticate('student1', 'student1')
    assert_one_round_trip({'action': 'course_learnpaths', 'username': 'student1', 'api_key': key,
                           'course': '1'}, 'course_learnpaths.list')
