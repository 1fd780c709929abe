"""delete_campus: deletes a campus and its links (administrators only).

Spec: 40-sessions-campuses.md §13.3 (links deleted, then the campus; the
answer; event with the raw id). Deviations (docs/compat.md): campus 1 and a
campus named by a session category are kept ({"status":false}).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness
from harness import (assert_eq, assert_error, assert_ok, both_encodings, drop_campus,
                     events_since, failing_trigger, last_event_id, msg, new_campus, new_course,
                     new_session, new_user, sql, sql_exec, uniq)
from campus_common import admin, campus_row

DELETED = {'status': True, 'message': 'URL deleted.'}
KEPT = {'status': False, 'message': 'Error'}


def linked_campus():
    url_id = new_campus('http://%s.example.com/' % uniq('del-'))
    user, course, session = new_user(), new_course(), new_session()
    sql_exec('INSERT INTO access_url_rel_user (access_url_id, user_id) VALUES (%s, %s)',
             url_id, user.id)
    sql_exec('INSERT INTO access_url_rel_course (access_url_id, c_id) VALUES (%s, %s)',
             url_id, course.id)
    sql_exec('INSERT INTO access_url_rel_session (access_url_id, session_id) VALUES (%s, %s)',
             url_id, session.id)
    return url_id, user


def links(url_id):
    return [sql('SELECT count(*) FROM %s WHERE access_url_id = %%s' % t, url_id)[0][0]
            for t in ('access_url_rel_user', 'access_url_rel_course', 'access_url_rel_session')]


@both_encodings
def test_deletes_the_campus_and_its_links(enc):
    url_id, user = linked_campus()
    since = last_event_id()
    resp = admin('delete_campus', {'id': str(url_id)}, enc)
    assert_eq(resp.body.strip(), b'{"error":false,"data":{"status":true,"message":"URL deleted."}}',
              'raw body')
    assert_eq(campus_row(url_id), None, 'campus gone')
    assert_eq(links(url_id), ['0', '0', '0'], 'links gone')
    assert_eq(sql('SELECT count(*) FROM "user" WHERE id = %s', user.id), [('1',)], 'the user stays')
    assert_eq([e for e in events_since(since) if e[0] == 'access_ws_delete_campus'],
              [('access_ws_delete_campus', 'campus_id', str(url_id), '1', '0', '0')], 'event')
    assert_eq(assert_ok(admin('delete_campus', {'id': str(url_id)}, enc)), DELETED, 'again')


def test_main_campus_and_campus_with_categories_are_kept():
    assert_eq(assert_ok(admin('delete_campus', {'id': '1'})), KEPT, 'campus 1')
    assert campus_row(1) is not None
    url_id, _ = linked_campus()
    category = sql_exec('INSERT INTO session_category (name, access_url_id) VALUES (%s, %s)'
                        ' RETURNING id', uniq('cat '), url_id)[0][0]
    try:
        assert_eq(assert_ok(admin('delete_campus', {'id': url_id})), KEPT, 'named by a category')
        assert_eq(links(url_id), ['1', '1', '1'], 'links kept')
    finally:
        sql_exec('DELETE FROM session_category WHERE id = %s', category)
        drop_campus(url_id)


@both_encodings
def test_administrators_only_and_bad_input(enc):
    url_id, _ = linked_campus()
    try:
        alice = new_user()
        assert_error(harness.call('delete_campus', alice.username, alice.key(), {'id': url_id},
                                  encoding=enc), msg('NotAllowed'))
        assert_error(admin('delete_campus', {'id[]': url_id}, enc), msg('BadParameter', 'id'))
        assert campus_row(url_id) is not None
    finally:
        admin('delete_campus', {'id': url_id})


def test_failing_write_leaves_nothing():
    url_id, _ = linked_campus()
    try:
        with failing_trigger('access_url', 'true', 'BEFORE DELETE'):
            resp = admin('delete_campus', {'id': url_id})
            assert resp.json and resp.json['error'] is True, resp.body
        assert_eq(links(url_id), ['1', '1', '1'], 'links kept')
    finally:
        admin('delete_campus', {'id': url_id})
