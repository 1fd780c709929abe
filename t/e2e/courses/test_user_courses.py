"""user_courses: the courses of a user (the user itself or an administrator).

Spec: 30-courses.md §2.1 (REQUEST user_id; special courses first for
everybody; shape, types and key order; urlPicture fallback; url built with
the caller's key and username), §1.6 (TEACHERS, http_build_query);
10-request-flow.md §6 (self-or-admin gate).
Deviation (docs/compat.md): special courses are sorted by title.
"""

import json
import urllib.parse

import harness
from harness import (api, as_user, assert_eq, assert_error, assert_ok, authenticate,
                     both_encodings, call, events_since, last_event_id, new_course, new_user,
                     ordered, sql, sql_exec, sql_value, uniq)

NOT_ALLOWED = ('You are not allowed to see this page. Either your connection has expired or you '
               'are trying to access a page for which you do not have the sufficient privileges.')
KEYS = ['id', 'title', 'code', 'directory', 'urlPicture', 'teachers', 'isSpecial', 'url']


def course(course_id, title, code, teachers, special, caller, key):
    base = harness.CAMPUS_URL
    return {
        'id': course_id, 'title': title, 'code': code, 'directory': code,
        'urlPicture': base + '/main/img/session_default.png',
        'teachers': teachers, 'isSpecial': special,
        'url': base + '/main/webservices/api/v2.php?' + urllib.parse.urlencode([
            ('action', 'view_course_home'), ('api_key', key), ('username', caller),
            ('course', str(course_id))]),
    }


def welcome(caller, key):
    return course(3, 'Welcome to the campus', 'WELCOME', 'John Doe', True, caller, key)


def student1_courses(caller, key):
    return [welcome(caller, key),
            course(1, 'English for beginners', 'ENGLISH101', 'Marie Curie', False, caller, key),
            course(2, 'Mathematics', 'MATH201', 'Marie Curie', False, caller, key)]


def check_shape(resp):
    for item in ordered(resp)[1][1]:
        assert_eq([k for k, _ in item], KEYS, 'keys in order')
        values = dict(item)
        assert isinstance(values['id'], int) and not isinstance(values['id'], bool), values
        assert isinstance(values['isSpecial'], bool), values
        for k in ('title', 'code', 'directory', 'urlPicture', 'teachers', 'url'):
            assert isinstance(values[k], str), (k, values)


@both_encodings
def test_student1_own_courses(enc):
    key = authenticate('student1', 'student1')
    resp = call('user_courses', 'student1', key, encoding=enc)
    data = assert_ok(resp)
    check_shape(resp)
    assert_eq(data, student1_courses('student1', key), 'student1 courses')
    assert b'"urlPicture":"http:\\/\\/127.0.0.1:' in resp.body, resp.body
    assert b'v2.php?action=view_course_home&api_key=' + key.encode() in resp.body, resp.body


@both_encodings
def test_admin_sees_welcome_first(enc):
    key = authenticate('admin', 'admin')
    resp = call('user_courses', 'admin', key, encoding=enc)
    data = assert_ok(resp)
    check_shape(resp)
    assert data, 'no course for admin'
    assert_eq(data[0], welcome('admin', key), 'first course of admin')
    assert_eq([c['id'] for c in data if c['id'] == 3], [3], 'WELCOME listed once')


def test_teacher():
    key = authenticate('teacher', 'teacher')
    data = assert_ok(call('user_courses', 'teacher', key))
    assert_eq(data, [
        welcome('teacher', key),
        course(1, 'English for beginners', 'ENGLISH101', 'Marie Curie', False, 'teacher', key),
        course(2, 'Mathematics', 'MATH201', 'Marie Curie', False, 'teacher', key),
    ], 'teacher courses')


def subscribe(course_id, user, status, relation_type=0):
    sql_exec('INSERT INTO course_rel_user (c_id, user_id, status, relation_type, is_tutor, sort,'
             ' user_course_cat, legal_agreement) VALUES (%s, %s, %s, %s, 0, 0, 0, 0)',
             course_id, user.id, status, relation_type)


