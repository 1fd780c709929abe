"""A list written as it is read (lib/api/stream.h) that fails after its
first byte is never answered as a complete one: the FastCGI request ends
with an invalid record instead of its end-of-request record and the
connection closes (nginx then ends the client's chunked body short), the failure
is logged and counted (chamilo_fcgi_answers_cut_total), and the worker
serves the next request.

The failure is PostgreSQL's statement_timeout in the middle of the rows: on
a campus of GENERATED_USERS generated students, the client reads the first
records of `get_users status=5` and then waits; the worker, then the
backend, block on their full sockets; the timeout expires meanwhile and
cancels the statement once the client reads again. Through nginx, which
reads the whole answer at once, a timeout that expires while the list is
written is looked for. Then a killed backend."""

# The cut does not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import http.client
import json
import os
import socket
import struct
import time
import urllib.parse

import harness
from harness import (Front, Pool, ScratchDatabase, assert_eq, fcgi_encode, fcgi_form,
                     free_tcp_port, http_get, parse_prometheus)

GENERATED_USERS = 30000
ADMIN_KEY = 'streamcutadminkey'
PARAMS = {'action': 'get_users', 'username': 'admin', 'api_key': ADMIN_KEY, 'status': 5}


def _read_records(s, wait_after_first=0.0):
    """The FastCGI records of one answer, up to END_REQUEST, an invalid
    record or the end of the connection: (stdout bytes, the type of the
    last record, None when it was not version 1, seconds to the first
    stdout record). wait_after_first: seconds to wait after the first
    stdout record, or a function to call then."""
    stdout, last, waited, started, first = b'', None, False, time.monotonic(), None
    while True:
        header = s.recv(8, socket.MSG_WAITALL)
        if len(header) < 8:
            break
        version, last, _, clen, plen = struct.unpack('>BBHHBx', header)
        if version != 1:
            last = None
            assert s.recv(1) == b'', 'bytes after the invalid record'
            break
        content = s.recv(clen + plen, socket.MSG_WAITALL)[:clen] if clen + plen else b''
        if last == 6:
            stdout += content
            first = first or time.monotonic() - started
            if not waited and wait_after_first:
                waited = True
                if callable(wait_after_first):
                    wait_after_first()
                else:
                    time.sleep(wait_after_first)
        elif last == 3:
            break
    return stdout, last, first


def _ask(pool, wait_after_first=0.0):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(60)
        s.connect(pool.socket)
        started = time.monotonic()
        s.sendall(fcgi_encode(*fcgi_form(PARAMS)))
        stdout, last, first = _read_records(s, wait_after_first)
        return stdout, last, first, time.monotonic() - started


def _first_and_total(db):
    """Seconds to the list's first byte and to its end on this machine (this
    build, this load), the statements prepared and the caches warm."""
    with Pool({'db_conninfo': '"%s"' % db.conninfo}) as pool:
        _ask(pool)
        _, last, first, total = _ask(pool)
    assert last == 3, 'the whole list did not end with END_REQUEST'
    return first, total


def test_a_list_cut_by_a_statement_timeout_is_aborted_not_ended():
    with ScratchDatabase() as db:
        harness.scratch_demo_campus(db, harness.generated_students_sql(GENERATED_USERS, ADMIN_KEY))
        # Well after the first byte; the client then stalls longer than that.
        first, _ = _first_and_total(db)
        timeout_ms = int(min(4 * first + 0.1, 1.5) * 1000)
        port = free_tcp_port()
        pool = Pool({'db_conninfo': '"%s"' % db.conninfo, 'db_statement_timeout_ms': str(timeout_ms),
                     'status_listen': '127.0.0.1:%d' % port, 'slow_log_threshold_ms': '0'})
        pool.overrides['access_log'] = os.path.join(pool.dir, 'access.log')
        pool.overrides['slow_log'] = os.path.join(pool.dir, 'slow.log')
        with pool:
            params = PARAMS
            stdout, last, _, _ = _ask(pool, wait_after_first=2 * timeout_ms / 1000 + 1)
            head, _, body = stdout.partition(b'\r\n\r\n')
            assert head.startswith(b'Status: 200'), head
            assert b'Content-Length' not in head, head
            assert body.startswith(b'{"error":false,"data":[{'), body[:200]
            assert last is None, 'a cut answer ended with record type %s, not an invalid one' % last
            assert not body.endswith(b']}'), 'a cut answer looks complete'
            rows = body.count(b'"username":"bench')
            assert 0 < rows < GENERATED_USERS, rows

            # The worker logged it, counted it, and serves the next call.
            # (The admins: all the students would take longer than the timeout.)
            status, headers, whole = pool.request(*fcgi_form(dict(params, status=1)))
            assert status == 200 and whole.endswith(b']}'), whole[-200:]
            assert b'"username":"admin"' in whole, whole[:300]
            with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8') as f:
                log = f.read()
            assert 'get_users: streamed answer cut after' in log, log[-2000:]
            assert 'canceling statement due to statement timeout' in log, log[-2000:]
            # The access log and the slow log record both calls: the cut one
            # as an error, with the bytes the client got.
            with open(pool.overrides['access_log'], encoding='utf-8') as f:
                calls = [json.loads(line) for line in f]
            assert_eq([(c['action'], c['status'], c['error'], c['bytes']) for c in calls],
                      [('get_users', 200, True, len(body)), ('get_users', 200, False, len(whole))],
                      'access log')
            with open(pool.overrides['slow_log'], encoding='utf-8') as f:
                slow = [json.loads(line) for line in f]
            assert_eq([[(st['name'], st.get('failed', False)) for st in c['statements']
                        if st['name'] == 'get_users.list'] for c in slow],
                      [[('get_users.list', True)], [('get_users.list', False)]], 'slow log')
            status, _, text = http_get('127.0.0.1', port, '/metrics')
            assert status == 200, status
            samples = parse_prometheus(text)
            assert samples.get(('chamilo_fcgi_answers_cut_total', ())) == 1, \
                [k for k in samples if 'cut' in k[0]]



