"""authenticate: username + password -> the user's MsgREST API key.

Spec: 10-request-flow.md §5 (and §3.2 hash, §3.3 globals, §3.4 JSON body,
§4 key check before the action), 20-users-messages.md §2.3, §1.8.3.
Deviations (docs/compat.md): disabled and expired accounts are refused; new
keys are random (same 32-hex format).
"""

import json
import re

import harness
from harness import (api, assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     encodings, events_since, last_event_id, new_user, ordered, sql, sql_exec,
                     sql_value, uniq)

INVALID_USER = 'Invalid user detected.'
HEX32 = re.compile(r'[0-9a-f]{32}')


def first_key(user_id):
    rows = sql("SELECT api_key FROM user_api_key WHERE user_id = %s AND api_service = 'MsgREST'"
               " ORDER BY id", user_id)
    return [r[0] for r in rows]


def gcm_field_rows():
    return sql("SELECT extra_field_type, field_type, variable, display_text FROM extra_field"
               " WHERE extra_field_type = 1 AND lower(variable) = 'gcm_registration_id'")


def drop_gcm_field():
    sql_exec("DELETE FROM extra_field_values WHERE field_id IN (SELECT id FROM extra_field"
             " WHERE extra_field_type = 1 AND lower(variable) = 'gcm_registration_id')")
    sql_exec("DELETE FROM extra_field WHERE extra_field_type = 1"
             " AND lower(variable) = 'gcm_registration_id'")


# ---------------------------------------------------------------- success

@both_encodings
def test_admin_gets_url_key_and_sender_id(enc):
    resp = api('authenticate', {'username': 'admin', 'password': 'admin'}, encoding=enc)
    data = assert_ok(resp)
    pairs = ordered(resp)
    assert_eq([k for k, _ in pairs], ['error', 'data'], 'envelope keys')
    assert_eq([k for k, _ in pairs[1][1]], ['url', 'apiKey', 'gcmSenderId'], 'data keys in order')
    assert_eq(data['url'], harness.CAMPUS_URL + '/', 'url')
    assert isinstance(data['apiKey'], str) and HEX32.fullmatch(data['apiKey']), data
    # Not set on a fresh install: null, as the recording of 1.11.32 shows.
    assert_eq(data['gcmSenderId'], None, 'gcmSenderId (setting messaging_gdc_project_number)')
    assert b'"gcmSenderId":null}' in resp.body, resp.body
    # The key is the admin's first MsgREST row.
    assert_eq(first_key(1)[:1], [data['apiKey']], 'stored MsgREST key of admin')
    # json_encode escapes slashes.
    assert b'"url":"http:\\/\\/127.0.0.1:' in resp.body, resp.body


def test_same_key_twice_and_one_row():
    key1 = authenticate('admin', 'admin')
    key2 = authenticate('admin', 'admin', encoding='multipart')
    assert_eq(key2, key1, 'second authenticate')
    assert_eq(first_key(1)[0], key1, 'first MsgREST row')


def test_key_works_for_next_call():
    key = authenticate('admin', 'admin')
    data = assert_ok(call('user_profile', 'admin', key))
    assert_eq(data['id'], 1, 'user_profile id')
    assert_eq(data['username'], 'admin', 'user_profile username')


def test_username_is_case_insensitive():
    key = authenticate('admin', 'admin')
    assert_eq(authenticate('ADMIN', 'admin'), key, 'key for ADMIN')
    assert_eq(authenticate('Admin', 'admin'), key, 'key for Admin')


def test_new_user_gets_a_key_created():
    user = new_user(password='s3cret-pass')
    assert_eq(first_key(user.id), [], 'keys before the first authenticate')
    key = authenticate(user.username, 's3cret-pass')
    assert HEX32.fullmatch(key), key
    assert_eq(first_key(user.id), [key], 'keys after authenticate')
    rows = sql("SELECT api_service, api_end_point, created_date, validity_start_date,"
               " validity_end_date, description FROM user_api_key WHERE api_key = %s", key)
    assert_eq(rows, [('MsgREST', None, None, None, None, None)], 'the inserted key row')
    assert_eq(authenticate(user.username, 's3cret-pass'), key, 'second authenticate')
    assert_eq(len(first_key(user.id)), 1, 'still one key')


