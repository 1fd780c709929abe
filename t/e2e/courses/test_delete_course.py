"""delete_course: deletes a course and everything of it (administrators
only), in one transaction.

Spec: 30-courses.md §8.2 (REQUEST course_code first, else course_id;
"Course doesn't exists"; the tables emptied; course_deleted event;
{"status": true}; log (course_id, REQUEST course_id)); spec README
"Decisions" (without a key: Invalid API key).
"""

import harness
from harness import (api, assert_eq, assert_error, assert_ok, as_user, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_course, new_user,
                     sql, sql_exec, uniq)


def count(query, *args):
    return int(sql(query, *args)[0][0])


def made_course():
    """A course made by save_course, with a student, a note and a user online
    inside it (a user that makes no call, so the bookkeeping does not move
    them)."""
    tag = uniq('dc')
    data = assert_ok(call('save_course', 'admin', harness._admin(),
                          {'title': 'Doomed ' + tag, 'wanted_code': tag}))
    student = new_user()
    assert_ok(call('subscribe_user_to_course', 'admin', harness._admin(),
                   {'course_id': data['id'], 'user_id': student.id}))
    assert_ok(call('save_course_notebook', student.username, student.key(),
                   {'course': data['id'], 'title': 'note'}))
    online_inside = new_user()
    sql_exec("INSERT INTO track_e_online (login_user_id, login_date, user_ip, c_id, session_id,"
             " access_url_id) VALUES (%s, LOCALTIMESTAMP, '10.0.0.1', %s, 0, 1)",
             online_inside.id, data['id'])
    return int(data['id']), data['code_course']


def leftovers(course_id):
    return {t: count('SELECT count(*) FROM %s WHERE c_id = %d' % (t, course_id))
            for t in ('c_tool', 'c_course_setting', 'c_document', 'c_item_property', 'c_notebook',
                      'course_rel_user', 'access_url_rel_course', 'c_group_category',
                      'track_e_online')}


@both_encodings
def test_deletes_by_code(enc):
    course_id, code = made_course()
    assert leftovers(course_id)['c_tool'] == 24
    assert leftovers(course_id)['track_e_online'] == 1
    outside = new_user()
    sql_exec("INSERT INTO track_e_online (login_user_id, login_date, user_ip, c_id, session_id,"
             " access_url_id) VALUES (%s, LOCALTIMESTAMP, '10.0.0.1', 0, 0, 1)", outside.id)
    since = last_event_id()
    resp = call('delete_course', 'admin', harness._admin(), {'course_code': code.lower()},
                encoding=enc)
    assert_eq(resp.body.strip(), b'{"error":false,"data":{"status":true}}', 'raw body')
    assert_eq(count('SELECT count(*) FROM course WHERE id = %s', course_id), 0, 'course row')
    assert_eq(set(leftovers(course_id).values()), {0}, 'course tables emptied')
    assert_eq(count('SELECT count(*) FROM track_e_online WHERE login_user_id = %s', outside.id),
              1, 'a user online outside any course stays')
    assert_eq(count("SELECT count(*) FROM extra_field_values v JOIN extra_field f ON f.id ="
                    " v.field_id WHERE f.extra_field_type = 2 AND v.item_id = %s", course_id), 0,
              'extra values')
    events = [list(r[:5]) for r in events_since(since)
              if r[0] in ('course_deleted', 'access_ws_delete_course')]
    assert_eq(events, [['course_deleted', 'course_code', code, '1', str(course_id)],
                       ['access_ws_delete_course', 'course_id', '', '1', '0']], 'events')


def test_deletes_by_id_and_logs_it():
    course_id, _ = made_course()
    since = last_event_id()
    assert_eq(assert_ok(call('delete_course', 'admin', harness._admin(),
                             {'course_id': str(course_id)})), {'status': True}, 'by id')
    assert_eq([list(r[1:3]) for r in events_since(since) if r[0] == 'access_ws_delete_course'],
              [['course_id', str(course_id)]], 'event value: the id sent')
    assert_error(call('delete_course', 'admin', harness._admin(), {'course_id': course_id}),
                 msg('CourseDoesntExist'))


def test_refusals():
    course = new_course()
    admin_key = harness._admin()
    assert_error(call('delete_course', 'admin', admin_key, {}), msg('CourseDoesntExist'))
    assert_error(call('delete_course', 'admin', admin_key, {'course_code': 'NO_SUCH'}),
                 msg('CourseDoesntExist'))
    assert_error(as_user(new_user(), 'delete_course', {'course_id': course.id}), msg('NotAllowed'))
    assert_error(api('delete_course', {'course_id': course.id}), msg('InvalidApiKey'))
    assert_error(call('delete_course', 'admin', admin_key, {'course_id[]': course.id}),
                 msg('BadParameter', 'course_id'))
    assert_eq(count('SELECT count(*) FROM course WHERE id = %s', course.id), 1, 'still there')


def test_failing_trigger_leaves_everything():
    course_id, _ = made_course()
    with failing_trigger('track_e_default', "NEW.default_event_type = 'course_deleted'",
                         when='BEFORE INSERT'):
        resp = call('delete_course', 'admin', harness._admin(), {'course_id': course_id})
    assert_eq(resp.status, 500, 'status')
    assert_eq(count('SELECT count(*) FROM course WHERE id = %s', course_id), 1, 'course kept')
    assert_eq(leftovers(course_id)['c_tool'], 24, 'tools kept')


def test_multi_url_first_leaves_the_campus():
    """With multiple_access_urls, a course another campus still has only
    leaves the current one: {"status": null}."""
    host = uniq('dc') + '.example.org'
    campus = harness.new_campus('http://%s/' % host)
    course = new_course()
    harness.sql_exec('INSERT INTO access_url_rel_course (c_id, access_url_id) VALUES (%s, %s)',
                     course.id, campus)
    try:
        with harness.Pool({'multiple_access_urls': 'on', 'trusted_proxies': '127.0.0.1',
                           'workers': '1'}) as pool, harness.Front([pool.socket]) as front:
            def delete(on_host):
                key = assert_ok(api('authenticate', {'username': 'admin', 'password': 'admin'},
                                    base_url=front.base_url, headers={'Host': on_host}))['apiKey']
                return api('delete_course', {'username': 'admin', 'api_key': key,
                                             'course_id': course.id},
                           base_url=front.base_url, headers={'Host': on_host})
            assert_eq(assert_ok(delete(host)), {'status': None}, 'another campus has it')
            assert_eq(sql('SELECT access_url_id FROM access_url_rel_course WHERE c_id = %s',
                          course.id), [('1',)], 'off this campus only')
            assert_eq(count('SELECT count(*) FROM course WHERE id = %s', course.id), 1, 'kept')
            assert_eq(assert_ok(delete('unknown-' + host)), {'status': True}, 'the last campus')
            assert_eq(count('SELECT count(*) FROM course WHERE id = %s', course.id), 0, 'gone')
    finally:
        harness.drop_campus(campus)
