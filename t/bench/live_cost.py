#!/usr/bin/env python3
"""live_cost - what live mode costs a read and a write (README, "A live
campus"): user_profile and update_user_from_username through a pool with
live_campus = on beside one without it, on the same followed copy.

    make bench-live        (t/live/run.sh with LIVE_SCRIPT=t/bench/live_cost.py)

Runs inside t/live/run.sh's throwaway MariaDB (the fixture campus) and
stack: the copy is made by chamilo-fcgi-import and followed by
chamilo-fcgi-follow. The live pool checks each key in MariaDB and writes
to MariaDB, answering once the follower has applied the write; the
migrated pool reads and writes PostgreSQL alone. Both have 2 workers, no
bookkeeping rows (track_activity and log_events off: the migrated pool's
would take ids MariaDB hands out), each behind its own nginx. Each round
makes CALLS calls of each kind one after another on each pool, the pools
taking turns so that the machine's changing load falls on both alike.
Prints, per kind and pool, the median over rounds of p50 and p99 latency
and of the mean, and the live/migrated ratio of the means. One machine,
loaded by other work: compare the figures of one run.
"""

import os
import signal
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'e2e'))
sys.path.insert(0, os.path.join(HERE, '..', 'live'))

import harness  # noqa: E402
import test_follow as tf  # noqa: E402  (puts t/import on the path)

ADMIN, ADMIN_ID, KEY = 'bench_admin', 5401, 'benchA23456789abcdef0123456789ab'


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def run_calls(front, action, params, n):
    """Latencies (s) of n calls of action through front, each checked."""
    out = []
    for i in range(n):
        values = {k: (v % i if isinstance(v, str) and '%d' in v else v) for k, v in params.items()}
        started = time.monotonic()
        harness.assert_ok(harness.call(action, ADMIN, KEY, values, base_url=front.base_url))
        out.append(time.monotonic() - started)
    return out


def main():
    calls = int(os.environ.get('CALLS', '300'))
    rounds = int(os.environ.get('ROUNDS', '5'))
    follower = tf.follow_a_fresh_copy()
    pools = {}
    try:
        tf.chamilo_user(ADMIN_ID, ADMIN, KEY, admin=True)
        common = {'workers': '2', 'track_activity': 'off', 'log_events': 'off'}
        for label, extra in (('migrated', {}),
                             ('live', {'live_campus': 'on',
                                       'live_mariadb_url': tf.pool_mariadb_url()})):
            pool = harness.Pool(dict(common, **extra)).__enter__()
            front = harness.Front([pool.socket]).__enter__()
            pools[label] = front, pool
        tf._wait('the administrator answers', lambda: harness.call(
            'user_profile', ADMIN, KEY, base_url=pools['live'][0].base_url).json.get('error') is False,
            5)
        kinds = (('user_profile', {}),
                 ('update_user_from_username', {'loginname': ADMIN, 'firstname': 'Bench %d'}))
        for front, _ in pools.values():  # warm both
            for action, params in kinds:
                run_calls(front, action, params, 20)
        figures = {}
        for r in range(rounds):
            for action, params in kinds:
                for label, (front, _) in pools.items():
                    lat = run_calls(front, action, params, calls)
                    row = figures.setdefault((action, label), {'p50': [], 'p99': [], 'mean': []})
                    row['p50'].append(percentile(lat, 0.5) * 1000)
                    row['p99'].append(percentile(lat, 0.99) * 1000)
                    row['mean'].append(statistics.mean(lat) * 1000)
            print('round %d of %d done' % (r + 1, rounds), flush=True)
        print('%-26s %-9s %9s %9s %9s' % ('action', 'pool', 'p50 ms', 'p99 ms', 'mean ms'))
        for (action, label), row in figures.items():
            print('%-26s %-9s %9.2f %9.2f %9.2f' % (action, label, statistics.median(row['p50']),
                                                   statistics.median(row['p99']),
                                                   statistics.median(row['mean'])))
        for action, _ in kinds:
            ratios = [a / b for a, b in zip(figures[(action, 'live')]['mean'],
                                            figures[(action, 'migrated')]['mean'])]
            print('%s live/migrated mean latency, per round: %s; median %.2f'
                  % (action, ' '.join('%.2f' % x for x in ratios), statistics.median(ratios)))
    finally:
        for front, pool in pools.values():
            front.__exit__(None, None, None)
            pool.__exit__(None, None, None)
        follower.send_signal(signal.SIGTERM)
        follower.wait(timeout=30)


if __name__ == '__main__':
    main()
