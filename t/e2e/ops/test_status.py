"""The status server (status_listen, status_allow): Prometheus metrics of
the pool, scraped over plain HTTP from a second pool with its own status
port, under a bounded burst of concurrent requests.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import os
import signal
import threading
import time

import harness
from harness import (ENDPOINT, Pool, authenticate, free_tcp_port, http_get, parse_prometheus,
                     sql_exec)
from harness import fcgi_form as form


class StatusPool(Pool):
    """A pool with a status server on a free port of 127.0.0.1."""

    def __init__(self, overrides=None):
        self.status_port = free_tcp_port()
        settings = {'status_listen': '127.0.0.1:%d' % self.status_port}
        settings.update(overrides or {})
        super().__init__(settings)

    def __enter__(self):
        super().__enter__()
        deadline = time.monotonic() + 10
        while True:  # the status process starts with the pool
            try:
                status = http_get('127.0.0.1', self.status_port, '/metrics')[0]
                if status == 200:
                    self.wait_ready()
                return self  # any answer (200, or 403 when 127.0.0.1 is not allowed)
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError('status server did not answer: see %s' % self.dir)
            time.sleep(0.05)

    def wait_ready(self):
        """Until no worker is starting (the status server may answer before
        every worker has connected to PostgreSQL)."""
        deadline = time.monotonic() + 15
        while value(self.scrape(), 'chamilo_fcgi_workers', state='starting') > 0:
            assert time.monotonic() < deadline, 'workers never left "starting"'
            time.sleep(0.05)

    def scrape(self):
        status, headers, body = http_get('127.0.0.1', self.status_port, '/metrics')
        assert status == 200, (status, body)
        assert headers['content-type'] == 'text/plain; version=0.0.4; charset=utf-8', headers
        return parse_prometheus(body)


def value(samples, name, **labels):
    key = (name, tuple(sorted(labels.items())))
    assert key in samples, 'no sample %s%s' % (name, labels)
    return samples[key]


def test_refused_to_addresses_outside_status_allow():
    with StatusPool({'status_allow': '127.0.0.2'}) as pool:
        status, _, body = http_get('127.0.0.1', pool.status_port, '/metrics')
        assert status == 403 and 'chamilo_fcgi' not in body, (status, body)
        status, _, body = http_get('127.0.0.1', pool.status_port, '/metrics', source='127.0.0.2')
        assert status == 200 and 'chamilo_fcgi_workers' in body, (status, body)


def test_default_allows_only_loopback_127_0_0_1():
    with StatusPool() as pool:
        status, _, body = http_get('127.0.0.1', pool.status_port, '/metrics', source='127.0.0.3')
        assert status == 403 and 'chamilo_fcgi' not in body, (status, body)
        status, _, body = http_get('127.0.0.1', pool.status_port, '/nothing')
        assert status == 404, status


def test_never_answered_by_the_public_fastcgi_socket():
    with StatusPool() as pool:
        for uri in ('/metrics', '/status', ENDPOINT + '/metrics', '/fpm-status'):
            status, _, body = pool.request(*form({'action': 'status'}, REQUEST_URI=uri,
                                                 SCRIPT_NAME=uri.split('?')[0]))
            assert b'chamilo_fcgi' not in body, (uri, body)
            assert body.startswith(b'{"error":true'), (uri, status, body)


def test_pool_state_after_start():
    with StatusPool({'workers': '3'}) as pool:
        m = pool.scrape()
    assert value(m, 'chamilo_fcgi_workers_max') == 3
    states = [value(m, 'chamilo_fcgi_workers', state=s) for s in ('idle', 'busy', 'starting')]
    assert states == [3, 0, 0], states
    assert value(m, 'chamilo_fcgi_accepted_connections_total') == 0
    # Each worker connected once, at start.
    assert value(m, 'chamilo_fcgi_db_connects_total') == 3
    assert value(m, 'chamilo_fcgi_worker_respawns_total') == 0
    assert abs(value(m, 'chamilo_fcgi_start_time_seconds') - time.time()) < 60


def histogram(m, action):
    buckets = sorted(((float(dict(labels)['le']), v) for (name, labels), v in m.items()
                      if name == 'chamilo_fcgi_request_duration_seconds_bucket'
                      and dict(labels)['action'] == action))
    return buckets


def test_metrics_match_a_burst_of_concurrent_requests():
    key = authenticate('admin', 'admin')
    plan = (['username_exist'] * 80 + ['user_profile'] * 70 + ['no_such_action'] * 50)
    with StatusPool({'workers': '4'}) as pool:
        before = pool.scrape()
        failures, scrapes = [], []
        lock = threading.Lock()

        def client(share):
            for action in share:
                params = {'action': action, 'username': 'admin', 'api_key': key,
                          'loginname': 'admin'}
                try:
                    status, _, body = pool.request(*form(params))
                    if status != 200:
                        raise AssertionError((action, status, body))
                except Exception as exc:  # noqa: BLE001 - reported below
                    with lock:
                        failures.append(exc)

        def scraper(stop):
            while not stop.is_set():
                scrapes.append(pool.scrape())
                time.sleep(0.02)

        threads = [threading.Thread(target=client, args=(plan[i::8],)) for i in range(8)]
        stop = threading.Event()
        watcher = threading.Thread(target=scraper, args=(stop,))
        watcher.start()
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        stop.set()
        watcher.join(timeout=30)
        assert time.monotonic() - started < 120
        assert not failures, failures[:3]
        after = pool.scrape()

    assert scrapes, 'no scrape finished during the burst'
    for m in scrapes:  # every scrape under load is consistent on its own
        states = [value(m, 'chamilo_fcgi_workers', state=s) for s in ('idle', 'busy', 'starting')]
        assert sum(states) == 4, states

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew('chamilo_fcgi_accepted_connections_total') >= 200
    expected = {'username_exist': 80, 'user_profile': 70, '(unknown)': 50}
    for action, count in expected.items():
        assert grew('chamilo_fcgi_requests_total', action=action) == count, action
        assert grew('chamilo_fcgi_request_duration_seconds_count', action=action) == count
        assert value(after, 'chamilo_fcgi_request_duration_seconds_sum', action=action) > 0
        buckets = histogram(after, action)
        assert len(buckets) == 14 and buckets[-1][0] == float('inf'), buckets
        counts = [v for _, v in buckets]
        assert counts == sorted(counts), buckets  # cumulative
        assert counts[-1] == value(after, 'chamilo_fcgi_requests_total', action=action)
    assert grew('chamilo_fcgi_request_errors_total', action='(unknown)') == 50
    assert grew('chamilo_fcgi_request_errors_total', action='user_profile') == 0
    assert grew('chamilo_fcgi_requests_total', action='authenticate') == 0
    # Each authenticated call runs at least its key check.
    assert grew('chamilo_fcgi_db_statements_total') >= 150
    assert grew('chamilo_fcgi_db_errors_total') == 0
    assert value(after, 'chamilo_fcgi_workers', state='idle') == 4


def children(pid):
    with open('/proc/%d/task/%d/children' % (pid, pid)) as f:
        return [int(p) for p in f.read().split()]



def comm(pid):
    """The process's name; '' once it is gone (a child just reaped)."""
    try:
        with open('/proc/%d/comm' % pid) as f:
            return f.read().strip()
    except (FileNotFoundError, ProcessLookupError):
        return ''




