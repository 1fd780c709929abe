"""gcm_id: stores the caller's push registration id in the user extra field
gcm_registration_id and always answers {"status": true}.

Spec: 20-users-messages.md §2.1, §1.8.2 (extra-field writes); 10 §7.2 step 6
(event row). The field itself is created by authenticate (10 §5 step 2).
"""

from harness import (api, as_user, assert_eq, assert_error, assert_status_true, authenticate,
                     both_encodings, call, last_event_id, new_user, sql, sql_exec, sql_value,
                     uniq)


def setup_module():
    authenticate('admin', 'admin')  # makes sure the gcm_registration_id field exists


def events_since(event_id, event_type):
    return sql('SELECT default_value_type, default_value, default_user_id, c_id, session_id'
               ' FROM track_e_default WHERE default_id > %s AND default_event_type = %s'
               ' ORDER BY default_id', event_id, event_type)


def gcm_values(user_id):
    # Two columns: harness.sql() cannot tell one row holding '' from no row.
    rows = sql("SELECT v.value, v.id FROM extra_field_values v JOIN extra_field f"
               " ON f.id = v.field_id WHERE f.extra_field_type = 1"
               " AND f.variable = 'gcm_registration_id' AND v.item_id = %s", user_id)
    return [(r[0],) for r in rows]


@both_encodings
def test_stores_registration_id(enc):
    user = new_user(with_key=True)
    reg = uniq('reg-') + ':APA91b_x-y.z'
    since = last_event_id()
    assert_status_true(as_user(user, 'gcm_id', {'registration_id': reg}, encoding=enc))
    assert_eq(gcm_values(user.id), [(reg,)], 'stored gcm_registration_id')
    assert_eq(events_since(since, 'access_ws_gcm_id'), [('gcm_id', reg, str(user.id), '0', '0')],
              'event rows')


@both_encodings
def test_replaces_previous_value(enc):
    user = new_user(with_key=True)
    assert_status_true(as_user(user, 'gcm_id', {'registration_id': 'first'}, encoding=enc))
    assert_status_true(as_user(user, 'gcm_id', {'registration_id': 'second'}, encoding=enc))
    assert_eq(gcm_values(user.id), [('second',)], 'one value row, the last one')


@both_encodings
def test_missing_registration_id_stores_null(enc):
    user = new_user(with_key=True)
    assert_status_true(as_user(user, 'gcm_id', {'registration_id': 'before'}, encoding=enc))
    since = last_event_id()
    assert_status_true(as_user(user, 'gcm_id', encoding=enc))
    assert_eq(gcm_values(user.id), [(None,)], 'value after a call without registration_id')
    assert_eq(events_since(since, 'access_ws_gcm_id'), [('gcm_id', '', str(user.id), '0', '0')],
              'event rows')


@both_encodings
def test_empty_registration_id(enc):
    user = new_user(with_key=True)
    assert_status_true(as_user(user, 'gcm_id', {'registration_id': ''}, encoding=enc))
    assert_eq(gcm_values(user.id), [('',)], 'stored value')


@both_encodings
def test_registration_id_is_sanitized(enc):
    # remove_XSS: tags removed (script with its content), & escaped.
    user = new_user(with_key=True)
    assert_status_true(call('gcm_id', user.username, user.key(),
                            {'registration_id': '<script>alert(1)</script><b>tok</b>&x'},
                            encoding=enc))
    assert_eq(gcm_values(user.id), [('tok&amp;x',)], 'stored value')


@both_encodings
def test_registration_id_array(enc):
    # 20 §1.8.2: array values are joined with ';'. The answer is status true.
    user = new_user(with_key=True)
    assert_status_true(as_user(user, 'gcm_id', {'registration_id': ['a', 'b']}, encoding=enc))
    assert_eq(gcm_values(user.id), [('a;b',)], 'stored value of an array')


@both_encodings
def test_query_string_value_is_ignored(enc):
    # registration_id is a $_POST read.
    user = new_user(with_key=True)
    assert_status_true(as_user(user, 'gcm_id', {'registration_id': 'post-value'}, encoding=enc))
    assert_status_true(as_user(user, 'gcm_id', encoding=enc,
                               query={'registration_id': 'query-value'}))
    assert_eq(gcm_values(user.id), [(None,)], 'stored value')


def test_without_field_nothing_is_stored():
    user = new_user(with_key=True)
    try:
        sql_exec("DELETE FROM extra_field_values WHERE field_id IN (SELECT id FROM extra_field"
                 " WHERE extra_field_type = 1 AND variable = 'gcm_registration_id')")
        sql_exec("DELETE FROM extra_field WHERE extra_field_type = 1"
                 " AND variable = 'gcm_registration_id'")
        assert_status_true(as_user(user, 'gcm_id', {'registration_id': 'nowhere'}))
        assert_eq(sql("SELECT id FROM extra_field WHERE variable = 'gcm_registration_id'"), [],
                  'gcm_id does not create the field')
    finally:
        authenticate('admin', 'admin')  # creates the field again
    assert_eq(gcm_values(user.id), [], 'value rows')


@both_encodings
def test_needs_a_valid_key(enc):
    user = new_user(with_key=True)
    assert_error(api('gcm_id', {'username': user.username, 'registration_id': 'x'}, encoding=enc),
                 'Invalid API key')
    assert_error(call('gcm_id', user.username, 'a' * 32, {'registration_id': 'x'}, encoding=enc),
                 'Invalid API key')
    assert_eq(gcm_values(user.id), [], 'nothing stored')



def test_concurrent_first_values_are_one_upsert():
    """Calls racing to store the first value of a user: each is one upsert,
    so every call succeeds (never an HTTP 500) and one row is left, holding
    one of the values sent."""
    from harness import concurrently
    calls = 12
    for _ in range(3):
        user = new_user(with_key=True)
        user_id, login, key = user.id, user.username, user.key()
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
    user = new_user(with_key=True)
    user_id, login, key = user.id, user.username, user.key()
    assert_status_true(call('gcm_id', login, key, {'registration_id': 'first'}))
    seq = "SELECT last_value FROM pg_sequences WHERE sequencename = " \
          "split_part(pg_get_serial_sequence('extra_field_values', 'id'), '.', 2)"
    before = sql_value(seq)
    for value in ('second', 'third', 'fourth'):
        assert_status_true(call('gcm_id', login, key, {'registration_id': value}))
    assert_eq(gcm_values(user_id), [('fourth',)], 'the value')
    assert_eq(sql_value(seq), before, 'the identity of extra_field_values.id')