@both_encodings
def test_teachers_in_subscription_order(enc):
    # Chamilo 1.11.32 lists the teachers as the database returns them
    # (CourseManager::get_teacher_list_from_course_code: SELECT DISTINCT of
    # the teachers' user rows, no ORDER BY, one entry per user id): in the
    # order of their course_rel_user rows. On the real install a course
    # created by Super Admin, with Bob Builder subscribed later, answers
    # "Super Admin | Bob Builder". Neither by name nor by user id here:
    # Bob's account is the older one.
    bob_name, boss_name = uniq('Builder'), uniq('Admin')
    bob = new_user(status=1, firstname='Bob', lastname=bob_name)
    boss = new_user(status=1, firstname='Super', lastname=boss_name)
    twins = [new_user(status=1, firstname='Twin', lastname='Teacher') for _ in range(2)]
    student = new_user()
    course_id = new_course(teacher=boss, students=[student]).id
    subscribe(course_id, bob, 1)
    for twin in twins:
        subscribe(course_id, twin, 1)
    # A second row of the same teacher (another relation type) keeps his
    # first place; a former teacher, now a student, is not listed.
    subscribe(course_id, boss, 1, relation_type=1)
    former = new_user(status=1, firstname='Former', lastname='Teacher')
    subscribe(course_id, former, 5)
    expected = 'Super %s | Bob %s | Twin Teacher | Twin Teacher' % (boss_name, bob_name)
    data = assert_ok(as_user(student, 'user_courses', encoding=enc))
    assert_eq([c['teachers'] for c in data if c['id'] == course_id], [expected], 'teachers')


def test_user_without_courses_sees_special_courses():
    user = new_user(with_key=True)
    assert_eq(assert_ok(as_user(user, 'user_courses')), [welcome(user.username, user.key())],
              'courses')


@both_encodings
def test_self_by_id(enc):
    key = authenticate('student1', 'student1')
    for user_id in (4, '4', 0, 'abc', ''):
        data = assert_ok(call('user_courses', 'student1', key, {'user_id': user_id}, encoding=enc))
        assert_eq(data, student1_courses('student1', key), 'courses for user_id=%r' % (user_id,))


@both_encodings
def test_student_asking_for_another_user(enc):
    key = authenticate('student1', 'student1')
    since = last_event_id()
    for user_id in (5, 1, '5abc'):
        assert_error(call('user_courses', 'student1', key, {'user_id': user_id}, encoding=enc),
                     NOT_ALLOWED)
    # docs/compat.md: a refused call leaves no event row.
    assert_eq(sql("SELECT 1 FROM track_e_default WHERE default_id > %s"
                  " AND default_event_type = 'access_ws_user_courses'", since), [],
              'event rows of refused calls')


@both_encodings
def test_admin_lists_another_user(enc):
    key = authenticate('admin', 'admin')
    data = assert_ok(call('user_courses', 'admin', key, {'user_id': 4}, encoding=enc))
    # The urls carry the caller's key and username, not the target's.
    assert_eq(data, student1_courses('admin', key), 'student1 courses seen by admin')


def test_user_id_from_query_string():
    # REQUEST: the query string works ...
    key = authenticate('admin', 'admin')
    data = assert_ok(call('user_courses', 'admin', key, query={'user_id': 4}))
    assert_eq(data, student1_courses('admin', key), 'user_id in the query string')
    data = assert_ok(api('user_courses', {'username': 'admin', 'api_key': key, 'user_id': 6},
                         encoding='query'))
    assert_eq([c['code'] for c in data], ['WELCOME', 'MATH201'], 'student3 courses (GET)')
    # ... and is checked by the gate for a student.
    s1 = authenticate('student1', 'student1')
    assert_error(call('user_courses', 'student1', s1, query={'user_id': 5}), NOT_ALLOWED)


def test_post_beats_query_string():
    # $_REQUEST = GET then POST merged, POST wins.
    key = authenticate('student1', 'student1')
    data = assert_ok(call('user_courses', 'student1', key, {'user_id': 4}, query={'user_id': 5}))
    assert_eq(data, student1_courses('student1', key), 'POST user_id wins')
    assert_error(call('user_courses', 'student1', key, {'user_id': 5}, query={'user_id': 4}),
                 NOT_ALLOWED)


def test_user_id_in_hash_is_ignored():
    key = authenticate('student1', 'student1')
    h = json.dumps({'action': 'user_courses', 'username': 'student1', 'api_key': key,
                    'user_id': 5})
    data = assert_ok(api(None, None, encoding='query', query={'hash': h}))
    assert_eq(data, student1_courses('student1', key), 'hash user_id ignored')


def test_unknown_user_id_for_admin():
    key = authenticate('admin', 'admin')
    data = assert_ok(call('user_courses', 'admin', key, {'user_id': 99999999}))
    # Special courses are shown to everybody.
    assert_eq(data, [welcome('admin', key)], 'courses of a user that does not exist')


def test_event_row():
    user = new_user(with_key=True)
    since = last_event_id()
    assert_ok(as_user(user, 'user_courses'))
    rows = events_since(since)
    assert_eq(rows, [('access_ws_user_courses', 'username', user.username, str(user.id), '0', '0')],
              'event rows')


@both_encodings
def test_needs_a_valid_key(enc):
    assert_error(api('user_courses', {'username': 'student1'}, encoding=enc), 'Invalid API key')
    assert_error(call('user_courses', 'student1', 'b' * 32, encoding=enc), 'Invalid API key')