def test_respawns_and_reconnects_are_counted():
    app = 'ops_status_%d' % os.getpid()
    with open(os.path.join(harness.STACK_DIR, 'chamilo-fcgi.conf')) as f:
        conninfo = next(line.split('=', 1)[1].strip().strip('"') for line in f
                        if line.split('=', 1)[0].strip() == 'db_conninfo')
    overrides = {'workers': '2', 'db_conninfo': '"%s application_name=%s"' % (conninfo, app)}
    with StatusPool(overrides) as pool:
        before = pool.scrape()
        workers = [p for p in children(pool.proc.pid) if comm(p) == 'chamilo-fcgi']
        status_procs = [p for p in children(pool.proc.pid) if comm(p) == 'chamilo-status']
        assert len(workers) == 2 and len(status_procs) == 1, children(pool.proc.pid)
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 15
        while value(pool.scrape(), 'chamilo_fcgi_worker_respawns_total') < 1:
            assert time.monotonic() < deadline, 'the respawn was never counted'
            time.sleep(0.1)
        pool.wait_ready()  # the replacement holds its connection too

        # Cut the pool's database connections: the next statements reconnect.
        sql_exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                 " WHERE application_name = %s", app)
        for _ in range(8):
            status, _, body = pool.request(*form({'action': 'username_exist',
                                                  'username': 'admin', 'loginname': 'admin',
                                                  'api_key': authenticate('admin', 'admin')}))
            assert status == 200, body
        pool.wait_ready()  # the replacement has connected
        after = pool.scrape()
    assert value(after, 'chamilo_fcgi_worker_abnormal_exits_total') == 1
    assert value(after, 'chamilo_fcgi_worker_respawns_total') == 1
    assert value(after, 'chamilo_fcgi_db_reconnects_total') >= 1
    # The killed worker's replacement connected afresh.
    assert value(after, 'chamilo_fcgi_db_connects_total') == \
        value(before, 'chamilo_fcgi_db_connects_total') + 1


