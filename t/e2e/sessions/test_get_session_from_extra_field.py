"""get_session_from_extra_field: the session an extra-field value names.

Spec: 40-sessions-campuses.md §6 (checks, collation-like match, messages,
answer [id], event after).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (assert_eq, assert_error, assert_ok, as_user, both_encodings, events_since,
                     last_event_id, msg, new_user, uniq)
from session_extra_common import session_field, tagged_session

ACTION = 'get_session_from_extra_field'


@both_encodings
def test_finds_the_session(enc):
    variable, field = session_field()
    value = uniq('Code-')
    session = tagged_session(field, value)
    alice = new_user()
    since = last_event_id()
    resp = as_user(alice, ACTION, {'field_name': variable.upper(), 'field_value': value.lower() + '  '},
                   encoding=enc)
    assert_eq(resp.body.strip(), b'{"error":false,"data":[%d]}' % session.id, 'raw body')
    assert_eq([e for e in events_since(since) if e[0] == 'access_ws_' + ACTION],
              [('access_ws_' + ACTION, 'extra_field_name-extra_field_value',
                '%s:%s  ' % (variable.upper(), value.lower()), str(alice.id), '0', '0')], 'event')


def test_none_or_several():
    variable, field = session_field()
    alice = new_user()
    assert_error(as_user(alice, ACTION, {'field_name': variable, 'field_value': 'nothing'}),
                 'No session matched.')
    value = uniq('Twice-')
    tagged_session(field, value)
    tagged_session(field, value)
    assert_error(as_user(alice, ACTION, {'field_name': variable, 'field_value': value}),
                 'More than one session matched.')


@both_encodings
def test_bad_input(enc):
    alice = new_user()
    for params in ({'field_name': 'x'}, {'field_value': 'x'}, {'field_name': '0', 'field_value': 'x'},
                   {'field_name': 'x', 'field_value': '0'}):
        assert_error(as_user(alice, ACTION, params, encoding=enc), msg('NoData'))
    assert_error(as_user(alice, ACTION, {'field_name[]': 'x', 'field_value': 'y'}, encoding=enc),
                 msg('BadParameter', 'field_name'))
