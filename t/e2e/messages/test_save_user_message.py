"""save_user_message: the caller sends a message to each receiver.

Spec: 20-users-messages.md §3.8 (POST receivers[], subject, text; inbox copy
status 1 then outbox copy status 4, group_id 0, parent_id 0, send_date =
update_date = now UTC; receivers 0, unknown or disabled skipped; no subject:
nothing sent; answer {"sent": true}); 10-request-flow.md §11 (only_local,
1.11.32); v2.php: event (username) after the work. Recording
save_user_message_admin_to_alice. Deviations (docs/compat.md): a scalar
receivers is refused instead of crashing; missing text is stored as "".
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (Pool, api, assert_eq, assert_error, assert_ok, as_user, both_encodings,
                     events_since, last_event_id, msg, sql, sql_exec, sql_value, uniq)
from messages_common import RECORDED_TEXT, member, assert_db_error, copies, failing_trigger, send


def bad(name):
    return msg('BadParameter', name)


@both_encodings
def test_send_writes_inbox_then_outbox(enc):
    sender, receiver = member(), member()
    subject = uniq('Hello ')
    since = last_event_id()
    resp = as_user(sender, 'save_user_message',
                   {'receivers': [receiver.id], 'subject': subject, 'text': RECORDED_TEXT},
                   encoding=enc)
    assert_eq(assert_ok(resp), {'sent': True}, 'answer')
    # Recording save_user_message_admin_to_alice, byte for byte.
    assert_eq(resp.body.strip(), b'{"error":false,"data":{"sent":true}}', 'raw body')
    rows = copies(subject)
    assert_eq([r[1:] for r in rows],
              [(sender.id, receiver.id, 1, subject, RECORDED_TEXT, 0, 0),
               (sender.id, receiver.id, 4, subject, RECORDED_TEXT, 0, 0)], 'message rows')
    assert rows[0][0] < rows[1][0], 'the inbox copy is written first'
    dates = sql("SELECT send_date, update_date, LOCALTIMESTAMP - send_date < interval '1 minute'"
                " FROM message WHERE title = %s", subject)
    for send_date, update_date, recent in dates:
        assert_eq(update_date, send_date, 'update_date')
        assert_eq(recent, 't', 'send_date is now (UTC)')
        assert '.' not in send_date, 'stored to the second: %r' % send_date
    assert_eq(events_since(since),
              [('access_ws_save_user_message', 'username', sender.username, str(sender.id),
                '0', '0')], 'event rows')


@both_encodings
def test_several_receivers_skip_unknown_and_disabled(enc):
    sender, first, second, disabled = member(), member(), member(), member()
    sql_exec('UPDATE "user" SET active = 0 WHERE id = %s', disabled.id)
    subject = uniq('Many ')
    send(sender, [first.id, 0, 2147483000, disabled.id, second.id, 'abc', first.id], subject,
         enc=enc)
    # A repeated receiver gets the message twice, as in PHP's loop.
    assert_eq([(r[2], r[3]) for r in copies(subject)],
              [(first.id, 1), (first.id, 4), (second.id, 1), (second.id, 4),
               (first.id, 1), (first.id, 4)], 'rows in request order')


@both_encodings
def test_no_subject_sends_nothing(enc):
    sender, receiver = member(), member()
    text = uniq('no subject ')
    for params in ({'receivers': [receiver.id], 'text': text},
                   {'receivers': [receiver.id], 'subject': '', 'text': text},
                   {'receivers': [receiver.id], 'subject': '0', 'text': text}):
        assert_eq(assert_ok(as_user(sender, 'save_user_message', params, encoding=enc)),
                  {'sent': True}, 'answer')
    assert_eq(sql('SELECT id FROM message WHERE content = %s', text), [], 'rows')


@both_encodings
def test_no_receivers_answers_sent(enc):
    sender = member()
    since = last_event_id()
    assert_eq(assert_ok(as_user(sender, 'save_user_message', {'subject': 'x'}, encoding=enc)),
              {'sent': True}, 'answer')
    assert_eq(int(sql_value('SELECT count(*) FROM message WHERE user_sender_id = %s', sender.id)),
              0, 'rows')
    assert_eq([e[0] for e in events_since(since)], ['access_ws_save_user_message'], 'events')


@both_encodings
def test_missing_text_is_stored_empty(enc):
    sender, receiver = member(), member()
    subject = uniq('Empty ')
    assert_ok(as_user(sender, 'save_user_message', {'receivers': [receiver.id],
                                                    'subject': subject}, encoding=enc))
    assert_eq([(r[3], r[5]) for r in copies(subject)], [(1, ''), (4, '')], 'content')
    # PHP's empty("0"): the text "0" is no text either.
    subject = uniq('Zero ')
    assert_ok(as_user(sender, 'save_user_message', {'receivers': [receiver.id],
                                                    'subject': subject, 'text': '0'}, encoding=enc))
    assert_eq([(r[3], r[5]) for r in copies(subject)], [(1, ''), (4, '')], 'content of "0"')


@both_encodings
def test_bad_input_is_refused_and_writes_nothing(enc):
    sender, receiver = member(), member()
    subject = uniq('Bad ')
    cases = [
        # PHP: TypeError (HTTP 500) on a scalar receivers.
        ({'receivers': str(receiver.id), 'subject': subject}, bad('receivers')),
        ({'receivers': '', 'subject': subject}, bad('receivers')),
        ({'receivers': [receiver.id], 'subject': [subject]}, bad('subject')),
        ({'receivers': [receiver.id], 'subject': subject, 'text': ['x']}, bad('text')),
        ({'receivers': [receiver.id], 'subject': 'x' * 256}, bad('subject')),
        ({'receivers': [receiver.id], 'subject': subject, 'text': b'\xff\xfe'}, bad('text')),
        ({'receivers': [receiver.id], 'subject': subject, 'only_local': ['1']}, bad('only_local')),
    ]
    for params, message in cases:
        assert_error(as_user(sender, 'save_user_message', params, encoding=enc), message)
    assert_eq(copies(subject), [], 'rows after refusals')
    assert_eq(copies('x' * 256), [], 'rows of the long subject')
    # 255 characters (not bytes) fit the varchar(255) title.
    long_subject = uniq('\u00e9') + '\u00e9' * (255 - 9)
    send(sender, [receiver.id], long_subject, enc=enc)
    assert_eq(len(copies(long_subject)), 2, 'rows of a 255-character subject')


def test_without_key():
    assert_error(api('save_user_message', {'receivers': [1], 'subject': 'x'}),
                 msg('InvalidApiKey'))
    assert_error(api('save_user_message', {'username': 'admin', 'api_key': 'nope',
                                           'receivers': [1], 'subject': 'x'}),
                 msg('InvalidApiKey'))


def test_atomic_when_a_write_fails():
    sender, first, second = member(), member(), member()
    subject = uniq('Atomic ')
    since = last_event_id()
    # The second receiver's outbox copy fails: nothing of the call stays.
    with failing_trigger('message', "NEW.title = '%s' AND NEW.user_receiver_id = %d"
                         " AND NEW.msg_status = 4" % (subject, second.id)):
        assert_db_error(as_user(sender, 'save_user_message',
                                {'receivers': [first.id, second.id], 'subject': subject}))
    assert_eq(copies(subject), [], 'rows after the failure')
    assert_eq([e for e in events_since(since) if e[0] == 'access_ws_save_user_message'], [],
              'event rows')
    send(sender, [first.id, second.id], subject)
    assert_eq(len(copies(subject)), 4, 'rows once the trigger is gone')


def _pool_send(pool, sender_key, params):
    import urllib.parse
    pairs = [('action', 'save_user_message'), ('username', 'admin'), ('api_key', sender_key)]
    for name, value in params:
        pairs.append((name, value))
    body = urllib.parse.urlencode(pairs).encode()
    uri = '/main/webservices/api/v2.php'
    env = {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'application/x-www-form-urlencoded',
           'REQUEST_URI': uri, 'SCRIPT_NAME': uri, 'QUERY_STRING': '', 'REMOTE_ADDR': '127.0.0.1',
           'HTTP_HOST': 'localhost'}
    status, _, answer = pool.request(env, body)
    assert status == 200, answer
    assert answer == b'{"error":false,"data":{"sent":true}}', answer


def test_only_local_skips_receivers_of_other_portals():
    from messages_common import admin_key
    key = admin_key()
    local, remote = member(), member()
    sql_exec('DELETE FROM access_url_rel_user WHERE user_id = %s', remote.id)
    receivers = [('receivers[]', str(local.id)), ('receivers[]', str(remote.id))]
    with Pool({'multiple_access_urls': 'on'}) as pool:
        subject = uniq('Local ')
        _pool_send(pool, key, receivers + [('subject', subject), ('only_local', '1')])
        assert_eq([(r[2], r[3]) for r in copies(subject)], [(local.id, 1), (local.id, 4)],
                  'only_local on a multi-portal install')
        subject = uniq('Everywhere ')
        _pool_send(pool, key, receivers + [('subject', subject), ('only_local', '0')])
        assert_eq([r[2] for r in copies(subject)], [local.id, local.id, remote.id, remote.id],
                  'only_local off')
    # One portal: only_local changes nothing.
    subject = uniq('Single ')
    send(member(), [local.id, remote.id], subject, only_local=1)
    assert_eq([r[2] for r in copies(subject)], [local.id, local.id, remote.id, remote.id],
              'only_local on a single portal')