def test_listen_queue_of_a_tcp_socket():
    """With the workers stopped (SIGSTOP), connections wait in the kernel's
    accept queue; the status process samples it about once a second."""
    import socket
    fcgi_port = free_tcp_port()
    with StatusPool({'listen': '127.0.0.1:%d' % fcgi_port, 'workers': '2',
                     'listen_backlog': '7'}) as pool:
        m = pool.scrape()
        assert value(m, 'chamilo_fcgi_listen_queue_length') == 7, m
        assert value(m, 'chamilo_fcgi_listen_queue') == 0
        workers = [p for p in children(pool.proc.pid) if comm(p) == 'chamilo-fcgi']
        assert len(workers) == 2
        waiting = []
        try:
            for p in workers:
                os.kill(p, signal.SIGSTOP)
            waiting = [socket.create_connection(('127.0.0.1', fcgi_port), timeout=5)
                       for _ in range(5)]
            deadline = time.monotonic() + 10
            while value(pool.scrape(), 'chamilo_fcgi_listen_queue') != 5:
                assert time.monotonic() < deadline, 'the queue never reached 5'
                time.sleep(0.2)
        finally:
            for s in waiting:
                s.close()
            for p in workers:
                os.kill(p, signal.SIGCONT)
        deadline = time.monotonic() + 10
        while value(pool.scrape(), 'chamilo_fcgi_listen_queue') != 0:
            assert time.monotonic() < deadline, 'the queue never drained'
            time.sleep(0.2)
        m = pool.scrape()
        assert value(m, 'chamilo_fcgi_listen_queue_max') == 5, m


def test_status_process_is_restarted_when_it_dies():
    with StatusPool() as pool:
        first = [p for p in children(pool.proc.pid) if comm(p) == 'chamilo-status']
        assert len(first) == 1, children(pool.proc.pid)
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 10
        while True:
            again = [p for p in children(pool.proc.pid) if comm(p) == 'chamilo-status']
            if again and again != first:
                break
            assert time.monotonic() < deadline, 'no new status process'
            time.sleep(0.1)
        assert value(pool.scrape(), 'chamilo_fcgi_workers_max') == 1
        # Its death is not a worker's: no respawn is counted.
        assert value(pool.scrape(), 'chamilo_fcgi_worker_respawns_total') == 0
        with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8') as f:
            assert 'the status server (pid %d) ended' % first[0] in f.read()


def test_a_slow_client_delays_a_scrape_by_two_seconds_at_most():
    import socket
    with StatusPool() as pool:
        slow = socket.create_connection(('127.0.0.1', pool.status_port), timeout=10)
        stop = threading.Event()

        def trickle():  # one byte every 0.2 s, never a full request head
            try:
                while not stop.wait(0.2):
                    slow.send(b'G')
            except OSError:
                pass  # the server gave up on us: expected

        t = threading.Thread(target=trickle)
        t.start()
        try:
            time.sleep(0.3)
            started = time.monotonic()
            m = pool.scrape()
            elapsed = time.monotonic() - started
        finally:
            stop.set()
            t.join(timeout=10)
            slow.close()
    assert value(m, 'chamilo_fcgi_workers_max') == 1
    assert elapsed < 4, elapsed


