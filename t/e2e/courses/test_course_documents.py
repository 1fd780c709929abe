"""course_documents: one folder of the course's documents (course context).

Spec: 30-courses.md §4.2 (POST dir_id, NoDataAvailable, direct children,
latest item property, visibility exactly 1, hidden folders above, url with
the caller's key, icons, SIZE; log (directory_id, dir_id)).
Deviation (docs/compat.md): no tool-access tracking row.
"""

import os
import sys

import urllib.parse

import harness
from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, msg,
                     php_int, sql_exec)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from course_common import (assert_denied_to_a_stranger, assert_needs_a_course, event_of,
                           keys_of, read)

KEYS = ['id', 'type', 'title', 'path', 'url', 'icon', 'size']


def url(user, doc_id, session=0):
    return harness.CAMPUS_URL + '/main/document/document.php?' + urllib.parse.urlencode([
        ('username', user), ('api_key', authenticate(user, user)), ('cidReq', 'ENGLISH101'),
        ('id_session', str(session)), ('gidReq', '0'), ('gradebook', '0'), ('origin', ''),
        ('action', 'download'), ('id', str(doc_id))])


def doc(user, doc_id, kind, title, path, icon, size):
    return {'id': php_int(doc_id), 'type': kind, 'title': title, 'path': path,
            'url': url(user, doc_id), 'icon': icon, 'size': size}


@both_encodings
def test_root_newest_first_hidden_left_out(enc):
    resp = read('course_documents', 'student1', enc=enc)
    assert_eq(assert_ok(resp), [
        doc('student1', 1002, 'file', 'Syllabus', '/syllabus.pdf', 'file_pdf.png', '1.5M'),
        doc('student1', 1000, 'folder', 'Images', '/images', 'folder_images.png', '0B'),
    ], 'root of ENGLISH101')
    assert_eq(keys_of(resp), [KEYS, KEYS], 'keys')


def test_folder():
    assert_eq(assert_ok(read('course_documents', 'student1', dir_id=1000)),
              [doc('student1', 1001, 'file', 'diagram.png', '/images/diagram.png',
                   'file_image.png', '20k')], 'images folder')
    assert_eq(assert_ok(read('course_documents', 'student1', dir_id=1002)), [], 'a file')


def test_hidden_folder_hides_its_content_from_students_only():
    sql_exec("UPDATE c_item_property SET visibility = 0 WHERE iid = 1000")
    try:
        assert_eq(assert_ok(read('course_documents', 'student1', dir_id=1000)), [], 'student')
        assert_eq(len(assert_ok(read('course_documents', 'admin', dir_id=1000))), 1, 'admin')
        assert_eq([d['path'] for d in assert_ok(read('course_documents', 'admin'))],
                  ['/syllabus.pdf'], 'the hidden folder itself is left out for everybody')
    finally:
        sql_exec("UPDATE c_item_property SET visibility = 1 WHERE iid = 1000")


def test_unknown_folder_and_bad_input():
    assert_error(read('course_documents', 'student1', dir_id=999999), msg('NoDataAvailable'))
    assert_error(read('course_documents', 'student1', **{'dir_id[]': 1}),
                 msg('BadParameter', 'dir_id'))
    assert_eq(len(assert_ok(read('course_documents', 'student1', dir_id='abc'))), 2,
              'non-numeric: the root')


def test_event_and_context():
    assert_eq(event_of('course_documents',
                       lambda: read('course_documents', 'student1', dir_id=1000)),
              [['directory_id', '1000']], 'event')
    assert_needs_a_course('course_documents')


def test_denied_to_a_stranger():
    assert_denied_to_a_stranger('course_documents')
