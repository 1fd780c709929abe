"""user_messages_received: the caller's inbox, read and unread.

Spec: 20-users-messages.md §3.2 (receiver = caller, status 0 or 1, INNER
JOIN sender, newest first; shape with msgStatus, sender.pictureUri,
attachmentList; content's literal src="/" replaced by the web root); v2.php:
event (username) before reading. Deviation (docs/compat.md): file_source is
always "" (PHP gives the server's file path).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (api, assert_eq, assert_error, assert_ok, as_user, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, php_int, sql_exec, sql_value)
from messages_common import exchange, keys_in_order, php_json, same_second_exchange, web_root

CONTENT = '<img src="/"> and <img src="/x.png"> src="/"'


@both_encodings
def test_shape_byte_for_byte(enc):
    sender, receiver, subject, inbox_id, _ = exchange(enc, CONTENT)
    sql_exec("UPDATE \"user\" SET firstname = 'Ada', lastname = 'Byron', picture_uri = 'ada.png'"
             " WHERE id = %s", sender.id)
    attachment = int(sql_value(
        "INSERT INTO message_attachment (path, comment, size, message_id, filename)"
        " VALUES ('a_1.pdf', NULL, 1234, %s, 'a.pdf') RETURNING id", inbox_id))
    send_date = sql_value('SELECT send_date FROM message WHERE id = %s', inbox_id)
    since = last_event_id()
    resp = as_user(receiver, 'user_messages_received', encoding=enc)
    assert_ok(resp)
    root = web_root()
    expected = {'error': False, 'data': [{
        'id': php_int(inbox_id), 'title': subject, 'msgStatus': php_int(1),
        'sender': {'id': php_int(sender.id), 'lastname': 'Byron', 'firstname': 'Ada',
                   'completeName': 'Ada Byron',
                   'pictureUri': '%sapp/upload/users/%d/ada.png' % (root, sender.id)},
        'sendDate': send_date,
        # PHP replaces the 8 characters src="/" by the web root, literally.
        'content': '<img %s> and <img src="/x.png"> %s' % (root, root),
        'hasAttachments': True,
        'attachmentList': [{'id': php_int(attachment), 'path': 'a_1.pdf', 'comment': None,
                            'size': php_int(1234), 'message_id': php_int(inbox_id),
                            'filename': 'a.pdf', 'file_source': ''}],
        'url': ''}]}
    assert_eq(resp.body.strip(), php_json(expected), 'raw body')
    assert_eq(events_since(since),
              [('access_ws_user_messages_received', 'username', receiver.username,
                str(receiver.id), '0', '0')], 'event rows')


@both_encodings
def test_read_and_unread_only(enc):
    sender, receiver, subject, inbox_id, outbox_id = exchange(enc)
    _, _, other_subject, other_id, _ = exchange(enc)
    sql_exec('UPDATE message SET user_receiver_id = %s WHERE id = %s', receiver.id, other_id)
    sql_exec("UPDATE message SET send_date = send_date - interval '1 hour' WHERE id = %s", other_id)
    data = assert_ok(as_user(receiver, 'user_messages_received', encoding=enc))
    assert_eq([(m['id'], m['msgStatus'], m['attachmentList'], m['hasAttachments']) for m in data],
              [(php_int(inbox_id), php_int(1), [], False),
               (php_int(other_id), php_int(1), [], False)], 'newest first')
    assert_eq(keys_in_order(as_user(receiver, 'user_messages_received'), (0,)),
              ['id', 'title', 'msgStatus', 'sender', 'sendDate', 'content', 'hasAttachments',
               'attachmentList', 'url'], 'key order')
    assert_eq(keys_in_order(as_user(receiver, 'user_messages_received'), (0, 'sender')),
              ['id', 'lastname', 'firstname', 'completeName', 'pictureUri'], 'sender key order')
    sql_exec('UPDATE message SET msg_status = 0 WHERE id = %s', inbox_id)
    data = assert_ok(as_user(receiver, 'user_messages_received', encoding=enc))
    assert_eq([m['msgStatus'] for m in data], [php_int(0), php_int(1)], 'read ones stay')
    for status in (3, 4, 5):
        sql_exec('UPDATE message SET msg_status = %s WHERE id = %s', status, inbox_id)
        data = assert_ok(as_user(receiver, 'user_messages_received', encoding=enc))
        assert_eq([m['id'] for m in data], [php_int(other_id)], 'status %d left out' % status)
    # The sender's outbox copy is not in the sender's inbox.
    assert_eq(assert_ok(as_user(sender, 'user_messages_received', encoding=enc)), [], 'sender')
    assert_eq(sql_value('SELECT msg_status FROM message WHERE id = %s', outbox_id), '4', 'outbox')


@both_encodings
def test_same_second_oldest_id_first(enc):
    # Chamilo 1.11.32 (MariaDB, ORDER BY send_date DESC alone) lists two
    # messages of one second oldest id first, read or not; a later second
    # comes first.
    _, receiver, inbox, _ = same_second_exchange(enc)
    sql_exec('UPDATE message SET msg_status = 0 WHERE id = %s', inbox[1])
    data = assert_ok(as_user(receiver, 'user_messages_received', encoding=enc))
    assert_eq([m['id'] for m in data], [php_int(i) for i in (inbox[2], inbox[0], inbox[1])],
              'ids')


def test_several_messages_with_attachments():
    sender, receiver, _, first, _ = exchange()
    _, _, _, second, _ = exchange()
    _, _, _, third, _ = exchange()
    sql_exec('UPDATE message SET user_receiver_id = %s WHERE id IN (%s, %s)', receiver.id, second,
             third)
    for message_id, path in ((third, 't1'), (first, 'f1'), (third, 't2'), (first, 'f2')):
        sql_exec("INSERT INTO message_attachment (path, comment, size, message_id, filename)"
                 " VALUES (%s, 'c', 1, %s, 'x')", path, message_id)
    data = assert_ok(as_user(receiver, 'user_messages_received'))
    assert_eq({m['id']: [a['path'] for a in m['attachmentList']] for m in data},
              {php_int(first): ['f1', 'f2'], php_int(second): [], php_int(third): ['t1', 't2']},
              'attachments per message')
    assert_eq({m['id']: m['hasAttachments'] for m in data},
              {php_int(first): True, php_int(second): False, php_int(third): True}, 'flags')


def test_default_picture():
    sender, receiver, _, _, _ = exchange()
    data = assert_ok(as_user(receiver, 'user_messages_received'))
    assert_eq(data[0]['sender']['pictureUri'], web_root() + 'main/img/unknown.jpg', 'pictureUri')


def test_demo_teacher_inbox():
    key = authenticate('teacher', 'teacher')
    data = assert_ok(call('user_messages_received', 'teacher', key))
    assert 'Question' in [m['title'] for m in data], data


def test_without_key():
    assert_error(api('user_messages_received'), msg('InvalidApiKey'))
    assert_error(api('user_messages_received', {'username': 'teacher', 'api_key': 'bad'}),
                 msg('InvalidApiKey'))