def test_nginx_status_snippet_proxies_only_to_allowed_addresses():
    """nginx/chamilo-fcgi-status.conf, with its example addresses swapped
    for loopback ones, in a second nginx of its own."""
    import pwd
    import shutil
    import subprocess
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
    with open(os.path.join(repo, 'nginx', 'chamilo-fcgi-status.conf'), encoding='utf-8') as f:
        snippet = f.read()
    nginx = shutil.which('nginx') or '/usr/sbin/nginx'
    with StatusPool() as pool:
        port = free_tcp_port()
        for example, ours in (('listen 10.0.0.5:9101;', 'listen 127.0.0.1:%d;' % port),
                              ('allow 10.0.0.0/24;', 'allow 127.0.0.1;'),
                              ('http://127.0.0.1:9001/metrics',
                               'http://127.0.0.1:%d/metrics' % pool.status_port)):
            assert snippet.count(example) == 1, example
            snippet = snippet.replace(example, ours)
        d = os.path.join(pool.dir, 'nginx')
        os.mkdir(d)
        with open(os.path.join(d, 'status.conf'), 'w', encoding='utf-8') as f:
            f.write(snippet)
        temp = ''.join('%s_temp_path %s/%s;\n' % (kind, d, kind)
                       for kind in ('client_body', 'proxy', 'fastcgi', 'scgi', 'uwsgi'))
        with open(os.path.join(d, 'nginx.conf'), 'w', encoding='utf-8') as f:
            f.write('pid %s/nginx.pid;\nerror_log %s/error.log warn;\nevents {}\n'
                    'http {\n%s include %s/status.conf;\n}\n' % (d, d, temp, d))
        kwargs = {}
        user = harness._env().get('STACK_USER')
        if os.geteuid() == 0 and user and user != 'root':
            pw = pwd.getpwnam(user)
            for path in (d, os.path.join(d, 'nginx.conf'), os.path.join(d, 'status.conf')):
                os.chown(path, pw.pw_uid, pw.pw_gid)
            kwargs.update(user=user, group=pw.pw_gid, extra_groups=[])
        proc = subprocess.Popen([nginx, '-p', d + '/', '-c', d + '/nginx.conf',
                                 '-e', d + '/error.log', '-g', 'daemon off;'],
                                stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, **kwargs)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    status, _, body = http_get('127.0.0.1', port, '/metrics')
                    break
                except OSError:
                    assert proc.poll() is None, open(d + '/error.log').read()
                    assert time.monotonic() < deadline, 'nginx did not start'
                    time.sleep(0.05)
            assert status == 200 and 'chamilo_fcgi_workers_max 1' in body, (status, body[:200])
            status, _, body = http_get('127.0.0.1', port, '/metrics', source='127.0.0.2')
            assert status == 403 and 'chamilo_fcgi' not in body, status
            status, _, body = http_get('127.0.0.1', port, '/')
            assert status == 404 and 'chamilo_fcgi' not in body, status
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def test_silent_and_refused_peers_never_delay_a_scrape():
    """Peers outside status_allow are answered and closed as soon as they are
    accepted, without waiting for their request (more of them than the
    listen backlog), and a silent allowed peer does not hold the server: a
    scrape beside them answers at once."""
    import socket
    with StatusPool() as pool:
        refused, silent = [], []
        try:
            for _ in range(24):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.settimeout(0.5)
                s.bind(('127.0.0.2', 0))
                s.connect(('127.0.0.1', pool.status_port))
                refused.append(s)
            for _ in range(4):
                silent.append(socket.create_connection(('127.0.0.1', pool.status_port), timeout=0.5))
            started = time.monotonic()
            pool.scrape()
            elapsed = time.monotonic() - started
            assert elapsed < 0.5, 'the scrape took %.2f s' % elapsed
            for s in refused:
                s.settimeout(0.5)
                answer = b''
                try:
                    while True:
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        answer += chunk
                except ConnectionResetError:
                    pass
                assert answer == b'' or answer.startswith(b'HTTP/1.1 403 '), answer
        finally:
            for s in refused + silent:
                s.close()
