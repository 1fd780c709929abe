"""course_links: the course's links by category.

Spec: 30-courses.md §4.10 (pseudo category General first, categories by
display_order DESC, links by display_order, hidden ones dropped keeping
positions (LIST-OR-OBJECT), url with CIDREQ; log (username, username)).
Deviation (docs/compat.md): no tool-access tracking row, no item property
written for a category without one.
"""

import json
import os
import sys

import harness
from harness import assert_eq, assert_ok, both_encodings, sql_exec

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from course_common import (assert_denied_to_a_stranger, assert_needs_a_course, event_of,  # noqa
                           read)


def url(link_id, session=0):
    return (harness.CAMPUS_URL + '/main/link/link_goto.php?cidReq=ENGLISH101&id_session=%d'
            '&gidReq=0&gradebook=0&origin=&link_id=%d' % (session, link_id))


def general():
    return {'id': 0, 'title': 'General', 'description': '', 'visibility': 1,
            'links': [{'id': 1001, 'title': 'BBC Learning English', 'description': '',
                       'visibility': 1, 'url': url(1001)}]}


def dictionaries():
    return {'id': 1000, 'title': 'Dictionaries', 'description': 'Online dictionaries',
            'visibility': 1,
            'links': [{'id': 1000, 'title': 'Cambridge Dictionary', 'description': 'Definitions',
                       'visibility': 1, 'url': url(1000)}]}


@both_encodings
def test_categories_and_links(enc):
    resp = read('course_links', 'student1', enc=enc)
    assert_eq(assert_ok(resp), [general(), dictionaries()], 'links')
    keys = [k for k, _ in json.loads(resp.body, object_pairs_hook=list)[1][1][0]]
    assert_eq(keys, ['id', 'title', 'description', 'visibility', 'links'], 'keys')


def test_hidden_entries_keep_the_others_positions():
    sql_exec('UPDATE c_item_property SET visibility = 0 WHERE iid = 1010')
    try:
        data = assert_ok(read('course_links', 'student1'))
        first = general()
        first['links'] = []
        assert_eq(data, [first, dictionaries()], 'the General link hidden')
    finally:
        sql_exec('UPDATE c_item_property SET visibility = 1 WHERE iid = 1010')
    sql_exec('UPDATE c_item_property SET visibility = 0 WHERE iid = 1008')
    try:
        assert_eq(assert_ok(read('course_links', 'student1')), [general()],
                  'the hidden category: position 1 dropped, the list stays 0..n-1')
    finally:
        sql_exec('UPDATE c_item_property SET visibility = 1 WHERE iid = 1008')
    sql_exec("INSERT INTO c_link (iid, c_id, id, url, title, description, category_id,"
             " display_order, on_homepage, target, session_id) VALUES"
             " (1900, 1, 1900, 'https://x.example/', 'Hidden first', '', 0, 0, '0', '', 0)")
    sql_exec("INSERT INTO c_item_property (iid, id, c_id, insert_user_id, tool, ref,"
             " lastedit_type, lastedit_user_id, visibility) VALUES"
             " (1900, 1900, 1, 3, 'link', 1900, 'LinkAdded', 3, 0)")
    try:
        data = assert_ok(read('course_links', 'student1'))
        assert_eq(data[0]['links'], {'1': general()['links'][0]},
                  'a hidden first link: an object keyed by position')
    finally:
        sql_exec('DELETE FROM c_item_property WHERE iid = 1900')
        sql_exec('DELETE FROM c_link WHERE iid = 1900')


def test_event_and_context():
    assert_eq(event_of('course_links', lambda: read('course_links', 'student1')),
              [['username', 'student1']], 'event')
    assert_needs_a_course('course_links')


def test_denied_to_a_stranger():
    assert_denied_to_a_stranger('course_links')
