"""logout: ends the caller's platform visit; the API key stays valid.

Spec: 20-users-messages.md §2.2; 10-request-flow.md §7.2 (the visit the call
itself records first), 50-schema.md §6 (course logout).
"""


from harness import (api, as_user, assert_eq, assert_error, assert_ok, assert_status_true,
                     both_encodings, call, events_since, join_session, last_event_id, new_user,
                     now_utc, sql, sql_exec)


@both_encodings
def test_logout_ends_the_visit(enc):
    user = new_user(with_key=True)
    # A visit that started an hour ago and is still open (within session_lifetime).
    sql_exec("INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)"
             " VALUES (%s, (now() AT TIME ZONE 'UTC') - interval '1 hour', '127.0.0.1',"
             " (now() AT TIME ZONE 'UTC') - interval '1 hour')", user.id)
    assert_ok(as_user(user, 'user_profile', encoding=enc))
    assert_eq(len(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', user.id)), 1,
              'online rows before logout')
    t0 = now_utc()
    since = last_event_id()
    assert_status_true(as_user(user, 'logout', encoding=enc))
    assert_eq(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', user.id), [],
              'online rows after logout')
    rows = sql('SELECT logout_date >= %s::timestamp FROM track_e_login WHERE login_user_id = %s'
               ' ORDER BY login_date DESC', t0, user.id)
    assert_eq(rows, [('t',)], 'the visit row, closed now (no new row: the visit was recent)')
    events = events_since(since)
    assert_eq(events, [('access_ws_logout', 'username', user.username, str(user.id), '0', '0')],
              'event rows')


@both_encodings
def test_key_stays_valid(enc):
    user = new_user(with_key=True)
    assert_status_true(as_user(user, 'logout', encoding=enc))
    data = assert_ok(as_user(user, 'user_profile', encoding=enc))
    assert_eq(data['id'], user.id, 'profile after logout')
    assert_eq(sql("SELECT api_key FROM user_api_key WHERE user_id = %s AND api_service = 'MsgREST'",
                  user.id), [(user.key(),)], 'key rows')
    # ... and the next call is online again.
    assert_eq(len(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', user.id)), 1,
              'online rows after the next call')


def test_user_without_login_row():
    # No track_e_login row: nothing to close, still a success.
    user = new_user(with_key=True)
    assert_status_true(as_user(user, 'logout'))
    assert_eq(sql('SELECT 1 FROM track_e_login WHERE login_user_id = %s', user.id), [],
              'track_e_login rows')


def test_logout_with_course_closes_the_course_visit():
    user = new_user(with_key=True)
    assert_status_true(as_user(user, 'logout', {'course': 1}))
    rows = sql('SELECT c_id, session_id, counter, login_course_date = logout_course_date'
               ' FROM track_e_course_access WHERE user_id = %s', user.id)
    assert_eq(rows, [('1', '0', '1', 't')], 'a one-shot course visit row')
    # A second logout within the hour extends and counts the same row.
    assert_status_true(as_user(user, 'logout', {'course': 1}))
    rows = sql('SELECT c_id, session_id, counter FROM track_e_course_access WHERE user_id = %s',
               user.id)
    assert_eq(rows, [('1', '0', '2')], 'the same row, counted twice')
    # The event row carries the course.
    assert_eq(sql("SELECT c_id FROM track_e_default WHERE default_user_id = %s"
                  " AND default_event_type = 'access_ws_logout'", user.id), [('1',), ('1',)],
              'event c_id')


def test_logout_with_course_and_session():
    user = new_user(with_key=True)
    join_session(user.id, 1)
    assert_status_true(as_user(user, 'logout', {'course': 2, 'session': 1}))
    rows = sql('SELECT c_id, session_id, counter FROM track_e_course_access WHERE user_id = %s',
               user.id)
    assert_eq(rows, [('2', '1', '1')], 'course visit row')


@both_encodings
def test_needs_a_valid_key(enc):
    user = new_user(with_key=True)
    assert_ok(as_user(user, 'user_profile'))
    assert_error(api('logout', {'username': user.username}, encoding=enc), 'Invalid API key')
    assert_error(call('logout', user.username, user.key().upper(), encoding=enc), 'Invalid API key')
    assert_eq(len(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', user.id)), 1,
              'online row kept after refused logouts')


def test_unknown_course_is_refused_before_logout():
    user = new_user(with_key=True)
    assert_ok(as_user(user, 'user_profile'))
    assert_error(as_user(user, 'logout', {'course': 999999}), 'This course could not be found')
    assert_eq(sql("SELECT 1 FROM track_e_default WHERE default_user_id = %s"
                  " AND default_event_type = 'access_ws_logout'", user.id), [], 'logout events')



def test_deferred_visits_never_bring_a_logged_out_user_back_online():
    """With the bookkeeping written behind the answers (bookkeeping_flush_ms,
    two workers), the visits of the calls before logout and of logout itself
    are written after logout's own delete: they must leave the user offline,
    as PHP's order (visit, then logout) does. A call in a later second puts
    the user online again."""
    import json
    import time
    from harness import Pool, fcgi_form
    users = [(u.id, u.username, u.key()) for u in (new_user(with_key=True) for _ in range(8))]
    with Pool({'workers': '2', 'bookkeeping_flush_ms': '100'}) as pool:
        def ask(action, login, key):
            env, body = fcgi_form({'action': action, 'username': login, 'api_key': key})
            status, _, answer = pool.request(env, body)
            assert status == 200 and json.loads(answer)['error'] is False, (status, answer)
        for _, login, key in users:
            ask('user_profile', login, key)
            ask('logout', login, key)
        time.sleep(0.6)  # several flush intervals: every queued row is written
        ids = [u[0] for u in users]
        online = sql('SELECT login_user_id FROM track_e_online WHERE login_user_id IN (%s)'
                     % ','.join(['%s'] * len(ids)), *ids)
        assert_eq(online, [], 'online rows after logout')
        user_id, login, key = users[0]
        time.sleep(1.1)
        ask('user_profile', login, key)
        time.sleep(0.6)
        assert_eq(len(sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s', user_id)), 1,
                  'online again after a later call')
