"""What the tests of get_user_last_connexion and get_user_total_connexion_time
share: a user with login rows of its own, and the batching pool."""

import json
import time

from harness import Pool, fcgi_form, new_user, sql_exec


def user_with_logins(*rows):
    """A new user whose track_e_login rows are exactly rows: (login_date,
    logout_date or None) as 'YYYY-MM-DD HH:MM:SS' text or SQL expressions
    prefixed with '='."""
    user = new_user()
    user.key()  # authenticate first: its own login row is replaced below
    sql_exec('DELETE FROM track_e_login WHERE login_user_id = %s', user.id)
    for login, logout in rows:
        sql_exec('INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)'
                 ' VALUES (%s, %s::timestamp, \'127.0.0.1\', %s::timestamp)',
                 user.id, login, logout)
    return user


def pool_call(pool, action, user, params=None):
    """The answer of one call through a pool (FastCGI), as JSON."""
    form = {'action': action, 'username': user.username, 'api_key': user.key()}
    form.update(params or {})
    env, body = fcgi_form(form)
    status, _, answer = pool.request(env, body)
    assert status == 200, (status, answer)
    return json.loads(answer)


def batching_pool():
    """A pool with the default bookkeeping: rows written behind the answers,
    at most 100 ms after them."""
    return Pool({'bookkeeping_flush_ms': '100', 'bookkeeping_batch': '100'})


def wait_for(check, seconds, what):
    """Polls check() until it is true; fails after `seconds`. Returns the
    time it took."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, '%s: not within %s s' % (what, seconds)
        time.sleep(0.02)
    return time.monotonic() - started


def new_caller():
    """A new user, authenticated, and the newest event id after that: the
    events of its next calls are events_since(that id)."""
    from harness import last_event_id
    caller = new_user()
    caller.key()
    return caller, last_event_id()
