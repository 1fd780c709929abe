"""A worker's memory does not grow with the size of an answer, and gives
back what a large answer built whole took. On a campus of GENERATED_USERS
generated students (a scratch database: the demo campus plus users shaped
as t/bench/bench-data.sql makes them):

* `get_users status=5` answers every one of them written as the rows are
  read (lib/api/stream.h): the worker's high-water mark (VmHWM) stays under
  RSS_BOUND_KB while it does;
* the same list with an extra field (built whole, one user completed from
  a second result) grows the worker's heap well past RSS_BOUND_KB, and once
  the answer is out the worker's resident size is back under RSS_BOUND_KB
  (fcgi/worker.c, release_freed_memory: the freed heap is trimmed after a
  large request).

Under the AddressSanitizer build only the answers are compared: its
allocator's quarantine holds what we free."""

# The resident size does not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import re
import time

import harness
from harness import Pool, ScratchDatabase, children_of, fcgi_form

GENERATED_USERS = 30000
RSS_BOUND_KB = 10 * 1024
ADMIN_KEY = 'memorytestadminkey'


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


def test_a_worker_stays_under_the_bound_while_streaming_and_returns_after_a_whole_answer():
    with ScratchDatabase() as db:
        harness.scratch_demo_campus(db, harness.generated_students_sql(GENERATED_USERS, ADMIN_KEY))
        with Pool({'db_conninfo': '"%s"' % db.conninfo}) as pool:
            worker = _worker(pool)
            params = {'action': 'get_users', 'username': 'admin', 'api_key': ADMIN_KEY,
                      'status': 5}
            status, headers, streamed = pool.request(*fcgi_form(params))
            assert status == 200, streamed[:300]
            assert 'content-length' not in headers, 'not streamed: %r' % headers
            assert streamed.startswith(b'{"error":false'), streamed[:300]
            assert streamed.endswith(b']}'), streamed[-300:]
            assert streamed.count(b'"username":"bench') == GENERATED_USERS, len(streamed)
            sanitized = harness.stack_binary_is_sanitized()
            peak = _status_kb(worker, 'VmHWM')
            assert sanitized or peak < RSS_BOUND_KB, (
                'streaming an answer of %d bytes took the worker to %d kB' % (len(streamed), peak))

            status, headers, whole = pool.request(
                *fcgi_form(dict(params, extra_fields='no_such_field')))
            assert status == 200, whole[:300]
            assert headers.get('content-length') == str(len(whole)), 'not built whole'
            assert whole == streamed, 'the whole answer differs from the streamed one'
            if sanitized:
                return  # the bounds below are the sanitizer allocator's, not ours
            # The worker trims after the answer is out: give it a moment.
            deadline = time.monotonic() + 2
            while _status_kb(worker, 'VmRSS') >= RSS_BOUND_KB and time.monotonic() < deadline:
                time.sleep(0.05)
            peak = _status_kb(worker, 'VmHWM')
            resident = _status_kb(worker, 'VmRSS')
            assert peak > RSS_BOUND_KB + 8 * 1024, (
                'the answer (%d bytes) grew the worker only to %d kB: the test proves nothing'
                % (len(whole), peak))
            assert resident < RSS_BOUND_KB, (
                'after an answer of %d bytes (peak %d kB) the worker stays at %d kB'
                % (len(whole), peak, resident))
