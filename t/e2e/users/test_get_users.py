"""get_users: users by status, for platform administrators.

Spec: 20-users-messages.md §5.1 (POST status, id_campus, extra_fields; all
values strings; ORDER BY firstname); 10-request-flow.md §6 (admin gate),
§9.1 (non-ASCII escaped). Deviations (docs/compat.md): order is
lower(firstname) then id; extra_fields are SQL parameters.
"""

from harness import (Pool, api, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, fcgi_form, last_event_id, ordered, php_int, sql, uniq)

NOT_ALLOWED = ('You are not allowed to see this page. Either your connection has expired or you '
               'are trying to access a page for which you do not have the sufficient privileges.')
KEYS = ['id', 'firstname', 'lastname', 'email', 'username', 'active']


def by_id(data):
    return {str(u['id']): u for u in data}


def db_ids(where, *args):
    """The ids as the configured PHP answers them (php_int), in id order."""
    return [php_int(r[0]) for r in sql('SELECT id FROM "user" WHERE ' + where + ' ORDER BY id', *args)]


def check_order(data):
    # ORDER BY firstname; docs/compat.md: lower(firstname), NULLs first, then
    # id, in the database's collation (asked from the database itself).
    ids = [str(u['id']) for u in data]
    expected = [r[0] for r in sql(
        'SELECT u.id::text FROM "user" u WHERE u.id = ANY(%s::int[])'
        ' ORDER BY lower(u.firstname) NULLS FIRST, u.id', '{%s}' % ','.join(ids))]
    assert_eq(ids, expected, 'order of the list')


@both_encodings
def test_students(enc):
    key = authenticate('admin', 'admin')
    resp = call('get_users', 'admin', key, {'status': 5}, encoding=enc)
    data = assert_ok(resp)
    assert isinstance(data, list), data
    assert_eq(sorted((u['id'] for u in data), key=int), db_ids('status = 5'), 'ids of status 5')
    for item in ordered(resp)[1][1]:
        assert_eq([k for k, _ in item], KEYS, 'keys in order')
        # Raw SQL columns: the integer columns id and active are numbers
        # under PHP 8 and strings under 7.4; the others are strings
        # (firstname/lastname may be NULL -> null).
        for k, v in item:
            if k in ('id', 'active'):
                assert_eq(v, php_int(v), 'type of %s' % k)
            else:
                assert isinstance(v, str) or (v is None and k in ('firstname', 'lastname')), \
                    'values must be strings: %r' % (item,)
    users = by_id(data)
    assert_eq(users['4'], {'id': php_int(4), 'firstname': 'Ada', 'lastname': 'Lovelace',
                           'email': 'student1@example.org', 'username': 'student1',
                           'active': php_int(1)}, 'student1')
    assert_eq(users['7']['active'], php_int(0), 'disabled user active')
    assert_eq(users['8']['username'], 'expired', 'expired user listed')
    check_order(data)


@both_encodings
def test_all_users(enc):
    key = authenticate('admin', 'admin')
    data = assert_ok(call('get_users', 'admin', key, {'status': '*'}, encoding=enc))
    assert_eq(sorted((u['id'] for u in data), key=int), db_ids('true'), 'all ids')
    assert_eq(by_id(data)['1']['username'], 'admin', 'admin listed')
    assert_eq(by_id(data)['2']['email'], 'anonymous@localhost', 'anon listed')
    check_order(data)


def test_teachers():
    key = authenticate('admin', 'admin')
    data = assert_ok(call('get_users', 'admin', key, {'status': '1'}))
    ids = [u['id'] for u in data]
    assert_eq(sorted(ids, key=int), db_ids('status = 1'), 'ids of status 1')
    assert php_int(1) in ids and php_int(3) in ids, ids
    check_order(data)


@both_encodings
def test_status_missing_or_not_a_number(enc):
    key = authenticate('admin', 'admin')
    for params in ({}, {'status': ''}, {'status': 'abc'},
                   {'status': ['5']}, {'status': 999}):
        resp = call('get_users', 'admin', key, params, encoding=enc)
        assert_eq(assert_ok(resp), [], 'data for %r' % (params,))
        assert_eq(resp.body.strip(), b'{"error":false,"data":[]}', 'raw body for %r' % (params,))


@both_encodings
def test_extra_fields(enc):
    key = authenticate('admin', 'admin')
    resp = call('get_users', 'admin', key,
                {'status': 5, 'extra_fields': ' nickname , interests,no_such_field_e2e'},
                encoding=enc)
    data = assert_ok(resp)
    users = by_id(data)
    assert_eq(users['4'], {'id': php_int(4), 'firstname': 'Ada', 'lastname': 'Lovelace',
                           'email': 'student1@example.org', 'username': 'student1', 'active': php_int(1),
                           'nickname': 'ada', 'interests': ['music', 'sports']}, 'student1')
    item = [i for i in ordered(resp)[1][1] if str(dict(i)['id']) == '4'][0]
    assert_eq([k for k, _ in item], KEYS + ['nickname', 'interests'], 'keys in order')
    assert_eq(users['5']['nickname'], 'alan', 'student2 nickname')
    # No value: "" (also for the select-multiple field).
    assert_eq(users['6']['nickname'], '', 'student3 nickname')
    assert_eq(users['6']['interests'], '', 'student3 interests')
    for u in data:
        assert 'no_such_field_e2e' not in u, u


