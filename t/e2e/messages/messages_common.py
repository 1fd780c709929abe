"""Helpers shared by the message action tests (t/e2e/messages/).

Spec: 20-users-messages.md §3. A send writes the receiver's inbox copy
(msg_status 1) then the sender's outbox copy (4), both with the same sender
and receiver ids.
"""

import json

# failing_trigger is the harness's, named here for the message tests' imports.
from harness import (as_user, assert_eq, assert_ok, authenticate, call, failing_trigger,
                     fcgi_form, msg, new_user, ordered, sql, uniq)


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
           'failing_trigger', 'assert_db_error', 'DB_ERROR', 'call', 'as_user']
