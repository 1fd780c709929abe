"""save_course: creates a course (administrators only), in one transaction.

Spec: 30-courses.md §8.1 (the code from CAMPUS_<id>_<wanted_code>, the
course row, the creator as teacher, the campus link, default tools,
settings, group category, system folders, extra values, course_created
event, the answer and its failure); the 1.11.32 recording (save_course).
Deviation (docs/compat.md): the creation settings take their defaults.
"""

import harness
from harness import (assert_eq, assert_error, assert_ok, as_user, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_user, php_int, sql,
                     sql_exec, sql_value, uniq)

FAILED = {'status': False, 'message': 'The course has not been created due to an internal error.'}


def rows(query, *args):
    return [list(r) for r in sql(query, *args)]


def save(params, enc='urlencoded'):
    return call('save_course', 'admin', harness._admin(), params, encoding=enc)


@both_encodings
def test_creates_the_course_as_php_does(enc):
    tag = uniq('Sc')
    since = last_event_id()
    resp = save({'title': 'Course %s' % tag, 'wanted_code': tag + '-1', 'disk_quota': '100',
                 'visibility': '2', 'language': 'english'}, enc)
    data = assert_ok(resp)
    code = 'CAMPUS1' + tag.upper() + '1'
    course_id = int(data['id'])
    assert_eq(data, {'status': True, 'id': php_int(course_id), 'code_course': code,
                     'title_course': 'Course ' + tag, 'extra_fields': [],
                     'message': 'Course %s added' % code}, 'answer')
    assert_eq(list(resp.json['data']),
              ['status', 'id', 'code_course', 'title_course', 'extra_fields', 'message'], 'keys')
    assert_eq(rows("SELECT code, directory, visual_code, course_language, description,"
                   " category_code, visibility, show_score, disk_quota, subscribe, unsubscribe,"
                   " department_url, tutor_name, expiration_date = creation_date + interval"
                   " '1 year' FROM course WHERE id = %s", course_id),
              [[code, code, code, 'english', 'Course Description', '', '2', '1', '100', '1', '0',
                '', None, 't']], 'course row')
    assert_eq(rows('SELECT user_id, status, relation_type FROM course_rel_user WHERE c_id = %s',
                   course_id), [['1', '1', '0']], 'the creator teaches it')
    assert_eq(rows('SELECT access_url_id FROM access_url_rel_course WHERE c_id = %s', course_id),
              [['1']], 'campus')
    assert_eq(rows('SELECT count(*), count(*) FILTER (WHERE visibility = 1) FROM c_tool'
                   ' WHERE c_id = %s', course_id), [['24', '18']], 'tools')
    assert_eq(rows('SELECT count(*) FROM c_course_setting WHERE c_id = %s', course_id), [['24']],
              'settings')
    assert_eq(rows("SELECT d.path, ip.visibility, ip.lastedit_type FROM c_document d"
                   " JOIN c_item_property ip ON ip.c_id = d.c_id AND ip.tool = 'document'"
                   " AND ip.ref = d.id WHERE d.c_id = %s ORDER BY d.iid", course_id),
              [['/shared_folder', '0', 'DocumentAdded'], ['/chat_files', '0', 'DocumentAdded'],
               ['/certificates', '0', 'DocumentAdded']], 'system folders')
    assert_eq(rows("SELECT v.value = '' FROM extra_field_values v JOIN extra_field f ON f.id ="
                   " v.field_id WHERE f.variable = 'special_course' AND v.item_id = %s",
                   course_id), [['t']], 'empty extra value')
    events = [list(r[:5]) for r in events_since(since)
              if r[0] in ('course_created', 'access_ws_save_course')]
    assert_eq(events, [['course_created', 'course_code', code, '1', str(course_id)],
                       ['access_ws_save_course', 'course_id', str(course_id), '1', '0']],
              'events')
    info = assert_ok(call('course_info', 'admin', harness._admin(), {'course': course_id}))
    assert_eq([t['type'] for t in info['tools']][-1], 'tracking', 'course_info of the new course')


