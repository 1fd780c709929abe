"""The global request flow: what happens on every call, before and after
the action.

Spec: 10-request-flow.md §3 (parameter sources, hash, JSON body, the five
globals), §4 (key check), §4.2 (course/session context), §7.2 (side
effects), §8 (dispatch), §9 (envelope, headers, encoding).
Deviations (docs/compat.md): a user without a key is refused (no key is
created while validating); disabled/expired accounts are refused; a missing
api_key gives "Invalid API key"; limits give HTTP 400/413 JSON envelopes;
no PHP session cookie; username/api_key arrays count as absent.
"""

import json
import random

import harness
from harness import (api, as_user, assert_eq, assert_error, assert_ok, authenticate,
                     both_encodings, call, encodings, join_session, new_user, now_utc, php_int,
                     sql, sql_exec, sql_value, uniq)

INVALID_KEY = 'Invalid API key'
INVALID_ACTION = 'Invalid action'
NO_COURSE = 'This course could not be found'
NO_SESSION = 'The session could not be found'
NOT_ALLOWED = ('You are not allowed to see this page. Either your connection has expired or you '
               'are trying to access a page for which you do not have the sufficient privileges.')


def profile_id(resp):
    return assert_ok(resp)['id']


def random_key():
    return '%032x' % random.getrandbits(128)


# ---------------------------------------------------------------- the key check (§4)

@both_encodings
def test_missing_or_falsy_api_key(enc):
    for params in ({'username': 'admin'}, {'username': 'admin', 'api_key': ''},
                   {'username': 'admin', 'api_key': '0'}, {}):
        resp = api('user_profile', params, encoding=enc)
        assert_error(resp, INVALID_KEY)
        assert_eq(resp.body.strip(), b'{"error":true,"message":"Invalid API key"}', 'raw body')


@both_encodings
def test_wrong_key(enc):
    key = authenticate('admin', 'admin')
    for wrong in (random_key(), key.upper(), key[:-1], key + 'a', ' ' + key):
        assert_error(call('user_profile', 'admin', wrong, encoding=enc), INVALID_KEY)


@both_encodings
def test_key_of_another_user(enc):
    admin_key = authenticate('admin', 'admin')
    assert_error(call('user_profile', 'student1', admin_key, encoding=enc), INVALID_KEY)
    s1 = authenticate('student1', 'student1')
    assert_error(call('get_users', 'admin', s1, {'status': '*'}, encoding=enc), INVALID_KEY)


@both_encodings
def test_unknown_or_empty_username(enc):
    key = authenticate('admin', 'admin')
    assert_error(call('user_profile', uniq('nobody'), key, encoding=enc), INVALID_KEY)
    assert_error(call('user_profile', '', key, encoding=enc), INVALID_KEY)
    assert_error(api('user_profile', {'api_key': key}, encoding=enc), INVALID_KEY)


@both_encodings
def test_username_is_case_insensitive_not_trimmed(enc):
    key = authenticate('admin', 'admin')
    resp = call('user_profile', 'ADMIN', key, encoding=enc)
    assert_eq(profile_id(resp), 1, 'id for ADMIN')
    assert_eq(resp.json['data']['username'], 'admin', 'username as stored')
    assert_error(call('user_profile', ' admin', key, encoding=enc), INVALID_KEY)


@both_encodings
def test_username_and_key_as_arrays(enc):
    key = authenticate('admin', 'admin')
    assert_error(api('user_profile', {'username': ['admin'], 'api_key': key}, encoding=enc),
                 INVALID_KEY)
    assert_error(api('user_profile', {'username': 'admin', 'api_key': [key]}, encoding=enc),
                 INVALID_KEY)


def test_username_is_sanitized():
    # remove_XSS on username: tags are stripped, so "<b>admin</b>" is admin.
    key = authenticate('admin', 'admin')
    assert_eq(profile_id(call('user_profile', '<b>admin</b>', key)), 1, 'id')


