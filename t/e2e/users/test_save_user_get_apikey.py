"""save_user_get_apikey: save_user, then a MsgREST key for the new user.

Spec: 20-users-messages.md §5.4 (answer {"id": int, "api_key": str}), §5.3
(creation), §1.8.3 (keys); 10-request-flow.md §6 (admin gate).
"""

import random
import re

from harness import (api, api_keys_of, assert_eq, assert_error, assert_ok, authenticate,
                     both_encodings, call, events_since, last_event_id, ordered, sql, sql_exec,
                     sql_value, uniq)

NOT_ALLOWED = ('You are not allowed to see this page. Either your connection has expired or you '
               'are trying to access a page for which you do not have the sufficient privileges.')
HEX32 = re.compile(r'[0-9a-f]{32}')


def base_params(login, **more):
    params = {'loginname': login, 'password': login, 'email': login + '@example.org',
              'firstname': 'Key', 'lastname': 'Holder', 'status': 5}
    params.update(more)
    return params


@both_encodings
def test_creates_user_and_key(enc):
    login = uniq('e2egetkey')
    admin_key = authenticate('admin', 'admin')
    since = last_event_id()
    resp = call('save_user_get_apikey', 'admin', admin_key,
                base_params(login, extra=[{'field_name': 'nickname', 'field_value': 'keyed'}]),
                encoding=enc)
    data = assert_ok(resp)
    pairs = ordered(resp)[1][1]
    assert_eq([k for k, _ in pairs], ['id', 'api_key'], 'keys in order')
    new_id, key = data['id'], data['api_key']
    assert isinstance(new_id, int) and not isinstance(new_id, bool), data
    assert isinstance(key, str) and HEX32.fullmatch(key), data
    assert_eq(sql('SELECT username, status, creator_id FROM "user" WHERE id = %s', new_id),
              [(login, '5', '1')], 'user row')
    assert_eq(api_keys_of(new_id), [key], 'MsgREST keys of the new user')
    assert_eq(sql("SELECT v.value FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
                  " WHERE f.variable = 'nickname' AND v.item_id = %s", new_id), [('keyed',)],
              'extra value')
    assert_eq(events_since(since), [
        ('user_created', 'user_id', str(new_id), '1', '0', '0'),
        ('access_ws_save_user_get_apikey', 'user_id', str(new_id), '1', '0', '0'),
    ], 'event rows')
    # The key works at once, and authenticate hands out the same key.
    profile = assert_ok(call('user_profile', login, key))
    assert_eq(profile['id'], new_id, 'profile id')
    assert_eq(authenticate(login, login), key, 'key from authenticate')


def test_keys_differ_between_users():
    admin_key = authenticate('admin', 'admin')
    keys = set()
    for _ in range(3):
        data = assert_ok(call('save_user_get_apikey', 'admin', admin_key,
                              base_params(uniq('e2egetkey'))))
        keys.add(data['api_key'])
    assert_eq(len(keys), 3, 'distinct keys')


@both_encodings
def test_login_not_available(enc):
    admin_key = authenticate('admin', 'admin')
    before = api_keys_of(4)
    assert_error(call('save_user_get_apikey', 'admin', admin_key, base_params('STUDENT1'),
                      encoding=enc), 'This login is not available')
    assert_eq(api_keys_of(4), before, 'student1 keys')


@both_encodings
def test_invalid_user(enc):
    admin_key = authenticate('admin', 'admin')
    for params in (base_params(uniq('e2e bad')), base_params(uniq('e2egetkey'), email='nope'),
                   base_params(uniq('e2egetkey'), password='')):
        since = last_event_id()
        assert_error(call('save_user_get_apikey', 'admin', admin_key, params, encoding=enc),
                     'User not registered.')
        assert_eq(sql('SELECT id FROM "user" WHERE username = %s', params['loginname']), [],
                  'user rows')
        assert_eq(events_since(since), [], 'event rows')


@both_encodings
def test_not_allowed_for_non_admins(enc):
    for who in ('student2', 'teacher'):
        key = authenticate(who, who)
        login = uniq('e2egetkey')
        since = last_event_id()
        assert_error(call('save_user_get_apikey', who, key, base_params(login), encoding=enc),
                     NOT_ALLOWED)
        assert_eq(sql('SELECT id FROM "user" WHERE username = %s', login), [], 'user rows')
        assert_eq(events_since(since), [], 'event rows')


@both_encodings
def test_needs_a_valid_key(enc):
    login = uniq('e2egetkey')
    assert_error(api('save_user_get_apikey', dict(base_params(login), username='admin',
                                                  api_key='nope'), encoding=enc),
                 'Invalid API key')
    assert_eq(sql('SELECT id FROM "user" WHERE username = %s', login), [], 'user rows')


def test_key_failure_rolls_back_the_user():
    """A failure while storing the key (a trigger on user_api_key refusing
    keys of this login) leaves no user behind."""
    tag = '%08x' % random.getrandbits(32)
    login = 'e2eatomkey' + tag
    func = 'e2e_fail_key_' + tag
    sql_exec("CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $f$"
             " BEGIN IF EXISTS (SELECT 1 FROM \"user\" WHERE id = NEW.user_id AND username = '%s')"
             " THEN RAISE EXCEPTION 'e2e atomicity test'; END IF; RETURN NEW; END $f$;"
             " CREATE TRIGGER %s BEFORE INSERT ON user_api_key"
             " FOR EACH ROW EXECUTE FUNCTION %s();" % (func, login, func, func))
    try:
        admin_key = authenticate('admin', 'admin')
        max_user = int(sql_value('SELECT COALESCE(max(id), 0) FROM "user"'))
        since = last_event_id()
        resp = call('save_user_get_apikey', 'admin', admin_key, base_params(login))
        assert resp.status == 500, 'HTTP %d, expected 500: %r' % (resp.status, resp)
        assert_eq(resp.json, {'error': True, 'message':
                              'An error has occured. Please contact your system administrator.'},
                  'envelope')
        assert_eq(sql('SELECT id FROM "user" WHERE username = %s', login), [], 'user rows')
        assert_eq(sql('SELECT user_id FROM access_url_rel_user WHERE user_id > %s', max_user), [],
                  'campus rows')
        assert_eq(sql('SELECT user_id FROM user_api_key WHERE user_id > %s', max_user), [],
                  'key rows')
        assert_eq(events_since(since), [], 'event rows')
    finally:
        sql_exec('DROP TRIGGER IF EXISTS %s ON user_api_key; DROP FUNCTION IF EXISTS %s();'
                 % (func, func))
    data = assert_ok(call('save_user_get_apikey', 'admin', authenticate('admin', 'admin'),
                          base_params(login)))
    assert_eq(api_keys_of(data['id']), [data['api_key']], 'keys after the retry')