def test_creates_gcm_registration_id_field():
    drop_gcm_field()
    assert_eq(gcm_field_rows(), [], 'field after deleting it')
    authenticate('student2', 'student2')
    assert_eq(gcm_field_rows(), [('1', '1', 'gcm_registration_id', 'gcm_registration_id')],
              'gcm_registration_id field (user, text)')
    authenticate('student2', 'student2')
    assert_eq(len(gcm_field_rows()), 1, 'created once')


def test_failed_authenticate_still_creates_gcm_field():
    # 10 §5 step 2: the field is ensured before the password is checked.
    drop_gcm_field()
    try:
        assert_error(api('authenticate', {'username': 'admin', 'password': 'wrong'}), INVALID_USER)
        assert_eq(len(gcm_field_rows()), 1, 'field after a failed authenticate')
    finally:
        authenticate('admin', 'admin')  # put the field back whatever happened


def test_event_row():
    user = new_user()
    since = last_event_id()
    authenticate(user.username, user.password)
    assert_eq(events_since(since),
              [('access_ws_authenticate', 'username', user.username, str(user.id), '0', '0')],
              'track_e_default rows')


def test_no_visit_side_effects():
    # authenticate does not log the user in (10 §5 last bullet): no online row,
    # already_logged_in stays as save_user left it.
    user = new_user()
    authenticate(user.username, user.password)
    assert_eq(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', user.id), [],
              'track_e_online rows')
    value = sql("SELECT v.value FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
                " WHERE f.variable = 'already_logged_in' AND v.item_id = %s", user.id)
    assert_eq(value, [('false',)], 'already_logged_in')


@encodings('json')
def test_json_body(enc):
    # 1.11.32: a JSON body (Content-Type exactly application/json) fills $_POST.
    data = assert_ok(api('authenticate', {'username': 'admin', 'password': 'admin'}, encoding=enc))
    assert_eq(data['apiKey'], authenticate('admin', 'admin'), 'key')


@both_encodings
def test_api_key_zero_is_no_key(enc):
    # "0" is not PHP-truthy: no key validation, authenticate proceeds.
    data = assert_ok(api('authenticate', {'username': 'admin', 'password': 'admin', 'api_key': '0'},
                         encoding=enc))
    assert HEX32.fullmatch(data['apiKey']), data


@both_encodings
def test_matching_api_key_is_accepted(enc):
    key = authenticate('admin', 'admin')
    data = assert_ok(api('authenticate', {'username': 'admin', 'password': 'admin', 'api_key': key},
                         encoding=enc))
    assert_eq(data['apiKey'], key, 'key')


# ---------------------------------------------------------------- failures

@both_encodings
def test_wrong_password(enc):
    assert_error(api('authenticate', {'username': 'admin', 'password': 'Admin'}, encoding=enc),
                 INVALID_USER)


@both_encodings
def test_unknown_user(enc):
    assert_error(api('authenticate', {'username': uniq('nobody'), 'password': 'x'}, encoding=enc),
                 INVALID_USER)


@both_encodings
def test_empty_and_missing_password(enc):
    assert_error(api('authenticate', {'username': 'admin', 'password': ''}, encoding=enc),
                 INVALID_USER)
    assert_error(api('authenticate', {'username': 'admin'}, encoding=enc), INVALID_USER)


@both_encodings
def test_missing_or_empty_username(enc):
    assert_error(api('authenticate', {'password': 'admin'}, encoding=enc), INVALID_USER)
    assert_error(api('authenticate', {'username': '', 'password': 'admin'}, encoding=enc),
                 INVALID_USER)


@both_encodings
def test_password_as_array(enc):
    assert_error(api('authenticate', {'username': 'admin', 'password': ['admin']}, encoding=enc),
                 INVALID_USER)


@both_encodings
def test_password_in_query_string_only(enc):
    # The password is read from $_POST only.
    resp = api('authenticate', {'username': 'admin'}, encoding=enc, query={'password': 'admin'})
    assert_error(resp, INVALID_USER)


def test_everything_in_query_string():
    resp = api('authenticate', {'username': 'admin', 'password': 'admin'}, encoding='query')
    assert_error(resp, INVALID_USER)


