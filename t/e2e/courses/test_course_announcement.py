"""course_announcement: one announcement of the course, its tags filled.

Spec: 30-courses.md §4.4 (POST announcement; visibility and audience for
non-editors; No announcement; FMT_LONG_24H date; the ((...)) tags; log
(announcement_id, the parameter as sent)).
Deviation (docs/compat.md): no tool-access tracking row; ((extra_*)) and
session tags are left as written.
"""

import os
import sys

import harness
from harness import assert_eq, assert_error, assert_ok, both_encodings, msg, sql_exec

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from course_common import (assert_denied_to_a_stranger, assert_needs_a_course, event_of,  # noqa
                           read)


@both_encodings
def test_tags_filled_for_the_caller(enc):
    resp = read('course_announcement', 'student1', enc=enc, announcement=1000)
    assert_eq(assert_ok(resp), {
        'id': 1000, 'title': 'Welcome', 'creatorName': 'Marie Curie',
        'date': 'January 12, 2026 at 14:30',
        'content': '<p>Hello Ada, welcome to English for beginners.</p>'}, 'announcement')
    assert_eq(list(resp.json['data']), ['id', 'title', 'creatorName', 'date', 'content'], 'keys')


def test_more_tags():
    sql_exec("UPDATE c_announcement SET content = '((user_name)) ((user_complete_name))"
             " ((teachers)) ((course_link))' WHERE iid = 1000")
    try:
        home = harness.CAMPUS_URL + '/courses/ENGLISH101/index.php?id_session=0&gidReq=0'
        data = assert_ok(read('course_announcement', 'student1', announcement=1000))
        assert_eq(data['content'], 'student1 Ada Lovelace Marie Curie <a href="%s" >%s</a>'
                  % (home.replace('&', '&amp;'), home), 'tags')
    finally:
        sql_exec("UPDATE c_announcement SET content = '<p>Hello ((user_firstname)), welcome to"
                 " ((course_title)).</p>' WHERE iid = 1000")


def test_audience_and_visibility():
    # PHP's rule: a row without a group passes whoever it was sent to.
    assert_eq(assert_ok(read('course_announcement', 'student2', announcement=1001))['id'], 1001,
              'sent to student1, no group')
    sql_exec('UPDATE c_item_property SET visibility = 0 WHERE iid = 1005')
    try:
        assert_error(read('course_announcement', 'student1', announcement=1001),
                     msg('NoAnnouncement'))
        assert_eq(assert_ok(read('course_announcement', 'admin', announcement=1001))['id'], 1001,
                  'the admin reads a hidden one')
    finally:
        sql_exec('UPDATE c_item_property SET visibility = 1 WHERE iid = 1005')
    assert_error(read('course_announcement', 'student1', announcement=999), msg('NoAnnouncement'))
    assert_error(read('course_announcement', 'student1'), msg('NoAnnouncement'))


def test_bad_input_event_and_context():
    assert_error(read('course_announcement', 'student1', **{'announcement[]': 1}),
                 msg('BadParameter', 'announcement'))
    assert_error(read('course_announcement', 'student1', announcement='abc'),
                 msg('NoAnnouncement'))
    assert_eq(event_of('course_announcement',
                       lambda: read('course_announcement', 'student1', announcement='1000')),
              [['announcement_id', '1000']], 'event')
    assert_needs_a_course('course_announcement')


def test_denied_to_a_stranger():
    assert_denied_to_a_stranger('course_announcement', announcement=1)
