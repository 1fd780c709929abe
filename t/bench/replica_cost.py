#!/usr/bin/env python3
"""replica_cost - what a read replica saves the primary, and what the two
ways of keeping the key promise cost (README, "Read replicas").

    t/stack/stack.sh up DIR PORT build/chamilo-fcgi
    python3 t/bench/replica_cost.py DIR PORT [CALLS]
    t/stack/stack.sh destroy DIR

Builds the standby of t/e2e/pool/test_read_replicas.py (pg_basebackup of
the stack's cluster) and a pool that reads from it, beside a pool without
it, both behind their own nginx, then prints:
  * the primary's CPU time (utime + stime of the postmaster and all its
    children: backends, WAL sender, writers) per user_profile call, CALLS
    calls one after another through each pool; the standby's the same;
  * the mean latency of a write (update_user_from_username) with
    synchronous_commit = on and with remote_apply (the standby made a
    synchronous standby: synchronous_standby_names = '*'), and of a read
    on the standby (freshness in the key check's round trip) and on the
    primary.
One machine, loaded by other work: compare the figures of one run.
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'e2e'))
sys.path.insert(0, os.path.join(HERE, '..', 'e2e', 'pool'))

import harness  # noqa: E402

TICK = os.sysconf('SC_CLK_TCK')


def cluster_cpu_seconds(pgdata):
    """utime + stime of the postmaster of pgdata and of its children."""
    with open(os.path.join(pgdata, 'postmaster.pid'), encoding='utf-8') as f:
        postmaster = int(f.readline())
    total = 0
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % pid, encoding='utf-8') as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        # fields[1] is ppid (the 4th field of stat), [11], [12] utime, stime
        if int(pid) == postmaster or int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def timed(func, n):
    started = time.monotonic()
    for _ in range(n):
        func()
    return (time.monotonic() - started) / n


def main():
    stack_dir, port = sys.argv[1], sys.argv[2]
    calls = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    harness.configure('http://127.0.0.1:%s' % port, stack_dir)
    import test_read_replicas as replicas
    replicas.setup_module()
    plain = harness.Pool({'workers': '2'}).__enter__()
    plain_front = harness.Front([plain.socket]).__enter__()
    primary_data = os.path.join(stack_dir, 'pgdata')
    standby_data = os.path.join(replicas.standby.dir, 'pgdata')
    try:
        user = replicas.replayed_user()
        key = user.key()

        def read_through(front):
            return lambda: harness.assert_ok(
                harness.call('user_profile', user.username, key, base_url=front.base_url))

        for front in (plain_front, replicas.front):  # warm both pools
            timed(read_through(front), 50)
        for label, front in (('without a standby', plain_front),
                             ('with a standby', replicas.front)):
            time.sleep(1)  # the bookkeeping of the warm-up is written
            p0, s0 = cluster_cpu_seconds(primary_data), cluster_cpu_seconds(standby_data)
            mean = timed(read_through(front), calls)
            time.sleep(1)  # and that of the measured calls
            p1, s1 = cluster_cpu_seconds(primary_data), cluster_cpu_seconds(standby_data)
            print('%-18s primary %.1f us CPU/call, standby %.1f us CPU/call, %.2f ms/call'
                  % (label, (p1 - p0) / calls * 1e6, (s1 - s0) / calls * 1e6, mean * 1000))

        admin = harness._admin()
        counter = [0]

        def write(front):
            def one():
                counter[0] += 1
                harness.assert_ok(harness.call(
                    'update_user_from_username', 'admin', admin,
                    {'loginname': user.username, 'firstname': 'W%d' % counter[0]},
                    base_url=front.base_url))
            return one

        writes = max(calls // 10, 50)
        print('write, synchronous_commit = on:           %.2f ms'
              % (timed(write(replicas.front), writes) * 1000))
        harness.sql_exec("ALTER SYSTEM SET synchronous_standby_names = '*'")
        harness.sql_exec('SELECT pg_reload_conf()')
        time.sleep(1)
        with harness.Pool({'workers': '2', 'db_replica_remote_apply': 'on',
                           'db_replica_conninfo': replicas.pool.overrides['db_replica_conninfo']}
                          ) as applying, harness.Front([applying.socket]) as applying_front:
            print('write, synchronous_commit = remote_apply: %.2f ms'
                  % (timed(write(applying_front), writes) * 1000))
        harness.sql_exec('ALTER SYSTEM RESET synchronous_standby_names')
        harness.sql_exec('SELECT pg_reload_conf()')
    finally:
        plain_front.__exit__(None, None, None)
        plain.__exit__(None, None, None)
        replicas.teardown_module()


if __name__ == '__main__':
    main()
