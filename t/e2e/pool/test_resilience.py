"""The pool under failure: the database goes away and comes back, a worker dies.

These tests stop and start the stack's own PostgreSQL and kill the stack's own
workers; every test puts things back before it returns.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import os
import signal
import time

import harness
from harness import (api, assert_error, assert_ok, authenticate, call, children_of, master_pid,
                     pg_ctl)

UNAVAILABLE = 'The database is unavailable. Please try again later.'


def _as_stack_user(cmd):
    """Runs cmd as the stack's user (PostgreSQL refuses root)."""
    return harness.run_as_stack_user(cmd)


def _profile(key):
    return call('user_profile', 'admin', key)


def test_database_down_answers_503_after_the_wait_then_recovers():
    key = authenticate('admin', 'admin')
    assert_ok(_profile(key))
    pg_ctl('stop', '-m', 'fast', '-w')
    try:
        for _ in range(3):
            started = time.monotonic()
            resp = _profile(key)
            elapsed = time.monotonic() - started
            assert resp.status == 503, 'status %d, body %r' % (resp.status, resp.body[:200])
            assert resp.headers.get('Content-Type') == 'application/json', resp.headers
            assert resp.json == {'error': True, 'message': UNAVAILABLE}, resp.body
            assert elapsed < 5, 'a down database took %.1f s to answer' % elapsed
    finally:
        pg_ctl('start', '-w', '-l', os.path.join(harness.STACK_DIR, 'postgres.log'))
    # Each request tries to connect at once (no backoff to wait out, see
    # test_outage_wait.py): every worker reconnects and prepares its
    # statements again, and every call succeeds.
    for _ in range(40):
        assert_ok(_profile(key))


def test_killed_worker_is_respawned_and_logged():
    key = authenticate('admin', 'admin')
    master = master_pid()
    before = children_of(master)
    assert before, 'no workers under master %d' % master
    victim = before[0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 10
    after = []
    while time.monotonic() < deadline:
        after = children_of(master)
        if len(after) == len(before) and victim not in after:
            break
        time.sleep(0.1)
    assert len(after) == len(before) and victim not in after, (before, after)
    for _ in range(20):
        assert_ok(_profile(key))
    with open(os.path.join(harness.STACK_DIR, 'chamilo-fcgi.log'), encoding='utf-8') as f:
        log = f.read()
    assert '(pid %d) was killed by signal 9' % victim in log, 'the death was not logged'


def test_invalid_action_without_database_work_still_answers_json():
    resp = api(None, {})
    assert_error(resp, 'Invalid action')
