"""delete_user_message: moves one of the caller's copies to the deleted status.

Spec: 20-users-messages.md §3.7 (POST message_id, msg_type; "sent": the
sender's copy, else the receiver's copy unless it is the outbox copy (4);
status 3; {"status": true} always); v2.php: event (message_id) before the
work. Deviations (docs/compat.md): sender mode matches the outbox copy only
(PHP also deletes the receiver's inbox copy); attachment files are not
renamed.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (api, assert_eq, assert_error, assert_ok, as_user, both_encodings,
                     events_since, last_event_id, msg, php_int, sql, sql_exec)
from messages_common import assert_db_error, exchange, failing_trigger, member, status_of

STATUS_TRUE = b'{"error":false,"data":{"status":true}}'


def delete(user, message_id, msg_type=None, enc='urlencoded'):
    resp = as_user(user, 'delete_user_message', {'message_id': message_id, 'msg_type': msg_type},
                   encoding=enc)
    assert_ok(resp)
    assert_eq(resp.body.strip(), STATUS_TRUE, 'raw body')


@both_encodings
def test_receiver_deletes_the_inbox_copy(enc):
    sender, receiver, _, inbox_id, outbox_id = exchange(enc)
    since = last_event_id()
    delete(receiver, inbox_id, enc=enc)
    assert_eq((status_of(inbox_id), status_of(outbox_id)), (3, 4), 'statuses')
    assert_eq(events_since(since),
              [('access_ws_delete_user_message', 'message_id', str(inbox_id), str(receiver.id),
                '0', '0')], 'event rows')
    assert_eq(assert_ok(as_user(receiver, 'user_messages_received', encoding=enc)), [],
              'gone from the inbox')
    assert_eq([m['id'] for m in assert_ok(as_user(sender, 'user_messages_sent', encoding=enc))],
              [php_int(outbox_id)], 'still in the outbox')


@both_encodings
def test_sender_deletes_the_outbox_copy(enc):
    sender, receiver, _, inbox_id, outbox_id = exchange(enc)
    delete(sender, outbox_id, 'sent', enc)
    assert_eq((status_of(inbox_id), status_of(outbox_id)), (1, 3), 'statuses')
    assert_eq(assert_ok(as_user(sender, 'user_messages_sent', encoding=enc)), [], 'outbox')
    assert_eq(len(assert_ok(as_user(receiver, 'user_messages', encoding=enc))), 1, 'inbox intact')


@both_encodings
def test_nobody_deletes_the_other_copy(enc):
    sender, receiver, _, inbox_id, outbox_id = exchange(enc)
    stranger = member()
    # PHP's sender mode matches the inbox copy too (same user_sender_id).
    delete(sender, inbox_id, 'sent', enc)
    # The outbox copy's user_receiver_id is the receiver, but status 4 is excluded.
    delete(receiver, outbox_id, enc=enc)
    delete(receiver, outbox_id, 'received', enc)
    delete(sender, inbox_id, 'SENT', enc)
    for mode in (None, 'sent'):
        delete(stranger, inbox_id, mode, enc)
        delete(stranger, outbox_id, mode, enc)
    delete(receiver, 0, enc=enc)
    delete(receiver, 'abc', enc=enc)
    assert_eq((status_of(inbox_id), status_of(outbox_id)), (1, 4), 'statuses')


@both_encodings
def test_read_message_and_msg_type_array(enc):
    sender, receiver, _, inbox_id, _ = exchange(enc)
    sql_exec('UPDATE message SET msg_status = 0 WHERE id = %s', inbox_id)
    # An array msg_type is not "sent": receiver mode, as in PHP.
    resp = as_user(receiver, 'delete_user_message', {'message_id': inbox_id, 'msg_type': ['sent']},
                   encoding=enc)
    assert_eq(resp.body.strip(), STATUS_TRUE, 'raw body')
    assert_eq(status_of(inbox_id), 3, 'read message deleted')


@both_encodings
def test_bad_input(enc):
    sender, receiver, _, inbox_id, _ = exchange(enc)
    assert_error(as_user(receiver, 'delete_user_message', {'message_id': [inbox_id]},
                         encoding=enc), msg('BadParameter', 'message_id'))
    assert_eq(status_of(inbox_id), 1, 'unchanged')
    assert_error(api('delete_user_message', {'message_id': inbox_id}, encoding=enc),
                 msg('InvalidApiKey'))


def test_attachments_are_kept():
    sender, receiver, _, inbox_id, _ = exchange()
    sql_exec("INSERT INTO message_attachment (path, comment, size, message_id, filename)"
             " VALUES ('kept_1', '', 1, %s, 'kept.txt')", inbox_id)
    delete(receiver, inbox_id)
    assert_eq(sql('SELECT path FROM message_attachment WHERE message_id = %s', inbox_id),
              [('kept_1',)], 'attachment rows')


def test_atomic_when_the_write_fails():
    sender, receiver, _, inbox_id, _ = exchange()
    with failing_trigger('message', 'NEW.id = %d' % inbox_id):
        assert_db_error(as_user(receiver, 'delete_user_message', {'message_id': inbox_id}))
    assert_eq(status_of(inbox_id), 1, 'unchanged')
