"""Live mode (live_campus = on, docs/live-campus.md): a pool whose every
call with a key reads the follower's lag in its key check's round trip and
answers HTTP 503 with an error envelope, its key not accepted, while the
copy is older than live_max_lag_ms. The real MariaDB, chamilo-fcgi-follow
and a second pool in live mode on the stack's PostgreSQL; the lag and the
refusals on that pool's status server. Runs after test_follow.py, which
leaves the follower stopped: the copy is made again first.
"""

import json
import os
import signal
import sys
import time

import harness

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_follow as tf  # noqa: E402  (which puts t/import on the path)
import import_common as ic  # noqa: E402
from harness import Pool, fcgi_form, free_tcp_port, http_get, parse_prometheus

TYPE_INDEPENDENT = True
MAX_LAG_MS = 1500
USER, KEY, NEW_KEY = 'live_bob', 'liveb123456789abcdef0123456789ab', 'liveb2nd456789abcdef0123456789ab'
STATE = {}


class LivePool(Pool):
    """A pool in live mode with its status server on a free port."""

    def __init__(self):
        self.status_port = free_tcp_port()
        super().__init__({'live_campus': 'on', 'live_max_lag_ms': str(MAX_LAG_MS),
                          'live_mariadb_url': tf.pool_mariadb_url(),
                          'status_listen': '127.0.0.1:%d' % self.status_port})

    def call(self, action, username, api_key):
        status, _, body = self.request(*fcgi_form({'action': action, 'username': username,
                                                   'api_key': api_key}))
        return status, json.loads(body)

    def metrics(self):
        deadline = time.monotonic() + 10
        while True:  # the status process starts with the pool
            try:
                status, _, body = http_get('127.0.0.1', self.status_port, '/metrics')
                assert status == 200, (status, body)
                return parse_prometheus(body)
            except OSError:
                assert time.monotonic() < deadline, 'no status server: see %s' % self.dir
                time.sleep(0.05)


def _profile_answers(pool, key=KEY):
    status, body = pool.call('user_profile', USER, key)
    return body if status == 200 and body.get('error') is False else None


def setup_module():
    STATE['proc'] = tf.follow_a_fresh_copy()
    tf.chamilo_user(5101, USER, KEY, like=102)
    STATE['pool'] = LivePool().__enter__()


def teardown_module():
    tf.stop_pool_and_follower(STATE)


def test_calls_answer_while_the_follower_keeps_up():
    pool = STATE['pool']
    body = tf._wait('the user made in MariaDB answers', lambda: _profile_answers(pool), 2.0)
    harness.assert_eq(body['data']['username'], USER)
    # An unknown key is refused as ever, not for lag.
    status, body = pool.call('user_profile', USER, 'not-the-key')
    harness.assert_eq((status, body), (200, {'error': True,
                                             'message': harness.msg('InvalidApiKey')}))
    samples = pool.metrics()
    lag = samples[('chamilo_fcgi_live_follow_lag_seconds', ())]
    assert 0 <= lag <= MAX_LAG_MS / 1000, lag
    harness.assert_eq(samples[('chamilo_fcgi_live_lag_refusals_total', ())], 0.0)


def test_past_the_bound_calls_answer_503_and_no_key_is_accepted():
    pool = STATE['pool']
    proc = STATE.pop('proc')
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    # Revoked in MariaDB while nothing follows: the copy still holds it.
    ic.my("UPDATE user_api_key SET api_key = '%s' WHERE user_id = 5101" % NEW_KEY)
    stopped = time.monotonic()

    def refused():
        status, body = pool.call('user_profile', USER, KEY)
        return (status, body) if status != 200 else None
    status, body = tf._wait('a 503 past live_max_lag_ms', refused, MAX_LAG_MS / 1000 + 3)
    assert time.monotonic() - stopped > 0.3, 'refused before the copy was old'
    harness.assert_eq((status, body), (503, {'error': True,
                                             'message': harness.msg('LiveCampusBehind')}))
    # Whatever the key: the copy cannot tell a valid one from a revoked one.
    for key in (NEW_KEY, 'not-the-key'):
        harness.assert_eq(pool.call('user_profile', USER, key)[0], 503)
    samples = pool.metrics()
    assert samples[('chamilo_fcgi_live_lag_refusals_total', ())] >= 3, samples
    assert samples[('chamilo_fcgi_live_follow_lag_seconds', ())] > MAX_LAG_MS / 1000, samples


def test_restarted_the_follower_answers_again_and_the_revoked_key_is_refused():
    pool = STATE['pool']
    STATE['proc'] = tf._follow(wait=False)
    body = tf._wait('answers again with the key MariaDB holds',
                    lambda: _profile_answers(pool, NEW_KEY), 10)
    harness.assert_eq(body['data']['username'], USER)
    status, body = pool.call('user_profile', USER, KEY)
    harness.assert_eq((status, body), (200, {'error': True,
                                             'message': harness.msg('InvalidApiKey')}))
    samples = pool.metrics()
    assert samples[('chamilo_fcgi_live_follow_lag_seconds', ())] <= MAX_LAG_MS / 1000, samples


def test_no_state_row_is_refused():
    pool = STATE['pool']
    proc = STATE.pop('proc')
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    ic.pg('UPDATE live_follow_state SET caught_up_at = NULL, source_commit_at = NULL')
    status, body = pool.call('user_profile', USER, NEW_KEY)
    harness.assert_eq((status, body), (503, {'error': True,
                                             'message': harness.msg('LiveCampusBehind')}))
