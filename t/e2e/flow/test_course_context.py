"""The course and session context requires the right to enter it (contract
README, "Decisions on holes"; docs/compat.md): a platform admin, a user
subscribed to the course (any status), subscribed through a session that
contains it (as a learner or coach, or as the session's general coach), or
a course whose visibility is open to the platform (2) or the world (3).
A session context requires membership of the session (or admin). The
refusal is Chamilo's NotAllowed, after the checks that the context exists.
PHP checks none of this (30-courses.md §1.2)."""

import harness
from harness import (api, assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     sql_exec, sql_value, uniq)

NOT_ALLOWED = harness.msg('NotAllowed')
NO_COURSE = harness.msg('NoCourse')
NO_SESSION = harness.msg('NoSession')


def closed_course(visibility=1):
    """A course of the current campus that nobody is subscribed to: its id."""
    code = uniq('CLOSED').upper()
    course_id = sql_value(
        'INSERT INTO course (title, code, directory, visual_code, course_language, visibility,'
        " show_score, disk_quota, creation_date, subscribe, unsubscribe) VALUES (%s, %s, %s, %s,"
        " 'english', %s, 1, 100000000, '2026-01-01 00:00:00', 0, 0) RETURNING id",
        'Closed ' + code, code, code, code, visibility)
    sql_exec('INSERT INTO access_url_rel_course (c_id, access_url_id) VALUES (%s, 1)', course_id)
    return int(course_id)


def new_session_with(course_id):
    """A session containing the course, with no member: its id."""
    session_id = sql_value(
        "INSERT INTO session (name, visibility, nbr_courses, session_admin_id) VALUES (%s, 1, 1, 1)"
        ' RETURNING id', uniq('context session'))
    sql_exec('INSERT INTO session_rel_course (session_id, c_id, position) VALUES (%s, %s, 1)',
             session_id, course_id)
    sql_exec('INSERT INTO access_url_rel_session (access_url_id, session_id) VALUES (1, %s)',
             session_id)
    return int(session_id)


def student():
    """student2: a learner of the demo campus. (login, key, id)"""
    return 'student2', authenticate('student2', 'student2'), 5


def profile(login, key, **context):
    return call('user_profile', login, key, context)


@both_encodings
def test_a_closed_course_refuses_who_is_not_in_it(enc):
    login, key, _ = student()
    for visibility in (0, 1):
        course = closed_course(visibility)
        assert_error(api('user_profile', {'username': login, 'api_key': key, 'course': course},
                         encoding=enc), NOT_ALLOWED)
        # A missing course is still answered first.
        assert_error(api('user_profile', {'username': login, 'api_key': key, 'course': 999999},
                         encoding=enc), NO_COURSE)


def test_the_refusal_comes_before_the_action_and_its_gate():
    login, key, _ = student()
    course = closed_course()
    assert_error(call('no_such_action', login, key, {'course': course}), NOT_ALLOWED)
    assert_error(call('get_users', login, key, {'course': course}), NOT_ALLOWED)


def test_subscribed_users_enter_a_closed_course():
    login, key, user_id = student()
    course = closed_course()
    for status in (5, 1):
        sql_exec('DELETE FROM course_rel_user WHERE c_id = %s', course)
        sql_exec('INSERT INTO course_rel_user (user_id, c_id, relation_type, status)'
                 ' VALUES (%s, %s, 0, %s)', user_id, course, status)
        assert_eq(assert_ok(profile(login, key, course=course))['id'], user_id,
                  'course_rel_user status %d' % status)


def test_a_session_containing_the_course_lets_its_people_in():
    login, key, user_id = student()
    course = closed_course()
    session = new_session_with(course)
    assert_error(profile(login, key, course=course), NOT_ALLOWED)
    # A member of the session: in the course, without a course row of its own.
    sql_exec('INSERT INTO session_rel_user (session_id, user_id, relation_type) VALUES (%s, %s, 0)',
             session, user_id)
    assert_ok(profile(login, key, course=course))
    assert_ok(profile(login, key, course=course, session=session))
    # A coach of the course in the session only.
    teacher_key = authenticate('teacher', 'teacher')
    course2 = closed_course()
    session2 = new_session_with(course2)
    assert_error(profile('teacher', teacher_key, course=course2), NOT_ALLOWED)
    sql_exec('INSERT INTO session_rel_course_rel_user (user_id, session_id, c_id, status)'
             ' VALUES (3, %s, %s, 2)', session2, course2)
    assert_ok(profile('teacher', teacher_key, course=course2))
    # The session's general coach.
    course3 = closed_course()
    session3 = new_session_with(course3)
    assert_error(profile('teacher', teacher_key, course=course3), NOT_ALLOWED)
    sql_exec('UPDATE session SET id_coach = 3 WHERE id = %s', session3)
    assert_ok(profile('teacher', teacher_key, course=course3))


def test_open_courses_and_admins_enter():
    login, key, user_id = student()
    for visibility in (2, 3):
        assert_ok(profile(login, key, course=closed_course(visibility)))
    admin_key = authenticate('admin', 'admin')
    assert_ok(profile('admin', admin_key, course=closed_course(0)))


@both_encodings
def test_a_session_context_needs_membership(enc):
    login, key, user_id = student()
    session = new_session_with(closed_course(2))
    assert_error(api('user_profile', {'username': login, 'api_key': key, 'session': session},
                     encoding=enc), NOT_ALLOWED)
    assert_error(api('user_profile', {'username': login, 'api_key': key, 'session': 999999},
                     encoding=enc), NO_SESSION)
    # student2 is a member of the demo session 1.
    assert_ok(api('user_profile', {'username': login, 'api_key': key, 'session': 1},
                  encoding=enc))
    sql_exec('INSERT INTO session_rel_user (session_id, user_id, relation_type) VALUES (%s, %s, 0)',
             session, user_id)
    assert_ok(api('user_profile', {'username': login, 'api_key': key, 'session': session},
                  encoding=enc))
    assert_ok(profile('admin', authenticate('admin', 'admin'), session=new_session_with(
        closed_course(0))))


def test_a_refused_context_writes_no_course_access():
    login, key, user_id = student()
    course = closed_course()
    before = sql_value('SELECT count(*) FROM track_e_access WHERE c_id = %s', course)
    assert_error(profile(login, key, course=course), NOT_ALLOWED)
    assert_eq(sql_value('SELECT count(*) FROM track_e_access WHERE c_id = %s', course), before,
              'track_e_access rows of the refused course')
