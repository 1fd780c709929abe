"""A slow or stuck FastCGI peer costs one worker for at most
request_read_timeout seconds, and is logged; and a graceful stop serves
every request queued on the socket.

Straight to a one-worker pool over FastCGI (harness.Pool), since nginx always
sends whole requests; a stuck peer keeps the only worker busy, so that the
other connections wait in the socket's queue.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import os
import signal
import socket
import time
import urllib.parse

from harness import Pool, fcgi_encode, fcgi_read_answer

ENDPOINT_URI = '/main/webservices/api/v2.php'


def _env(body):
    return {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'application/x-www-form-urlencoded',
            'CONTENT_LENGTH': str(len(body)), 'REQUEST_URI': ENDPOINT_URI, 'QUERY_STRING': '',
            'REMOTE_ADDR': '127.0.0.1', 'HTTP_HOST': 'localhost'}


def _connect(pool, data):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(pool.socket)
    s.sendall(data)
    return s


def _stuck_peer(pool, whole_params):
    """A connection that sends part of a request, then waits: the params cut
    short, or every param and half the body."""
    body = urllib.parse.urlencode({'action': 'nothing', 'filler': 'x' * 100}).encode()
    data = fcgi_encode(_env(body), body)
    params_end = data.index(b'\x01\x04\x00\x01\x00\x00\x00\x00')  # the empty PARAMS record
    cut = params_end + 8 + 8 + len(body) // 2 if whole_params else params_end // 2
    return _connect(pool, data[:cut])


def _invalid_action_request():
    body = urllib.parse.urlencode({'action': 'nothing'}).encode()
    return fcgi_encode(_env(body), body)


def _assert_invalid_action(answer):
    status, _, out = answer
    assert status == 200 and b'Invalid action' in out, answer


def test_stuck_peer_holds_a_worker_for_the_read_timeout_only():
    with Pool({'request_read_timeout': '1'}) as pool:
        for whole_params in (False, True):
            stuck = _stuck_peer(pool, whole_params)
            try:
                # The only worker is busy with the stuck peer; the next request
                # waits for the deadline (1 s), not forever (the client gives
                # up after 10 s).
                started = time.monotonic()
                with _connect(pool, _invalid_action_request()) as s:
                    _assert_invalid_action(fcgi_read_answer(s))
                elapsed = time.monotonic() - started
                assert elapsed < 5, 'served after %.1f s' % elapsed
                # The stuck peer got its connection closed without an answer.
                assert fcgi_read_answer(stuck)[0] is None
            finally:
                stuck.close()
        time.sleep(0.2)
        with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8') as f:
            log = f.read()
    assert log.count('request not received within 1 s') >= 2, log[-2000:]


def test_sigterm_serves_every_queued_request():
    with Pool({'request_read_timeout': '2'}) as pool:
        stuck = _stuck_peer(pool, True)
        queued = [_connect(pool, _invalid_action_request()) for _ in range(8)]
        try:
            time.sleep(0.3)
            # The worker is busy and 8 requests wait in the socket's queue.
            pool.proc.send_signal(signal.SIGTERM)
            # No new connection gets in once the stop has begun.
            deadline = time.monotonic() + 5
            while os.path.exists(pool.socket) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not os.path.exists(pool.socket), 'the socket path outlived the stop'
            for s in queued:
                # Closed once read, as nginx does: libfcgi lingers up to 2 s
                # on a connection until the peer closes its end.
                _assert_invalid_action(fcgi_read_answer(s))
                s.close()
            assert pool.proc.wait(timeout=10) == 0
        finally:
            for s in queued + [stuck]:
                s.close()
        with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8') as f:
            log = f.read()
    # The stuck peer's request, then the 8 queued ones.
    assert 'stopping on SIGTERM after 9 requests' in log, log[-2000:]
