"""user_courses_by_dates: a user's courses with their tests and the tests
taken between two dates (administrators only).

Spec: 30-courses.md §2.2 (POST user_id, start_date, end_date; the course
list of §2.1; visible_tests = student-mode grid rows of §6.4; taken_tests
{"0": title, ..., "avg_score"} or []; log (user_id) first).
Deviation (docs/compat.md): missing parameters answer an envelope, no
HotPotatoes rows.
"""

import harness
from harness import (as_user, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, new_course, new_user, php_int,
                     sql_exec)

QUIZ_COLUMNS = ('type, random, random_answers, results_disabled, max_attempt, feedback_type,'
                ' expired_time, propagate_neg, save_correct_answers, review_answers,'
                ' random_by_category, display_category_name')


def quiz(course_id, title, active=1):
    return int(sql_exec("INSERT INTO c_quiz (c_id, title, active, session_id, " + QUIZ_COLUMNS +
                        ") VALUES (%s, %s, %s, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)"
                        " RETURNING iid", course_id, title, active)[0][0])


def attempt(course_id, quiz_iid, user_id, result, weighting, start, status=''):
    sql_exec("INSERT INTO track_e_exercises (exe_user_id, exe_date, c_id, exe_exo_id, exe_result,"
             " exe_weighting, status, start_date, session_id, orig_lp_id, orig_lp_item_id,"
             " exe_duration, orig_lp_item_view_id, user_ip, steps_counter, data_tracking,"
             " questions_to_check)"
             " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 0, 0, 0, 0, 0, '', 0, '', '')",
             user_id, start, course_id, quiz_iid, result, weighting, status, start)


def by_dates(params, enc='urlencoded'):
    return call('user_courses_by_dates', 'admin', authenticate('admin', 'admin'), params,
                encoding=enc)


def grid_row(code, iid, title):
    return {'0': title, '1': 0, 'id': php_int(iid),
            'url': harness.CAMPUS_URL + '/main/exercise/overview.php?cidReq=%s&id_session=0'
                   '&gidReq=0&&exerciseId=%d' % (code, iid), 'name': title}


@both_encodings
def test_courses_tests_and_scores(enc):
    student = new_user()
    course = new_course(students=[student])
    first = quiz(course.id, 'B &amp; <b>test</b>')
    second = quiz(course.id, 'A test')
    quiz(course.id, 'Inactive', active=0)
    attempt(course.id, first, student.id, 5, 10, '2026-03-01 10:00:00')
    attempt(course.id, first, student.id, 8, 10, '2026-03-02 10:00:00')
    attempt(course.id, second, student.id, 3, 10, '2026-03-03 10:00:00')
    attempt(course.id, second, student.id, 10, 10, '2026-05-01 10:00:00')  # after the window
    since = last_event_id()
    resp = by_dates({'user_id': student.id, 'start_date': '2026-03-01',
                     'end_date': '2026-03-31'}, enc)
    data = assert_ok(resp)
    assert_eq([c['course_code'] for c in data], ['WELCOME', course.code], 'special course first')
    mine = data[1]
    assert_eq(list(mine), ['course_code', 'course_title', 'visible_tests', 'taken_tests'], 'keys')
    assert_eq(mine['visible_tests'], [grid_row(course.code, second, 'A test'),
                                      grid_row(course.code, first, 'B & test')], 'grid rows')
    assert_eq(mine['taken_tests'], {'0': 'B &amp; <b>test</b>', '1': 'A test', 'avg_score': 55},
              'taken: raw titles, best scores 80 and 30')
    assert_eq(data[0]['taken_tests'], [], 'none in WELCOME')
    assert_eq([list(r[1:3]) for r in events_since(since)
               if r[0] == 'access_ws_user_courses_by_dates'], [['user_id', str(student.id)]],
              'event')


def test_bad_input_and_gate():
    for params, name in (({'start_date': '2026-01-01', 'end_date': '2026-01-31'}, 'user_id'),
                         ({'user_id': 4, 'end_date': '2026-01-31'}, 'start_date'),
                         ({'user_id': 4, 'start_date': '2026-01-01'}, 'end_date'),
                         ({'user_id': 4, 'start_date': 'soon', 'end_date': '2026-01-31'},
                          'start_date')):
        assert_error(by_dates(params), msg('BadParameter', name))
    assert_error(as_user(new_user(), 'user_courses_by_dates',
                         {'user_id': 4, 'start_date': '2026-01-01', 'end_date': '2026-01-31'}),
                 msg('NotAllowed'))
