"""user_sessions: the caller's sessions of the campus, grouped by category.

Spec: 40-sessions-campuses.md §1 (selection, filters, order, shape, `date`
text); recording user_sessions_alice (PHP 8 types: session id and course id
numbers, the {"id":null,"name":null} group, escaped slashes). One statement
carrying the key check (the app lists the sessions when it opens).
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'flow'))

from harness import (CAMPUS_URL, assert_eq, as_user, authenticate, both_encodings, call,
                     events_since,
                     last_event_id, new_course, new_session, new_user, php_int, sql_exec, uniq)
from test_key_check_statements import assert_carries_the_key_check, slow_log_pool


def web_root():
    return CAMPUS_URL + '/'


def session_dates(session_id, start, end):
    sql_exec('UPDATE session SET access_start_date = %s, access_end_date = %s WHERE id = %s',
             start, end, session_id)


def course_item(user, course, session_id):
    picture = web_root() + 'main/img/session_default.png'
    return {'id': php_int(course.id), 'title': 'Course ' + course.code, 'code': course.code,
            'directory': course.code, 'pictureUrl': picture, 'urlPicture': picture,
            'teachers': '',
            'url': '%smain/webservices/api/v2.php?action=view_course_home&api_key=%s&username=%s'
                   '&course=%d&session=%d' % (web_root(), user.key(), user.username, course.id,
                                              session_id)}


@both_encodings
def test_recording_shape(enc):
    alice = new_user()
    course = new_course()
    session = new_session(courses=(course,), users=(alice,))
    name = uniq('Oracle Session ')
    sql_exec('UPDATE session SET name = %s WHERE id = %s', name, session.id)
    session_dates(session.id, '2024-01-01 00:00:00', '2030-12-31 23:59:59')
    since = last_event_id()
    resp = as_user(alice, 'user_sessions', encoding=enc)
    expected = {'error': False, 'data': [{'id': None, 'name': None, 'sessions': [{
        'name': name, 'id': session.id,
        'date': 'From January 01, 2024 at 00:00 to December 31, 2030 at 23:59',
        'duration': None, 'courses': [course_item(alice, course, session.id)]}]}]}
    assert_eq(resp.json, expected, 'answer')
    assert_eq(resp.body.strip(), json.dumps(expected, separators=(',', ':')).replace('/', '\\/')
              .encode(), 'raw body')
    assert_eq([e for e in events_since(since) if e[0] == 'access_ws_user_sessions'],
              [('access_ws_user_sessions', 'username', alice.username, str(alice.id), '0', '0')],
              'event row')


def test_grouped_by_category_in_first_appearance_order():
    alice = new_user()
    course = new_course()
    cat_b = int(sql_exec("INSERT INTO session_category (name, access_url_id) VALUES (%s, 1)"
                         " RETURNING id", uniq('B cat '))[0][0])
    cat_a = int(sql_exec("INSERT INTO session_category (name, access_url_id) VALUES (%s, 1)"
                         " RETURNING id", uniq('A cat '))[0][0])
    plain = new_session(courses=(course,), users=(alice,))
    in_b = new_session(courses=(course,), users=(alice,))
    in_a1 = new_session(courses=(course,), users=(alice,))
    in_a2 = new_session(courses=(course,), users=(alice,))
    tag = uniq('')
    for s, cat, name in ((in_b, cat_b, 'b'), (in_a1, cat_a, 'a1'), (in_a2, cat_a, 'a2')):
        sql_exec('UPDATE session SET session_category_id = %s, name = %s WHERE id = %s', cat,
                 '%s %s' % (name, tag), s.id)
    data = as_user(alice, 'user_sessions').json['data']
    assert_eq([(g['id'], [s['id'] for s in g['sessions']]) for g in data],
              [(None, [plain.id]), (cat_a, [in_a1.id, in_a2.id]),
               (cat_b, [in_b.id])], 'groups')
    assert isinstance(data[1]['name'], str) and data[1]['name'].startswith('A cat '), data[1]


def test_date_texts_and_duration():
    alice = new_user()
    course = new_course()
    start_only = new_session(courses=(course,), users=(alice,))
    session_dates(start_only.id, '2024-03-05 14:00:00', None)
    no_dates = new_session(courses=(course,), users=(alice,))
    session_dates(no_dates.id, None, None)
    sql_exec('UPDATE session SET duration = 30 WHERE id = %s', no_dates.id)
    by_id = {s['id']: s for g in as_user(alice, 'user_sessions').json['data'] for s in g['sessions']}
    assert_eq(by_id[start_only.id]['date'], 'From March 05, 2024 at 14:00', 'only a start')
    assert_eq(by_id[start_only.id]['duration'], None, 'no duration')
    assert_eq(by_id[no_dates.id]['date'], '', 'no dates')
    assert_eq(by_id[no_dates.id]['duration'],
              'This session has a maximum duration. Only 30 days to go.', 'never accessed')


def test_ended_and_future_sessions_are_left_out_but_not_for_a_coach():
    alice, coach = new_user(), new_user(status=1)
    course = new_course()
    ended = new_session(courses=(course,), users=(alice,))
    session_dates(ended.id, '2020-01-01 00:00:00', '2020-06-30 00:00:00')
    future = new_session(courses=(course,), users=(alice,))
    session_dates(future.id, '2099-01-01 00:00:00', '2099-06-30 00:00:00')
    current = new_session(courses=(course,), users=(alice,))
    assert_eq([s['id'] for g in as_user(alice, 'user_sessions').json['data'] for s in g['sessions']],
              [current.id], 'only the current session')
    sql_exec('UPDATE session SET id_coach = %s, visibility = 2 WHERE id = %s', coach.id, ended.id)
    got = [s['id'] for g in as_user(coach, 'user_sessions').json['data'] for s in g['sessions']]
    assert_eq(got, [ended.id], 'the general coach sees the ended session (visibility 2)')


def test_closed_course_hides_the_session_and_teachers_are_the_coaches():
    alice, coach = new_user(), new_user(firstname='Ann', lastname='Coach')
    closed, open_ = new_course(), new_course()
    sql_exec('UPDATE course SET visibility = 0 WHERE id = %s', closed.id)
    hidden = new_session(courses=(closed,), users=(alice,))
    shown = new_session(courses=(open_,), users=(alice,))
    sql_exec('INSERT INTO session_rel_course_rel_user (session_id, c_id, user_id, visibility, status)'
             ' VALUES (%s, %s, %s, 1, 2)', shown.id, open_.id, coach.id)
    sessions = [s for g in as_user(alice, 'user_sessions').json['data'] for s in g['sessions']]
    assert_eq([s['id'] for s in sessions], [shown.id], 'the closed course hides its session')
    assert_eq(sessions[0]['courses'][0]['teachers'], 'Ann Coach', 'the course coach')
    del hidden


def test_nothing_is_an_empty_list():
    alice = new_user()
    resp = as_user(alice, 'user_sessions')
    assert_eq(resp.body.strip(), b'{"error":false,"data":[]}', 'raw body')


def test_other_campus_sessions_are_not_listed():
    alice = new_user()
    course = new_course()
    session = new_session(courses=(course,), users=(alice,))
    sql_exec('UPDATE access_url_rel_session SET access_url_id = 999999 WHERE session_id = %s',
             session.id)
    assert_eq(as_user(alice, 'user_sessions').json['data'], [], 'not on this campus')


def test_user_sessions_is_one_statement():
    alice = new_user()
    new_session(courses=(new_course(),), users=(alice,))
    pool, slow = slow_log_pool()
    auth = {'action': 'user_sessions', 'username': alice.username, 'api_key': alice.key()}
    with pool:
        body = assert_carries_the_key_check(pool, slow, auth, 'user_sessions.list')
        assert_eq(len(body['data']), 1, 'the session')


def test_wrong_key():
    alice = new_user()
    resp = call('user_sessions', alice.username, '0' * 32)
    assert_eq(resp.json, {'error': True, 'message': 'Invalid API key'}, 'wrong key')


def test_demo_campus_sessions_of_student3():
    """sql/demo.sql: the open sessions answer on `make run` (the dated
    "Spring 2026" session is over)."""
    key = authenticate('student3', 'student3')
    data = call('user_sessions', 'student3', key).json['data']
    assert_eq([(g['name'], [s['name'] for s in g['sessions']]) for g in data],
              [(None, ['Self-paced mathematics']), ('Open courses', ['Open English club'])],
              'groups')
    club = data[1]['sessions'][0]
    assert_eq((club['date'], club['duration'], [c['code'] for c in club['courses']],
               club['courses'][0]['teachers']), ('', None, ['ENGLISH101'], 'Marie Curie'), 'club')
    assert_eq(data[0]['sessions'][0]['duration'],
              'This session has a maximum duration. Only 60 days to go.', 'duration')
    found = call('get_session_from_extra_field', 'student3', key,
                 {'field_name': 'external_session_code', 'field_value': 'ENG-CLUB'}).json
    assert_eq(found, {'error': False, 'data': [11]}, 'by extra field')
