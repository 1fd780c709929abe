"""The whole life of a message across the message actions, as two clients
see it: find a recipient, send to two receivers, read, mark unread, delete on
each side. The sender's and the receivers' copies are distinct rows
(20-users-messages.md §3; recordings save_user_message_admin_to_alice,
user_messages_alice, get_count_new_messages_alice*, user_message_read_alice,
user_messages_sent_admin).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import assert_eq, assert_ok, assert_redirect, as_user, both_encodings, php_int, sql_exec, uniq
from messages_common import copies, member, status_of, web_root


def count(user, enc):
    return assert_ok(as_user(user, 'get_count_new_messages', encoding=enc))['ms_inbox']


def inbox(user, enc):
    return [(m['id'], m['msgStatus']) for m in
            assert_ok(as_user(user, 'user_messages_received', encoding=enc))]


def new(user, enc):
    return [m['id'] for m in assert_ok(as_user(user, 'user_messages', encoding=enc))]


def sent(user, enc):
    return [(m['id'], m['receiver']['id']) for m in
            assert_ok(as_user(user, 'user_messages_sent', encoding=enc))]


@both_encodings
def test_send_read_unread_delete(enc):
    tag = uniq('Cyc')
    alice = member(firstname=tag, lastname='Sender')
    bob = member(firstname=tag, lastname='Reader')
    carol = member(firstname=tag, lastname='Other')
    for friend in (bob, carol):
        sql_exec('INSERT INTO user_rel_user (user_id, friend_user_id, relation_type)'
                 ' VALUES (%s, %s, 3)', alice.id, friend.id)

    # Alice finds her recipients, then writes to both.
    found = assert_ok(as_user(alice, 'message_users', {'q': tag}, encoding=enc))
    assert_eq([u['id'] for u in found], [bob.id, carol.id], 'recipients')
    subject = uniq('Cycle ')
    assert_eq(assert_ok(as_user(alice, 'save_user_message',
                                {'receivers': [u['id'] for u in found], 'subject': subject,
                                 'text': '<p>Hi</p>'}, encoding=enc)), {'sent': True}, 'sent')
    rows = copies(subject)
    assert_eq([(r[1], r[2], r[3]) for r in rows],
              [(alice.id, bob.id, 1), (alice.id, bob.id, 4),
               (alice.id, carol.id, 1), (alice.id, carol.id, 4)], 'four distinct rows')
    bob_copy, alice_copy_bob, carol_copy, alice_copy_carol = [r[0] for r in rows]

    # Each receiver sees only their own copy; Alice sees her two outbox copies.
    assert_eq(new(bob, enc), [php_int(bob_copy)], 'bob new')
    assert_eq(new(carol, enc), [php_int(carol_copy)], 'carol new')
    assert_eq(new(alice, enc), [], 'alice has no new message')
    assert_eq(sorted(sent(alice, enc)),
              sorted([(php_int(alice_copy_bob), php_int(bob.id)),
                      (php_int(alice_copy_carol), php_int(carol.id))]), 'alice outbox')
    assert_eq((count(bob, enc), count(carol, enc), count(alice, enc)), (1, 1, 0), 'counts')
    assert_redirect(as_user(bob, 'view_message', encoding=enc, query={'message': bob_copy}),
                    '%smain/messages/view_message.php?id=%d' % (web_root(), bob_copy))

    # Bob reads it: his counter drops, Carol's does not.
    assert_eq(assert_ok(as_user(bob, 'user_message_read', {'messages': [bob_copy]},
                                encoding=enc)), {str(bob_copy): True}, 'read')
    assert_eq((count(bob, enc), count(carol, enc)), (0, 1), 'counts after read')
    assert_eq(new(bob, enc), [], 'no longer new')
    assert_eq(inbox(bob, enc), [(php_int(bob_copy), php_int(0))], 'read, still in the inbox')

    # Unread again, then read with set_message_read.
    assert_eq(assert_ok(as_user(bob, 'user_message_unread', {'messages': [bob_copy]},
                                encoding=enc)), {str(bob_copy): True}, 'unread')
    assert_eq(count(bob, enc), 1, 'count after unread')
    assert_ok(as_user(bob, 'set_message_read', {'message_id': bob_copy}, encoding=enc))
    assert_eq(count(bob, enc), 0, 'count after set_message_read')

    # Bob deletes his copy: gone from his inbox only.
    assert_ok(as_user(bob, 'delete_user_message', {'message_id': bob_copy}, encoding=enc))
    assert_eq(inbox(bob, enc), [], 'bob inbox after delete')
    assert_eq(len(sent(alice, enc)), 2, 'alice outbox intact')
    assert_eq(inbox(carol, enc), [(php_int(carol_copy), php_int(1))], 'carol intact')

    # Alice deletes her copy to Bob: gone from her outbox; Carol's side untouched.
    assert_ok(as_user(alice, 'delete_user_message', {'message_id': alice_copy_bob,
                                                     'msg_type': 'sent'}, encoding=enc))
    assert_eq(sent(alice, enc), [(php_int(alice_copy_carol), php_int(carol.id))], 'alice outbox')
    assert_eq([status_of(i) for i in (bob_copy, alice_copy_bob, carol_copy, alice_copy_carol)],
              [3, 3, 1, 4], 'final statuses')


def test_between_demo_accounts():
    """teacher (3) writes to student3 (6), the demo accounts of sql/demo.sql;
    everything is deleted at the end, so the demo lists look as before."""
    from harness import authenticate, call
    teacher_key = authenticate('teacher', 'teacher')
    student_key = authenticate('student3', 'student3')
    subject = uniq('Demo ')
    assert_ok(call('save_user_message', 'teacher', teacher_key,
                   {'receivers': [6], 'subject': subject, 'text': 'See you in class'}))
    inbox_id, outbox_id = [r[0] for r in copies(subject)]
    new_ids = [m['id'] for m in assert_ok(call('user_messages', 'student3', student_key))]
    assert php_int(inbox_id) in new_ids, new_ids
    before = assert_ok(call('get_count_new_messages', 'student3', student_key))['ms_inbox']
    assert_ok(call('user_message_read', 'student3', student_key, {'messages': [inbox_id]}))
    after = assert_ok(call('get_count_new_messages', 'student3', student_key))['ms_inbox']
    assert_eq(after, before - 1, 'unread count after reading')
    assert_ok(call('delete_user_message', 'student3', student_key, {'message_id': inbox_id}))
    assert php_int(inbox_id) not in [m['id'] for m in assert_ok(
        call('user_messages_received', 'student3', student_key))], 'deleted from the inbox'
    assert php_int(outbox_id) in [m['id'] for m in assert_ok(
        call('user_messages_sent', 'teacher', teacher_key))], 'still in the outbox'
    assert_ok(call('delete_user_message', 'teacher', teacher_key,
                   {'message_id': outbox_id, 'msg_type': 'sent'}))
    assert_eq((status_of(inbox_id), status_of(outbox_id)), (3, 3), 'both copies deleted')


def test_json_body():
    """1.11.32 JSON bodies: arrays and values arrive as with a form."""
    sender, receiver = member(), member()
    subject = uniq('Json ')
    assert_eq(assert_ok(as_user(sender, 'save_user_message',
                                {'receivers': [receiver.id], 'subject': subject, 'text': 'Hi'},
                                encoding='json')), {'sent': True}, 'sent')
    inbox_id = copies(subject)[0][0]
    assert_eq(assert_ok(as_user(receiver, 'user_message_read', {'messages': [inbox_id]},
                                encoding='json')), {str(inbox_id): True}, 'read')
    assert_eq(status_of(inbox_id), 0, 'status')
