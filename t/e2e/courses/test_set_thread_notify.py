"""set_thread_notify: toggles the caller's subscription to a thread.

Spec: 30-courses.md §7.4 (POST thread required, 0 -> "No data available";
insert then delete c_forum_notification(c_id, thread_id, user_id) with their
messages; no thread lookup; event thread_id after the work).
"""

import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, both_encodings, events_since,
                     failing_trigger, last_event_id, msg, new_course, new_user, sql, sql_exec)

ON = {'message': 'You will be notified of new posts by e-mail.'}
OFF = {'message': 'You will no longer be notified of new posts by email'}


def subscriptions(course, user):
    return sql('SELECT thread_id FROM c_forum_notification WHERE c_id = %s AND user_id = %s'
               ' ORDER BY thread_id', course.id, user.id)


@both_encodings
def test_toggle(enc):
    student = new_user()
    course = new_course(students=[student])
    student.key()  # authenticated before: its event is not this call's
    since = last_event_id()
    assert_eq(assert_ok(as_user(student, 'set_thread_notify', {'course': course.id, 'thread': 77},
                                encoding=enc)), ON, 'first call')
    assert_eq(subscriptions(course, student), [('77',)], 'subscribed')
    assert_eq(assert_ok(as_user(student, 'set_thread_notify', {'course': course.id, 'thread': '77'},
                                encoding=enc)), OFF, 'second call')
    assert_eq(subscriptions(course, student), [], 'unsubscribed')
    event = ('access_ws_set_thread_notify', 'thread_id', '77', str(student.id), str(course.id), '0')
    assert_eq(events_since(since), [event, event], 'events')


def test_concurrent_toggles_leave_a_consistent_state():
    student = new_user()
    course = new_course(students=[student])
    student.key()
    answers = []

    def toggle():
        answers.append(assert_ok(as_user(student, 'set_thread_notify',
                                         {'course': course.id, 'thread': 5})))

    workers = [threading.Thread(target=toggle) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert_eq(sorted(a['message'] for a in answers), sorted([ON['message'], OFF['message']] * 2),
              'two subscribe, two unsubscribe')
    assert_eq(subscriptions(course, student), [], 'an even number of toggles: none')


@both_encodings
def test_thread_required(enc):
    student = new_user()
    course = new_course(students=[student])
    for thread in (None, '', '0', 'abc', ['3']):
        params = {'course': course.id}
        if thread is not None:
            params['thread'] = thread
        assert_error(as_user(student, 'set_thread_notify', params, encoding=enc), msg('NoData'))
    assert_eq(subscriptions(course, student), [], 'nothing written')


def test_failing_insert_answers_an_error_and_writes_nothing():
    student = new_user()
    course = new_course(students=[student])
    with failing_trigger('c_forum_notification', 'NEW.c_id = %d' % course.id):
        resp = as_user(student, 'set_thread_notify', {'course': course.id, 'thread': 9})
        assert resp.json['error'] is True, resp.json
    assert_eq(subscriptions(course, student), [], 'nothing written')


def test_student_of_another_course_is_refused():
    course = new_course(teacher=new_user(status=1))
    sql_exec('UPDATE course SET visibility = 1 WHERE id = %s', course.id)
    stranger = new_user()
    assert_error(as_user(stranger, 'set_thread_notify', {'course': course.id, 'thread': 1}),
                 msg('NotAllowed'))
    assert_eq(subscriptions(course, stranger), [], 'nothing written')
