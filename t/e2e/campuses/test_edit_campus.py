"""edit_campus: changes a campus (administrators only).

Spec: 40-sessions-campuses.md §13.2 ([false] for id 0, [true] otherwise,
slash appended, campus 1 stays active, event with the raw id).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness
from harness import (assert_eq, assert_error, assert_ok, both_encodings, drop_campus,
                     events_since, last_event_id, msg, new_campus, new_user, sql, uniq)
from campus_common import admin, campus_row


@both_encodings
def test_changes_the_campus(enc):
    url_id = new_campus('http://%s.example.com/' % uniq('edit-'))
    try:
        url = 'http://%s.example.com' % uniq('edited-')
        since = last_event_id()
        resp = admin('edit_campus', {'id': str(url_id), 'url': url, 'description': 'Edited',
                                     'active': '0'}, enc)
        assert_eq(resp.body.strip(), b'{"error":false,"data":[true]}', 'raw body')
        assert_eq(campus_row(url_id), (url + '/', 'Edited', '0', '1'), 'row')
        assert_eq([e for e in events_since(since) if e[0] == 'access_ws_edit_campus'],
                  [('access_ws_edit_campus', 'campus_id', str(url_id), '1', '0', '0')], 'event')
        # Absent fields blank their columns.
        assert_ok(admin('edit_campus', {'id': url_id}, enc))
        assert_eq(campus_row(url_id), ('/', '', '0', '1'), 'blanked')
    finally:
        drop_campus(url_id)


def test_id_zero_and_unknown_ids():
    assert_eq(assert_ok(admin('edit_campus', {'id': '0', 'url': 'http://x/'})), [False], 'zero')
    assert_eq(assert_ok(admin('edit_campus', {'id': 'abc', 'url': 'http://x/'})), [False], 'abc')
    assert_eq(assert_ok(admin('edit_campus', {'id': '999999', 'url': 'http://x/'})), [True],
              'unknown: no check')


def test_campus_1_stays_active():
    before = campus_row(1)
    try:
        assert_ok(admin('edit_campus', {'id': '1', 'url': before[0], 'description': before[1],
                                        'active': '0'}))
        assert_eq(campus_row(1)[2], '1', 'active')
    finally:
        sql('UPDATE access_url SET url = %s, description = %s, active = %s, created_by = %s'
            ' WHERE id = 1 RETURNING id', *before)


@both_encodings
def test_administrators_only_and_bad_input(enc):
    url_id = new_campus('http://%s.example.com/' % uniq('edit-'))
    try:
        alice = new_user()
        assert_error(harness.call('edit_campus', alice.username, alice.key(),
                                  {'id': url_id, 'url': 'http://evil/'}, encoding=enc),
                     msg('NotAllowed'))
        assert_error(admin('edit_campus', {'id[]': url_id}, enc), msg('BadParameter', 'id'))
        assert campus_row(url_id)[0] != 'http://evil/'
    finally:
        drop_campus(url_id)
