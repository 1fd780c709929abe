"""A slow or stuck FastCGI peer (issue 6, defect 7): it costs one worker for
at most request_read_timeout seconds, and is logged.

Straight to a one-worker pool over FastCGI (harness.Pool), since nginx always
sends whole requests.
"""

import os
import socket
import struct
import time
import urllib.parse

from harness import Pool

ENDPOINT_URI = '/main/webservices/api/v2.php'


def _record(rtype, content):
    return struct.pack('>BBHHBx', 1, rtype, 1, len(content), 0) + content


def _pair(name, value):
    name, value = name.encode(), value.encode()
    return bytes([len(name), len(value)]) + name + value


def _env(body):
    return {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'application/x-www-form-urlencoded',
            'CONTENT_LENGTH': str(len(body)), 'REQUEST_URI': ENDPOINT_URI, 'QUERY_STRING': '',
            'REMOTE_ADDR': '127.0.0.1', 'HTTP_HOST': 'localhost'}


def _stuck_peer(pool, whole_params):
    """A connection that sends part of a request, then waits: the params cut
    short, or every param and half the body."""
    body = urllib.parse.urlencode({'action': 'nothing', 'filler': 'x' * 100}).encode()
    params = b''.join(_pair(k, v) for k, v in _env(body).items())
    data = _record(1, struct.pack('>HBxxxxx', 1, 0))
    if whole_params:
        data += _record(4, params) + _record(4, b'') + _record(5, body[:len(body) // 2])
    else:
        data += _record(4, params[:len(params) // 2])
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(pool.socket)
    s.sendall(data)
    return s


def _stdout_of(s):
    """The FCGI_STDOUT bytes a connection receives until it is closed."""
    data = b''
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    out = b''
    while len(data) >= 8:
        _, rtype, _, clen, plen = struct.unpack('>BBHHBx', data[:8])
        if rtype == 6:
            out += data[8:8 + clen]
        data = data[8 + clen + plen:]
    return out


def _invalid_action(pool):
    body = urllib.parse.urlencode({'action': 'nothing'}).encode()
    started = time.monotonic()
    status, _, out = pool.request(_env(body), body)
    return status, out, time.monotonic() - started


def test_stuck_peer_holds_a_worker_for_the_read_timeout_only():
    with Pool({'request_read_timeout': '1'}) as pool:
        for whole_params in (False, True):
            stuck = _stuck_peer(pool, whole_params)
            try:
                # The only worker is busy with the stuck peer; the next request
                # waits for the deadline (1 s), not forever (fcgi_request gives
                # up after 10 s).
                status, out, elapsed = _invalid_action(pool)
                assert status == 200 and b'Invalid action' in out, (status, out)
                assert elapsed < 5, 'served after %.1f s' % elapsed
                # The stuck peer got its connection closed without an answer
                # (at most libfcgi's END_REQUEST record).
                assert _stdout_of(stuck) == b''
            finally:
                stuck.close()
        time.sleep(0.2)
        with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8') as f:
            log = f.read()
    assert log.count('request not received within 1 s') >= 2, log[-2000:]
