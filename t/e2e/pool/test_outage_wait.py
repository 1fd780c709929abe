"""A request waits for a database that is down for a short while
(db_wait_ms, PgBouncer's pause). While PostgreSQL is unreachable,
a request tries to connect every db_reconnect_min_ms for up to db_wait_ms
before answering 503, and the first attempt is made at once: a database
that is back is used by the next request, not after a backoff.

Each test runs its own pool (harness.Pool, four workers) behind its own
nginx (harness.Front) on the stack's database, and restarts the stack's
PostgreSQL; every test puts it back.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import os
import threading
import time

import harness
from harness import Front, Pool, api, authenticate, pg_ctl, soak_seconds

UNAVAILABLE = 'The database is unavailable. Please try again later.'


def _start_pg():
    pg_ctl('start', '-w', '-l', os.path.join(harness.STACK_DIR, 'postgres.log'))


def _profile(front, key):
    return api('user_profile', {'username': 'admin', 'api_key': key}, base_url=front.base_url)


def _ok(resp):
    return resp.status == 200 and resp.json is not None and resp.json.get('error') is False


def test_two_second_restart_under_load_fails_no_request():
    key = authenticate('admin', 'admin')
    with Pool({'workers': '4', 'db_wait_ms': '6000'}) as pool, Front([pool.socket]) as front:
        results = []
        lock = threading.Lock()
        stop = threading.Event()

        def reader():
            while not stop.is_set():
                resp = _profile(front, key)
                with lock:
                    results.append(('read', resp.status, _ok(resp), resp.body[:120]))

        def writer():
            while not stop.is_set():
                resp = api('authenticate', {'username': 'admin', 'password': 'admin'},
                           base_url=front.base_url)
                with lock:
                    results.append(('write', resp.status, _ok(resp), resp.body[:120]))

        threads = [threading.Thread(target=reader) for _ in range(3)] + \
                  [threading.Thread(target=writer) for _ in range(2)]
        for t in threads:
            t.start()
        try:
            time.sleep(1)
            pg_ctl('stop', '-m', 'fast', '-w')
            stopped = time.monotonic()
            time.sleep(2)
            _start_pg()
            down = time.monotonic() - stopped
            time.sleep(max(1.0, soak_seconds(1.0)))
        finally:
            stop.set()
            for t in threads:
                t.join(60)
            if not harness.run_as_stack_user(['pg_isready', '-h', harness._env()['PGHOST'],
                                              '-p', harness._env()['PGPORT']]).returncode == 0:
                _start_pg()
    failed = [r for r in results if not r[2]]
    reads = sum(1 for r in results if r[0] == 'read')
    writes = len(results) - reads
    print('outage: database down %.1fs; %d reads, %d writes, %d failed' % (
        down, reads, writes, len(failed)))
    assert reads > 20 and writes > 5, results[:5]
    assert not failed, '%d of %d requests failed across the restart, e.g. %r' % (
        len(failed), len(results), failed[:5])


def test_database_back_is_used_by_the_next_request():
    key = authenticate('admin', 'admin')
    with Pool({'workers': '1', 'db_wait_ms': '0'}) as pool, Front([pool.socket]) as front:
        assert _ok(_profile(front, key))
        pg_ctl('stop', '-m', 'fast', '-w')
        try:
            started = time.monotonic()
            resp = _profile(front, key)
            assert resp.status == 503 and resp.json == {'error': True, 'message': UNAVAILABLE}, resp
            assert time.monotonic() - started < 1.5, 'db_wait_ms = 0 waited'
            resp = _profile(front, key)
            assert resp.status == 503, resp
        finally:
            _start_pg()
        # No backoff to wait out: the very next request reconnects.
        started = time.monotonic()
        resp = _profile(front, key)
        assert _ok(resp), resp
        assert time.monotonic() - started < 1.0, 'the reconnect waited'


def test_a_request_waits_for_the_database_then_answers():
    key = authenticate('admin', 'admin')
    with Pool({'workers': '1', 'db_wait_ms': '8000'}) as pool, Front([pool.socket]) as front:
        assert _ok(_profile(front, key))
        pg_ctl('stop', '-m', 'fast', '-w')
        answer = {}

        def caller():
            started = time.monotonic()
            answer['resp'] = _profile(front, key)
            answer['took'] = time.monotonic() - started

        thread = threading.Thread(target=caller)
        try:
            thread.start()
            time.sleep(1.5)
            assert 'resp' not in answer, 'answered while the database was down: %r' % answer
        finally:
            _start_pg()
        thread.join(30)
        assert _ok(answer['resp']), answer
        assert 1.4 < answer['took'] < 8, answer


def test_write_cut_inside_its_transaction_runs_again_once():
    """A connection lost in the middle of a write's transaction (before
    COMMIT): the server rolled it back, the pool runs the action once more
    on a new connection; exactly one row results."""
    login = harness.uniq('cut')
    func = 'e2e_slow_%s' % login
    harness.sql_exec('CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $f$'
                     " BEGIN IF NEW.username = '%s' THEN PERFORM pg_sleep(1); END IF;"
                     ' RETURN NEW; END $f$;'
                     ' CREATE TRIGGER %s BEFORE INSERT ON "user" FOR EACH ROW'
                     ' EXECUTE FUNCTION %s();' % (func, login, func, func))
    killed = []

    def killer():
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not killed:
            rows = harness.sql_exec(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = 'chamilo-fcgi' AND state = 'active'"
                " AND query LIKE 'INSERT INTO \"user\"%%' AND wait_event = 'PgSleep'")
            if rows:
                killed.append(rows)
            time.sleep(0.05)

    try:
        key = authenticate('admin', 'admin')
        with Pool({'workers': '1'}) as pool, Front([pool.socket]) as front:
            thread = threading.Thread(target=killer)
            thread.start()
            resp = api('save_user', {'username': 'admin', 'api_key': key, 'loginname': login,
                                     'password': 'Cut-pass-123', 'firstname': 'C',
                                     'lastname': 'T', 'email': login + '@example.org',
                                     'status': 5}, base_url=front.base_url)
            thread.join(15)
    finally:
        harness.sql_exec('DROP TRIGGER IF EXISTS %s ON "user"; DROP FUNCTION IF EXISTS %s();'
                         % (func, func))
    assert killed, 'the backend was never caught inside the insert'
    assert _ok(resp), resp
    rows = harness.sql('SELECT id FROM "user" WHERE username = %s', login)
    assert rows == [(str(resp.json['data'][0]),)], rows
    with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8', errors='replace') as f:
        assert 'action save_user: connection lost inside its transaction; running it again' \
            in f.read()
