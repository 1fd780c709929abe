"""Helpers shared by the message action tests (t/e2e/messages/).

Spec: 20-users-messages.md §3. A send writes the receiver's inbox copy
(msg_status 1) then the sender's outbox copy (4), both with the same sender
and receiver ids.
"""

import json

# failing_trigger is the harness's, named here for the message tests' imports.
from harness import (as_user, assert_eq, assert_ok, authenticate, call, failing_trigger,
                     fcgi_form, msg, new_user, ordered, sql, sql_exec, uniq)


def admin_key():
    return authenticate('admin', 'admin')


def php_json(value):
    """value as PHP's json_encode(value) writes it: compact, '/' escaped as
    '\\/', non-ASCII as \\uXXXX (dicts keep their insertion order)."""
    return json.dumps(value, separators=(',', ':'), ensure_ascii=True).replace('/', '\\/').encode()


def web_root():
    import harness
    return harness.BASE_URL + '/'


def keys_in_order(resp, path=()):
    """The keys of the JSON object at data[path...], in the order sent."""
    node = ordered(resp)
    node = dict(node)['data']
    for step in path:
        node = node[step] if isinstance(step, int) else dict(node)[step]
    return [k for k, _ in node]


def member(**fields):
    """A new student (harness new_user) already authenticated, so that its
    authenticate event does not mix with the rows a test looks for."""
    user = new_user(**fields)
    user.key()
    return user


def send(sender, receivers, subject, text='Body', enc='urlencoded', **extra):
    """save_user_message from sender (a harness User) to the receiver ids."""
    params = {'receivers': list(receivers), 'subject': subject, 'text': text}
    params.update(extra)
    assert_eq(assert_ok(as_user(sender, 'save_user_message', params, encoding=enc)),
              {'sent': True}, 'save_user_message answer')


def copies(subject):
    """[(id, sender, receiver, status, title, content, group_id, parent_id)] of the
    rows with this title, in id order (ints where the column is one)."""
    rows = sql('SELECT id, user_sender_id, user_receiver_id, msg_status, title, content,'
               ' group_id, parent_id FROM message WHERE title = %s ORDER BY id', subject)
    return [(int(r[0]), int(r[1]), int(r[2]), int(r[3]), r[4], r[5], int(r[6]), int(r[7]))
            for r in rows]


def status_of(message_id):
    return int(sql('SELECT msg_status FROM message WHERE id = %s', message_id)[0][0])


# The text of the recorded 1.11.32 exchange (docs/contract/recordings).
RECORDED_TEXT = 'Body <b>bold</b> & co / slash \u00e9'
# Its people: "Super Admin" writes to "Alice Liddell".
RECORDED_SENDER = {'firstname': 'Super', 'lastname': 'Admin'}
RECORDED_RECEIVER = {'firstname': 'Alice', 'lastname': 'Liddell'}


def exchange(enc='urlencoded', text='Body', sender=None, receiver=None):
    """A new sender and receiver (member() with these fields) and one
    message between them: (sender, receiver, subject, inbox id, outbox id)."""
    sender, receiver = member(**(sender or {})), member(**(receiver or {}))
    subject = uniq('Subject ')
    send(sender, [receiver.id], subject, text, enc)
    rows = copies(subject)
    assert_eq([(r[1], r[2], r[3]) for r in rows],
              [(sender.id, receiver.id, 1), (sender.id, receiver.id, 4)], 'the two copies')
    return sender, receiver, subject, rows[0][0], rows[1][0]


# The second of the recorded same-second pair and the one after it.
SAME_SECOND = '2026-11-29 17:30:43'
NEXT_SECOND = '2026-11-29 17:30:44'


def same_second_exchange(enc='urlencoded'):
    """A new sender writes three messages to a new receiver: the first two
    within one second (SAME_SECOND), the third in the next one. Returns
    (sender, receiver, [inbox ids], [outbox ids]) in the order sent: on
    Chamilo 1.11.32 (MariaDB) every message list shows the third first,
    then the first two oldest id first."""
    sender, receiver = member(), member()
    subjects = [uniq('Hello '), uniq('Second '), uniq('Later ')]
    for subject in subjects:
        send(sender, [receiver.id], subject, enc=enc)
    rows = [copies(subject) for subject in subjects]
    inbox, outbox = [r[0][0] for r in rows], [r[1][0] for r in rows]
    for (inbox_id, outbox_id), date in zip(zip(inbox, outbox),
                                           (SAME_SECOND, SAME_SECOND, NEXT_SECOND)):
        sql_exec('UPDATE message SET send_date = %s WHERE id IN (%s, %s)',
                 date, inbox_id, outbox_id)
    return sender, receiver, inbox, outbox


def check_keys_follow_the_request(action, enc):
    """user_message_read or user_message_unread (action) as a client uses
    it: the ids of the two same-second messages of same_second_exchange in
    the order user_messages_received lists them (oldest id first on
    Chamilo 1.11.32), each changed, answer the keys in that order; an
    unsorted request with an unknown and a repeated id keeps its own order
    (array_flip), the repeated id with its last update's result."""
    _, receiver, inbox, _ = same_second_exchange(enc)
    # Each message starts in the other status, so that the action changes it.
    sql_exec('UPDATE message SET msg_status = %s WHERE id IN (%s, %s, %s)',
             0 if action == 'user_message_unread' else 1, *inbox)
    listed = [int(m['id']) for m in assert_ok(as_user(receiver, 'user_messages_received',
                                                      encoding=enc))]
    same_second = [i for i in listed if i in inbox[:2]]
    resp = as_user(receiver, action, {'messages': same_second}, encoding=enc)
    assert_eq(resp.body.strip(),
              php_json({'error': False, 'data': {str(inbox[0]): True, str(inbox[1]): True}}),
              'raw body')
    unknown = inbox[2] + 1000000
    resp = as_user(receiver, action, {'messages': [inbox[2], unknown, inbox[0], inbox[2]]},
                   encoding=enc)
    assert_eq(keys_in_order(resp), [str(inbox[2]), str(unknown), str(inbox[0])], 'key order')
    assert_eq(assert_ok(resp), {str(inbox[2]): False, str(unknown): False,
                                str(inbox[0]): False}, 'a repeated id answers its last update')


def pool_call(pool, action, user, params=()):
    """One urlencoded POST of action as user (a harness User) to a second pool
    (harness.Pool), with Host localhost (campus 1): (status, parsed JSON)."""
    pairs = [('action', action), ('username', user.username), ('api_key', user.key())]
    pairs += list(params)
    status, _, answer = pool.request(*fcgi_form(pairs))
    return status, json.loads(answer)


DB_ERROR = msg('DatabaseError')


def assert_db_error(resp):
    assert resp.status == 500, 'HTTP %d, expected 500: %r' % (resp.status, resp)
    assert_eq(resp.json, {'error': True, 'message': DB_ERROR}, 'envelope')


__all__ = ['RECORDED_TEXT', 'RECORDED_SENDER', 'RECORDED_RECEIVER', 'pool_call', 'member', 'php_json', 'web_root', 'admin_key', 'keys_in_order', 'send', 'copies', 'status_of', 'exchange',
           'same_second_exchange', 'SAME_SECOND', 'NEXT_SECOND', 'check_keys_follow_the_request',
           'failing_trigger', 'assert_db_error', 'DB_ERROR', 'call', 'as_user']