def test_extra_field_name_is_not_sql():
    key = authenticate('admin', 'admin')
    data = assert_ok(call('get_users', 'admin', key,
                          {'status': 5, 'extra_fields': "nickname') OR 1=1 --,nickname"}))
    assert_eq(by_id(data)['4'].get('nickname'), 'ada', 'nickname')


@both_encodings
def test_id_campus(enc):
    # Single campus: id_campus changes nothing.
    key = authenticate('admin', 'admin')
    data = assert_ok(call('get_users', 'admin', key, {'status': 5, 'id_campus': 1}, encoding=enc))
    assert_eq(sorted((u['id'] for u in data), key=int), db_ids('status = 5'), 'ids')


@both_encodings
def test_status_in_query_string_is_ignored(enc):
    key = authenticate('admin', 'admin')
    resp = call('get_users', 'admin', key, encoding=enc, query={'status': '*'})
    assert_eq(assert_ok(resp), [], 'data')


def test_non_ascii_is_escaped():
    key = authenticate('admin', 'admin')
    login = uniq('e2egu')
    new_id = assert_ok(call('save_user', 'admin', key, {
        'loginname': login, 'password': login, 'email': login + '@example.org', 'status': 17,
        'firstname': 'Małgorzata', 'lastname': 'Summer/Winter'}))[0]
    resp = call('get_users', 'admin', key, {'status': 17})
    data = assert_ok(resp)
    assert_eq(by_id(data)[str(new_id)]['firstname'], 'Małgorzata', 'firstname')
    assert b'"firstname":"Ma\\u0142gorzata"' in resp.body, resp.body
    assert b'"lastname":"Summer\\/Winter"' in resp.body, resp.body
    assert all(b < 0x80 for b in resp.body), 'raw non-ASCII byte in the body'


@both_encodings
def test_not_allowed_for_non_admins(enc):
    for login in ('student1', 'teacher'):
        key = authenticate(login, login)
        since = last_event_id()
        assert_error(call('get_users', login, key, {'status': '*'}, encoding=enc), NOT_ALLOWED)
        # docs/compat.md: the gate runs before the handler, no event row.
        assert_eq(sql("SELECT 1 FROM track_e_default WHERE default_id > %s"
                      " AND default_event_type = 'access_ws_get_users'", since), [],
                  'event rows of a refused call')


def test_event_row():
    key = authenticate('admin', 'admin')
    since = last_event_id()
    assert_ok(call('get_users', 'admin', key, {'status': 5}))
    rows = events_since(since)
    assert_eq(rows, [('access_ws_get_users', 'username', 'admin', '1', '0', '0')], 'event rows')


@both_encodings
def test_needs_a_valid_key(enc):
    assert_error(api('get_users', {'username': 'admin', 'status': '*'}, encoding=enc),
                 'Invalid API key')


def test_streamed_list_is_the_whole_answer_byte_for_byte():
    # Without extra_fields the list is written row by row as PostgreSQL
    # sends it (reply.h, call_ok_stream); with an extra field that does not
    # exist it is built whole and adds nothing to a user: the same bytes,
    # in the configured php_types and the stack's print mode.
    key = authenticate('admin', 'admin')
    for status in (5, 1, '*', 99):
        streamed = call('get_users', 'admin', key, {'status': status})
        whole = call('get_users', 'admin', key, {'status': status, 'extra_fields': 'no_such_field'})
        assert_eq(streamed.status, 200, 'status of status=%s' % status)
        assert streamed.body == whole.body, (
            'status=%s: streamed %r != whole %r' % (status, streamed.body[:300], whole.body[:300]))
        assert_eq(streamed.headers.get('Content-Type'), whole.headers.get('Content-Type'),
                  'content type')
        assert_ok(streamed)
    assert_eq(assert_ok(call('get_users', 'admin', key, {'status': 99})), [], 'nobody')
    # The stream's head carries no length: nginx sends it chunked.
    streamed = call('get_users', 'admin', key, {'status': 5})
    assert streamed.headers.get('Content-Length') is None, streamed.headers
    assert_eq(streamed.headers.get('Transfer-Encoding'), 'chunked', 'transfer encoding')


def test_streamed_list_refusals_are_envelopes():
    # Every check comes before the first byte: a student is refused with
    # the ordinary envelope.
    key = authenticate('student1', 'student1')
    assert_error(call('get_users', 'student1', key, {'status': 5}), NOT_ALLOWED)


def test_streamed_list_pretty_printed():
    # server_type = test: PHP's JSON_PRETTY_PRINT, row by row as whole.
    key = authenticate('admin', 'admin')
    with Pool({'server_type': 'test'}) as pool:
        for status in (5, 99):
            params = {'action': 'get_users', 'username': 'admin', 'api_key': key,
                      'status': status}
            got, headers, streamed = pool.request(*fcgi_form(params))
            assert_eq(got, 200, 'status')
            assert 'content-length' not in headers, headers
            _, headers, whole = pool.request(*fcgi_form(dict(params, extra_fields='no_such')))
            assert_eq(headers.get('content-length'), str(len(whole)), 'whole answer length')
            assert streamed == whole, 'status=%s: %r != %r' % (status, streamed[:300], whole[:300])
            assert streamed.startswith(b'{\n    "error": false,\n    "data": ['), streamed[:100]