def test_user_without_key_is_refused():
    login = uniq('e2enokey')
    user_id = sql_value(
        'INSERT INTO "user" (username, username_canonical, email, email_canonical, firstname,'
        ' lastname, password, salt, status, active, enabled)'
        ' SELECT %s, lower(%s), %s, %s, %s, %s, password, salt, 5, 1, 1 FROM "user" WHERE id = 4'
        ' RETURNING id', login, login, login + '@example.org', login + '@example.org', 'No', 'Key')
    sql_exec('UPDATE "user" SET user_id = id WHERE id = %s', user_id)
    sql_exec('INSERT INTO access_url_rel_user (access_url_id, user_id) VALUES (1, %s)', user_id)
    for wrong in (random_key(), 'x'):
        assert_error(call('user_profile', login, wrong), INVALID_KEY)
    assert_eq(sql('SELECT 1 FROM user_api_key WHERE user_id = %s', user_id), [],
              'no key created while validating')
    assert_eq(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', user_id), [],
              'no visit recorded')
    # authenticate (password copied from student1) still creates one.
    key = authenticate(login, 'student1')
    assert_eq(profile_id(call('user_profile', login, key)), int(user_id), 'profile with the new key')


def test_disabled_demo_user_with_key_is_refused():
    key = random_key()
    sql_exec("INSERT INTO user_api_key (user_id, api_key, api_service) VALUES (7, %s, 'MsgREST')",
             key)
    try:
        assert_error(call('user_profile', 'disabled', key), INVALID_KEY)
        assert_error(call('username_exist', 'disabled', key, {'loginname': 'admin'}), INVALID_KEY)
    finally:
        sql_exec('DELETE FROM user_api_key WHERE user_id = 7 AND api_key = %s', key)


def test_expired_demo_user_with_key_is_refused():
    key = random_key()
    sql_exec("INSERT INTO user_api_key (user_id, api_key, api_service) VALUES (8, %s, 'MsgREST')",
             key)
    try:
        assert_error(call('user_profile', 'expired', key), INVALID_KEY)
    finally:
        sql_exec('DELETE FROM user_api_key WHERE user_id = 8 AND api_key = %s', key)


def test_account_disabled_or_expired_after_getting_a_key():
    user = new_user(with_key=True)
    assert_eq(profile_id(as_user(user, 'user_profile')), user.id, 'before')
    sql_exec('UPDATE "user" SET active = 0 WHERE id = %s', user.id)
    assert_error(as_user(user, 'user_profile'), INVALID_KEY)
    sql_exec("UPDATE \"user\" SET active = 1,"
             " expiration_date = (now() AT TIME ZONE 'UTC') - interval '1 minute' WHERE id = %s",
             user.id)
    assert_error(as_user(user, 'user_profile'), INVALID_KEY)
    sql_exec("UPDATE \"user\" SET expiration_date = (now() AT TIME ZONE 'UTC') + interval '1 day'"
             " WHERE id = %s", user.id)
    assert_eq(profile_id(as_user(user, 'user_profile')), user.id, 'future expiration date')


# ---------------------------------------------------------------- dispatch (§8)

@both_encodings
def test_invalid_action(enc):
    key = authenticate('admin', 'admin')
    auth = {'username': 'admin', 'api_key': key}
    for action in ('no_such_action', 'USER_PROFILE', 'user_profile ', ' user_profile', ''):
        resp = api(action, auth, encoding=enc)
        assert_error(resp, INVALID_ACTION)
        assert_eq(resp.body.strip(), b'{"error":true,"message":"Invalid action"}', 'raw body')
    assert_error(api(None, auth, encoding=enc), INVALID_ACTION)
    assert_error(api(None, dict(auth, action=['user_profile']), encoding=enc), INVALID_ACTION)
    assert_error(api(None, dict(auth, action={'x': 'user_profile'}), encoding=enc), INVALID_ACTION)
    # Without a key: nothing is validated, the action is still unknown.
    assert_error(api('no_such_action', None, encoding=enc), INVALID_ACTION)
    assert_error(api(None, {'username': 'admin'}, encoding=enc), INVALID_ACTION)


@both_encodings
def test_wrong_key_is_reported_before_the_action(enc):
    for action in ('no_such_action', None, ''):
        assert_error(api(action, {'username': 'admin', 'api_key': random_key()}, encoding=enc),
                     INVALID_KEY)
    assert_error(api('no_such_action', {'username': 'admin', 'api_key': random_key(),
                                        'course': 999999}, encoding=enc), INVALID_KEY)


