"""Requests at the edge of the request flow: a multipart Content-Type without
a boundary leaves $_POST empty, X-Forwarded-For counts only from a trusted proxy
and then only as an address, nginx's own error pages are JSON envelopes, and large
JSON bodies cost the worker bounded memory.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import json

from harness import (Pool, api, assert_error, assert_ok, authenticate, call, sql, sql_exec,
                     uniq)

ENDPOINT_URI = '/main/webservices/api/v2.php'


# ---------------------------------------------------------------- multipart without a boundary

def test_multipart_without_boundary_leaves_post_empty():
    # What a real WordPress integration sends: an urlencoded body under a
    # bare multipart Content-Type. PHP leaves $_POST empty: "Invalid action".
    key = authenticate('student1', 'student1')
    body = ('action=user_profile&username=student1&api_key=%s' % key).encode()
    resp = api(None, raw_body=body, content_type='multipart/form-data')
    assert_error(resp, 'Invalid action')
    # The query string still carries the parameters.
    resp = api(None, raw_body=body, content_type='multipart/form-data',
               query={'action': 'user_profile', 'username': 'student1', 'api_key': key})
    assert assert_ok(resp)['username'] == 'student1', resp.json


# ---------------------------------------------------------------- X-Forwarded-For

def _recorded_ip(pool_or_none, forwarded_for, user='student1'):
    """The track_e_online.user_ip written by a user_profile call that carries
    X-Forwarded-For, through nginx (pool_or_none None) or straight to pool."""
    key = authenticate(user, user)
    sql_exec("DELETE FROM track_e_online WHERE login_user_id ="
             " (SELECT id FROM \"user\" WHERE username = %s)", user)
    if pool_or_none is None:
        assert_ok(call('user_profile', user, key, headers={'X-Forwarded-For': forwarded_for}))
    else:
        import urllib.parse
        body = urllib.parse.urlencode({'action': 'user_profile', 'username': user,
                                       'api_key': key}).encode()
        env = {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'application/x-www-form-urlencoded',
               'CONTENT_LENGTH': str(len(body)), 'REQUEST_URI': ENDPOINT_URI,
               'QUERY_STRING': '', 'REMOTE_ADDR': '127.0.0.1', 'HTTP_HOST': 'localhost',
               'HTTP_X_FORWARDED_FOR': forwarded_for}
        status, _, out = pool_or_none.request(env, body)
        assert status == 200 and json.loads(out)['error'] is False, out
    rows = sql("SELECT user_ip FROM track_e_online WHERE login_user_id ="
               " (SELECT id FROM \"user\" WHERE username = %s)", user)
    assert len(rows) == 1, rows
    return rows[0][0]


def test_forwarded_for_is_ignored_by_default():
    # nginx passes REMOTE_ADDR 127.0.0.1: a local process is no trusted proxy
    # unless the operator lists it.
    assert _recorded_ip(None, '203.0.113.7') == '127.0.0.1'


def test_forwarded_for_from_a_trusted_proxy_must_be_an_address():
    with Pool({'trusted_proxies': '127.0.0.1'}) as pool:
        assert _recorded_ip(pool, '198.51.100.1, 203.0.113.7') == '203.0.113.7'
        assert _recorded_ip(pool, '2001:DB8::1') == '2001:db8::1'
        for junk in ('unknown', '<b>x</b>', "1.2.3.4'--", 'example.org', '1.2.3'):
            assert _recorded_ip(pool, junk) == '127.0.0.1', junk


# ---------------------------------------------------------------- nginx's own error pages

def _assert_json_error(status, headers, body, expected_status):
    assert status == expected_status, (status, headers, body[:300])
    ctype = headers.get('content-type') or headers.get('Content-Type')
    assert ctype == 'application/json', (ctype, body[:300])
    answer = json.loads(body)
    assert answer['error'] is True and isinstance(answer['message'], str) and answer['message'], \
        answer


def _raw_http(base_url, data):
    """Sends raw bytes to nginx; returns (status, headers dict, body)."""
    import socket
    import urllib.parse
    url = urllib.parse.urlsplit(base_url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as s:
        s.sendall(data)
        got = b''
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    head, _, body = got.partition(b'\r\n\r\n')
    lines = head.decode('latin-1').split('\r\n')
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(':')
        headers[k.strip().lower()] = v.strip()
    return int(lines[0].split()[1]), headers, body


def _http(resp):
    return resp.status, {k.lower(): v for k, v in resp.headers._pairs}, resp.body


def test_nginx_errors_are_json_envelopes():
    import harness
    # 414: a request line longer than nginx's header buffers.
    resp = api(None, method='GET', encoding='query', query={'action': 'x' * 20000})
    _assert_json_error(*_http(resp), 414)
    # 400 while reading the headers (before any location is chosen).
    _assert_json_error(*_raw_http(harness.BASE_URL,
                                  b'POST ' + ENDPOINT_URI.encode() + b' HTTP/1.1\r\n'
                                  b'Host: 127.0.0.1\r\nContent-Length: 1\r\n'
                                  b'Content-Length: 2\r\nConnection: close\r\n\r\nab'), 400)
    # 400 while reading the body (inside the location).
    _assert_json_error(*_raw_http(harness.BASE_URL,
                                  b'POST ' + ENDPOINT_URI.encode() + b' HTTP/1.1\r\n'
                                  b'Host: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n'
                                  b'Connection: close\r\n\r\nzz\r\n'), 400)


def test_nginx_502_and_504_are_json_envelopes():
    import os
    import socket
    import harness
    from harness import Front
    # 502: no pool behind the socket path.
    missing = os.path.join(harness.STACK_DIR, 'no-such-pool.sock')
    with Front([missing]) as front:
        _assert_json_error(*_http(api('user_profile', {}, base_url=front.base_url)), 502)
    # 504: a peer that accepts and never answers.
    path = os.path.join(harness.STACK_DIR, 'mute-%s.sock' % uniq('p'))
    mute = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        mute.bind(path)
        os.chmod(path, 0o666)
        mute.listen(16)
        with Front([path], read_timeout='1s') as front:
            _assert_json_error(*_http(api('user_profile', {}, base_url=front.base_url)), 504)
    finally:
        mute.close()
        os.unlink(path)


def test_pool_400_for_a_bad_content_length_is_an_envelope():
    with Pool({}) as pool:
        env = {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'application/x-www-form-urlencoded',
               'CONTENT_LENGTH': '12abc', 'REQUEST_URI': ENDPOINT_URI, 'QUERY_STRING': '',
               'REMOTE_ADDR': '127.0.0.1', 'HTTP_HOST': 'localhost'}
        status, headers, body = pool.request(env, b'action=x')
    _assert_json_error(status, headers, body, 400)
    assert json.loads(body)['message'] == 'Invalid Content-Length', body
    assert headers.get('access-control-allow-origin') == '*', headers


# ---------------------------------------------------------------- large JSON bodies

def _proc_status(pid, field):
    with open('/proc/%d/status' % pid, encoding='utf-8') as f:
        for line in f:
            if line.startswith(field + ':'):
                return int(line.split()[1]) * 1024
    raise AssertionError('no %s for %d' % (field, pid))


def _cpu_seconds(pid):
    import os
    with open('/proc/%d/stat' % pid, encoding='utf-8') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def test_large_json_bodies_cost_little_and_give_memory_back():
    import subprocess
    size = 8 * 1024 * 1024 - 64
    many = b'[' + b'1,' * (size // 2 - 1) + b'1]'
    one_string = b'{"s":"' + b'x' * (size - 10) + b'"}'
    with Pool({}) as pool:
        # Warm the worker up (database connection, first allocations).
        env = {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'application/json',
               'REQUEST_URI': ENDPOINT_URI, 'QUERY_STRING': '', 'REMOTE_ADDR': '127.0.0.1',
               'HTTP_HOST': 'localhost'}
        pool.request(env, b'{"action":"nothing"}')
        worker = int(subprocess.run(['pgrep', '-P', str(pool.proc.pid)], capture_output=True,
                                    text=True).stdout.split()[0])
        for body, status, message in ((many, 400, 'Too many parameters'),
                                      (one_string, 200, 'Invalid action')):
            rss_before = _proc_status(worker, 'VmRSS')
            cpu_before = _cpu_seconds(worker)
            got_status, _, out = pool.request(env, body)
            cpu = _cpu_seconds(worker) - cpu_before
            assert got_status == status and json.loads(out)['message'] == message, \
                (got_status, out[:200])
            # Reading the 8 MB body over FastCGI is part of the cost here; the
            # parser's own share is measured by t/unit/test_body_cost.c. A parser
            # that copies the array per element spends 2 s and 300 MB here.
            assert cpu < 0.5, 'the worker spent %.2f s of CPU' % cpu
            peak = _proc_status(worker, 'VmHWM')
            assert peak - rss_before < 4 * len(body), \
                'peak grew by %d MB' % ((peak - rss_before) >> 20)
            # The worker resets its arena once the connection is closed, just
            # after the answer: give it a moment.
            import time
            deadline = time.monotonic() + 3
            while True:
                rss_after = _proc_status(worker, 'VmRSS')
                if rss_after - rss_before < len(body) // 2 or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            assert rss_after - rss_before < len(body) // 2, \
                'kept %d MB after the request' % ((rss_after - rss_before) >> 20)
