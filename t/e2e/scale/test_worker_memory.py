"""A worker gives back what its largest answers took: on a campus of
GENERATED_USERS generated students (a scratch database: the demo campus plus
users shaped as t/bench/bench-data.sql makes them), `get_users status=5`
answers every one of them, which grows the worker's heap well past
RSS_BOUND_KB (its high-water mark says so), and once the answer is out the
worker's resident size is back under RSS_BOUND_KB (fcgi/worker.c,
release_freed_memory: the freed heap is trimmed after a large request)."""

# The resident size does not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import re
import time

import harness
from harness import Pool, ScratchDatabase, children_of, fcgi_form

GENERATED_USERS = 30000
RSS_BOUND_KB = 10 * 1024


def _status_kb(pid, field):
    with open('/proc/%d/status' % pid, encoding='ascii') as f:
        return int(re.search(r'^%s:\s+(\d+) kB' % field, f.read(), re.M).group(1))


def _worker(pool):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        workers = children_of(pool.proc.pid)
        if workers:
            return workers[0]
        time.sleep(0.05)
    raise AssertionError('the pool started no worker')


def test_a_worker_returns_under_the_bound_after_the_largest_answer():
    with ScratchDatabase() as db:
        harness.scratch_demo_campus(db, (
            'INSERT INTO "user" (id, username, username_canonical, email, email_canonical,'
            ' firstname, lastname, password, salt, status, official_code, active, enabled,'
            ' auth_source, language, registration_date)'
            ' SELECT 100000 + u, \'bench\' || u, \'bench\' || u, \'bench\' || u || \'@example.com\','
            ' \'bench\' || u || \'@example.com\', \'Ana\', \'Martin \' || u, \'x\', \'\', 5,'
            ' \'OC\' || u, 1, 1, \'platform\', \'english\', timestamp \'2024-01-01\''
            ' FROM generate_series(1, %d) u;'
            ' INSERT INTO access_url_rel_user (access_url_id, user_id)'
            ' SELECT 1, 100000 + u FROM generate_series(1, %d) u;'
            ' INSERT INTO user_api_key (user_id, api_key, api_service)'
            ' VALUES (1, \'memorytestadminkey\', \'MsgREST\'); ANALYZE'
            % (GENERATED_USERS, GENERATED_USERS)))
        with Pool({'db_conninfo': '"%s"' % db.conninfo}) as pool:
            worker = _worker(pool)
            params = {'action': 'get_users', 'username': 'admin', 'api_key': 'memorytestadminkey',
                      'status': 5}
            status, _, body = pool.request(*fcgi_form(params))
            assert status == 200, body[:300]
            assert body.startswith(b'{"error":false'), body[:300]
            assert body.count(b'"username":"bench') == GENERATED_USERS, len(body)
            # The worker trims after the answer is out: give it a moment.
            deadline = time.monotonic() + 2
            while _status_kb(worker, 'VmRSS') >= RSS_BOUND_KB and time.monotonic() < deadline:
                time.sleep(0.05)
            peak = _status_kb(worker, 'VmHWM')
            resident = _status_kb(worker, 'VmRSS')
            assert peak > RSS_BOUND_KB + 8 * 1024, (
                'the answer (%d bytes) grew the worker only to %d kB: the test proves nothing'
                % (len(body), peak))
            assert resident < RSS_BOUND_KB, (
                'after an answer of %d bytes (peak %d kB) the worker stays at %d kB'
                % (len(body), peak, resident))