def test_unknown_action_writes_no_event():
    user = new_user(with_key=True)
    assert_error(as_user(user, 'no_such_action'), INVALID_ACTION)
    assert_eq(sql('SELECT default_event_type FROM track_e_default WHERE default_user_id = %s'
                  " AND default_event_type <> 'user_created'", user.id), [], 'event rows')
    # ... but the visit itself is tracked (§7.2 runs before dispatch).
    assert_eq(len(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', user.id)), 1,
              'online row')


# ---------------------------------------------------------------- course / session (§4.2)

@both_encodings
def test_course_and_session_context(enc):
    key = authenticate('student1', 'student1')
    auth = {'username': 'student1', 'api_key': key}
    for course in (999999, -1, '999999abc'):
        assert_error(api('user_profile', dict(auth, course=course), encoding=enc), NO_COURSE)
    assert_error(api('user_profile', dict(auth, session=999999), encoding=enc), NO_SESSION)
    assert_error(api('user_profile', dict(auth, course=999999, session=999999), encoding=enc),
                 NO_COURSE)
    # Checked before the action name.
    assert_error(api('no_such_action', dict(auth, course=999999), encoding=enc), NO_COURSE)
    # Existing ids, zero, non-numbers: fine (student1 may enter each: the
    # demo courses are open to the platform, and student1 is in session 1;
    # t/e2e/flow/test_course_context.py checks the refusals).
    for params in ({'course': 1}, {'course': 3}, {'course': '1abc'}, {'course': ' 2'},
                   {'course': 'abc'}, {'course': 0}, {'session': 1}, {'course': 2, 'session': 1}):
        assert_eq(profile_id(api('user_profile', dict(auth, **params), encoding=enc)), 4,
                  'profile with %r' % (params,))


def test_context_only_for_authenticated_calls():
    # authenticate carries no key: course/session are not looked up.
    data = assert_ok(api('authenticate', {'username': 'admin', 'password': 'admin',
                                          'course': 999999, 'session': 999999}))
    assert data['apiKey']


def test_course_query_string_beats_body():
    key = authenticate('student1', 'student1')
    auth = {'username': 'student1', 'api_key': key}
    assert_error(api('user_profile', dict(auth, course=1), query={'course': 999999}), NO_COURSE)
    # A zero query value falls back to the body.
    assert_error(api('user_profile', dict(auth, course=999999), query={'course': 0}), NO_COURSE)
    assert_ok(api('user_profile', dict(auth, course=999999), query={'course': 1}))


# ---------------------------------------------------------------- hash (§3.2)

def test_hash_in_query_string():
    key = authenticate('student1', 'student1')
    h = json.dumps({'action': 'user_profile', 'username': 'student1', 'api_key': key})
    assert_eq(profile_id(api(None, None, encoding='query', query={'hash': h})), 4, 'GET hash')
    assert_eq(profile_id(api(None, {'foo': 'bar'}, query={'hash': h})), 4, 'POST with ?hash')


def test_hash_overrides_url_parameters():
    key = authenticate('student1', 'student1')
    h = json.dumps({'action': 'user_profile', 'username': 'student1', 'api_key': key})
    resp = api(None, None, encoding='query',
               query=[('action', 'no_such_action'), ('username', 'admin'), ('api_key', 'x'),
                      ('hash', h)])
    assert_eq(profile_id(resp), 4, 'hash wins over URL parameters')


@both_encodings
def test_hash_in_body_is_ignored(enc):
    key = authenticate('student1', 'student1')
    h = json.dumps({'action': 'user_profile', 'username': 'student1', 'api_key': key})
    assert_error(api(None, {'hash': h}, encoding=enc), INVALID_ACTION)


def test_hash_reaches_course_but_not_post_parameters():
    key = authenticate('admin', 'admin')
    h = json.dumps({'action': 'user_profile', 'username': 'admin', 'api_key': key,
                    'course': 999999})
    assert_error(api(None, None, encoding='query', query={'hash': h}), NO_COURSE)
    h = json.dumps({'action': 'username_exist', 'username': 'admin', 'api_key': key,
                    'loginname': 'admin'})
    assert_eq(assert_ok(api(None, None, encoding='query', query={'hash': h})), [False],
              'loginname inside hash')
    # Numbers become strings: course 1 works.
    h = json.dumps({'action': 'user_profile', 'username': 'admin', 'api_key': key, 'course': 1})
    assert_eq(profile_id(api(None, None, encoding='query', query={'hash': h})), 1, 'course 1')


def test_invalid_hash_is_ignored():
    key = authenticate('student1', 'student1')
    auth = {'username': 'student1', 'api_key': key}
    for bad in ('{not json', 'null', '[]', '""', '0', 'false', '"user_profile"'):
        assert_eq(profile_id(api('user_profile', auth, query={'hash': bad})), 4,
                  'profile with hash=%r' % bad)
    assert_error(api(None, None, encoding='query', query={'hash': '{"action": "user_profile"'}),
                 INVALID_ACTION)


# ---------------------------------------------------------------- JSON body (§3.4)

@encodings('json')
def test_json_body(enc):
    key = authenticate('student1', 'student1')
    resp = api('user_profile', {'username': 'student1', 'api_key': key}, encoding=enc)
    assert_eq(profile_id(resp), 4, 'JSON body')
    # JSON body values are $_POST values too.
    resp = api('username_exist', {'username': 'student1', 'api_key': key, 'loginname': 'teacher'},
               encoding=enc)
    assert_eq(assert_ok(resp), [True], 'loginname from a JSON body')


@encodings('json')
def test_json_body_needs_exact_content_type(enc):
    key = authenticate('student1', 'student1')
    params = {'username': 'student1', 'api_key': key}
    for ctype in ('application/json; charset=utf-8', 'application/json;charset=UTF-8',
                  'text/json', 'text/plain'):
        assert_error(api('user_profile', params, encoding=enc, content_type=ctype), INVALID_ACTION)


def test_malformed_json_body_is_ignored():
    resp = api(None, raw_body=b'{"action": "user_profile", ', content_type='application/json')
    assert_error(resp, INVALID_ACTION)
    resp = api(None, raw_body=b'["user_profile"]', content_type='application/json')
    assert_error(resp, INVALID_ACTION)


def test_hash_beats_json_body():
    key = authenticate('student1', 'student1')
    h = json.dumps({'action': 'user_profile', 'username': 'student1', 'api_key': key})
    resp = api('no_such_action', {'username': 'admin', 'api_key': 'x'}, encoding='json',
               query={'hash': h})
    assert_eq(profile_id(resp), 4, 'hash over JSON body')


# ---------------------------------------------------------------- query string vs body (§3.3)

@both_encodings
def test_query_string_beats_body(enc):
    key = authenticate('student1', 'student1')
    resp = api('no_such_action', {'username': 'admin', 'api_key': random_key()}, encoding=enc,
               query={'action': 'user_profile', 'username': 'student1', 'api_key': key})
    assert_eq(profile_id(resp), 4, 'query string parameters win')


@both_encodings
def test_falsy_query_values_fall_back_to_body(enc):
    key = authenticate('student1', 'student1')
    resp = api('user_profile', {'username': 'student1', 'api_key': key}, encoding=enc,
               query={'action': '', 'username': '0', 'api_key': ''})
    assert_eq(profile_id(resp), 4, 'body used when the query values are falsy')
    resp = api('user_profile', {'username': 'student1', 'api_key': key}, encoding=enc,
               query=[('action', '0')])
    assert_eq(profile_id(resp), 4, 'action "0" is falsy')


def test_get_with_everything_in_query_string():
    key = authenticate('student2', 'student2')
    resp = api('user_profile', {'username': 'student2', 'api_key': key}, encoding='query')
    assert_eq(profile_id(resp), 5, 'GET')


@encodings('urlencoded')
def test_other_methods(enc):
    key = authenticate('student2', 'student2')
    params = {'username': 'student2', 'api_key': key}
    for method in ('PUT', 'PATCH', 'DELETE'):
        # The urlencoded body of PUT/PATCH/DELETE is the request bag.
        assert_eq(profile_id(api('user_profile', params, encoding=enc, method=method)), 5, method)
    resp = api(None, None, encoding='query', method='OPTIONS')
    assert_error(resp, INVALID_ACTION)
    resp = api('user_profile', params, encoding='query', method='HEAD')
    assert_eq(resp.status, 200, 'HEAD status')
    assert_eq(resp.body, b'', 'HEAD body')
    assert_eq(resp.headers.get('Content-Type'), 'application/json', 'HEAD Content-Type')


def test_put_multipart_is_ignored():
    key = authenticate('student2', 'student2')
    resp = api('user_profile', {'username': 'student2', 'api_key': key}, encoding='multipart',
               method='PUT')
    assert_error(resp, INVALID_ACTION)


# ---------------------------------------------------------------- envelope and headers (§9)

def check_headers(resp):
    assert_eq(resp.headers.get('Content-Type'), 'application/json', 'Content-Type')
    assert_eq(resp.headers.get_all('Access-Control-Allow-Origin'), ['*'], 'CORS header')
    for name in ('Access-Control-Allow-Methods', 'Access-Control-Allow-Headers', 'Set-Cookie'):
        assert name not in resp.headers, '%s: %r' % (name, resp.headers)
    assert_eq(resp.headers.get('Expires'), 'Thu, 19 Nov 1981 08:52:00 GMT', 'Expires')
    assert_eq(resp.headers.get('Cache-Control'), 'no-store, no-cache, must-revalidate',
              'Cache-Control')
    assert_eq(resp.headers.get('Pragma'), 'no-cache', 'Pragma')


@both_encodings
def test_headers(enc):
    key = authenticate('student1', 'student1')
    ok = call('user_profile', 'student1', key, encoding=enc)
    assert_ok(ok)
    check_headers(ok)
    for resp in (call('user_profile', 'student1', 'x', encoding=enc),
                 api('no_such_action', None, encoding=enc),
                 call('get_users', 'student1', key, {'status': '*'}, encoding=enc)):
        assert resp.json and resp.json['error'] is True, resp
        check_headers(resp)


@both_encodings
def test_compact_encoding_and_escaped_slashes(enc):
    resp = api('authenticate', {'username': 'admin', 'password': 'admin'}, encoding=enc)
    data = assert_ok(resp)
    url = harness.CAMPUS_URL + '/'
    assert (b'{"error":false,"data":{"url":"' + url.replace('/', '\\/').encode() +
            b'","apiKey":"' + data['apiKey'].encode() + b'","gcmSenderId":null}}') == resp.body.strip(), \
        resp.body
    assert b'\n' not in resp.body.strip(), 'pretty-printed body (server_type is prod)'


def test_non_ascii_is_escaped():
    admin_key = authenticate('admin', 'admin')
    user = new_user(with_key=True, firstname='Małgorzata', lastname='Émoji 😀', status=20)
    resp = call('get_users', 'admin', admin_key, {'status': 20})
    data = assert_ok(resp)
    assert [u for u in data if u['id'] == php_int(user.id) and u['firstname'] == 'Małgorzata'], data
    assert b'"firstname":"Ma\\u0142gorzata"' in resp.body, resp.body
    assert b'"lastname":"\\u00c9moji \\ud83d\\ude00"' in resp.body, resp.body
    assert all(b < 0x80 for b in resp.body), 'raw non-ASCII byte in %r' % resp.body


# ---------------------------------------------------------------- limits (docs/compat.md)

def check_limit_envelope(resp, status):
    assert resp.status == status, 'HTTP %d, expected %d: %r' % (resp.status, status, resp)
    assert_eq(resp.headers.get('Content-Type'), 'application/json', 'Content-Type')
    assert_eq(resp.headers.get('Access-Control-Allow-Origin'), '*', 'CORS header')
    assert isinstance(resp.json, dict) and resp.json.get('error') is True, resp
    assert isinstance(resp.json.get('message'), str) and resp.json['message'], resp


def test_body_over_the_limit():
    # max_body_size defaults to 8M (8 MiB); one byte more is refused.
    body = b'action=username_exist&filler=' + b'x' * (8 * 1024 * 1024)
    resp = api(None, raw_body=body, content_type='application/x-www-form-urlencoded')
    check_limit_envelope(resp, 413)


def test_large_body_under_the_limit():
    key = authenticate('student1', 'student1')
    resp = call('username_exist', 'student1', key, {'loginname': 'admin',
                                                    'filler': 'x' * (1024 * 1024)})
    assert_eq(assert_ok(resp), [True], 'data')


def many_params(count, key):
    base = [('action', 'username_exist'), ('username', 'student1'), ('api_key', key),
            ('loginname', 'admin')]
    return base + [('p%d' % i, '1') for i in range(count - len(base))]


@both_encodings
def test_too_many_parameters(enc):
    key = authenticate('student1', 'student1')
    resp = api(None, many_params(1001, key), encoding=enc)
    check_limit_envelope(resp, 400)
    assert_eq(resp.json['message'], 'Too many parameters', 'message')
    # 1000 is still fine (PHP's max_input_vars).
    assert_eq(assert_ok(api(None, many_params(1000, key), encoding=enc)), [True], '1000 parameters')


@both_encodings
def test_parameter_name_too_long_or_too_deep(enc):
    resp = api('user_profile', {'n' * 300: 'x'}, encoding=enc)
    check_limit_envelope(resp, 400)
    deep = 'a' + '[b]' * 70
    resp = api('user_profile', [(deep, 'x')], encoding=enc)
    check_limit_envelope(resp, 400)


def test_malformed_multipart():
    resp = api(None, raw_body=b'--zzz\r\nContent-Disposition: form-data; name="action"\r\n\r\nx',
               content_type='multipart/form-data; boundary=zzz')
    check_limit_envelope(resp, 400)


# ---------------------------------------------------------------- side effects (§7.2)

def test_visit_tracking_for_admin():
    key = authenticate('admin', 'admin')
    t0 = now_utc()
    assert_ok(call('user_profile', 'admin', key))
    assert_eq(sql('SELECT login_date >= %s::timestamp, user_ip, c_id, session_id, access_url_id'
                  ' FROM track_e_online WHERE login_user_id = 1', t0),
              [('t', '127.0.0.1', '0', '0', '1')], 'track_e_online row')
    assert_eq(sql('SELECT last_login >= %s::timestamp FROM "user" WHERE id = 1', t0), [('t',)],
              'user.last_login moved')
    assert_eq(sql('SELECT logout_date >= %s::timestamp FROM track_e_login WHERE login_user_id = 1'
                  ' ORDER BY login_date DESC, login_id DESC LIMIT 1', t0), [('t',)],
              'newest track_e_login row extended')


def test_visit_tracking_without_login_row():
    user = new_user(with_key=True)
    t0 = now_utc()
    assert_eq(sql("SELECT v.value FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
                  " WHERE f.variable = 'already_logged_in' AND v.item_id = %s", user.id),
              [('false',)], 'already_logged_in after save_user')
    assert_ok(as_user(user, 'user_profile'))
    assert_eq(sql('SELECT login_date >= %s::timestamp FROM track_e_online WHERE login_user_id = %s',
                  t0, user.id), [('t',)], 'track_e_online row')
    # No track_e_login row: nothing at all, not even user.last_login.
    assert_eq(sql('SELECT 1 FROM track_e_login WHERE login_user_id = %s', user.id), [],
              'track_e_login rows')
    assert_eq(sql('SELECT last_login FROM "user" WHERE id = %s', user.id), [(None,)], 'last_login')
    assert_eq(sql("SELECT v.value FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
                  " WHERE f.variable = 'already_logged_in' AND v.item_id = %s", user.id),
              [('true',)], 'already_logged_in after a keyed call')
    # A second call updates the one online row.
    assert_ok(as_user(user, 'user_profile'))
    assert_eq(len(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', user.id)), 1,
              'online rows')


def test_old_visit_starts_a_new_login_row():
    # session_lifetime is 360000 s (100 h): a visit that ended 5 days ago is over.
    user = new_user(with_key=True)
    sql_exec("INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)"
             " VALUES (%s, (now() AT TIME ZONE 'UTC') - interval '6 days', '10.0.0.1',"
             " (now() AT TIME ZONE 'UTC') - interval '5 days')", user.id)
    t0 = now_utc()
    assert_ok(as_user(user, 'user_profile'))
    rows = sql('SELECT login_date >= %s::timestamp, logout_date >= %s::timestamp, user_ip'
               ' FROM track_e_login WHERE login_user_id = %s ORDER BY login_date', t0, t0, user.id)
    assert_eq(rows, [('f', 'f', '10.0.0.1'), ('t', 't', '127.0.0.1')], 'login rows')
    assert_eq(sql('SELECT last_login >= %s::timestamp FROM "user" WHERE id = %s', t0, user.id),
              [('t',)], 'last_login')


def test_recent_visit_is_extended():
    user = new_user(with_key=True)
    sql_exec("INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)"
             " VALUES (%s, (now() AT TIME ZONE 'UTC') - interval '2 hours', '10.0.0.1',"
             " (now() AT TIME ZONE 'UTC') - interval '1 hour')", user.id)
    t0 = now_utc()
    assert_ok(as_user(user, 'user_profile'))
    rows = sql('SELECT login_date >= %s::timestamp, logout_date >= %s::timestamp'
               ' FROM track_e_login WHERE login_user_id = %s', t0, t0, user.id)
    assert_eq(rows, [('f', 't')], 'the same row, logout_date moved')


def test_course_access_tracking():
    user = new_user(with_key=True)
    join_session(user.id, 1)
    t0 = now_utc()
    assert_ok(as_user(user, 'user_profile', {'course': 1}))
    assert_eq(sql('SELECT c_id, access_tool, access_session_id, user_ip,'
                  ' access_date >= %s::timestamp FROM track_e_access WHERE access_user_id = %s',
                  t0, user.id), [('1', None, '0', '127.0.0.1', 't')], 'track_e_access rows')
    assert_eq(sql('SELECT c_id, access_tool, access_session_id FROM track_e_lastaccess'
                  ' WHERE access_user_id = %s', user.id), [('1', None, '0')],
              'track_e_lastaccess rows')
    assert_ok(as_user(user, 'user_profile', {'course': 1, 'session': 1}))
    assert_ok(as_user(user, 'user_profile', {'course': 1}))
    assert_eq(sql('SELECT c_id, access_session_id FROM track_e_access WHERE access_user_id = %s'
                  ' ORDER BY access_id', user.id), [('1', '0'), ('1', '1'), ('1', '0')],
              'one access row per call')
    assert_eq(sql('SELECT c_id, access_session_id FROM track_e_lastaccess'
                  ' WHERE access_user_id = %s ORDER BY access_session_id', user.id),
              [('1', '0'), ('1', '1')], 'one last-access row per (course, session)')
    # Without course: no access row.
    assert_ok(as_user(user, 'user_profile'))
    assert_eq(len(sql('SELECT 1 FROM track_e_access WHERE access_user_id = %s', user.id)), 3,
              'access rows after a call without course')


def test_course_login_row_is_extended():
    user = new_user(with_key=True)
    recent = sql_value(
        "INSERT INTO track_e_course_access (c_id, user_id, login_course_date, logout_course_date,"
        " counter, session_id, user_ip) VALUES (2, %s, (now() AT TIME ZONE 'UTC') - interval '20 minutes',"
        " (now() AT TIME ZONE 'UTC') - interval '10 minutes', 3, 0, '127.0.0.1') RETURNING course_access_id",
        user.id)
    old = sql_value(
        "INSERT INTO track_e_course_access (c_id, user_id, login_course_date, logout_course_date,"
        " counter, session_id, user_ip) VALUES (1, %s, (now() AT TIME ZONE 'UTC') - interval '3 hours',"
        " (now() AT TIME ZONE 'UTC') - interval '2 hours', 3, 0, '127.0.0.1') RETURNING course_access_id",
        user.id)
    t0 = now_utc()
    assert_ok(as_user(user, 'user_profile', {'course': 2}))
    assert_ok(as_user(user, 'user_profile', {'course': 1}))
    assert_eq(sql('SELECT counter, logout_course_date >= %s::timestamp FROM track_e_course_access'
                  ' WHERE course_access_id = %s', t0, recent), [('4', 't')],
              'visit that ended 10 minutes ago')
    assert_eq(sql('SELECT counter, logout_course_date >= %s::timestamp FROM track_e_course_access'
                  ' WHERE course_access_id = %s', t0, old), [('3', 'f')],
              'visit that ended 2 hours ago')
    assert_eq(len(sql('SELECT 1 FROM track_e_course_access WHERE user_id = %s', user.id)), 2,
              'no row inserted')


def test_no_tracking_without_a_valid_key():
    user = new_user(with_key=True)
    assert_error(call('user_profile', user.username, random_key(), {'course': 1}), INVALID_KEY)
    assert_eq(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', user.id), [],
              'online rows')
    assert_eq(sql('SELECT 1 FROM track_e_access WHERE access_user_id = %s', user.id), [],
              'access rows')
    assert_eq(sql("SELECT v.value FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
                  " WHERE f.variable = 'already_logged_in' AND v.item_id = %s", user.id),
              [('false',)], 'already_logged_in')


def test_tracking_happens_even_when_the_gate_refuses():
    user = new_user(with_key=True)
    assert_error(as_user(user, 'get_users', {'status': '*'}), NOT_ALLOWED)
    assert_eq(len(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', user.id)), 1,
              'online row')


def test_event_rows_carry_course_and_session():
    user = new_user(with_key=True)
    join_session(user.id, 1)
    assert_ok(as_user(user, 'username_exist', {'loginname': 'x', 'course': 2, 'session': 1}))
    assert_eq(sql("SELECT c_id, session_id, default_user_id FROM track_e_default"
                  " WHERE default_user_id = %s AND default_event_type = 'access_ws_username_exist'",
                  user.id), [('2', '1', str(user.id))], 'event row')
