"""save_course_notebook: writes a note of the caller in the course, in one
transaction.

Spec: 30-courses.md §7.1 (POST title, text; empty title: {"registered":
false}; the c_notebook row with notebook_id = iid; ITEM-PROPERTY-ADD
notebook/NotebookAdded; log (notebook_id, registered)).
Deviation (docs/compat.md): an empty text is stored as ''.
"""

import os
import sys

from harness import (assert_eq, assert_error, assert_ok, both_encodings, call, failing_trigger,
                     msg, new_course, new_session, new_user, sql)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from course_common import assert_denied_to_a_stranger, assert_needs_a_course, event_of  # noqa


def notes(course_id, user_id):
    return [list(r) for r in sql(
        'SELECT iid, notebook_id, course, session_id, title, description, status,'
        ' creation_date = update_date FROM c_notebook WHERE c_id = %s AND user_id = %s'
        ' ORDER BY iid', course_id, user_id)]


def properties(course_id, ref):
    return [list(r) for r in sql(
        "SELECT id = iid, tool, lastedit_type, insert_user_id, lastedit_user_id, visibility,"
        " session_id, to_group_id, to_user_id FROM c_item_property WHERE c_id = %s AND ref = %s"
        " AND tool = 'notebook'", course_id, ref)]


@both_encodings
def test_writes_the_note_and_its_item_property(enc):
    student = new_user()
    course = new_course(students=[student])
    resp = call('save_course_notebook', student.username, student.key(),
                {'course': course.id, 'title': 'My note', 'text': 'Some text'}, encoding=enc)
    data = assert_ok(resp)
    iid = data['registered']
    assert isinstance(iid, int) and not isinstance(iid, bool), data
    assert_eq(notes(course.id, student.id),
              [[str(iid), str(iid), course.code, '0', 'My note', 'Some text', '0', 't']], 'row')
    assert_eq(properties(course.id, iid),
              [['t', 'notebook', 'NotebookAdded', str(student.id), str(student.id), '1', None,
                None, None]], 'item property')
    listed = assert_ok(call('course_notebooks', student.username, student.key(),
                            {'course': course.id}))
    assert_eq([n['id'] for n in listed], [iid], 'course_notebooks lists it')


def test_in_a_session_and_empty_text():
    student = new_user()
    course = new_course(students=[student])
    session = new_session(courses=[course], users=[student])
    data = assert_ok(call('save_course_notebook', student.username, student.key(),
                          {'course': course.id, 'session': session.id, 'title': 'S'}))
    rows = notes(course.id, student.id)
    assert_eq([r[3:6] for r in rows], [[str(session.id), 'S', '']], 'session row')
    assert_eq([p[6] for p in properties(course.id, data['registered'])], [str(session.id)],
              'item property of the session')


def test_empty_title_writes_nothing():
    student = new_user()
    course = new_course(students=[student])
    for params in ({}, {'title': ''}, {'text': 'no title'}):
        resp = call('save_course_notebook', student.username, student.key(),
                    dict({'course': course.id}, **params))
        assert_eq(assert_ok(resp), {'registered': False}, 'data %r' % params)
    assert_eq(notes(course.id, student.id), [], 'nothing written')


def test_event_bad_input_and_context():
    student = new_user()
    course = new_course(students=[student])
    events = event_of('save_course_notebook', lambda: call(
        'save_course_notebook', student.username, student.key(),
        {'course': course.id, 'title': 'E'}))
    iid = notes(course.id, student.id)[0][0]
    assert_eq(events, [['notebook_id', iid]], 'event')
    for name in ('title', 'text'):
        assert_error(call('save_course_notebook', student.username, student.key(),
                          {'course': course.id, 'title': 'x', name + '[]': 'y'}),
                     msg('BadParameter', name))
    assert_error(call('save_course_notebook', student.username, student.key(),
                      {'course': course.id, 'title': 'x' * 256}), msg('BadParameter', 'title'))
    assert_needs_a_course('save_course_notebook')


def test_failing_trigger_leaves_nothing():
    student = new_user()
    course = new_course(students=[student])
    with failing_trigger('c_item_property', "NEW.tool = 'notebook'", when='BEFORE INSERT'):
        resp = call('save_course_notebook', student.username, student.key(),
                    {'course': course.id, 'title': 'T'})
    assert_eq(resp.status, 500, 'status')
    assert_eq(notes(course.id, student.id), [], 'no note left behind')


def test_denied_to_a_stranger():
    assert_denied_to_a_stranger('save_course_notebook', title='x')
