"""update_condition_accepted: the caller accepts the terms and conditions.

Spec: 20-users-messages.md §6 (POST legal_accept_type "<a>:<b>", both (int)
non-zero, else no-op; user extra value legal_accept "<a>:<b>:<unix time>";
each boss, user_rel_user relation 8, gets a message from the user "User %s
signed the agreement." / "User %s signed the agreement on %s"; answer
{"status": true}); Rest::updateConditionAccepted, LegalManager::
sendEmailToUserBoss; event access_ws_update_condition_accepted success/true.
"""

import random
import re
import time

from harness import (api, as_user, assert_eq, assert_error, assert_ok, both_encodings, call,
                     events_since, last_event_id, msg, new_user, ordered, sql, sql_exec, sql_value)

DB_ERROR = 'An error has occured. Please contact your system administrator.'


def legal_accept(user_id):
    return [r[0] for r in sql("SELECT v.value FROM extra_field_values v JOIN extra_field f"
                              " ON f.id = v.field_id WHERE f.extra_field_type = 1"
                              " AND f.variable = 'legal_accept' AND v.item_id = %s", user_id)]


def messages_from(user_id):
    return sql('SELECT user_receiver_id, msg_status, title, content, send_date::text, group_id,'
               ' parent_id, update_date::text FROM message WHERE user_sender_id = %s ORDER BY id',
               user_id)


def relate(user, other, relation_type):
    sql_exec('INSERT INTO user_rel_user (user_id, friend_user_id, relation_type, last_edit)'
             ' VALUES (%s, %s, %s, LOCALTIMESTAMP)', user.id, other.id, relation_type)


def accept(user, value, enc='urlencoded'):
    params = {} if value is None else {'legal_accept_type': value}
    return as_user(user, 'update_condition_accepted', params, encoding=enc)


@both_encodings
def test_accept_stores_and_tells_the_bosses(enc):
    user = new_user(firstname='Ana', lastname='Sign')
    boss1, boss2, friend = new_user(status=1), new_user(status=1), new_user()
    relate(user, boss1, 8)
    relate(user, friend, 3)
    relate(user, boss2, 8)
    user.key()  # authenticate first: its event row is not this action's
    since = last_event_id()
    before = int(time.time())
    resp = accept(user, '2:1', enc)
    after = int(time.time())
    assert_eq(ordered(resp)[1][1], [('status', True)], 'answer')
    assert_ok(resp)
    [value] = legal_accept(user.id)
    version, language, stamp = value.split(':')
    assert_eq((version, language), ('2', '1'), 'stored value')
    assert before - 1 <= int(stamp) <= after + 1, value
    rows = messages_from(user.id)
    assert_eq(len(rows), 4, 'two copies per boss: %r' % (rows,))
    date = rows[0][4]
    assert re.fullmatch(r'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d', date), date
    title = 'User Ana Sign signed the agreement.'
    content = 'User Ana Sign signed the agreement on ' + date
    assert_eq(rows, [(str(boss1.id), '1', title, content, date, '0', '0', date),
                     (str(boss1.id), '4', title, content, date, '0', '0', date),
                     (str(boss2.id), '1', title, content, date, '0', '0', date),
                     (str(boss2.id), '4', title, content, date, '0', '0', date)], 'messages')
    assert_eq(events_since(since),
              [('access_ws_update_condition_accepted', 'success', 'true', str(user.id), '0', '0')],
              'event rows')


def test_accept_again_replaces_the_value():
    user = new_user()
    assert_ok(accept(user, '1:2'))
    assert_ok(accept(user, '3:2'))
    [value] = legal_accept(user.id)
    assert value.startswith('3:2:'), value
    assert_eq(messages_from(user.id), [], 'no boss, no message')


def test_php_integer_casts():
    user = new_user()
    assert_ok(accept(user, ' 12abc:3x:99'))
    [value] = legal_accept(user.id)
    assert re.fullmatch(r'12:3:\d+', value), value


