"""user_messages_sent: the caller's outbox copies.

Spec: 20-users-messages.md §3.3 (sender = caller, status 4, INNER JOIN
receiver, newest first); v2.php: event (username) before reading. Recording
user_messages_sent_admin: the outbox copy's own id, "msgStatus":4 (a number
under PHP 8), receiver with pictureUri, "url":"".
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (api, assert_eq, assert_error, assert_ok, as_user, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, php_int, sql_exec, sql_value, uniq)
from messages_common import (RECORDED_RECEIVER, RECORDED_SENDER, RECORDED_TEXT, copies, exchange,
                             member, php_json, same_second_exchange, send, web_root)


@both_encodings
def test_recording_shape_byte_for_byte(enc):
    sender, receiver, subject, _, outbox_id = exchange(enc, RECORDED_TEXT, RECORDED_SENDER,
                                                      RECORDED_RECEIVER)
    send_date = sql_value('SELECT send_date FROM message WHERE id = %s', outbox_id)
    since = last_event_id()
    resp = as_user(sender, 'user_messages_sent', encoding=enc)
    assert_ok(resp)
    expected = {'error': False, 'data': [{
        'id': php_int(outbox_id), 'title': subject, 'msgStatus': php_int(4),
        'receiver': {'id': php_int(receiver.id), 'lastname': 'Liddell', 'firstname': 'Alice',
                     'completeName': 'Alice Liddell',
                     'pictureUri': web_root() + 'main/img/unknown.jpg'},
        'sendDate': send_date, 'content': RECORDED_TEXT, 'hasAttachments': False, 'url': ''}]}
    assert_eq(resp.body.strip(), php_json(expected), 'raw body')
    assert_eq(events_since(since),
              [('access_ws_user_messages_sent', 'username', sender.username, str(sender.id),
                '0', '0')], 'event rows')


@both_encodings
def test_outbox_copies_only(enc):
    sender, receiver, subject, inbox_id, outbox_id = exchange(enc)
    second = member()
    later = uniq('Later ')
    send(sender, [second.id], later)
    later_outbox = copies(later)[1][0]
    sql_exec("UPDATE message SET send_date = send_date + interval '1 hour' WHERE id = %s",
             later_outbox)
    data = assert_ok(as_user(sender, 'user_messages_sent', encoding=enc))
    assert_eq([(m['id'], m['receiver']['id']) for m in data],
              [(php_int(later_outbox), php_int(second.id)), (php_int(outbox_id), php_int(receiver.id))],
              'newest first')
    # The receiver sent nothing: its inbox copy carries the same sender id
    # but is not an outbox copy.
    assert_eq(assert_ok(as_user(receiver, 'user_messages_sent', encoding=enc)), [], 'receiver')
    sql_exec('UPDATE message SET msg_status = 3 WHERE id = %s', outbox_id)
    data = assert_ok(as_user(sender, 'user_messages_sent', encoding=enc))
    assert_eq([m['id'] for m in data], [php_int(later_outbox)], 'deleted copy left out')


@both_encodings
def test_same_second_oldest_id_first(enc):
    # Chamilo 1.11.32 (MariaDB, ORDER BY send_date DESC alone) lists two
    # outbox copies of one second oldest id first; a later second comes first.
    sender, _, _, outbox = same_second_exchange(enc)
    data = assert_ok(as_user(sender, 'user_messages_sent', encoding=enc))
    assert_eq([m['id'] for m in data], [php_int(i) for i in (outbox[2], outbox[0], outbox[1])],
              'ids')


def test_attachment_flag_and_missing_receiver():
    sender, receiver, subject, inbox_id, outbox_id = exchange()
    sql_exec("INSERT INTO message_attachment (path, comment, size, message_id, filename)"
             " VALUES ('p', '', 1, %s, 'p.txt')", outbox_id)
    assert_eq(assert_ok(as_user(sender, 'user_messages_sent'))[0]['hasAttachments'], True,
              'hasAttachments')
    ghost = int(sql_value('SELECT max(id) + 1000 FROM "user"'))
    sql_exec("INSERT INTO message (user_sender_id, user_receiver_id, msg_status, send_date, title,"
             " content) VALUES (%s, %s, 4, LOCALTIMESTAMP + interval '1 day', 'ghost', '')",
             sender.id, ghost)
    assert_eq([m['id'] for m in assert_ok(as_user(sender, 'user_messages_sent'))],
              [php_int(outbox_id)], 'receiver gone: left out')


def test_demo_teacher_outbox():
    key = authenticate('teacher', 'teacher')
    data = assert_ok(call('user_messages_sent', 'teacher', key))
    assert 'Welcome' in [m['title'] for m in data], data


def test_without_key():
    assert_error(api('user_messages_sent'), msg('InvalidApiKey'))
