"""Rows locked by another session (an operator's psql, a long transaction):
the bookkeeping written behind the answers never holds a worker for longer
than its short lock wait, and a batch it could not write is written later,
not dropped (lib/api/bookkeeping.h); an action that times out waiting for a
lock answers 503 with a message to retry.

Each test runs a pool of its own with one worker and short timeouts,
talking FastCGI to it, while a psql session holds the lock.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import json
import os
import pwd
import subprocess
import time

import harness
from harness import Pool, fcgi_form, msg, new_user, sql, sql_exec


class HeldLock:
    """A psql session that runs `query` in a transaction and keeps it open
    (with the row locks it took) until the block ends."""

    def __init__(self, query):
        self.query = query

    def __enter__(self):
        env = harness._env()
        cmd = ['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', env['PGHOST'],
               '-p', env['PGPORT'], '-U', env['PGUSER'], '-d', env['PGDATABASE']]
        kwargs = {}
        user = env.get('STACK_USER')
        if os.geteuid() == 0 and user and user != 'root':
            kwargs.update(user=user, group=pwd.getpwnam(user).pw_gid, extra_groups=[],
                          cwd=harness.STACK_DIR)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, **kwargs)
        self.proc.stdin.write('BEGIN;\n%s;\n\\echo locked\n' % self.query)
        self.proc.stdin.flush()
        deadline = time.monotonic() + 10
        while self.proc.stdout.readline().strip() != 'locked':
            assert time.monotonic() < deadline and self.proc.poll() is None, 'no lock taken'
        return self

    def __exit__(self, *exc):
        self.proc.communicate('ROLLBACK;\n', timeout=10)
        return False


def _ask(pool, action, user, **params):
    """One call as user: (HTTP status, envelope, seconds)."""
    env, body = fcgi_form(dict({'action': action, 'username': user.username,
                                'api_key': user.key()}, **params))
    started = time.monotonic()
    status, _, answer = pool.request(env, body)
    return status, json.loads(answer), time.monotonic() - started


def _profile(pool, user):
    status, answer, elapsed = _ask(pool, 'user_profile', user)
    assert status == 200 and answer['error'] is False, (status, answer)
    return elapsed


def _wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, '%s: not within %s s' % (what, seconds)
        time.sleep(0.05)


def _online_since(user, since):
    return sql('SELECT 1 FROM track_e_online WHERE login_user_id = %s AND login_date >= %s',
               user.id, since) != []


def _last_login_since(user, since):
    return sql('SELECT 1 FROM "user" WHERE id = %s AND last_login >= %s', user.id, since) != []


def _now():
    return sql("SELECT to_char(date_trunc('second', now() AT TIME ZONE 'UTC'),"
               " 'YYYY-MM-DD HH24:MI:SS')")[0][0]


# A statement timeout far above the lock waits that are allowed, so that a
# bookkeeping waiting for it shows.
SETTINGS = {'bookkeeping_flush_ms': '50', 'db_statement_timeout_ms': '3000'}


def _with_login_row(user):
    """A visit that started an hour ago and is still open: the next visits
    extend it and move last_login."""
    sql_exec("INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)"
             " VALUES (%s, (now() AT TIME ZONE 'UTC') - interval '1 hour', '127.0.0.1',"
             " (now() AT TIME ZONE 'UTC') - interval '1 hour')", user.id)
    user.key()
    return user


def test_a_locked_user_row_delays_no_answer_and_loses_no_row():
    a, b, c = (_with_login_row(new_user()) for _ in range(3))
    with Pool(SETTINGS) as pool:
        since = _now()
        with HeldLock('SELECT id FROM "user" WHERE id IN (%d, %d) FOR UPDATE' % (a.id, c.id)):
            for user in (a, c, a, b, c):
                _profile(pool, user)  # reading a locked row does not wait
            time.sleep(0.2)    # the rows are due: the worker tries to write them
            elapsed = _profile(pool, b)
            assert elapsed < 1, "another user's call waited %.2f s" % elapsed
            _wait_for(lambda: _online_since(b, since), 1, "the other user's rows")
            assert not _online_since(a, since) and not _online_since(c, since)
        # The locks are gone: a's and c's rows come, written by a later batch,
        # with every call's event once.
        _wait_for(lambda: all(_online_since(u, since) and _last_login_since(u, since)
                              for u in (a, c)), 3, "the locked users' rows")
        for user, calls in ((a, 2), (b, 2), (c, 2)):
            events = sql("SELECT count(*) FROM track_e_default WHERE default_user_id = %s"
                         " AND default_event_type = 'access_ws_user_profile'", user.id)
            assert events == [(str(calls),)], (user, events)


def test_a_locked_tracking_row_delays_no_answer_and_its_batch_is_retried():
    a, b = new_user(), new_user()
    a.key(), b.key()
    with Pool(SETTINGS) as pool:
        _profile(pool, a)
        _wait_for(lambda: _online_since(a, '1970-01-01'), 2, 'the first online row')
        time.sleep(1.1)  # a later second: the online row has to change
        since = _now()
        with HeldLock('SELECT 1 FROM track_e_online WHERE login_user_id = %d FOR UPDATE' % a.id):
            _profile(pool, a)
            time.sleep(0.2)
            elapsed = _profile(pool, b)
            assert elapsed < 1, "another user's call waited %.2f s" % elapsed
        _wait_for(lambda: _online_since(a, since) and _online_since(b, since), 2,
                  'the rows of the batch that met the lock')
        events = sql("SELECT count(*) FROM track_e_default WHERE default_user_id = %s"
                     " AND default_event_type = 'access_ws_user_profile'", a.id)
        assert events == [('2',)], events  # each call's event once: not dropped, not doubled


def test_an_action_that_times_out_on_a_lock_answers_503_retry():
    a = new_user()
    a.key()
    with Pool({'db_statement_timeout_ms': '300'}) as pool:
        with HeldLock('SELECT id FROM "user" WHERE id = %d FOR UPDATE' % a.id):
            status, answer, elapsed = _ask(pool, 'update_user_apikey', a, user_id=str(a.id),
                                           current_api_key=a.key())
        assert (status, answer) == (503, {'error': True, 'message': msg('DatabaseBusy')}), \
            (status, answer)
        assert elapsed < 2, elapsed
        # Retried, the call succeeds.
        status, answer, _ = _ask(pool, 'update_user_apikey', a, user_id=str(a.id),
                                 current_api_key=a.key())
        assert status == 200 and answer['error'] is False, (status, answer)
