"""save_user_json: creates a user from a JSON object sent in the POST field
`json` (administrators only), in one transaction.

Spec: 20-users-messages.md §5.5 (json must exist and decode to non-null,
else "No data available"; the object supplies save_user's fields, extra as
a JSON list), §5.3 (fields, checks, rows), §7 (SaveUserJsonTest); v2.php
(json_decode($_POST['json'], true), no remove_XSS; event user_id = the
answer serialized).
Deviations (docs/compat.md): a document that is not an object or a list,
and an array sent as `json`, answer "No data available" (PHP crashes); the
save_user deviations apply.
"""

import json

from harness import (api, assert_created_id, assert_eq, assert_error, authenticate, both_encodings,
                     call, events_since, extra_value, failing_trigger, last_event_id, msg, sql,
                     sql_value, uniq, user_rows)

NO_DATA = 'No data available'


def user_row(user_id):
    return sql('SELECT username, email, firstname, lastname, status, auth_source, phone,'
               ' creator_id FROM "user" WHERE id = %s', user_id)


def save_json(document, enc='urlencoded', who='admin', key=None):
    text = document if isinstance(document, (str, bytes)) else json.dumps(document)
    return call('save_user_json', who, key or authenticate(who, who), {'json': text}, encoding=enc)


def base(login, **more):
    doc = {'loginname': login, 'password': login, 'email': login + '@example.org',
           'firstname': 'Json', 'lastname': 'User', 'status': 5}
    doc.update(more)
    return doc


# ---------------------------------------------------------------- the PHP test scenarios

@both_encodings
def test_php_scenario_create(enc):
    login = uniq('testUser')
    key = authenticate('admin', 'admin')
    since = last_event_id()
    new_id = assert_created_id(save_json({
        'loginname': login, 'firstname': 'Małgorzata', 'lastname': 'Summer',
        'original_user_id_name': 'external_user_id', 'original_user_id_value': login,
        'email': 'testUser@example.com', 'status': 5, 'password': 'test'}, enc, key=key))
    assert_eq(user_row(new_id), [(login, 'testUser@example.com', 'Małgorzata', 'Summer', '5',
                                  'platform', '', '1')], 'user row')
    assert_eq(sql('SELECT access_url_id FROM access_url_rel_user WHERE user_id = %s', new_id),
              [('1',)], 'campus rows')
    assert_eq(extra_value(new_id, 'external_user_id'), login, 'external id')
    assert_eq(extra_value(new_id, 'already_logged_in'), 'false', 'already_logged_in')
    assert_eq(events_since(since), [
        ('user_created', 'user_id', str(new_id), '1', '0', '0'),
        ('access_ws_save_user_json', 'user_id', 'a:1:{i:0;i:%d;}' % new_id, '1', '0', '0'),
    ], 'event rows')
    assert authenticate(login, 'test')


@both_encodings
def test_php_scenario_extra_age(enc):
    login = uniq('testUser')
    new_id = assert_created_id(save_json(
        base(login, extra=[{'field_name': 'age', 'field_value': '29'}]), enc))
    assert_eq(extra_value(new_id, 'age'), '29', 'age')


# ---------------------------------------------------------------- JSON values

def test_json_types():
    login = uniq('e2ejson')
    # Numbers become PHP's strings, null is absent, strings are not sanitized.
    new_id = assert_created_id(save_json(base(
        login, status=1.0, firstname='<b>Bold</b> & "co"', lastname=None, phone=5551234,
        language='FRENCH', extra=[{'field_name': 'nickname', 'field_value': 42},
                                  {'field_name': 'age', 'field_value': None}])))
    assert_eq(sql('SELECT status, firstname, lastname, phone, language FROM "user" WHERE id = %s',
                  new_id), [('1', '<b>Bold</b> & "co"', None, '5551234', 'french')], 'user row')
    assert_eq(extra_value(new_id, 'nickname'), '42', 'nickname')
    assert_eq(extra_value(new_id, 'age'), None, 'age (JSON null)')


def test_unicode_escapes():
    login = uniq('e2ejson')
    text = '{"loginname": "%s", "password": "p", "email": "", "status": "5",' \
           ' "firstname": "\\u0141ukasz \\ud83d\\ude00", "lastname": "O\'Brien"}' % login
    new_id = assert_created_id(save_json(text))
    assert_eq(sql('SELECT firstname, lastname FROM "user" WHERE id = %s', new_id),
              [('Łukasz 😀', "O'Brien")], 'names')


