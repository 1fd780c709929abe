"""user_message_read: marks a list of the caller's inbox messages as read.

Spec: 20-users-messages.md §3.6 (POST messages[]; each PHP (int), zeros
dropped; none: NoData before any write; answer {"<id>": changed} in
first-occurrence order, already read -> false); v2.php: event messages_id =
ids joined with ',' after the work. Recording user_message_read_alice:
{"1":true}. Deviation (docs/compat.md): only inbox copies (status 0/1)
change, not the sender's outbox copy or deleted rows.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (api, assert_eq, assert_error, assert_ok, as_user, both_encodings,
                     events_since, last_event_id, msg)
from messages_common import (assert_db_error, exchange, failing_trigger, keys_in_order, member,
                             php_json, status_of, check_keys_follow_the_request)


@both_encodings
def test_marks_read_once(enc):
    sender, receiver, subject, inbox_id, outbox_id = exchange(enc)
    since = last_event_id()
    resp = as_user(receiver, 'user_message_read', {'messages': [inbox_id]}, encoding=enc)
    # Recording user_message_read_alice: {"1":true}, with this message's id.
    assert_eq(resp.body.strip(), php_json({'error': False, 'data': {str(inbox_id): True}}),
              'raw body')
    assert_eq(status_of(inbox_id), 0, 'inbox copy read')
    assert_eq(status_of(outbox_id), 4, 'outbox copy untouched')
    assert_eq(events_since(since),
              [('access_ws_user_message_read', 'messages_id', str(inbox_id), str(receiver.id),
                '0', '0')], 'event rows')
    # Already read: nothing changes, false.
    assert_eq(assert_ok(as_user(receiver, 'user_message_read', {'messages': [inbox_id]},
                                encoding=enc)), {str(inbox_id): False}, 'second time')


@both_encodings
def test_list_order_duplicates_zeros_and_strangers(enc):
    sender, receiver, _, first, first_outbox = exchange(enc)
    _, _, _, second, _ = exchange(enc)
    from harness import sql_exec
    sql_exec('UPDATE message SET user_receiver_id = %s WHERE id = %s', receiver.id, second)
    _, _, _, foreign, _ = exchange(enc)
    since = last_event_id()
    ids = [second, 0, 'abc', first, second, foreign, first_outbox, '%dxyz' % first]
    resp = as_user(receiver, 'user_message_read', {'messages': ids}, encoding=enc)
    # array_flip order (first occurrence); a repeated id answers its last
    # update (false: already read by the first one).
    assert_eq(keys_in_order(resp), [str(second), str(first), str(foreign), str(first_outbox)],
              'key order')
    assert_eq(assert_ok(resp), {str(second): False, str(first): False, str(foreign): False,
                                str(first_outbox): False}, 'answer')
    assert_eq((status_of(first), status_of(second), status_of(foreign), status_of(first_outbox)),
              (0, 0, 1, 4), 'statuses')
    assert_eq(events_since(since)[0][1:3],
              ('messages_id', '%d,%d,%d,%d,%d,%d' % (second, first, second, foreign, first_outbox,
                                                     first)), 'event value')


@both_encodings
def test_keys_in_the_order_of_the_request(enc):
    # As the real install answers: the keys follow the request, which a
    # client builds in a list's order (20-users-messages.md §3, §3.6).
    check_keys_follow_the_request('user_message_read', enc)


@both_encodings
def test_no_ids_is_no_data(enc):
    receiver = member()
    since = last_event_id()
    for params in ({}, {'messages': []}, {'messages': [0, 'abc']}, {'messages': '5'},
                   {'messages': ''}):
        assert_error(as_user(receiver, 'user_message_read', params, encoding=enc), msg('NoData'))
    assert_eq(events_since(since), [], 'no event row')
    assert_error(api('user_message_read', {'messages': [1]}, encoding=enc), msg('InvalidApiKey'))


def test_deleted_rows_stay_deleted():
    sender, receiver, _, inbox_id, _ = exchange()
    from harness import sql_exec
    sql_exec('UPDATE message SET msg_status = 3 WHERE id = %s', inbox_id)
    assert_eq(assert_ok(as_user(receiver, 'user_message_read', {'messages': [inbox_id]})),
              {str(inbox_id): False}, 'answer')
    assert_eq(status_of(inbox_id), 3, 'still deleted')


def test_atomic_when_a_write_fails():
    sender, receiver, _, first, _ = exchange()
    _, _, _, second, _ = exchange()
    from harness import sql_exec
    sql_exec('UPDATE message SET user_receiver_id = %s WHERE id = %s', receiver.id, second)
    since = last_event_id()
    with failing_trigger('message', 'NEW.id = %d AND NEW.msg_status = 0' % second):
        assert_db_error(as_user(receiver, 'user_message_read', {'messages': [first, second]}))
    assert_eq((status_of(first), status_of(second)), (1, 1), 'nothing changed')
    assert_eq(events_since(since), [], 'no event row')
