"""course_agenda: the course's events of the current month.

Spec: 30-courses.md §4.5 (current UTC month, session rules, audience,
visibility, LOCAL_SQL dates, src made absolute, isAllDay; log (course_id,
POST course)).
Deviation (docs/compat.md): no tool-access tracking row, no HTML sanitising.
"""

import os
import sys

import harness
from harness import assert_eq, assert_ok, both_encodings, sql_exec, sql_value

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from course_common import (assert_denied_to_a_stranger, assert_needs_a_course, event_of,  # noqa
                           keys_of, read)


def month_day(day, time):
    """Day `day` (1-based) of the current month at time."""
    month = sql_value("SELECT to_char(LOCALTIMESTAMP, 'YYYY-MM')")
    return '%s-%02d %s' % (month, day, time)


def exam():
    return {'id': 1000, 'title': 'Oral exam',
            'content': '<p>Room <img src="%s/app/upload/map.png"></p>' % harness.CAMPUS_URL,
            'startDate': month_day(15, '09:00:00'), 'endDate': month_day(15, '11:00:00'),
            'isAllDay': False}


@both_encodings
def test_this_months_event(enc):
    resp = read('course_agenda', 'student1', enc=enc)
    assert_eq(assert_ok(resp), [exam()], 'agenda')
    assert_eq(keys_of(resp), [list(exam())], 'keys')


def test_other_months_and_audience():
    sql_exec("INSERT INTO c_calendar_event (iid, id, c_id, title, content, start_date, end_date,"
             " session_id, all_day) VALUES (1900, 1900, 1, 'Last year', '', '2020-01-01 10:00',"
             " '2020-01-01 11:00', 0, 1),"
             " (1901, 1901, 1, 'For student2', '', date_trunc('month', LOCALTIMESTAMP),"
             " NULL, 0, 1)")
    sql_exec("INSERT INTO c_item_property (iid, id, c_id, to_user_id, insert_user_id, tool, ref,"
             " lastedit_type, lastedit_user_id, visibility) VALUES"
             " (1900, 1900, 1, NULL, 3, 'calendar_event', 1900, 'AgendaAdded', 3, 1),"
             " (1901, 1901, 1, 5, 3, 'calendar_event', 1901, 'AgendaAdded', 3, 1)")
    try:
        assert_eq([e['title'] for e in assert_ok(read('course_agenda', 'student1'))],
                  ['Oral exam'], 'student1')
        student2 = assert_ok(read('course_agenda', 'student2'))
        assert_eq([e['title'] for e in student2], ['For student2', 'Oral exam'], 'student2')
        assert_eq((student2[0]['endDate'], student2[0]['isAllDay']), (None, True), 'no end')
        assert_eq([e['title'] for e in assert_ok(read('course_agenda', 'teacher'))],
                  ['For student2', 'Oral exam'], 'a course teacher sees every audience')
    finally:
        sql_exec('DELETE FROM c_item_property WHERE iid IN (1900, 1901)')
        sql_exec('DELETE FROM c_calendar_event WHERE iid IN (1900, 1901)')


def test_session_shows_only_session_events_by_default():
    assert_eq(assert_ok(read('course_agenda', 'student1', session=1)), [], 'session 1')


def test_event_and_context():
    assert_eq(event_of('course_agenda', lambda: read('course_agenda', 'student1')),
              [['course_id', '1']], 'event')
    assert_needs_a_course('course_agenda')


def test_denied_to_a_stranger():
    assert_denied_to_a_stranger('course_agenda')
