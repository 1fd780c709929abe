"""course_announcements: the course's announcements the caller may read.

Spec: 30-courses.md §4.3 (visible ones sent to everybody, to the caller or
a group of theirs; editors also hidden ones; display_order DESC; title
marks; creatorName; FMT_LONG date; log (course_id, POST course)).
Deviation (docs/compat.md): no tool-access tracking row, no attachment mark.
"""

import os
import sys

from harness import assert_eq, assert_ok, both_encodings, sql_exec

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from course_common import (assert_denied_to_a_stranger, assert_needs_a_course, event_of,  # noqa
                           keys_of, read)

ESSAY = {'id': 1001, 'title': 'Your essay ', 'creatorName': 'Marie Curie',
         'date': 'January 13, 2026 at 08:05 AM'}
WELCOME = {'id': 1000, 'title': 'Welcome', 'creatorName': 'Marie Curie',
           'date': 'January 12, 2026 at 02:30 PM'}


@both_encodings
def test_student_sees_those_sent_to_them(enc):
    resp = read('course_announcements', 'student1', enc=enc)
    assert_eq(assert_ok(resp), [ESSAY, WELCOME], 'student1: highest display order first')
    assert_eq(keys_of(resp), [list(ESSAY)] * 2, 'keys')
    assert_eq(assert_ok(read('course_announcements', 'student2')), [WELCOME],
              'student2: not the one sent to student1')


def test_hidden_only_for_editors():
    sql_exec('UPDATE c_item_property SET visibility = 0 WHERE iid = 1004')
    try:
        assert_eq(assert_ok(read('course_announcements', 'student2')), [], 'hidden')
        assert_eq([a['id'] for a in assert_ok(read('course_announcements', 'admin'))],
                  [1001, 1000], 'the admin sees it')
    finally:
        sql_exec('UPDATE c_item_property SET visibility = 1 WHERE iid = 1004')


def test_event_and_context():
    assert_eq(event_of('course_announcements', lambda: read('course_announcements', 'student1')),
              [['course_id', '1']], 'event')
    assert_needs_a_course('course_announcements')
    assert_eq(assert_ok(read('course_announcements', 'student1', course=2)), [], 'MATH201')


def test_denied_to_a_stranger():
    assert_denied_to_a_stranger('course_announcements')
