"""user_messages: the caller's unread inbox messages newer than `last`.

Spec: 20-users-messages.md §3.1 (POST last; receiver = caller, status 1,
id > last, INNER JOIN sender, newest first; shape); v2.php: event
(last_message_id) after reading. Recording user_messages_alice: PHP 8 types
(id and sender.id numbers), escaped slashes, \\u escapes, key order.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (api, assert_eq, assert_error, assert_ok, as_user, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, php_int, sql_exec, sql_value, uniq)
from messages_common import (RECORDED_RECEIVER, RECORDED_SENDER, RECORDED_TEXT, copies, exchange,
                             member, php_json, same_second_exchange, send, web_root)


def expected_item(message_id, subject, sender, send_date, content, attachments=False):
    return {'id': php_int(message_id), 'title': subject,
            'sender': {'id': php_int(sender.id), 'lastname': 'Admin', 'firstname': 'Super',
                       'completeName': 'Super Admin'},
            'sendDate': send_date, 'content': content, 'hasAttachments': attachments,
            'url': '%smain/messages/view_message.php?type=1&id=%d' % (web_root(), message_id)}


@both_encodings
def test_recording_shape_byte_for_byte(enc):
    sender, receiver, subject, inbox_id, _ = exchange(enc, RECORDED_TEXT, RECORDED_SENDER,
                                                      RECORDED_RECEIVER)
    send_date = sql_value('SELECT send_date FROM message WHERE id = %s', inbox_id)
    since = last_event_id()
    resp = as_user(receiver, 'user_messages', {'last': 0}, encoding=enc)
    assert_ok(resp)
    expected = {'error': False,
                'data': [expected_item(inbox_id, subject, sender, send_date, RECORDED_TEXT)]}
    assert_eq(resp.body.strip(), php_json(expected), 'raw body')
    assert b'"content":"Body <b>bold<\\/b> & co \\/ slash \\u00e9"' in resp.body, resp.body
    assert_eq(events_since(since),
              [('access_ws_user_messages', 'last_message_id', '0', str(receiver.id), '0', '0')],
              'event rows')


@both_encodings
def test_newer_than_last_newest_first(enc):
    sender, receiver = member(), member()
    first, second, third = uniq('A '), uniq('B '), uniq('C ')
    for subject in (first, second, third):
        send(sender, [receiver.id], subject)
    ids = [copies(s)[0][0] for s in (first, second, third)]
    # Same second: oldest id first (test_same_second_oldest_id_first).
    sql_exec("UPDATE message SET send_date = '2029-01-01 10:00:00' WHERE id IN (%s, %s)",
             ids[0], ids[2])
    sql_exec("UPDATE message SET send_date = '2030-01-01 10:00:00' WHERE id = %s", ids[1])
    data = assert_ok(as_user(receiver, 'user_messages', {'last': 0}, encoding=enc))
    assert_eq([m['title'] for m in data], [second, first, third], 'order by send_date desc')
    data = assert_ok(as_user(receiver, 'user_messages', {'last': ids[0]}, encoding=enc))
    assert_eq([m['id'] for m in data], [php_int(ids[1]), php_int(ids[2])], 'id > last')
    # PHP (int): "12abc" -> 12, "abc" -> 0 (everything), missing -> 0.
    data = assert_ok(as_user(receiver, 'user_messages', {'last': '%dabc' % ids[1]}, encoding=enc))
    assert_eq([m['title'] for m in data], [third], 'last with a numeric prefix')
    assert_eq(len(assert_ok(as_user(receiver, 'user_messages', {'last': 'abc'}, encoding=enc))),
              3, 'non-numeric last')
    assert_eq(len(assert_ok(as_user(receiver, 'user_messages', encoding=enc))), 3, 'no last')


@both_encodings
def test_same_second_oldest_id_first(enc):
    # Chamilo 1.11.32 (MariaDB, ORDER BY send_date DESC alone) lists two
    # messages of one second oldest id first; a later second comes first.
    _, receiver, inbox, _ = same_second_exchange(enc)
    data = assert_ok(as_user(receiver, 'user_messages', {'last': 0}, encoding=enc))
    expected = [inbox[2], inbox[0], inbox[1]]
    assert_eq([m['id'] for m in data], [php_int(i) for i in expected], 'ids')
    assert_eq([m['url'].rsplit('=', 1)[1] for m in data], [str(i) for i in expected],
              'the view_message links follow')
    data = assert_ok(as_user(receiver, 'user_messages', {'last': inbox[0]}, encoding=enc))
    assert_eq([m['id'] for m in data], [php_int(inbox[2]), php_int(inbox[1])], 'id > last')


@both_encodings
def test_only_unread_inbox_copies_of_the_caller(enc):
    sender, receiver, subject, inbox_id, outbox_id = exchange(enc)
    # The sender's outbox copy is not the sender's inbox.
    assert_eq(assert_ok(as_user(sender, 'user_messages', encoding=enc)), [], 'sender sees nothing')
    assert_eq([m['id'] for m in assert_ok(as_user(receiver, 'user_messages', encoding=enc))],
              [php_int(inbox_id)], 'receiver')
    for status in (0, 3, 5):
        sql_exec('UPDATE message SET msg_status = %s WHERE id = %s', status, inbox_id)
        assert_eq(assert_ok(as_user(receiver, 'user_messages', encoding=enc)), [],
                  'status %d listed' % status)
    # Another user never sees it.
    assert_eq(assert_ok(as_user(member(), 'user_messages', encoding=enc)), [], 'stranger')


def test_attachments_and_missing_sender():
    sender, receiver, subject, inbox_id, _ = exchange()
    sql_exec("INSERT INTO message_attachment (path, comment, size, message_id, filename)"
             " VALUES ('f_1', NULL, 3, %s, 'f.txt')", inbox_id)
    data = assert_ok(as_user(receiver, 'user_messages'))
    assert_eq(data[0]['hasAttachments'], True, 'hasAttachments')
    # A message whose sender row is gone is left out (INNER JOIN).
    ghost = int(sql_value('SELECT max(id) + 1000 FROM "user"'))
    sql_exec("INSERT INTO message (user_sender_id, user_receiver_id, msg_status, send_date, title,"
             " content) VALUES (%s, %s, 1, LOCALTIMESTAMP, 'ghost', '')", ghost, receiver.id)
    assert_eq([m['id'] for m in assert_ok(as_user(receiver, 'user_messages'))],
              [php_int(inbox_id)], 'ghost sender omitted')


def test_demo_student1_has_an_unread_message():
    key = authenticate('student1', 'student1')
    titles = [m['title'] for m in assert_ok(call('user_messages', 'student1', key))]
    assert 'Welcome' in titles, titles


@both_encodings
def test_bad_input(enc):
    receiver = member()
    assert_error(as_user(receiver, 'user_messages', {'last': ['1']}, encoding=enc),
                 msg('BadParameter', 'last'))
    assert_error(api('user_messages', {'last': 0}, encoding=enc), msg('InvalidApiKey'))
    assert_error(api('user_messages', {'username': receiver.username, 'api_key': 'x' * 32},
                     encoding=enc), msg('InvalidApiKey'))