@both_encodings
def test_no_op_values(enc):
    user = new_user()
    boss = new_user(status=1)
    relate(user, boss, 8)
    user.key()  # authenticate first: its event row is not this action's
    for value in (None, '', '1', '0:1', '1:0', 'abc:def', ':', '1:', 'x:1'):
        since = last_event_id()
        assert_eq(assert_ok(accept(user, value, enc)), {'status': True}, 'answer for %r' % value)
        assert_eq(events_since(since),
                  [('access_ws_update_condition_accepted', 'success', 'true', str(user.id), '0',
                    '0')], 'event rows for %r' % value)
    assert_eq(legal_accept(user.id), [], 'nothing stored')
    assert_eq(messages_from(user.id), [], 'no message')


@both_encodings
def test_array_is_refused(enc):
    user = new_user()
    resp = accept(user, ['1:2'], enc)
    assert_error(resp, msg('BadParameter', 'legal_accept_type'))
    assert_eq(legal_accept(user.id), [], 'nothing stored')


def test_parameter_from_the_query_string_is_ignored():
    user = new_user()
    assert_ok(as_user(user, 'update_condition_accepted', query={'legal_accept_type': '1:2'}))
    assert_eq(legal_accept(user.id), [], 'POST only')


def test_demo_student1_tells_teacher():
    from harness import authenticate
    key = authenticate('student1', 'student1')
    first = int(sql_value('SELECT COALESCE(max(id), 0) FROM message'))
    assert_ok(call('update_condition_accepted', 'student1', key, {'legal_accept_type': '2:1'}))
    rows = sql('SELECT user_sender_id, user_receiver_id, msg_status, title FROM message'
               ' WHERE id > %s AND user_sender_id = 4 ORDER BY id', first)
    assert_eq(rows, [('4', '3', '1', 'User Ada Lovelace signed the agreement.'),
                     ('4', '3', '4', 'User Ada Lovelace signed the agreement.')], 'messages')
    # Put the demo back: the messages of other tests count on it.
    sql_exec('DELETE FROM message WHERE id > %s AND user_sender_id = 4', first)
    sql_exec("DELETE FROM extra_field_values WHERE item_id = 4 AND field_id IN"
             " (SELECT id FROM extra_field WHERE variable = 'legal_accept')")


def test_failure_leaves_nothing():
    """A database error while writing the messages rolls back the stored value."""
    tag = '%08x' % random.getrandbits(32)
    func = 'e2e_fail_' + tag
    user = new_user(firstname='Boom' + tag)
    boss = new_user(status=1)
    relate(user, boss, 8)
    sql_exec("CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $f$"
             " BEGIN IF NEW.title LIKE '%%Boom%s%%' THEN RAISE EXCEPTION 'e2e atomicity test';"
             " END IF; RETURN NEW; END $f$;"
             " CREATE TRIGGER %s BEFORE INSERT ON message"
             " FOR EACH ROW EXECUTE FUNCTION %s();" % (func, tag, func, func))
    try:
        since = last_event_id()
        resp = accept(user, '2:1')
        assert resp.status == 500, resp
        assert_eq(resp.json, {'error': True, 'message': DB_ERROR}, 'envelope')
        assert_eq(legal_accept(user.id), [], 'value rolled back')
        assert_eq(messages_from(user.id), [], 'no message')
        assert_eq([e for e in events_since(since) if e[0] == 'access_ws_update_condition_accepted'],
                  [], 'no event row')
    finally:
        sql_exec('DROP TRIGGER %s ON message; DROP FUNCTION %s();' % (func, func))


@both_encodings
def test_needs_a_valid_key(enc):
    assert_error(api('update_condition_accepted', {'username': 'student1',
                                                   'legal_accept_type': '1:1'}, encoding=enc),
                 msg('InvalidApiKey'))
    assert_eq(legal_accept(4), [], 'nothing stored for student1')
