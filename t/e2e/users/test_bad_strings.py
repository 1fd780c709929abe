"""Strings PostgreSQL cannot store never reach SQL.

Invalid UTF-8 and over-long values would be refused by PostgreSQL (an HTTP
500), and a NUL byte would cut a login name short and create the truncated
user. The declared parameters
(lib/api/params.h) and save_user's own field checks (user_create.c) refuse
them before any SQL with the answer PHP's validation gives, or read a value
that is only compared with stored data (P_LOOKUP) as absent.
"""

# Answers here do not depend on php_types.
TYPE_INDEPENDENT = True

from harness import (api, assert_error, assert_ok, authenticate, both_encodings, call,
                     new_user, sql, uniq)

NOT_REGISTERED = 'User not registered.'


def _admin_key():
    return authenticate('admin', 'admin')


def _save_user(enc, **fields):
    login = fields.pop('loginname', None) or uniq('bad')
    params = {'loginname': login, 'password': 'Secret-pass-123', 'firstname': 'Bad',
              'lastname': 'Strings', 'email': uniq('bad') + '@example.org', 'status': 5}
    params.update(fields)
    return login, call('save_user', 'admin', _admin_key(), params, encoding=enc)


def _users_named(login):
    return sql('SELECT id FROM "user" WHERE lower(username) = lower(%s)', login)


@both_encodings
def test_username_exist_invalid_utf8_is_false_with_any_key(enc):
    # The example: %C0%AE (an overlong '.') with a student's key.
    student = new_user()
    for username, key in (('admin', _admin_key()), (student.username, student.key())):
        resp = call('username_exist', username, key, {'loginname': b'\xc0\xae'}, encoding=enc)
        assert_eq_data(resp, [False])
        # A NUL is no stored name either.
        resp = call('username_exist', username, key, {'loginname': b'admin\x00x'}, encoding=enc)
        assert_eq_data(resp, [False])


def assert_eq_data(resp, expected):
    data = assert_ok(resp)
    assert data == expected, 'expected %r, got %r' % (expected, data)


def test_username_exist_invalid_utf8_in_the_query_string():
    resp = api('username_exist', {'username': 'admin', 'api_key': _admin_key()},
               query={'loginname': b'\xc0\xae'}, encoding='query')
    # loginname is read from $_POST only: absent here.
    assert_eq_data(resp, [False])


@both_encodings
def test_save_user_31_character_phone_is_not_registered(enc):
    login, resp = _save_user(enc, phone='1' * 31)
    assert_error(resp, NOT_REGISTERED)
    assert _users_named(login) == []
    # 30 characters fit (the column is varchar(30)), multi-byte ones too.
    login, resp = _save_user(enc, phone='\u00e9' * 30)
    assert_ok(resp)
    assert sql('SELECT phone FROM "user" WHERE username = %s', login) == [('\u00e9' * 30,)]


@both_encodings
def test_save_user_status_beyond_the_column_is_not_registered(enc):
    # Found by the stack fuzzer: HTTP 500 from the INSERT.
    for status in ('2147483648', '9223372036854775808', '-2147483649'):
        login, resp = _save_user(enc, status=status)
        assert_error(resp, NOT_REGISTERED)
        assert _users_named(login) == []
        resp = call('save_user_get_apikey', 'admin', _admin_key(),
                    {'loginname': login, 'password': 'Secret-pass-123', 'firstname': 'S',
                     'lastname': 'T', 'email': uniq('st') + '@example.org', 'status': status},
                    encoding=enc)
        assert_error(resp, NOT_REGISTERED)
        assert _users_named(login) == []


@both_encodings
def test_save_user_51_character_auth_source_is_not_registered(enc):
    login, resp = _save_user(enc, auth_source='a' * 51)
    assert_error(resp, NOT_REGISTERED)
    assert _users_named(login) == []


@both_encodings
def test_save_user_invalid_utf8_is_not_registered(enc):
    for field in ('firstname', 'lastname', 'phone', 'auth_source', 'language'):
        login, resp = _save_user(enc, **{field: b'Bad\xc0\xae'})
        assert_error(resp, NOT_REGISTERED)
        assert _users_named(login) == [], field
    login, resp = _save_user(enc, extra=[{'field_name': 'bad_strings', 'field_value': b'\xff'}])
    assert_error(resp, NOT_REGISTERED)
    assert _users_named(login) == []


@both_encodings
def test_save_user_nul_in_loginname_creates_nobody(enc):
    prefix = uniq('nulltrunc')
    login, resp = _save_user(enc, loginname=(prefix + '\x00junk').encode())
    assert resp.json and resp.json.get('error') is True, resp
    assert resp.status == 200, resp
    assert _users_named(prefix) == [], 'the truncated name was created'
    assert sql('SELECT id FROM "user" WHERE username LIKE %s', prefix + '%%') == []
    # A NUL elsewhere is refused too.
    for field in ('firstname', 'password', 'email'):
        login, resp = _save_user(enc, **{field: b'x\x00y'})
        assert resp.json and resp.json.get('error') is True, (field, resp)
        assert _users_named(login) == [], field


@both_encodings
def test_save_user_json_refuses_what_the_columns_cannot_hold(enc):
    import json
    key = _admin_key()

    def document(**fields):
        doc = {'loginname': uniq('bj'), 'password': 'Secret-pass-123', 'firstname': 'J',
               'lastname': 'B', 'email': uniq('bj') + '@example.org', 'status': 5}
        doc.update(fields)
        return doc

    for fields in ({'phone': '1' * 31}, {'auth_source': 'a' * 51},
                   {'loginname': uniq('nulltrunc') + '\u0000junk'}):
        doc = document(**fields)
        resp = call('save_user_json', 'admin', key, {'json': json.dumps(doc)}, encoding=enc)
        assert_error(resp, NOT_REGISTERED)
        assert _users_named(doc['loginname'].split('\x00')[0]) == []
    # A JSON text that is not valid UTF-8 (or escapes a lone surrogate) is
    # no JSON for PHP's json_decode: no data.
    doc = document()
    raw = json.dumps(doc).encode().replace(b'"J"', b'"\xc0\xae"')
    resp = call('save_user_json', 'admin', key, {'json': raw}, encoding=enc)
    assert_error(resp, 'No data available')
    resp = call('save_user_json', 'admin', key,
                {'json': json.dumps(doc).replace('"J"', '"\\ud800"')}, encoding=enc)
    assert_error(resp, 'No data available')
    assert _users_named(doc['loginname']) == []


@both_encodings
def test_nul_in_the_global_username_matches_nobody(enc):
    """A NUL byte in the global `username` (student1%00) never reaches SQL
    cut short: the value matches no login, so authenticate refuses it and
    a key is checked against nobody (PHP's MySQL compares the whole value)."""
    student = new_user()
    key = student.key()
    assert_error(api('authenticate', {'username': (student.username + '\x00').encode(),
                                      'password': student.password}, encoding=enc),
                 'Invalid user detected.')
    assert_error(call('user_profile', (student.username + '\x00x').encode(), key, encoding=enc),
                 'Invalid API key')
    assert_ok(call('user_profile', student.username, key, encoding=enc))
