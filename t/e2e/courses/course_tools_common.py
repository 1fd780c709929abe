"""Helpers shared by the course-tool tests (forums, learning paths,
assignments, quizzes: 30-courses.md §4.7-§4.12, §5, §6, §7.2-§7.4, §9).

Test data that a test writes to is made with SQL in a course of its own
(harness new_course), so that one test's writes change no other test's
answers; the demo rows of ENGLISH101 (sql/demo.sql, "course tools") are
only read.
"""

import json
import os
import sys

import harness
from harness import (as_user, assert_error, authenticate, call, msg, new_course, new_user,
                     sql_exec, sql_value)


def web_root():
    return harness.BASE_URL + '/'


def ordered(resp):
    """The answer's data with its objects as lists of (key, value) pairs."""
    return dict(json.loads(resp.body, object_pairs_hook=list))['data']


def item_property(course_id, tool, ref, visibility=1, session_id=None, user_id=1):
    sql_exec('INSERT INTO c_item_property (c_id, tool, ref, session_id, insert_user_id,'
             ' lastedit_user_id, lastedit_type, visibility, insert_date, lastedit_date)'
             " VALUES (%s, %s, %s, %s, %s, %s, 'e2e', %s, LOCALTIMESTAMP, LOCALTIMESTAMP)",
             course_id, tool, ref, session_id, user_id, user_id, visibility)


def make_category(course_id, title='Category', order=1, visibility=1, session_id=0):
    iid = int(sql_exec('INSERT INTO c_forum_category (c_id, cat_title, cat_comment, cat_order,'
                       ' locked, session_id, cat_id) VALUES (%s, %s, NULL, %s, 0, %s, 0)'
                       ' RETURNING iid', course_id, title, order, session_id)[0][0])
    sql_exec('UPDATE c_forum_category SET cat_id = iid WHERE iid = %s', iid)
    item_property(course_id, 'forum_category', iid, visibility)
    return iid


def make_forum(course_id, category, title='Forum', order=1, visibility=1, session_id=0,
               approval='0', moderated=0, ip_session=None):
    """A forum (forum_id = iid, as Chamilo stores them) and its item property."""
    iid = int(sql_exec(
        'INSERT INTO c_forum_forum (c_id, forum_id, forum_title, forum_comment, forum_category,'
        ' approval_direct_post, forum_order, locked, session_id, forum_image, lp_id, moderated)'
        " VALUES (%s, 0, %s, NULL, %s, %s, %s, 0, %s, '', 0, %s) RETURNING iid",
        course_id, title, category, approval, order, session_id, moderated)[0][0])
    sql_exec('UPDATE c_forum_forum SET forum_id = iid WHERE iid = %s', iid)
    item_property(course_id, 'forum', iid, visibility, ip_session)
    return iid


def thread_rows(course_id):
    return int(sql_value('SELECT count(*) FROM c_forum_thread WHERE c_id = %s', course_id))


def post_rows(course_id):
    return int(sql_value('SELECT count(*) FROM c_forum_post WHERE c_id = %s', course_id))


def assert_each_required(user, action, base, names, encoding):
    """Each of names missing, "" or "0" (PHP empty()) answers "No data
    available"."""
    for missing in names:
        for value in (None, '', '0'):
            params = dict(base)
            if value is None:
                del params[missing]
            else:
                params[missing] = value
            assert_error(as_user(user, action, params, encoding=encoding), msg('NoData'))


def assert_one_round_trip(params, statement):
    """A call with these form values costs the key check (with the course
    context) and the action's statement, in one round trip (slow log)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'flow'))
    from test_key_check_statements import slow_log_pool, trace_of
    pool, slow = slow_log_pool()
    with pool:
        trace, body = trace_of(pool, slow, params)
    assert body['error'] is False, body
    assert trace == [('auth.key_check_context', 1), (statement, 1)], trace


def make_work(course_id, title='Assignment', parent=0, user_id=1, session_id=None,
              url_correction=None, qualificator=0):
    """An assignment (parent 0) or a submission of one, id = iid as Chamilo
    stores them."""
    iid = int(sql_exec(
        'INSERT INTO c_student_publication (c_id, url, url_correction, title, title_correction,'
        " description, author, active, accepted, post_group_id, sent_date, filetype,"
        ' has_properties, qualification, parent_id, qualificator_id, weight, session_id, user_id,'
        ' allow_text_assignment, contains_file, document_id)'
        " VALUES (%s, 'work/x', %s, %s, %s, '', '', 1, 1, 0, LOCALTIMESTAMP, 'file', 0, 0, %s, %s,"
        ' 0, %s, %s, 0, 1, 0) RETURNING iid', course_id, url_correction, title,
        'corr' if url_correction else None, parent, qualificator, session_id, user_id)[0][0])
    sql_exec('UPDATE c_student_publication SET id = iid WHERE iid = %s', iid)
    return iid


def assert_course_checked(action, params=None):
    """Without a course: "This course could not be found"; a user who is no
    member of a private course: NotAllowed (the dispatcher's course access)."""
    params = dict(params or {})
    key = authenticate('student1', 'student1')
    assert_error(call(action, 'student1', key, params), msg('NoCourse'))
    course = new_course(teacher=new_user(status=1))
    sql_exec('UPDATE course SET visibility = 1 WHERE id = %s', course.id)
    assert_error(as_user(new_user(), action, dict(params, course=course.id)), msg('NotAllowed'))
