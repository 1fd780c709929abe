"""set_message_read: marks one of the caller's inbox messages as read.

Spec: 20-users-messages.md §3.5 (POST message_id; UPDATE the caller's
receiver row; {"status": true} always); v2.php: event (message_id) after
the work. Deviation (docs/compat.md): only inbox copies (0/1) change.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (api, assert_eq, assert_error, assert_ok, as_user, both_encodings,
                     events_since, last_event_id, msg, sql_exec)
from messages_common import assert_db_error, exchange, failing_trigger, member, status_of

STATUS_TRUE = b'{"error":false,"data":{"status":true}}'


@both_encodings
def test_marks_read(enc):
    sender, receiver, _, inbox_id, outbox_id = exchange(enc)
    since = last_event_id()
    resp = as_user(receiver, 'set_message_read', {'message_id': inbox_id}, encoding=enc)
    assert_ok(resp)
    assert_eq(resp.body.strip(), STATUS_TRUE, 'raw body')
    assert_eq((status_of(inbox_id), status_of(outbox_id)), (0, 4), 'statuses')
    assert_eq(events_since(since),
              [('access_ws_set_message_read', 'message_id', str(inbox_id), str(receiver.id),
                '0', '0')], 'event rows')
    # Again: still {"status": true}.
    assert_eq(as_user(receiver, 'set_message_read', {'message_id': inbox_id},
                      encoding=enc).body.strip(), STATUS_TRUE, 'second call')


@both_encodings
def test_other_rows_untouched(enc):
    sender, receiver, _, inbox_id, outbox_id = exchange(enc)
    stranger = member()
    for user, message_id in ((stranger, inbox_id), (sender, inbox_id), (receiver, outbox_id),
                             (receiver, 0), (receiver, 'abc')):
        assert_eq(as_user(user, 'set_message_read', {'message_id': message_id},
                          encoding=enc).body.strip(), STATUS_TRUE, 'answer')
    assert_eq((status_of(inbox_id), status_of(outbox_id)), (1, 4), 'statuses')
    sql_exec('UPDATE message SET msg_status = 3 WHERE id = %s', inbox_id)
    as_user(receiver, 'set_message_read', {'message_id': inbox_id}, encoding=enc)
    assert_eq(status_of(inbox_id), 3, 'deleted stays deleted')


@both_encodings
def test_bad_input(enc):
    sender, receiver, _, inbox_id, _ = exchange(enc)
    # PHP (int) of an array is 1: it would mark message 1; we refuse it.
    assert_error(as_user(receiver, 'set_message_read', {'message_id': [inbox_id]}, encoding=enc),
                 msg('BadParameter', 'message_id'))
    assert_eq(status_of(inbox_id), 1, 'unchanged')
    # "12abc" is 12, as PHP reads it.
    as_user(receiver, 'set_message_read', {'message_id': '%dabc' % inbox_id}, encoding=enc)
    assert_eq(status_of(inbox_id), 0, 'numeric prefix')
    assert_error(api('set_message_read', {'message_id': inbox_id}, encoding=enc),
                 msg('InvalidApiKey'))


def test_atomic_when_the_write_fails():
    sender, receiver, _, inbox_id, _ = exchange()
    since = last_event_id()
    with failing_trigger('message', 'NEW.id = %d' % inbox_id):
        assert_db_error(as_user(receiver, 'set_message_read', {'message_id': inbox_id}))
    assert_eq(status_of(inbox_id), 1, 'unchanged')
    assert_eq(events_since(since), [], 'no event row')