def _through_nginx(pool):
    """get_users status=5 through a Front in front of pool: ('cut', the
    bytes received) when the chunked body ended short, else (status, body)."""
    with Front([pool.socket]) as front:
        host, port = front.base_url.rsplit('/', 1)[1].split(':')
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        try:
            conn.request('POST', harness.ENDPOINT, urllib.parse.urlencode(PARAMS),
                         {'Content-Type': 'application/x-www-form-urlencoded'})
            resp = conn.getresponse()
            try:
                body = resp.read()
            except http.client.IncompleteRead as e:
                assert_eq(resp.status, 200, 'status of a cut answer')
                assert_eq(resp.getheader('Transfer-Encoding'), 'chunked', 'chunked')
                assert 'upstream sent unsupported FastCGI protocol version: 0' in \
                    front.error_log(), front.error_log()
                return 'cut', e.partial
            return resp.status, body
        finally:
            conn.close()


def test_a_cut_list_never_arrives_complete_looking_through_nginx():
    # nginx (the production snippet) reads the answer as fast as the pool
    # writes it: the statement_timeout must expire between the list's first
    # byte and its end on its own, which depends on the machine's speed at
    # the time; it is looked for by halving. Whatever the timeout, the
    # client gets the whole list, a 503 envelope (refused before the first
    # byte), or a chunked body cut short: never a complete-looking part.
    with ScratchDatabase() as db:
        harness.scratch_demo_campus(db, harness.generated_students_sql(GENERATED_USERS, ADMIN_KEY))
        first, total = _first_and_total(db)
        low, high = first, total
        outcomes = []
        for _ in range(6):
            timeout = (low + high) / 2
            with Pool({'db_conninfo': '"%s"' % db.conninfo,
                       'db_statement_timeout_ms': str(max(1, int(timeout * 1000)))}) as pool:
                status, body = _through_nginx(pool)
            outcomes.append((round(timeout, 3), status, len(body)))
            if status == 'cut':
                assert body.startswith(b'{"error":false,"data":[{'), body[:100]
                return
            if status == 503:
                assert_eq(json.loads(body)['error'], True, 'a refusal is an envelope')
                low = timeout
                continue
            assert_eq(status, 200, 'status')
            assert body.endswith(b']}') and body.count(b'"username":"bench') == GENERATED_USERS, \
                'a complete-looking answer of %d bytes is not the whole list' % len(body)
            high = timeout
        raise AssertionError('no timeout cut the list (first byte %.3f s, end %.3f s): %r'
                             % (first, total, outcomes))


def test_a_list_cut_by_a_killed_backend_is_aborted_and_the_worker_reconnects():
    with ScratchDatabase() as db:
        harness.scratch_demo_campus(db, harness.generated_students_sql(GENERATED_USERS, ADMIN_KEY))
        with Pool({'db_conninfo': '"%s"' % db.conninfo}) as pool:
            killed = []

            def kill_the_backend():
                # The worker's backend is sending the list (blocked on its
                # full socket while this client does not read).
                killed.append(db.sql(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    " AND query LIKE 'SELECT u.id, u.firstname%'").strip())
                time.sleep(0.5)

            stdout, last, _, _ = _ask(pool, wait_after_first=kill_the_backend)
            assert_eq(killed, ['1'], 'backends killed')
            head, _, body = stdout.partition(b'\r\n\r\n')
            assert head.startswith(b'Status: 200'), head
            assert last is None, 'a cut answer ended with record type %s, not an invalid one' % last
            assert 0 < body.count(b'"username":"bench') < GENERATED_USERS
            assert not body.endswith(b']}'), 'a cut answer looks complete'
            # The next call finds the connection gone and opens another.
            stdout, last, _, _ = _ask(pool)
            assert_eq(last, 3, 'the next answer ends with END_REQUEST')
            assert stdout.endswith(b']}'), stdout[-200:]
            assert stdout.count(b'"username":"bench') == GENERATED_USERS
            with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8') as f:
                log = f.read()
            assert 'get_users: streamed answer cut after' in log, log[-2000:]
