"""course_info: the course's card and its home page's tools (course context).

Spec: 30-courses.md §2.6 (shape, key order, urlPicture null without a
picture, TEACHERS, the tools: visible authoring/interaction/plugin rows,
tracking for admins and coaches, links on the home page, session rows), §1.2
(NoCourse); spec README "Decisions: course context requires the right to
enter the course" (the dispatcher's check; see the denial test).
Deviation (docs/compat.md): course_hide_tools and the learning-path
prerequisite checks of shortcuts are not applied.
"""

import json

import harness
from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, last_event_id, msg, new_course, new_session, new_user, sql_exec)

KEYS = ['id', 'title', 'code', 'directory', 'urlPicture', 'teachers', 'tools']
TOOLS = ['course_description', 'calendar_event', 'document', 'learnpath', 'link', 'quiz',
         'announcement', 'forum', 'dropbox', 'user', 'group', 'chat', 'student_publication',
         'survey', 'wiki', 'gradebook', 'glossary', 'notebook']
HOME_LINK = 'BBC Learning English'


def info(user, course, enc='urlencoded', **more):
    params = dict({'course': course}, **more)
    return call('course_info', user, authenticate(user, user), params, encoding=enc)


def english(tools):
    return {'id': 1, 'title': 'English for beginners', 'code': 'ENGLISH101',
            'directory': 'ENGLISH101', 'urlPicture': None, 'teachers': 'Marie Curie',
            'tools': [{'type': t} for t in tools]}


@both_encodings
def test_student_sees_the_visible_tools_and_home_links(enc):
    resp = info('student1', 1, enc)
    data = assert_ok(resp)
    assert_eq(list(json.loads(resp.body)['data']), KEYS, 'keys in order')
    assert_eq(data, english(TOOLS + [HOME_LINK]), 'course_info of ENGLISH101')
    assert b'"id":1,' in resp.body, resp.body  # a number under both runtimes


@both_encodings
def test_admin_also_sees_tracking(enc):
    assert_eq(assert_ok(info('admin', 1, enc)), english(TOOLS + ['tracking', HOME_LINK]),
              'admin view')


def test_teacher_is_no_editor_but_the_session_coach_is():
    teacher = new_user(status=1)
    course = new_course(teacher=teacher)
    sql_exec("INSERT INTO c_tool (id, c_id, name, link, image, visibility, admin, address,"
             " added_tool, target, category, session_id) VALUES"
             " (1, %s, 'document', 'x.php', 'x.gif', 1, '0', '', 0, '_self', 'authoring', 0),"
             " (25, %s, 'tracking', 'x.php', 'x.gif', 0, '1', '', 0, '_self', 'admin', 0)",
             course.id, course.id)
    assert_eq(assert_ok(call('course_info', teacher.username, teacher.key(),
                             {'course': course.id}))['tools'],
              [{'type': 'document'}], 'a course teacher is no editor')
    assert_eq(assert_ok(info('teacher', 1, session=1))['tools'],
              [{'type': t} for t in TOOLS + ['tracking', HOME_LINK]], 'coach in the session')


def test_session_rows_and_hidden_tools():
    teacher = new_user(status=1)
    student = new_user()
    course = new_course(teacher=teacher, students=[student])
    session = new_session(courses=[course], users=[student])
    for name, visibility, category, session_id in (
            ('document', 1, 'authoring', 0), ('quiz', 0, 'authoring', 0),
            ('document', 1, 'authoring', session.id), ('wiki', 1, 'interaction', session.id),
            ('notebookteacher', 1, 'interaction', 0), ('course_setting', 1, 'admin', 0),
            ('plugin_x', 1, 'plugin', 0), ('plugin_y:teacher', 1, 'plugin', 0)):
        sql_exec("INSERT INTO c_tool (id, c_id, name, link, image, visibility, admin, address,"
                 " added_tool, target, category, session_id)"
                 " VALUES (1, %s, %s, 'x.php', 'x.gif', %s, '0', '', 0, '_self', %s, %s)",
                 course.id, name, visibility, category, session_id)
    base = assert_ok(call('course_info', student.username, student.key(), {'course': course.id}))
    assert_eq([t['type'] for t in base['tools']], ['document', 'plugin_x'], 'base course')
    in_session = assert_ok(call('course_info', student.username, student.key(),
                                {'course': course.id, 'session': session.id}))
    assert_eq([t['type'] for t in in_session['tools']], ['document', 'wiki', 'plugin_x'],
              'in the session: the base document row wins, the session wiki is added')
    assert_eq(base['teachers'], 'F%s L%s' % (teacher.username, teacher.username), 'teachers')


def test_unknown_course():
    assert_error(info('admin', 999999), msg('NoCourse'))


def test_event_row():
    since = last_event_id()
    assert_ok(info('student1', 1))
    rows = [r for r in events_since(since) if r[0] == 'access_ws_course_info']
    assert_eq([list(r[1:3]) for r in rows], [['course_id', '1']], 'event')


def test_course_given_in_the_query_logs_post_course_zero():
    key = authenticate('student1', 'student1')
    since = last_event_id()
    assert_ok(call('course_info', 'student1', key, {}, query={'course': '1'}))
    rows = [r for r in events_since(since) if r[0] == 'access_ws_course_info']
    assert_eq([list(r[1:3]) for r in rows], [['course_id', '0']], 'event: PHP reads POST course')


def test_no_course_context():
    key = authenticate('student1', 'student1')
    resp = call('course_info', 'student1', key, {})
    assert resp.json and resp.json['error'] is True, resp


def test_denied_to_a_stranger_of_a_private_course():
    """Refused by the dispatcher's course access check (README, "The shape of a handler")."""
    course = new_course()
    sql_exec('UPDATE course SET visibility = 1 WHERE id = %s', course.id)
    stranger = new_user()
    assert_error(call('course_info', stranger.username, stranger.key(), {'course': course.id}),
                 msg('NotAllowed'))
