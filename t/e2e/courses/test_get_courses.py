"""get_courses: every course of a campus, as stored (any valid key).

Spec: 30-courses.md §2.4 (POST id_campus, default the current campus; the
course columns in Chamilo's order plus real_id, ORDER BY title; log
(id_campus, campus)). Deviation (docs/compat.md): registration_code (the
course password) only for platform admins.
"""

import json

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, last_event_id, msg, new_campus, drop_campus, new_course,
                     php_int, sql_exec)

KEYS = ['id', 'room_id', 'title', 'code', 'directory', 'course_language', 'description',
        'category_code', 'visibility', 'show_score', 'tutor_name', 'visual_code',
        'department_name', 'department_url', 'disk_quota', 'last_visit', 'last_edit',
        'creation_date', 'expiration_date', 'subscribe', 'unsubscribe', 'registration_code',
        'legal', 'activate_legal', 'add_teachers_to_sessions_courses', 'course_type_id',
        'real_id']


def english(with_secret):
    row = {'id': php_int(1), 'room_id': None, 'title': 'English for beginners',
           'code': 'ENGLISH101', 'directory': 'ENGLISH101', 'course_language': 'english',
           'description': None, 'category_code': 'LANG', 'visibility': php_int(2),
           'show_score': php_int(1), 'tutor_name': 'Marie Curie', 'visual_code': 'ENGLISH101',
           'department_name': None, 'department_url': None, 'disk_quota': php_int(100000000),
           'last_visit': None, 'last_edit': None, 'creation_date': '2026-01-01 00:00:00',
           'expiration_date': None, 'subscribe': php_int(1), 'unsubscribe': php_int(0),
           'registration_code': None, 'legal': None, 'activate_legal': None,
           'add_teachers_to_sessions_courses': None, 'course_type_id': None,
           'real_id': php_int(1)}
    if not with_secret:
        del row['registration_code']
    return row


def listed(resp):
    return json.loads(resp.body, object_pairs_hook=list)[1][1]


@both_encodings
def test_admin_lists_the_campus_courses_by_title(enc):
    resp = call('get_courses', 'admin', authenticate('admin', 'admin'), {}, encoding=enc)
    data = assert_ok(resp)
    titles = [c['title'] for c in data]
    assert titles == sorted(titles), titles
    english_row = [c for c in data if c['code'] == 'ENGLISH101']
    assert_eq(english_row, [english(True)], 'ENGLISH101')
    for item in listed(resp):
        assert_eq([k for k, _ in item], KEYS, 'keys in order')


@both_encodings
def test_student_gets_no_course_password(enc):
    sql_exec("UPDATE course SET registration_code = 'secret' WHERE id = 2")
    try:
        resp = call('get_courses', 'student1', authenticate('student1', 'student1'), {},
                    encoding=enc)
        data = assert_ok(resp)
        assert_eq([c for c in data if c['code'] == 'ENGLISH101'], [english(False)], 'student')
        assert b'secret' not in resp.body, resp.body
        admin = assert_ok(call('get_courses', 'admin', authenticate('admin', 'admin'), {}))
        assert_eq([c['registration_code'] for c in admin if c['code'] == 'MATH201'], ['secret'],
                  'admin sees it')
    finally:
        sql_exec("UPDATE course SET registration_code = NULL WHERE id = 2")


def test_id_campus_selects_the_campus_and_logs_it():
    url_id = new_campus('http://get-courses.example.org/')
    try:
        course = new_course()
        sql_exec('UPDATE access_url_rel_course SET access_url_id = %s WHERE c_id = %s',
                 url_id, course.id)
        key = authenticate('admin', 'admin')
        since = last_event_id()
        data = assert_ok(call('get_courses', 'admin', key, {'id_campus': url_id}))
        assert_eq([c['code'] for c in data], [course.code], 'the other campus')
        assert_eq([list(r[1:3]) for r in events_since(since) if r[0] == 'access_ws_get_courses'],
                  [['id_campus', str(url_id)]], 'event')
        assert course.code not in [c['code'] for c in assert_ok(call('get_courses', 'admin', key,
                                                                       {'id_campus': 1}))]
        sql_exec('DELETE FROM access_url_rel_course WHERE c_id = %s', course.id)
    finally:
        drop_campus(url_id)


def test_bad_input():
    key = authenticate('admin', 'admin')
    assert_error(call('get_courses', 'admin', key, {'id_campus[]': 1}),
                 msg('BadParameter', 'id_campus'))
    # Non-numeric: (int) 'abc' = 0, as PHP casts it: no campus 0, no course.
    assert_eq(assert_ok(call('get_courses', 'admin', key, {'id_campus': 'abc'})), [], 'abc')


def test_needs_a_key():
    assert_error(call('get_courses', 'admin', '0' * 32, {}), msg('InvalidApiKey'))