def test_password_in_hash():
    # hash members reach the query bag only; password is a $_POST read.
    resp = api(None, {'foo': 'bar'}, query={'hash': json.dumps(
        {'action': 'authenticate', 'username': 'admin', 'password': 'admin'})})
    assert_error(resp, INVALID_USER)


def test_put_urlencoded_body_is_not_post():
    # PUT + urlencoded: the request bag (action, username) is filled, $_POST
    # is not, so the password is missing.
    resp = api('authenticate', {'username': 'admin', 'password': 'admin'}, method='PUT')
    assert_error(resp, INVALID_USER)


@both_encodings
def test_wrong_api_key_is_checked_first(enc):
    resp = api('authenticate', {'username': 'admin', 'password': 'admin', 'api_key': 'f' * 32},
               encoding=enc)
    assert_error(resp, 'Invalid API key')


@both_encodings
def test_disabled_and_expired_accounts(enc):
    # docs/compat.md: refused, and no key is created for them.
    for login in ('disabled', 'expired'):
        before = sql("SELECT count(*) FROM user_api_key k JOIN \"user\" u ON u.id = k.user_id"
                     " WHERE u.username = %s", login)
        assert_error(api('authenticate', {'username': login, 'password': login}, encoding=enc),
                     INVALID_USER)
        after = sql("SELECT count(*) FROM user_api_key k JOIN \"user\" u ON u.id = k.user_id"
                    " WHERE u.username = %s", login)
        assert_eq(after, before, 'key rows of %s' % login)


def test_failure_writes_no_event():
    since = last_event_id()
    assert_error(api('authenticate', {'username': 'admin', 'password': 'nope'}), INVALID_USER)
    assert_eq([r for r in events_since(since) if r[0] == 'access_ws_authenticate'], [],
              'access_ws_authenticate rows after a failure')


def test_user_disabled_after_getting_a_key():
    user = new_user(with_key=True)
    assert_eq(authenticate(user.username, user.password), user.key(), 'key before disabling')
    sql_exec('UPDATE "user" SET active = 0 WHERE id = %s', user.id)
    assert_error(api('authenticate', {'username': user.username, 'password': user.password}),
                 INVALID_USER)
    sql_exec('UPDATE "user" SET active = 1, expiration_date = %s WHERE id = %s',
             '2020-06-01 00:00:00', user.id)
    assert_error(api('authenticate', {'username': user.username, 'password': user.password}),
                 INVALID_USER)
    sql_exec('UPDATE "user" SET expiration_date = %s WHERE id = %s', '2099-01-01 00:00:00', user.id)
    assert_eq(authenticate(user.username, user.password), user.key(),
              'key with a future expiration date')



def test_unknown_user_costs_what_a_password_check_costs():
    """With password_bcrypt_cost above 4, an unknown username must take as
    long as a known one with a wrong password (the dummy verification costs
    password_bcrypt_cost), or the timing tells which logins exist."""
    import time
    from harness import Pool, fcgi_form
    admin_key = authenticate('admin', 'admin')
    with Pool({'password_bcrypt_cost': '11'}) as pool:
        def ask(params):
            env, body = fcgi_form(params)
            started = time.monotonic()
            status, _, answer = pool.request(env, body)
            elapsed = time.monotonic() - started
            return status, json.loads(answer), elapsed
        login = uniq('e2ecost')
        status, answer, _ = ask({'action': 'save_user', 'username': 'admin', 'api_key': admin_key,
                                 'loginname': login, 'password': login, 'firstname': 'Cost',
                                 'lastname': 'Eleven', 'email': login + '@example.org',
                                 'status': 5})
        assert status == 200 and answer['error'] is False, answer
        assert sql_value('SELECT substr(password, 1, 7) FROM "user" WHERE username = %s',
                         login) == '$2y$11$'
        known = min(ask({'action': 'authenticate', 'username': login, 'password': 'wrong'})[2]
                    for _ in range(3))
        unknown = min(ask({'action': 'authenticate', 'username': uniq('e2enobody'),
                           'password': 'wrong'})[2] for _ in range(3))
        assert unknown > known * 0.5, 'unknown user %.1f ms, known user %.1f ms' % (
            unknown * 1000, known * 1000)
