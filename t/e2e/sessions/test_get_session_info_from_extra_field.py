"""get_session_info_from_extra_field: the session an extra-field value
names, with its dates and filter extra fields.

Spec: 40-sessions-campuses.md §14.1 (same checks and event as §6; shape:
id a number, dates UTC or null, extra_fields value/variable/display_text).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (assert_eq, assert_error, as_user, both_encodings, events_since,
                     last_event_id, msg, new_user, sql, sql_exec, uniq)
from session_extra_common import session_field, tagged_session

ACTION = 'get_session_info_from_extra_field'


@both_encodings
def test_session_with_its_filter_fields(enc):
    variable, field = session_field(display='Code')
    hidden, hidden_field = session_field(filter_=0)
    value = uniq('Info-')
    session = tagged_session(field, value)
    sql_exec('INSERT INTO extra_field_values (field_id, item_id, value) VALUES (%s, %s, %s)',
             hidden_field, session.id, 'secret')
    sql_exec("UPDATE session SET access_start_date = '2024-01-01 00:00:00', access_end_date = NULL"
             " WHERE id = %s", session.id)
    name = sql('SELECT name FROM session WHERE id = %s', session.id)[0][0]
    alice = new_user()
    since = last_event_id()
    resp = as_user(alice, ACTION, {'field_name': variable, 'field_value': value}, encoding=enc)
    assert_eq(resp.json, {'error': False, 'data': [{
        'id': session.id, 'name': name, 'access_start_date': '2024-01-01 00:00:00',
        'access_end_date': None,
        'extra_fields': [{'value': value, 'variable': variable, 'display_text': 'Code'}]}]},
        'answer')
    assert_eq([e[1:3] for e in events_since(since) if e[0] == 'access_ws_' + ACTION],
              [('extra_field_name-extra_field_value', '%s:%s' % (variable, value))], 'event')


@both_encodings
def test_checks(enc):
    variable, field = session_field()
    alice = new_user()
    assert_error(as_user(alice, ACTION, {'field_name': variable}, encoding=enc), msg('NoData'))
    assert_error(as_user(alice, ACTION, {'field_name': variable, 'field_value': 'none'},
                         encoding=enc), 'No session matched.')
    value = uniq('Twice-')
    tagged_session(field, value)
    tagged_session(field, value)
    assert_error(as_user(alice, ACTION, {'field_name': variable, 'field_value': value},
                         encoding=enc), 'More than one session matched.')
    assert_error(as_user(alice, ACTION, {'field_name': variable, 'field_value[]': value},
                         encoding=enc), msg('BadParameter', 'field_value'))
