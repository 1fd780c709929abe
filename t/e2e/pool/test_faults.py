"""Fault tests under load: a worker killed, PostgreSQL restarted,
a pool stopped with SIGTERM, and two pools behind one nginx upstream with one
of them killed.

Each test keeps a small load going (LOAD_THREADS clients in a loop, to
127.0.0.1 only) for soak_seconds(...) around the fault: a few seconds in
`make test`, SOAK_SECONDS each in `make soak`. Every answer is recorded;
the assertions say which failures the fault may cause and that every
failure is still a JSON envelope.

Retry rule (nginx/chamilo-fcgi.conf): nginx passes a request to the next
pool of the upstream when it could not connect, or when the pool failed
before answering and the request is idempotent. API calls are POSTs, so in
practice only requests that never reached a pool are retried; a pool that
dies mid-request fails the requests it held.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import json
import os
import signal
import threading
import time
import urllib.parse

import harness
from harness import (Front, Pool, assert_ok, authenticate, call, children_of, fcgi_request,
                     master_pid, uniq)

LOAD_THREADS = 4
ENDPOINT_URI = '/main/webservices/api/v2.php'


class Load:
    """LOAD_THREADS threads each calling send() in a loop until stop();
    results: [(start time, Response or the exception)]."""

    def __init__(self, send):
        self.send = send
        self.results = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True)
                         for i in range(LOAD_THREADS)]

    def _run(self, index):
        n = 0
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                resp = self.send(index, n)
            except Exception as exc:  # a reset connection, a timeout: recorded
                resp = exc
            with self._lock:
                self.results.append((started, resp))
            n += 1

    def __enter__(self):
        for t in self._threads:
            t.start()
        return self

    def stop(self):
        self._stop.set()
        for t in self._threads:
            t.join(timeout=60)

    def __exit__(self, *exc):
        self.stop()
        return False

    def failures(self):
        return [r for _, r in self.results if not _is_ok(r)]

    def successes(self):
        return [r for _, r in self.results if _is_ok(r)]


def _is_ok(resp):
    return (isinstance(resp, harness.Response) and resp.status == 200 and
            isinstance(resp.json, dict) and resp.json.get('error') is False)


def _assert_envelope(resp, statuses):
    assert isinstance(resp, harness.Response), 'no HTTP answer: %r' % (resp,)
    assert resp.status in statuses, resp
    assert resp.headers.get('Content-Type') == 'application/json', resp
    assert isinstance(resp.json, dict) and resp.json.get('error') is True, resp


def test_killed_worker_fails_only_its_request_and_is_respawned_at_once():
    key = authenticate('admin', 'admin')
    master = master_pid()
    before = children_of(master)
    duration = harness.soak_seconds(3)
    with Load(lambda i, n: call('user_profile', 'admin', key)) as load:
        time.sleep(duration / 2)
        victim = before[0]
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        respawned = None
        while time.monotonic() - killed_at < 5:
            now = children_of(master)
            if victim not in now and len(now) == len(before):
                respawned = time.monotonic() - killed_at
                break
            time.sleep(0.01)
        time.sleep(duration / 2)
    failures = load.failures()
    print('    kill -9 of a worker: %d requests, %d failed, respawned after %.3f s'
          % (len(load.results), len(failures), respawned if respawned is not None else -1))
    assert respawned is not None and respawned < 1.0, 'respawned after %r s' % respawned
    # At most the one request the worker was handling (nginx answers 502).
    assert len(failures) <= 1, failures[:5]
    for resp in failures:
        _assert_envelope(resp, (502,))
    assert len(load.successes()) > 10, len(load.results)


def test_postgres_restart_loses_no_acknowledged_write():
    key = authenticate('admin', 'admin')
    prefix = uniq('pgr')
    acknowledged = []
    lock = threading.Lock()

    def save(index, n):
        login = '%s_%d_%d' % (prefix, index, n)
        resp = call('save_user_get_apikey', 'admin', key,
                    {'loginname': login, 'password': login, 'email': login + '@example.org',
                     'firstname': 'Fault', 'lastname': 'Tester', 'status': 5})
        if _is_ok(resp):
            with lock:
                acknowledged.append(login)
        return resp

    duration = harness.soak_seconds(3)
    with Load(save) as load:
        time.sleep(duration / 2)
        harness.pg_ctl('restart', '-m', 'fast', '-w', '-l',
                       os.path.join(harness.STACK_DIR, 'postgres.log'))
        restarted_at = time.monotonic()
        acked_at_restart = len(acknowledged)
        # Writes succeed again once the workers have reconnected (each
        # request waits up to db_wait_ms for the database, then retries).
        deadline = restarted_at + max(duration / 2, 10)
        while time.monotonic() < deadline and len(acknowledged) < acked_at_restart + 5:
            time.sleep(0.1)
    stored = {row[0] for row in harness.sql('SELECT username FROM "user" WHERE username LIKE %s',
                                            prefix + '%')}
    lost = [login for login in acknowledged if login not in stored]
    print('    PostgreSQL restart: %d writes sent, %d acknowledged, %d refused, %d lost'
          % (len(load.results), len(acknowledged), len(load.failures()), len(lost)))
    assert not lost, '%d acknowledged writes lost: %r' % (len(lost), lost[:5])
    assert len(acknowledged) >= acked_at_restart + 5, 'no write succeeded after the restart'
    for resp in load.failures():
        _assert_envelope(resp, (500, 502, 503))


def _nginx_dropped(front):
    """nginx error log lines of requests a pool accepted and then dropped."""
    dropped = ('prematurely closed', 'reset by peer', 'recv() failed', 'Broken pipe')
    return [line for line in front.error_log().splitlines() if any(d in line for d in dropped)]


def test_sigterm_under_load_drops_no_accepted_request():
    key = authenticate('admin', 'admin')
    duration = harness.soak_seconds(3)
    with Pool({'workers': '2'}) as pool, Front([pool.socket]) as front:
        with Load(lambda i, n: call('user_profile', 'admin', key,
                                    base_url=front.base_url)) as load:
            time.sleep(duration / 2)
            pool.proc.send_signal(signal.SIGTERM)
            assert pool.proc.wait(timeout=30) == 0
            time.sleep(0.5)
        dropped = _nginx_dropped(front)
    print('    SIGTERM: %d requests, %d answered, %d refused at connect (502), %d dropped'
          % (len(load.results), len(load.successes()), len(load.failures()), len(dropped)))
    assert not dropped, dropped[:5]
    # After the stop nginx cannot connect (502); nothing it had handed over
    # was lost.
    for resp in load.failures():
        _assert_envelope(resp, (502,))
    assert len(load.successes()) > 10, len(load.results)


def _authenticate_on(pool):
    body = urllib.parse.urlencode({'action': 'authenticate', 'username': 'admin',
                                   'password': 'admin'}).encode()
    env = {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'application/x-www-form-urlencoded',
           'REQUEST_URI': ENDPOINT_URI, 'QUERY_STRING': '', 'REMOTE_ADDR': '127.0.0.1',
           'HTTP_HOST': 'localhost'}
    status, _, out = fcgi_request(pool.socket, env, body)
    answer = json.loads(out)
    assert status == 200 and answer['error'] is False, out
    return answer['data']['apiKey'], env


def test_two_pools_behind_one_upstream():
    with Pool({'workers': '2'}) as first, Pool({'workers': '2'}) as second:
        # A key obtained through one pool works through the other.
        key, env = _authenticate_on(first)
        body = urllib.parse.urlencode({'action': 'user_profile', 'username': 'admin',
                                       'api_key': key}).encode()
        status, _, out = fcgi_request(second.socket, env, body)
        assert status == 200 and json.loads(out)['error'] is False, out

        duration = harness.soak_seconds(3)
        with Front([first.socket, second.socket]) as front:
            assert_ok(call('user_profile', 'admin', key, base_url=front.base_url))
            with Load(lambda i, n: call('user_profile', 'admin', key,
                                        base_url=front.base_url)) as load:
                time.sleep(duration / 2)
                # The first pool dies at once, workers and all.
                workers = children_of(first.proc.pid)
                first.proc.kill()
                for pid in workers:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                first.proc.wait(timeout=10)
                killed_at = time.monotonic()
                time.sleep(duration / 2)
            after_kill = [r for t, r in load.results if t > killed_at + 0.1]
    failures = load.failures()
    print('    two pools, one killed: %d requests, %d failed (%d workers killed)'
          % (len(load.results), len(failures), len(workers)))
    # Only requests in flight at the kill fail (nginx cannot retry a POST
    # that reached a pool): those the killed workers were handling and those
    # waiting in the killed pool's listen queue, at most one per client
    # thread. Every request sent after the kill goes to the other (below).
    assert len(failures) <= LOAD_THREADS, failures[:5]
    for resp in failures:
        _assert_envelope(resp, (502,))
    assert after_kill and all(_is_ok(r) for r in after_kill), \
        [r for r in after_kill if not _is_ok(r)][:5]
