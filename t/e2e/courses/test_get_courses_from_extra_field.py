"""get_courses_from_extra_field: the courses of a campus whose course extra
field has a value, as COURSE-INFO objects; served without a key.

Spec: 30-courses.md §2.5 (REQUEST extra_field_variable, extra_field_value,
id_campus default 0; "<variable> not found"; log
"<variable>:<value>"), §2.7 (COURSE-INFO). Deviation (docs/compat.md):
without a key only courses open to the world, secrets for admins only.
"""

import hashlib

import harness
from harness import (api, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, new_course, php_int, sql_exec)

SECRET_KEYS = {'registration_code', 'course_sys_path', 'course_image_source',
               'course_image_large_source', 'course_email_image_source',
               'course_email_image_large_source'}
KEYS = ['id', 'real_id', 'code', 'name', 'title', 'official_code', 'visual_code', 'sysCode',
        'path', 'directory', 'creation_date', 'titular', 'tutor_name', 'language', 'extLink',
        'categoryCode', 'category_code', 'categoryName', 'visibility', 'subscribe_allowed',
        'subscribe', 'unsubscribe', 'course_language', 'activate_legal', 'legal', 'show_score',
        'department_name', 'department_url', 'registration_code', 'disk_quota',
        'course_public_url', 'course_sys_path', 'add_teachers_to_sessions_courses',
        'course_image_source', 'course_image', 'course_image_large_source',
        'course_image_large', 'course_email_image_source', 'course_email_image',
        'course_email_image_large_source', 'course_email_image_large']
PARAMS = {'extra_field_variable': 'special_course', 'extra_field_value': '1', 'id_campus': 1}


def welcome():
    base = harness.CAMPUS_URL
    return {'id': 'WELCOME', 'real_id': php_int(3), 'code': 'WELCOME',
            'name': 'Welcome to the campus', 'title': 'Welcome to the campus',
            'official_code': 'WELCOME', 'visual_code': 'WELCOME', 'sysCode': 'WELCOME',
            'path': 'WELCOME', 'directory': 'WELCOME', 'creation_date': '2026-01-01 00:00:00',
            'titular': 'John Doe', 'tutor_name': 'John Doe', 'language': 'english',
            'extLink': {'url': None, 'name': None}, 'categoryCode': None, 'category_code': None,
            'categoryName': None, 'visibility': php_int(2), 'subscribe_allowed': php_int(1),
            'subscribe': php_int(1), 'unsubscribe': php_int(0), 'course_language': 'english',
            'activate_legal': None, 'legal': None, 'show_score': php_int(1),
            'department_name': None, 'department_url': None,
            'disk_quota': php_int(100000000),
            'course_public_url': base + '/courses/WELCOME/index.php',
            'add_teachers_to_sessions_courses': None,
            'course_image': base + '/main/img/icons/48/course.png',
            'course_image_large': base + '/main/img/session_default.png',
            'course_email_image': None, 'course_email_image_large': None}


@both_encodings
def test_member_gets_course_info_without_secrets(enc):
    resp = call('get_courses_from_extra_field', 'student1', authenticate('student1', 'student1'),
                PARAMS, encoding=enc)
    assert_eq(assert_ok(resp), [welcome()], 'WELCOME')
    assert_eq(list(resp.json['data'][0]), [k for k in KEYS if k not in SECRET_KEYS], 'keys')


def test_admin_gets_the_secrets():
    sql_exec("UPDATE course SET registration_code = 'pw' WHERE id = 3")
    try:
        data = assert_ok(call('get_courses_from_extra_field', 'admin',
                              authenticate('admin', 'admin'), PARAMS))
    finally:
        sql_exec('UPDATE course SET registration_code = NULL WHERE id = 3')
    assert_eq(list(data[0]), KEYS, 'every key')
    assert_eq(data[0]['registration_code'], hashlib.sha1(b'pw').hexdigest(),
              'sha1 of the password')
    assert_eq(data[0]['course_image_source'], '', 'no picture: empty path')


def test_without_a_key_only_courses_open_to_the_world():
    assert_eq(assert_ok(api('get_courses_from_extra_field', PARAMS)), [], 'WELCOME is not')
    course = new_course()
    sql_exec('UPDATE course SET visibility = 3 WHERE id = %s', course.id)
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value) VALUES (5, %s, '1')",
             course.id)
    try:
        data = assert_ok(api('get_courses_from_extra_field', PARAMS))
        assert_eq([c['code'] for c in data], [course.code], 'the open course')
        assert 'registration_code' not in data[0], data[0]
    finally:
        sql_exec('DELETE FROM extra_field_values WHERE field_id = 5 AND item_id = %s', course.id)


def test_campus_zero_unknown_field_and_event():
    key = authenticate('student1', 'student1')
    assert_eq(assert_ok(call('get_courses_from_extra_field', 'student1', key,
                             dict(PARAMS, id_campus=''))), [], 'campus 0')
    assert_error(call('get_courses_from_extra_field', 'student1', key,
                      dict(PARAMS, extra_field_variable='nope')), 'nope not found')
    since = last_event_id()
    assert_ok(call('get_courses_from_extra_field', 'student1', key, PARAMS))
    assert_eq([list(r[1:3]) for r in events_since(since)
               if r[0] == 'access_ws_get_courses_from_extra_field'],
              [['extra_field-extra_field_value', 'special_course:1']], 'event')
    assert_error(call('get_courses_from_extra_field', 'student1', '0' * 32, PARAMS),
                 harness.msg('InvalidApiKey'))
    assert_error(call('get_courses_from_extra_field', 'student1', key,
                      dict(PARAMS, **{'id_campus[]': 1})),
                 harness.msg('BadParameter', 'id_campus'))
