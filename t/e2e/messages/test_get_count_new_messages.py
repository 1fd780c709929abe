"""get_count_new_messages: the caller's counters.

Spec: 20-users-messages.md §3.4 (ms_inbox = unread inbox rows when
allow_message_tool; ms_friends = status-5 rows and ms_groups = pending
(relation 3) social-group (type 1) invitations when allow_social_tool, else
0; key order ms_friends, ms_groups, ms_inbox; numbers); v2.php: event
(username) before counting. Recordings get_count_new_messages_alice and
get_count_new_messages_alice_after_read.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (Pool, api, assert_eq, assert_error, assert_ok, as_user, authenticate,
                     both_encodings, call, events_since, last_event_id, msg, sql_exec, sql_value,
                     uniq)
from messages_common import exchange, member, pool_call, send


def counts(user, enc='urlencoded'):
    resp = as_user(user, 'get_count_new_messages', encoding=enc)
    assert_ok(resp)
    return resp.body.strip()


def body(friends, groups, inbox):
    return ('{"error":false,"data":{"ms_friends":%d,"ms_groups":%d,"ms_inbox":%d}}'
            % (friends, groups, inbox)).encode()


@both_encodings
def test_recordings_before_and_after_read(enc):
    sender, receiver, _, inbox_id, _ = exchange(enc)
    since = last_event_id()
    # Numbers under both php_types (PHP casts them).
    assert_eq(counts(receiver, enc), body(0, 0, 1), 'get_count_new_messages_alice')
    assert_eq(events_since(since),
              [('access_ws_get_count_new_messages', 'username', receiver.username,
                str(receiver.id), '0', '0')], 'event rows')
    assert_ok(as_user(receiver, 'user_message_read', {'messages': [inbox_id]}, encoding=enc))
    assert_eq(counts(receiver, enc), body(0, 0, 0), 'get_count_new_messages_alice_after_read')
    # The sender's outbox copy never counts.
    assert_eq(counts(sender, enc), body(0, 0, 0), 'sender')


def _social_group(user_id, relation, group_type=1, on_campus=True):
    group = int(sql_value(
        "INSERT INTO usergroup (name, description, group_type, visibility,"
        " allow_members_leave_group, created_at, updated_at)"
        " VALUES (%s, '', %s, '1', 1, LOCALTIMESTAMP, LOCALTIMESTAMP) RETURNING id",
        uniq('e2e group '), group_type))
    if on_campus:
        sql_exec('INSERT INTO access_url_rel_usergroup (access_url_id, usergroup_id)'
                 ' VALUES (1, %s)', group)
    sql_exec('INSERT INTO usergroup_rel_user (user_id, usergroup_id, relation_type)'
             ' VALUES (%s, %s, %s)', user_id, group, relation)
    return group


def _invitation(sender_id, receiver_id):
    sql_exec("INSERT INTO message (user_sender_id, user_receiver_id, msg_status, send_date, title,"
             " content) VALUES (%s, %s, 5, LOCALTIMESTAMP, '', 'be my friend')",
             sender_id, receiver_id)


def test_friends_and_groups():
    user, other = member(), member()
    for _ in range(3):
        send(other, [user.id], uniq('Unread '))
    _invitation(other.id, user.id)
    _invitation(user.id, other.id)          # sent by the user: not counted for the user
    _social_group(user.id, 3)
    _social_group(user.id, 3)
    _social_group(user.id, 1)               # already a member
    _social_group(user.id, 3, group_type=0)  # a class, not a social group
    _social_group(other.id, 3)
    _social_group(user.id, 3, on_campus=False)  # counts on a single-portal install
    assert_eq(counts(user), body(1, 3, 3), 'counters')
    with Pool({'multiple_access_urls': 'on'}) as pool:
        status, answer = pool_call(pool, 'get_count_new_messages', user)
        assert_eq(answer, {'error': False, 'data': {'ms_friends': 1, 'ms_groups': 2,
                                                    'ms_inbox': 3}},
                  'multi-portal: groups of the current portal only')
    with Pool({'allow_social_tool': 'off'}) as pool:
        status, answer = pool_call(pool, 'get_count_new_messages', user)
        assert_eq(answer, {'error': False, 'data': {'ms_friends': 0, 'ms_groups': 0,
                                                    'ms_inbox': 3}}, 'social tool off')
    with Pool({'allow_message_tool': 'off'}) as pool:
        status, answer = pool_call(pool, 'get_count_new_messages', user)
        assert_eq(answer, {'error': False, 'data': {'ms_friends': 1, 'ms_groups': 3,
                                                    'ms_inbox': 0}}, 'message tool off')


def test_demo_student1():
    key = authenticate('student1', 'student1')
    data = assert_ok(call('get_count_new_messages', 'student1', key))
    assert data['ms_friends'] >= 1 and data['ms_groups'] >= 1, data


def test_without_key():
    assert_error(api('get_count_new_messages'), msg('InvalidApiKey'))
