"""get_user_progress_and_time_in_session: a user's average time and
learning-path progress over a session's courses.

Spec: 40-sessions-campuses.md §14.2 (REQUEST parameters, literal messages,
event before the work, averages over the courses, 0 without courses).
"""

from harness import (assert_eq, assert_error, as_user, both_encodings, events_since,
                     last_event_id, msg, new_course, new_session, new_user, sql_exec)

ACTION = 'get_user_progress_and_time_in_session'


def course_time(user, course, session, seconds):
    sql_exec("INSERT INTO track_e_course_access (c_id, user_id, login_course_date,"
             " logout_course_date, counter, session_id, user_ip)"
             " VALUES (%s, %s, '2024-01-01 10:00:00',"
             " '2024-01-01 10:00:00'::timestamp + %s * interval '1 second', 1, %s, '127.0.0.1')",
             course.id, user.id, seconds, session.id)


def learning_path(course, session_id=0):
    return int(sql_exec(
        "INSERT INTO c_lp (c_id, lp_type, name, path, force_commit, content_maker, content_license,"
        " js_lib, debug, theme, preview_image, author, session_id, prerequisite, hide_toc_frame,"
        " seriousgame_mode, autolaunch, category_id, max_attempts, subscribe_users, modified_on)"
        " VALUES (%s, 1, 'LP', '', 0, '', '', '', 0, '', '', '', %s, 0, 0, 0, 0, 0, 0, 0,"
        " LOCALTIMESTAMP) RETURNING iid", course.id, session_id)[0][0])


def progress(user, course, session, lp, value):
    sql_exec('INSERT INTO c_lp_view (c_id, lp_id, user_id, view_count, last_item, progress,'
             ' session_id) VALUES (%s, %s, %s, 1, 0, %s, %s)', course.id, lp, user.id, value,
             session.id)


@both_encodings
def test_averages_over_the_courses(enc):
    alice, bob = new_user(), new_user()
    first, second = new_course(), new_course()
    session = new_session(courses=(first, second), users=(alice,))
    course_time(alice, first, session, 100)
    course_time(alice, first, session, 50)
    course_time(alice, second, session, 51)
    course_time(alice, second, new_session(), 999)  # another session: not counted
    lp1, lp2 = learning_path(first), learning_path(first)
    lp3 = learning_path(second, session.id)
    progress(alice, first, session, lp1, 100)
    progress(alice, first, session, lp2, 50)
    progress(alice, second, session, lp3, 20)
    since = last_event_id()
    resp = as_user(bob, ACTION, {'user_id': alice.id, 'session_id': session.id}, encoding=enc)
    # time (150 + 51) / 2 = 100.5; progress ((100 + 50) / 2 + 20) / 2 = 47.5
    assert_eq(resp.body.strip(),
              b'{"error":false,"data":{"userAverageCoursesTime":100.5,"userAverageProgress":47.5}}',
              'raw body')
    assert_eq([e for e in events_since(since) if e[0] == 'access_ws_' + ACTION],
              [('access_ws_' + ACTION, 'user_id', str(alice.id), str(bob.id), '0', '0')], 'event')


def test_exact_averages_are_integers_and_no_course_is_zero():
    alice = new_user()
    course = new_course()
    session = new_session(courses=(course,))
    course_time(alice, course, session, 60)
    resp = as_user(alice, ACTION, {'user_id': alice.id, 'session_id': session.id})
    assert_eq(resp.body.strip(),
              b'{"error":false,"data":{"userAverageCoursesTime":60,"userAverageProgress":0}}',
              'integers')
    resp = as_user(alice, ACTION, {'user_id': alice.id, 'session_id': new_session().id})
    assert_eq(resp.json['data'], {'userAverageCoursesTime': 0, 'userAverageProgress': 0}, 'no course')


@both_encodings
def test_bad_input(enc):
    alice = new_user()
    assert_error(as_user(alice, ACTION, {'session_id': 1}, encoding=enc), 'user_id not provided')
    assert_error(as_user(alice, ACTION, {'user_id': alice.id}, encoding=enc),
                 'session_id not provided')
    assert_error(as_user(alice, ACTION, {'user_id[]': alice.id, 'session_id': 1}, encoding=enc),
                 msg('BadParameter', 'user_id'))
