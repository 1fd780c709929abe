#!/usr/bin/env python3
"""live_cost - what live mode's gate costs a read (README, "A live campus"):
user_profile through a pool with live_campus = on beside one without it.

    t/stack/stack.sh up DIR PORT build/chamilo-fcgi
    python3 t/bench/live_cost.py DIR PORT [CALLS] [ROUNDS]
    t/stack/stack.sh destroy DIR

The stack's database stands in for a followed copy: a thread refreshes
live_follow_state.caught_up_at every 0.5 s, as an idle follower does.
Two pools (2 workers each, the stack's configuration otherwise), each
behind its own nginx, answer CALLS user_profile calls one after another,
taking turns for ROUNDS rounds so that the machine's changing load falls
on both alike. Prints, per round and as medians over the rounds, the mean
latency per call and PostgreSQL's CPU time per call (utime + stime of the
postmaster and its children). One machine, loaded by other work: compare
the figures of one run.
"""

import os
import statistics
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'e2e'))
sys.path.insert(0, HERE)

import harness  # noqa: E402
from replica_cost import cluster_cpu_seconds, timed  # noqa: E402


def main():
    stack_dir, port = sys.argv[1], sys.argv[2]
    calls = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    harness.configure('http://127.0.0.1:%s' % port, stack_dir)
    harness.sql_exec('INSERT INTO live_follow_state (gtid_pos, caught_up_at) VALUES'
                     " ('0-1-1', now()) ON CONFLICT (singleton) DO UPDATE SET caught_up_at = now()")
    stop = threading.Event()

    def heartbeat():
        while not stop.wait(0.5):
            harness.sql_exec('UPDATE live_follow_state SET caught_up_at = now()')
    beat = threading.Thread(target=heartbeat)
    beat.start()
    pgdata = os.path.join(stack_dir, 'pgdata')
    pools = {}
    try:
        for label, live in (('migrated', 'off'), ('live', 'on')):
            pool = harness.Pool({'workers': '2', 'live_campus': live}).__enter__()
            front = harness.Front([pool.socket]).__enter__()
            pools[label] = (pool, front)
        user = harness.new_user(with_key=True)
        key = user.key()

        def read_through(front):
            return lambda: harness.assert_ok(
                harness.call('user_profile', user.username, key, base_url=front.base_url))
        for _, front in pools.values():  # warm both pools
            timed(read_through(front), 50)
        figures = {label: ([], []) for label in pools}
        for r in range(rounds):
            for label, (_, front) in pools.items():
                cpu0 = cluster_cpu_seconds(pgdata)
                mean = timed(read_through(front), calls)
                cpu1 = cluster_cpu_seconds(pgdata)
                figures[label][0].append(mean * 1000)
                figures[label][1].append((cpu1 - cpu0) / calls * 1e6)
                print('round %d %-9s %.3f ms/call, PostgreSQL %.1f us CPU/call'
                      % (r + 1, label, mean * 1000, (cpu1 - cpu0) / calls * 1e6))
        for label, (ms, cpu) in figures.items():
            print('median   %-9s %.3f ms/call, PostgreSQL %.1f us CPU/call'
                  % (label, statistics.median(ms), statistics.median(cpu)))
        ratios = [a / b for a, b in zip(figures['live'][0], figures['migrated'][0])]
        print('live/migrated latency, per round: %s; median %.3f'
              % (' '.join('%.3f' % x for x in ratios), statistics.median(ratios)))
    finally:
        stop.set()
        beat.join()
        for pool, front in pools.values():
            front.__exit__(None, None, None)
            pool.__exit__(None, None, None)


if __name__ == '__main__':
    main()
