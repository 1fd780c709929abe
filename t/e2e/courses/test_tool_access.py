"""Tool-access tracking of the course-tool actions (30-courses.md §1.8).

Every action that declares its tool (ACTION_TOOL) records, once its handler
ran in a course context: track_e_lastaccess (user, course, session, tool)
upserted with the call's time, and a track_e_access row with the tool when
the Referer holds WEB_COURSE_PATH + the course's directory or WEB_PATH +
"index" (compared in lower case), after the call's own course-access row
(access_tool NULL). Refusals that v2.php makes before the action's method
(its required parameters, its role checks) record no tool; failures inside
the method do. A write action's tool row stays when its work rolls back.
The e2e stack writes the bookkeeping with each call
(bookkeeping_flush_ms = 0).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, failing_trigger, msg,
                     new_course, new_session, new_user, now_utc, sql, sql_exec)
from course_tools_common import web_root

# Each tool action: its tool, the form values and query values of a call
# that reaches the action's method.
TOOL_ACTIONS = [
    ('course_descriptions', 'course_description', {}, {}),
    ('course_documents', 'document', {}, {}),
    ('course_announcements', 'announcement', {}, {}),
    ('course_announcement', 'announcement', {'announcement': 1}, {}),
    ('course_agenda', 'calendar_event', {}, {}),
    ('course_notebooks', 'notebook', {}, {}),
    ('course_forumcategories', 'forum', {}, {}),
    ('course_forum', 'forum', {'forum': 999999}, {}),
    ('course_forumthread', 'forum', {'forum': 0, 'thread': 999999}, {}),
    ('course_links', 'link', {}, {}),
    ('course_works', 'student_publication', {}, {}),
    ('course_exercises', 'quiz', {}, {}),
    ('course_learnpaths', 'learnpath', {}, {}),
    ('save_course_notebook', 'notebook', {'title': 'Note', 'text': 'Text'}, {}),
    ('save_forum_post', 'forum', {'title': 'T', 'text': 'x', 'thread': 999999, 'forum': 999999}, {}),
    ('save_forum_thread', 'forum', {'title': 'T', 'text': 'x', 'forum': 999999}, {}),
    ('get_work_list', 'student_publication', {}, {'work': 999999}),
    ('get_work_students_without_publications', 'student_publication', {}, {'work': 999999}),
    ('get_work_users', 'student_publication', {}, {'work': 999999}),
    ('get_work_student_list', 'student_publication', {}, {'work': 999999}),
    ('put_course_work_visibility', 'student_publication', {'status': 1, 'work': 0}, {}),
    ('delete_work_student_item', 'student_publication', {'work': 0}, {}),
    ('delete_work_corrections', 'student_publication', {'work': 999999}, {}),
]


def lastaccess(user, course):
    return sql('SELECT access_tool, access_session_id, access_date >= %s::timestamp - interval'
               " '1 second' FROM track_e_lastaccess WHERE access_user_id = %s AND c_id = %s"
               ' ORDER BY access_tool NULLS FIRST, access_session_id', now_utc(), user.id, course.id)


def accesses(user, course):
    return sql('SELECT access_tool, access_session_id FROM track_e_access'
               ' WHERE access_user_id = %s AND c_id = %s ORDER BY access_id', user.id, course.id)


def tool_rows(user, course):
    """(track_e_lastaccess tools, track_e_access tools) of user in course."""
    return ([r[0] for r in sql('SELECT access_tool FROM track_e_lastaccess WHERE access_user_id = %s'
                               ' AND c_id = %s AND access_tool IS NOT NULL ORDER BY access_id',
                               user.id, course.id)],
            [r[0] for r in sql('SELECT access_tool FROM track_e_access WHERE access_user_id = %s'
                               ' AND c_id = %s AND access_tool IS NOT NULL ORDER BY access_id',
                               user.id, course.id)])


def course_page(course):
    return web_root() + 'courses/' + course.code + '/index.php?id_session=0'


def test_every_tool_action_records_its_tool():
    for action, tool, form, query in TOOL_ACTIONS:
        teacher = new_user(status=1)
        course = new_course(teacher=teacher)
        params = dict(form, course=course.id)
        # From a course page: the last access and an access row with the tool.
        as_user(teacher, action, params, query=query or None,
                headers={'Referer': course_page(course)})
        assert_eq(lastaccess(teacher, course), [(None, '0', 't'), (tool, '0', 't')],
                  action + ': track_e_lastaccess')
        assert_eq(accesses(teacher, course), [(None, '0'), (tool, '0')],
                  action + ': track_e_access, the course visit then the tool')
        # Without a Referer: the same last-access row, no access row for the tool.
        as_user(teacher, action, params, query=query or None)
        assert_eq(tool_rows(teacher, course), ([tool], [tool]), action + ': again without Referer')
        assert_eq(accesses(teacher, course)[-1], (None, '0'), action + ': the second course visit')


def test_the_referer_rule():
    teacher = new_user(status=1)
    course = new_course(teacher=teacher)
    cases = [
        (web_root() + 'index.php', True),
        (web_root().upper() + 'COURSES/' + course.code.lower() + '/', True),
        (web_root() + 'main/document/document.php?cidReq=' + course.code, False),
        ('http://elsewhere.example/courses/' + course.code + '/', False),
        ('', False),
    ]
    expected = 0
    for referer, counted in cases:
        as_user(teacher, 'course_notebooks', {'course': course.id}, headers={'Referer': referer})
        expected += counted
        assert_eq(tool_rows(teacher, course), (['notebook'], ['notebook'] * expected),
                  'Referer %r' % referer)


def test_the_session_context_is_kept():
    teacher = new_user(status=1)
    student = new_user()
    course = new_course(teacher=teacher)
    session = new_session(courses=[course], users=[student])
    assert_ok(as_user(student, 'course_links', {'course': course.id, 'session': session.id},
                      headers={'Referer': course_page(course)}))
    assert_eq(lastaccess(student, course), [(None, str(session.id), 't'),
                                            ('link', str(session.id), 't')], 'last access')
    assert_eq(accesses(student, course), [(None, str(session.id)), ('link', str(session.id))],
              'access rows')


def test_no_tool_without_a_course_context():
    teacher = new_user(status=1)
    course = new_course(teacher=teacher)
    assert_error(as_user(teacher, 'course_links', headers={'Referer': course_page(course)}),
                 msg('NoCourse'))
    assert_eq(sql('SELECT 1 FROM track_e_lastaccess WHERE access_user_id = %s', teacher.id), [],
              'no last access')
    assert_eq(sql('SELECT 1 FROM track_e_access WHERE access_user_id = %s', teacher.id), [],
              'no access row')
    # A course the caller may not enter: no course context, no tool.
    outsider = new_user()
    private = new_course(teacher=teacher)
    sql_exec('UPDATE course SET visibility = 1 WHERE id = %s', private.id)
    assert_error(as_user(outsider, 'course_links', {'course': private.id}), msg('NotAllowed'))
    assert_eq(tool_rows(outsider, private), ([], []), 'refused context')


def test_no_tool_for_the_refusals_before_the_method():
    teacher, student = new_user(status=1), new_user()
    course = new_course(teacher=teacher, students=[student])
    ref = {'Referer': course_page(course)}
    # The role checks of the assignment actions.
    assert_error(as_user(student, 'get_work_users', {'course': course.id}, query={'work': 1},
                         headers=ref), msg('NotAllowed'))
    # Their required parameter.
    assert_error(as_user(teacher, 'get_work_users', {'course': course.id}, headers=ref),
                 msg('ActionNotAllowed'))
    assert_error(as_user(teacher, 'put_course_work_visibility', {'course': course.id, 'work': 1},
                         headers=ref), msg('ActionNotAllowed'))
    # The forum writes' required values (empty() in v2.php), in the dispatcher and the handler.
    assert_error(as_user(teacher, 'save_forum_post', {'course': course.id, 'title': '0',
                                                      'text': 'x', 'thread': 1, 'forum': 1},
                         headers=ref), msg('NoData'))
    assert_error(as_user(teacher, 'save_forum_thread', {'course': course.id, 'text': 'x',
                                                        'forum': 1}, headers=ref), msg('NoData'))
    assert_eq(tool_rows(student, course), ([], []), 'student refused')
    assert_eq(tool_rows(teacher, course), ([], []), 'teacher refused')


def test_failures_inside_the_method_record_the_tool():
    teacher = new_user(status=1)
    course = new_course(teacher=teacher)
    ref = {'Referer': course_page(course)}
    assert_error(as_user(teacher, 'course_forum', {'course': course.id, 'forum': 424242},
                         headers=ref), msg('NoForum'))
    assert_error(as_user(teacher, 'put_course_work_visibility',
                         {'course': course.id, 'status': 7, 'work': 1}, headers=ref),
                 msg('ActionNotAllowed'))
    assert_eq(tool_rows(teacher, course), (['forum', 'student_publication'],
                                           ['forum', 'student_publication']), 'tool rows')


def test_a_rolled_back_write_keeps_its_tool_row():
    teacher = new_user(status=1)
    course = new_course(teacher=teacher)
    with failing_trigger('c_notebook', 'NEW.c_id = %d' % course.id):
        resp = as_user(teacher, 'save_course_notebook',
                       {'course': course.id, 'title': 'Note', 'text': 'Text'},
                       headers={'Referer': course_page(course)})
        assert resp.status == 500, resp
    assert_eq(sql('SELECT 1 FROM c_notebook WHERE c_id = %s', course.id), [], 'no note')
    assert_eq(tool_rows(teacher, course), (['notebook'], ['notebook']), 'tool rows')


def test_actions_without_a_tool_record_none():
    teacher = new_user(status=1)
    course = new_course(teacher=teacher)
    assert_ok(as_user(teacher, 'course_info', {'course': course.id},
                      headers={'Referer': course_page(course)}))
    assert_ok(as_user(teacher, 'set_thread_notify', {'course': course.id, 'thread': 5},
                      headers={'Referer': course_page(course)}))
    assert_eq(tool_rows(teacher, course), ([], []), 'no tool rows')
    assert_eq(accesses(teacher, course), [(None, '0'), (None, '0')], 'the course visits')
