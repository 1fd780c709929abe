"""A PostgreSQL restart while the workers sit idle: the next call on each
worker, write or read, reconnects and succeeds (issue: the first BEGIN on a
connection cut while idle answered 503, and nothing was logged).
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import os
import threading

import harness
from harness import api, assert_ok, authenticate, call, pg_ctl, stack_log


def test_restart_then_every_worker_writes_and_reads():
    key = authenticate('admin', 'admin')
    # Warm every worker: each holds an open connection with its statements.
    for _ in range(20):
        assert_ok(call('user_profile', 'admin', key))
    log_before = len(stack_log())

    pg_ctl('restart', '-m', 'fast', '-w', '-l', os.path.join(harness.STACK_DIR, 'postgres.log'))

    # As many concurrent callers as there are workers and more, so that every
    # worker takes calls; each first does a write action (authenticate runs in
    # a transaction), then a read action.
    results = []
    lock = threading.Lock()

    def caller():
        for _ in range(3):
            write = api('authenticate', {'username': 'admin', 'password': 'admin'})
            read = call('user_profile', 'admin', key)
            with lock:
                results.append((write.status, write.json and write.json.get('error'),
                                read.status, read.json and read.json.get('error')))

    threads = [threading.Thread(target=caller) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 24, results
    bad = [r for r in results if r != (200, False, 200, False)]
    assert not bad, 'calls failed after the restart: %r' % bad
    # The drop was noticed and logged, not hidden.
    assert 'reconnecting once' in stack_log()[log_before:], 'no reconnect was logged'
