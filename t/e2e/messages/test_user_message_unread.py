"""user_message_unread: marks a list of the caller's inbox messages as unread.

Spec: 20-users-messages.md §3.6 (same handler as user_message_read, target
status 1; already unread -> false; none: NoData); v2.php: event messages_id
after the work. Deviation (docs/compat.md): only inbox copies (status 0/1)
change: the outbox copy (4) and deleted rows (3) are never resurrected.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (api, assert_eq, assert_error, assert_ok, as_user, both_encodings,
                     events_since, last_event_id, msg, sql_exec)
from messages_common import (assert_db_error, exchange, failing_trigger, keys_in_order, member,
                             php_json, status_of, check_keys_follow_the_request)


@both_encodings
def test_marks_unread(enc):
    sender, receiver, subject, inbox_id, outbox_id = exchange(enc)
    sql_exec('UPDATE message SET msg_status = 0 WHERE id = %s', inbox_id)
    since = last_event_id()
    resp = as_user(receiver, 'user_message_unread', {'messages': [inbox_id]}, encoding=enc)
    assert_eq(resp.body.strip(), php_json({'error': False, 'data': {str(inbox_id): True}}),
              'raw body')
    assert_eq(status_of(inbox_id), 1, 'unread again')
    assert_eq(events_since(since),
              [('access_ws_user_message_unread', 'messages_id', str(inbox_id), str(receiver.id),
                '0', '0')], 'event rows')
    assert_eq(assert_ok(as_user(receiver, 'user_message_unread', {'messages': [inbox_id]},
                                encoding=enc)), {str(inbox_id): False}, 'already unread')


@both_encodings
def test_outbox_and_deleted_copies_are_not_resurrected(enc):
    sender, receiver, _, inbox_id, outbox_id = exchange(enc)
    sql_exec('UPDATE message SET msg_status = 3 WHERE id = %s', inbox_id)
    # The outbox copy's user_receiver_id is the receiver: PHP would turn it
    # into an inbox message.
    resp = as_user(receiver, 'user_message_unread', {'messages': [outbox_id, inbox_id]},
                   encoding=enc)
    assert_eq(keys_in_order(resp), [str(outbox_id), str(inbox_id)], 'key order')
    assert_eq(assert_ok(resp), {str(outbox_id): False, str(inbox_id): False}, 'answer')
    assert_eq((status_of(inbox_id), status_of(outbox_id)), (3, 4), 'statuses')
    # Nor can the sender touch the receiver's copy.
    sql_exec('UPDATE message SET msg_status = 0 WHERE id = %s', inbox_id)
    assert_eq(assert_ok(as_user(sender, 'user_message_unread', {'messages': [inbox_id]},
                                encoding=enc)), {str(inbox_id): False}, 'sender')
    assert_eq(status_of(inbox_id), 0, 'receiver copy untouched')


@both_encodings
def test_keys_in_the_order_of_the_request(enc):
    # As the real install answers: the keys follow the request, which a
    # client builds in a list's order (20-users-messages.md §3, §3.6).
    check_keys_follow_the_request('user_message_unread', enc)


@both_encodings
def test_no_ids_is_no_data(enc):
    receiver = member()
    since = last_event_id()
    for params in ({}, {'messages': [0]}, {'messages': '7'}):
        assert_error(as_user(receiver, 'user_message_unread', params, encoding=enc), msg('NoData'))
    assert_eq(events_since(since), [], 'no event row')
    assert_error(api('user_message_unread', {'messages': [1]}, encoding=enc),
                 msg('InvalidApiKey'))


def test_atomic_when_a_write_fails():
    sender, receiver, _, first, _ = exchange()
    _, _, _, second, _ = exchange()
    sql_exec('UPDATE message SET user_receiver_id = %s, msg_status = 0 WHERE id IN (%s, %s)',
             receiver.id, first, second)
    with failing_trigger('message', 'NEW.id = %d AND NEW.msg_status = 1' % second):
        assert_db_error(as_user(receiver, 'user_message_unread', {'messages': [first, second]}))
    assert_eq((status_of(first), status_of(second)), (0, 0), 'nothing changed')
