"""The bookkeeping rows written behind the answers (lib/api/bookkeeping.h):
what every authenticated call records (who is online, last login, the
access_ws_<action> events) is queued in its worker and written in batches,
after the answers, with the same rows as when each call writes its own
(bookkeeping_flush_ms = 0, which the rest of the suite uses).

Each test runs a pool of its own with one worker, talking FastCGI to it.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import json
import time

from harness import Pool, fcgi_form, new_user, sql, sql_exec


def _profile(pool, user):
    env, body = fcgi_form({'action': 'user_profile', 'username': user.username,
                           'api_key': user.key()})
    status, _, answer = pool.request(env, body)
    assert status == 200 and json.loads(answer)['error'] is False, (status, answer)


def _events(user):
    return sql("SELECT default_event_type, default_value FROM track_e_default"
               " WHERE default_user_id = %s AND default_event_type = 'access_ws_user_profile'"
               " ORDER BY default_id", user.id)


def _online(user):
    return sql('SELECT login_user_id FROM track_e_online WHERE login_user_id = %s', user.id)


def _wait_for(check, seconds):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, 'the rows were not written within %s s' % seconds
        time.sleep(0.1)


def _fresh_user():
    user = new_user()
    user.key()  # authenticate now: its own rows are not part of the test
    sql_exec('DELETE FROM track_e_online WHERE login_user_id = %s', user.id)
    return user


def test_rows_wait_for_the_interval_then_are_written_in_order():
    a, b = _fresh_user(), _fresh_user()
    with Pool({'bookkeeping_flush_ms': '3000', 'bookkeeping_batch': '1000'}) as pool:
        for user in (a, b, a):
            _profile(pool, user)
        # The answers are out; the rows are not written yet (3 s).
        assert _events(a) == [] and _online(b) == [], 'written before the interval'
        # The idle worker writes them when the interval runs out.
        _wait_for(lambda: len(_events(a)) == 2, 10)
    assert _events(a) == [('access_ws_user_profile', a.username)] * 2
    assert _events(b) == [('access_ws_user_profile', b.username)]
    assert _online(a) == [(str(a.id),)] and _online(b) == [(str(b.id),)]
    # One batch: the three event rows are consecutive, in call order.
    rows = sql("SELECT default_user_id FROM track_e_default WHERE default_user_id IN (%s, %s)"
               " AND default_event_type = 'access_ws_user_profile' ORDER BY default_id",
               a.id, b.id)
    assert rows == [(str(a.id),), (str(b.id),), (str(a.id),)], rows


def test_a_full_batch_is_written_after_the_answer_that_fills_it():
    user = _fresh_user()
    with Pool({'bookkeeping_flush_ms': '60000', 'bookkeeping_batch': '3'}) as pool:
        _profile(pool, user)
        _profile(pool, user)
        assert _events(user) == [], 'written before the batch was full'
        _profile(pool, user)
        _wait_for(lambda: len(_events(user)) == 3, 5)


def test_a_graceful_stop_writes_what_is_queued():
    user = _fresh_user()
    with Pool({'bookkeeping_flush_ms': '60000', 'bookkeeping_batch': '1000'}) as pool:
        _profile(pool, user)
        _profile(pool, user)
        assert _events(user) == []
    # The pool has stopped (SIGTERM): its worker wrote the queue on the way out.
    assert len(_events(user)) == 2
    assert _online(user) == [(str(user.id),)]


def test_the_batch_matches_what_each_call_writes():
    """The same calls through a batching pool and a writing-with-each-call
    pool leave the same per-user rows (login row, last_login, online)."""
    batched, direct = _fresh_user(), _fresh_user()
    for user in (batched, direct):
        sql_exec('DELETE FROM track_e_login WHERE login_user_id = %s', user.id)
        sql_exec("INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)"
                 " VALUES (%s, '2020-01-01 00:00:00', '127.0.0.1', '2020-01-01 00:00:00')", user.id)
    for user, overrides in ((batched, {'bookkeeping_flush_ms': '60000'}),
                            (direct, {'bookkeeping_flush_ms': '0'})):
        with Pool(overrides) as pool:
            for _ in range(3):
                _profile(pool, user)

    def shape(user):
        logins = sql("SELECT count(*), bool_and(logout_date >= login_date) FROM track_e_login"
                     " WHERE login_user_id = %s", user.id)
        last = sql('SELECT last_login IS NOT NULL FROM "user" WHERE id = %s', user.id)
        online = sql('SELECT user_ip, c_id, session_id, access_url_id FROM track_e_online'
                     ' WHERE login_user_id = %s', user.id)
        extra = sql("SELECT v.value FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
                    " WHERE f.variable = 'already_logged_in' AND v.item_id = %s", user.id)
        return logins, last, online, extra, len(_events(user))

    assert shape(batched) == shape(direct), (shape(batched), shape(direct))
    # The old login (2020) was expired: each pool opened a new login row.
    assert shape(direct)[0] == [('2', 't')], shape(direct)