def test_json_request_body():
    # 1.11.32: a JSON body sets `json` in $_POST (sanitized, as every body value).
    login = uniq('e2ejson')
    key = authenticate('admin', 'admin')
    resp = api('save_user_json', {'username': 'admin', 'api_key': key,
                                  'json': json.dumps(base(login))}, encoding='json')
    new_id = assert_created_id(resp)
    assert_eq(user_rows(login), [(str(new_id),)], 'user rows')


# ---------------------------------------------------------------- refusals

@both_encodings
def test_no_data(enc):
    key = authenticate('admin', 'admin')
    since = last_event_id()
    assert_error(call('save_user_json', 'admin', key, {}, encoding=enc), NO_DATA)
    for text in ('', 'null', ' null ', '{"loginname": ', "{'loginname': 'x'}", 'nul',
                 '5', '"text"', 'true', 'false', b'{"loginname": "\xff"}', '{"a":1}x'):
        assert_error(save_json(text, enc, key=key), NO_DATA)
    assert_error(call('save_user_json', 'admin', key, {'json': ['{}']}, encoding=enc), NO_DATA)
    assert_error(call('save_user_json', 'admin', key, {'json': {'loginname': 'x'}}, encoding=enc),
                 NO_DATA)
    assert_eq([r for r in events_since(since) if r[0] != 'access_ws_authenticate'], [],
              'event rows')


def test_json_in_query_string_is_ignored():
    key = authenticate('admin', 'admin')
    login = uniq('e2ejson')
    assert_error(call('save_user_json', 'admin', key, query={'json': json.dumps(base(login))}),
                 NO_DATA)
    assert_eq(user_rows(login), [], 'user rows')


@both_encodings
def test_create_checks(enc):
    # The empty object and the empty list: no login name.
    assert_error(save_json({}, enc), msg('UserNameNotAvailable'))
    assert_error(save_json([], enc), msg('UserNameNotAvailable'))
    assert_error(save_json(base('admin'), enc), msg('UserNameNotAvailable'))
    for bad in ({'email': 'not-an-email'}, {'password': ''}, {'status': None},
                {'loginname': uniq('e2e bad')}, {'email': ['a@example.org']}):
        login = bad.get('loginname', uniq('e2ejson'))
        assert_error(save_json(base(login, **bad), enc), msg('UserNotRegistered'))
        assert_eq(user_rows(login if isinstance(login, str) else ''), [], 'user rows')


def test_too_deep():
    login = uniq('e2ejson')
    nested = 'x'
    for _ in range(80):
        nested = [nested]
    assert_error(save_json(base(login, extra=nested)), msg('BadParameter', 'json'))
    # More values than max_params (1000 by default).
    assert_error(save_json(base(login, extra=list(range(1001)))), msg('BadParameter', 'json'))
    assert_eq(user_rows(login), [], 'user rows')


@both_encodings
def test_not_allowed_for_non_admins(enc):
    for who in ('student1', 'teacher'):
        login = uniq('e2ejson')
        assert_error(save_json(base(login), enc, who), msg('NotAllowed'))
        assert_eq(user_rows(login), [], 'user rows')


@both_encodings
def test_needs_a_valid_key(enc):
    login = uniq('e2ejson')
    assert_error(api('save_user_json', {'username': 'admin', 'json': json.dumps(base(login))},
                     encoding=enc), 'Invalid API key')
    assert_eq(user_rows(login), [], 'user rows')


def test_failure_after_the_insert_leaves_nothing():
    marker = uniq('e2e-boom-')
    field = uniq('e2e_atomic_')
    login = uniq('e2eatomic')
    with failing_trigger('extra_field_values', "NEW.value = '%s'" % marker):
        max_user = int(sql_value('SELECT COALESCE(max(id), 0) FROM "user"'))
        since = last_event_id()
        resp = save_json(base(login, extra=[{'field_name': field, 'field_value': marker}]))
        assert resp.status == 500, resp
        assert_eq(resp.json, {'error': True, 'message': msg('DatabaseError')}, 'envelope')
        assert_eq(user_rows(login), [], 'user rows')
        assert_eq(sql('SELECT user_id FROM access_url_rel_user WHERE user_id > %s', max_user), [],
                  'campus rows')
        assert_eq(sql('SELECT id FROM extra_field WHERE variable = %s', field), [], 'field')
        assert_eq([r for r in events_since(since)
                   if r[0] in ('user_created', 'access_ws_save_user_json')], [], 'event rows')
    assert_created_id(save_json(base(login)))
