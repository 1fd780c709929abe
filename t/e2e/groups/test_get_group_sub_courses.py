"""get_group_sub_courses: the courses a class is linked to, keyed by course
id, any valid key; the registration code only for administrators.

Spec: 25-groups-audit.md §3.6.
"""

from harness import (_admin, api, as_user, assert_eq, assert_error, assert_ok, both_encodings,
                     call, events_since, last_event_id, msg, new_class, new_course, new_user,
                     php_int, sql, sql_exec)

COLUMNS = ['id', 'room_id', 'title', 'code', 'directory', 'course_language', 'description',
           'category_code', 'visibility', 'show_score', 'tutor_name', 'visual_code',
           'department_name', 'department_url', 'disk_quota', 'last_visit', 'last_edit',
           'creation_date', 'expiration_date', 'subscribe', 'unsubscribe', 'registration_code',
           'legal', 'activate_legal', 'add_teachers_to_sessions_courses', 'course_type_id']
INTS = {'id', 'room_id', 'visibility', 'show_score', 'disk_quota', 'subscribe', 'unsubscribe',
        'activate_legal', 'add_teachers_to_sessions_courses', 'course_type_id'}


def courses(klass_id, enc='urlencoded', user=None):
    if user is None:
        return call('get_group_sub_courses', 'admin', _admin(), {'id': klass_id}, encoding=enc)
    return as_user(user, 'get_group_sub_courses', {'id': klass_id}, encoding=enc)


def course_row(course_id):
    row = sql('SELECT %s FROM course WHERE id = %%s' % ', '.join(COLUMNS), course_id)[0]
    return {k: php_int(v) if k in INTS else v for k, v in zip(COLUMNS, row)}


@both_encodings
def test_the_course_rows(enc):
    data = assert_ok(courses(2101, enc))
    assert_eq(list(data), ['1'], 'keys')
    assert_eq(list(data['1']), COLUMNS, 'columns in table order')
    assert_eq(data['1'], course_row(1), 'ENGLISH101')


def test_link_order_and_registration_code_for_admins_only():
    first, second = new_course(), new_course()
    sql_exec("UPDATE course SET registration_code = 'secret' WHERE id = %s", second.id)
    klass = new_class()
    sql_exec('INSERT INTO usergroup_rel_course (usergroup_id, course_id) VALUES (%s, %s), (%s, %s)',
             klass.id, second.id, klass.id, first.id)
    data = assert_ok(courses(klass.id))
    assert_eq(list(data), [str(second.id), str(first.id)], 'link order')
    assert_eq(data[str(second.id)]['registration_code'], 'secret', 'admin')
    other = assert_ok(courses(klass.id, user=new_user()))
    assert 'registration_code' not in other[str(second.id)], other
    assert_eq(list(other[str(second.id)]), [c for c in COLUMNS if c != 'registration_code'], 'keys')


@both_encodings
def test_empty_and_bad_id(enc):
    assert_eq(assert_ok(courses(new_class().id, enc)), [], 'no course')
    for value in ('', 'abc', '0', ['1']):
        assert_error(courses(value, enc), msg('BadParameter', 'id'))
    assert_error(api('get_group_sub_courses', {'id': 2101}, encoding=enc), msg('InvalidApiKey'))


def test_event_is_the_serialized_answer():
    klass = new_class()
    _admin()
    since = last_event_id()
    assert_ok(courses(klass.id))
    assert_eq(events_since(since), [('access_ws_get_group_sub_courses', 'group_id', 'a:0:{}', '1',
                                     '0', '0')], 'events')