def test_codes_and_defaults():
    tag = uniq('sc')
    data = assert_ok(save({'title': 'Équipe ' + tag, 'wanted_code': 'Équipe ' + tag,
                           'remove_campus_id_from_wanted_code': 1, 'visibility': 1}))
    assert_eq(data['code_course'], ('EQUIPE' + tag.upper())[:40], 'transliterated, no campus')
    assert_eq(rows('SELECT visibility, subscribe, disk_quota FROM course WHERE id = %s',
                   data['id']), [['1', '0', '100']], 'private: no self-registration')
    plain = assert_ok(save({'title': 'T ' + tag, 'wanted_code': tag + 'b', 'disk_quota': '0'}))
    assert_eq(rows('SELECT visibility, subscribe, disk_quota, course_language FROM course'
                   ' WHERE id = %s', plain['id']), [['2', '1', '100000000', 'english']],
              'defaults')
    amp = assert_ok(save({'title': 'A &amp; B ' + tag, 'wanted_code': tag + 'c'}))
    assert_eq(amp['title_course'], 'A & B ' + tag, '&amp; decoded')


def test_failures_write_nothing():
    tag = uniq('sf')
    first = assert_ok(save({'title': 'First ' + tag, 'wanted_code': tag}))
    before = rows('SELECT count(*) FROM course')
    assert_eq(assert_ok(save({'title': 'Again ' + tag, 'wanted_code': tag})), FAILED,
              'the code is taken')
    assert_eq(assert_ok(save({'wanted_code': tag + 'x'})), FAILED, 'no title')
    assert_eq(assert_ok(save({'title': 'V', 'wanted_code': tag + 'v', 'visibility': 7})), FAILED,
              'visibility 7')
    assert_eq(rows('SELECT count(*) FROM course'), before, 'nothing written')
    assert first['status'] is True


def test_admin_only_and_bad_input():
    student = new_user()
    assert_error(as_user(student, 'save_course', {'title': 'x'}), msg('NotAllowed'))
    for name in ('title', 'wanted_code', 'id_campus', 'visibility'):
        assert_error(save({'title': 't', name + '[]': '1'}), msg('BadParameter', name))


def test_failing_trigger_leaves_nothing():
    tag = uniq('st')
    with failing_trigger('c_course_setting', 'true', when='BEFORE INSERT'):
        resp = save({'title': 'T ' + tag, 'wanted_code': tag})
    assert_eq(resp.status, 500, 'status')
    assert_eq(rows('SELECT count(*) FROM course WHERE code = %s', 'CAMPUS1' + tag.upper()),
              [['0']], 'no course left behind')


@both_encodings
def test_extra_values_sent_are_saved(enc):
    """POST extra_<variable> gives the course's value of that course extra
    field (ExtraField::saveFieldValues); the other fields get ''; a filter
    field with a value is listed in the answer's extra_fields."""
    variable = uniq('e2e_dept').lower()
    field = sql_value("INSERT INTO extra_field (extra_field_type, field_type, variable, display_text,"
                      " visible_to_self, visible_to_others, changeable, filter, created_at)"
                      " VALUES (2, 1, %s, 'Department', 1, 1, 1, 1, now()) RETURNING id", variable)
    try:
        tag = uniq('Sx')
        data = assert_ok(save({'title': 'Course %s' % tag, 'wanted_code': tag,
                               'extra_' + variable: 'Physics', 'extra_no_such_field': 'x'}, enc))
        course_id = int(data['id'])
        assert_eq(rows('SELECT value FROM extra_field_values WHERE field_id = %s AND item_id = %s',
                       field, course_id), [['Physics']], 'the value sent')
        assert_eq(rows("SELECT v.value = '' FROM extra_field_values v JOIN extra_field f"
                       " ON f.id = v.field_id WHERE f.variable = 'special_course'"
                       " AND v.item_id = %s", course_id), [['t']], 'a field not sent')
        assert [e for e in data['extra_fields'] if e.get('value') == 'Physics'], data
    finally:
        sql_exec('DELETE FROM extra_field_values WHERE field_id = %s', field)
        sql_exec('DELETE FROM extra_field WHERE id = %s', field)
