#!/usr/bin/env python3
"""lag_bench - the follower's lag at a given MariaDB write rate, on a stack
and MariaDB kept by `KEEP_STACK=1 t/live/run.sh -k user_and` (the follower
of that run is stopped: start one first, see docs/live-campus.md).

    t/live/lag_bench.py MYSQL_SOCKET PG_CONNINFO RATE [SECONDS]

One mariadb client inserts RATE single-row transactions per second into
track_e_default for SECONDS (default 5); every 20 ms the newest row is read
in MariaDB (a second client) and in PostgreSQL. The lag of a sample is the
age of the oldest row MariaDB had committed but PostgreSQL did not have yet
(its age counted from the first sample that saw it in MariaDB; 0 when caught
up): what MariaDB itself takes to commit at that rate is not counted. Prints
the median, p99 and max of the samples, the rate MariaDB really committed,
and whether every row arrived.
"""
import subprocess
import sys
import threading
import time

sock, conninfo, rate = sys.argv[1], sys.argv[2], int(sys.argv[3])
seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
tag = 'lag_%d_%d' % (rate, int(time.time()))
sent = []
my = subprocess.Popen(['mariadb', '--no-defaults', '-S', sock, '-u', 'root', 'chamilo'],
                      stdin=subprocess.PIPE, text=True)
reader = subprocess.Popen(['mariadb', '--no-defaults', '-S', sock, '-u', 'root', '-B', '-N',
                           '--unbuffered', 'chamilo'], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True)
pg = subprocess.Popen(['psql', '-X', '-q', '-At', '-d', conninfo], stdin=subprocess.PIPE,
                      stdout=subprocess.PIPE, text=True)
done = threading.Event()


def writer():
    n = int(rate * seconds)
    start = time.monotonic()
    for i in range(n):
        due = start + i / rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        my.stdin.write("INSERT INTO track_e_default (default_user_id, default_date, default_event_type,"
                       " default_value_type, default_value) VALUES (1, NOW(), '%s', 'n', '%d');\n" % (tag, i))
        my.stdin.flush()
        sent.append(time.monotonic())
    done.set()


def applied():
    pg.stdin.write("SELECT coalesce(max(default_value::int), -1) FROM track_e_default"
                   " WHERE default_event_type = '%s';\n" % tag)
    pg.stdin.flush()
    return int(pg.stdout.readline())


def committed():
    reader.stdin.write("SELECT coalesce(max(CAST(default_value AS SIGNED)), -1) FROM track_e_default"
                       " WHERE default_event_type = '%s';\n" % tag)
    reader.stdin.flush()
    return int(reader.stdout.readline())


t = threading.Thread(target=writer)
t.start()
lags = []
seen = []   # seen[i]: when row i was first seen committed in MariaDB
begin = time.monotonic()
while not done.is_set() or committed() + 1 < len(sent):
    top_my = committed()
    now = time.monotonic()
    while len(seen) <= top_my:
        seen.append(now)
    top = applied()
    lags.append(time.monotonic() - seen[top + 1] if top + 1 < len(seen) else 0.0)
    time.sleep(0.02)
mariadb_rate = len(sent) / (time.monotonic() - begin)
deadline = time.monotonic() + 30
while applied() + 1 < len(sent) and time.monotonic() < deadline:
    time.sleep(0.02)
catch_up = time.monotonic() - sent[-1]
lags.sort()
print('%5d writes/s asked (%d committed/s) for %.0f s: lag median %.3f s, p99 %.3f s, max %.3f s;'
      ' last row in PostgreSQL %.3f s after it was sent; %s'
      % (rate, mariadb_rate, seconds, lags[len(lags) // 2], lags[int(len(lags) * 0.99)], lags[-1],
         catch_up, 'all rows followed' if applied() + 1 == len(sent) else 'ROWS MISSING'))
for proc in (my, reader):
    proc.stdin.close()
    proc.wait()
pg.stdin.close()
pg.wait()
