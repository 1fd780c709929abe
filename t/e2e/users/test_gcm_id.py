"""gcm_id: stores the caller's push registration id in the user extra field
gcm_registration_id and always answers {"status": true}.

Spec: 20-users-messages.md §2.1, §1.8.2 (extra-field writes); 10 §7.2 step 6
(event row). The field itself is created by authenticate (10 §5 step 2).
"""


from harness import uniq, last_event_id
from harness import (api, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, sql, sql_exec, sql_value)


def events_since(event_id, event_type):
    return sql('SELECT default_value_type, default_value, default_user_id, c_id, session_id'
               ' FROM track_e_default WHERE default_id > %s AND default_event_type = %s'
               ' ORDER BY default_id', event_id, event_type)


def create_user():
    """A new student with a key: (id, username, key)."""
    admin_key = authenticate('admin', 'admin')  # also makes sure the gcm field exists
    login = uniq('e2egcm')
    data = assert_ok(call('save_user_get_apikey', 'admin', admin_key, {
        'loginname': login, 'password': login, 'email': login + '@example.org',
        'firstname': 'Gcm', 'lastname': 'Tester', 'status': 5}))
    return data['id'], login, data['api_key']


def gcm_values(user_id):
    # Two columns: harness.sql() cannot tell one row holding '' from no row.
    rows = sql("SELECT v.value, v.id FROM extra_field_values v JOIN extra_field f"
               " ON f.id = v.field_id WHERE f.extra_field_type = 1"
               " AND f.variable = 'gcm_registration_id' AND v.item_id = %s", user_id)
    return [(r[0],) for r in rows]


def assert_status_true(resp):
    data = assert_ok(resp)
    assert_eq(data, {'status': True}, 'data')
    assert_eq(resp.body.strip(), b'{"error":false,"data":{"status":true}}', 'raw body')


@both_encodings
def test_stores_registration_id(enc):
    user_id, login, key = create_user()
    reg = uniq('reg-') + ':APA91b_x-y.z'
    since = last_event_id()
    assert_status_true(call('gcm_id', login, key, {'registration_id': reg}, encoding=enc))
    assert_eq(gcm_values(user_id), [(reg,)], 'stored gcm_registration_id')
    assert_eq(events_since(since, 'access_ws_gcm_id'), [('gcm_id', reg, str(user_id), '0', '0')],
              'event rows')


@both_encodings
def test_replaces_previous_value(enc):
    user_id, login, key = create_user()
    assert_status_true(call('gcm_id', login, key, {'registration_id': 'first'}, encoding=enc))
    assert_status_true(call('gcm_id', login, key, {'registration_id': 'second'}, encoding=enc))
    assert_eq(gcm_values(user_id), [('second',)], 'one value row, the last one')


@both_encodings
def test_missing_registration_id_stores_null(enc):
    user_id, login, key = create_user()
    assert_status_true(call('gcm_id', login, key, {'registration_id': 'before'}, encoding=enc))
    since = last_event_id()
    assert_status_true(call('gcm_id', login, key, encoding=enc))
    assert_eq(gcm_values(user_id), [(None,)], 'value after a call without registration_id')
    assert_eq(events_since(since, 'access_ws_gcm_id'), [('gcm_id', '', str(user_id), '0', '0')],
              'event rows')


@both_encodings
def test_empty_registration_id(enc):
    user_id, login, key = create_user()
    assert_status_true(call('gcm_id', login, key, {'registration_id': ''}, encoding=enc))
    assert_eq(gcm_values(user_id), [('',)], 'stored value')


@both_encodings
def test_registration_id_is_sanitized(enc):
    # remove_XSS: tags removed (script with its content), & escaped.
    user_id, login, key = create_user()
    assert_status_true(call('gcm_id', login, key,
                            {'registration_id': '<script>alert(1)</script><b>tok</b>&x'},
                            encoding=enc))
    assert_eq(gcm_values(user_id), [('tok&amp;x',)], 'stored value')


@both_encodings
def test_registration_id_array(enc):
    # 20 §1.8.2: array values are joined with ';'. The answer is status true.
    user_id, login, key = create_user()
    assert_status_true(call('gcm_id', login, key, {'registration_id': ['a', 'b']}, encoding=enc))
    assert_eq(gcm_values(user_id), [('a;b',)], 'stored value of an array')


@both_encodings
def test_query_string_value_is_ignored(enc):
    # registration_id is a $_POST read.
    user_id, login, key = create_user()
    assert_status_true(call('gcm_id', login, key, {'registration_id': 'post-value'}, encoding=enc))
    assert_status_true(call('gcm_id', login, key, encoding=enc,
                            query={'registration_id': 'query-value'}))
    assert_eq(gcm_values(user_id), [(None,)], 'stored value')


def test_without_field_nothing_is_stored():
    user_id, login, key = create_user()
    try:
        sql_exec("DELETE FROM extra_field_values WHERE field_id IN (SELECT id FROM extra_field"
                 " WHERE extra_field_type = 1 AND variable = 'gcm_registration_id')")
        sql_exec("DELETE FROM extra_field WHERE extra_field_type = 1"
                 " AND variable = 'gcm_registration_id'")
        assert_status_true(call('gcm_id', login, key, {'registration_id': 'nowhere'}))
        assert_eq(sql("SELECT id FROM extra_field WHERE variable = 'gcm_registration_id'"), [],
                  'gcm_id does not create the field')
    finally:
        authenticate('admin', 'admin')  # creates the field again
    assert_eq(gcm_values(user_id), [], 'value rows')


@both_encodings
def test_needs_a_valid_key(enc):
    user_id, login, key = create_user()
    assert_error(api('gcm_id', {'username': login, 'registration_id': 'x'}, encoding=enc),
                 'Invalid API key')
    assert_error(call('gcm_id', login, 'a' * 32, {'registration_id': 'x'}, encoding=enc),
                 'Invalid API key')
    assert_eq(gcm_values(user_id), [], 'nothing stored')


def test_concurrent_first_values_are_one_upsert():
    """Calls racing to store the first value of a user: each is one upsert,
    so every call succeeds (never an HTTP 500) and one row is left, holding
    one of the values sent."""
    from harness import concurrently
    calls = 12
    for _ in range(3):
        user_id, login, key = create_user()
        answers = concurrently(calls, lambda i: call('gcm_id', login, key,
                                                     {'registration_id': 'reg-%d' % i}))
        for a in answers:
            assert_status_true(a)
        values = gcm_values(user_id)
        assert len(values) == 1 and values[0][0] in {'reg-%d' % i for i in range(calls)}, values


def test_replacing_a_value_draws_no_id():
    """A value that exists is updated without drawing from the identity of
    extra_field_values.id (an upsert would draw one each time, and the
    integer ids would run out on updates alone)."""
    user_id, login, key = create_user()
    assert_status_true(call('gcm_id', login, key, {'registration_id': 'first'}))
    seq = "SELECT last_value FROM pg_sequences WHERE sequencename = " \
          "split_part(pg_get_serial_sequence('extra_field_values', 'id'), '.', 2)"
    before = sql_value(seq)
    for value in ('second', 'third', 'fourth'):
        assert_status_true(call('gcm_id', login, key, {'registration_id': value}))
    assert_eq(gcm_values(user_id), [('fourth',)], 'the value')
    assert_eq(sql_value(seq), before, 'the identity of extra_field_values.id')
