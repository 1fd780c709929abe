"""view_my_courses: HTTP 302 to the web course list, no JSON.

Spec: 30-courses.md §3 (Location WEB_PATH + "user_portal.php?nosession=true",
log (username, username)), §1.10; 10-request-flow.md §9.2 (no Content-Type
or CORS header from v2.php). Deviation (docs/compat.md): no PHP session
cookie.
"""

import json

import harness
from harness import (api, assert_bare_redirect, assert_eq, assert_error, assert_ok, authenticate,
                     both_encodings, call, events_since, last_event_id, sql, uniq)


def location():
    return harness.CAMPUS_URL + '/user_portal.php?nosession=true'


def check_redirect(resp):
    assert_bare_redirect(resp, location())


@both_encodings
def test_redirects(enc):
    key = authenticate('student1', 'student1')
    check_redirect(call('view_my_courses', 'student1', key, encoding=enc))


def test_redirects_with_get_and_hash():
    key = authenticate('teacher', 'teacher')
    check_redirect(api('view_my_courses', {'username': 'teacher', 'api_key': key},
                       encoding='query'))
    h = json.dumps({'action': 'view_my_courses', 'username': 'teacher', 'api_key': key})
    check_redirect(api(None, None, encoding='query', query={'hash': h}))


def test_same_location_with_course_context():
    key = authenticate('student1', 'student1')
    check_redirect(call('view_my_courses', 'student1', key, {'course': 1, 'session': 1}))


def test_event_row():
    admin_key = authenticate('admin', 'admin')
    login = uniq('e2eviewmy')
    data = assert_ok(call('save_user_get_apikey', 'admin', admin_key, {
        'loginname': login, 'password': login, 'email': login + '@example.org', 'status': 5}))
    since = last_event_id()
    check_redirect(call('view_my_courses', login, data['api_key']))
    rows = events_since(since)
    assert_eq(rows, [('access_ws_view_my_courses', 'username', login, str(data['id']), '0', '0')],
              'event rows')
    # The visit is tracked like any keyed call.
    assert_eq(len(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', data['id'])), 1,
              'online row')


@both_encodings
def test_needs_a_valid_key(enc):
    # Without a valid key: the JSON error, not a redirect.
    assert_error(api('view_my_courses', {'username': 'student1'}, encoding=enc), 'Invalid API key')
    assert_error(call('view_my_courses', 'student1', 'c' * 32, encoding=enc), 'Invalid API key')


def test_unknown_course_is_json_error():
    key = authenticate('student1', 'student1')
    assert_error(call('view_my_courses', 'student1', key, {'course': 999999}),
                 'This course could not be found')
