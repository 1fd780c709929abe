#!/usr/bin/env bash
# bench.sh - `make bench`: wrk through nginx against a fresh stack, each
# scenario beside two ceilings measured in the same run.
#
# Scenarios (each BENCH_SECONDS, after a 1 s warm-up, BENCH_CONNECTIONS):
#   static file     GET /ceiling.json served by nginx alone: the most this
#                   machine's nginx + wrk can do
#   fcgi hello      a bare libfcgi responder (t/bench/fcgi_hello.c) with the
#                   pool's number of workers behind the same nginx: what
#                   FastCGI itself costs; the pool is read against it
#   fcgi hello + SELECT 1        the same, each worker with one PostgreSQL
#                   connection, running a prepared SELECT 1 per request: the
#                   least any design that asks the database once per call
#                   can cost on this machine
#   user_profile, 1 user         admin's key on every call (same-second
#                   bookkeeping updates are skipped: the best case)
#   user_profile, 1000 users     1,000 users with their own keys in turn: the
#                   bookkeeping (who is online, last login, event row) really
#                   writes on every call
#   authenticate    admin/admin: a bcrypt check (cost 4) and the key lookup
#   bcrypt alone    t/bench/bcrypt_rate.c: bcrypt checks of the admin's hash
#                   per second, one process per core, nothing else running:
#                   authenticate's ceiling (no HTTP; its latency columns are
#                   empty)
#   gcm_id, 1000 users           a write action: one transaction with a
#                   synchronous commit per call
#   user_profile, 1000 users, bookkeeping off   track_activity and
#                   log_events off (the pool restarted)
#   user_profile, 1000 users, multi-URL   multiple_access_urls on, the
#                   bench's Host a campus of its own with the 1,000 users as
#                   members: the campus lookup and the membership check of
#                   multi-URL installations, bookkeeping on
#
# Environment: WORKERS (pool and hello size, default 4), BENCH_SECONDS
# (default 10), BENCH_CONNECTIONS (default 64), BENCH_THREADS (default 2),
# BENCH_DIR (default $BUILD/bench): bench.txt (the table printed at the
# end), bench.csv (the same numbers, one row per scenario) and bench.svg
# (throughput and latency per scenario, drawn from bench.csv by
# t/bench/plot.py).
# Each HTTP scenario's CPU time is also split per request between the
# process serving FastCGI, PostgreSQL, nginx and the rest (the table's
# second part, t/bench/cpu_split.py): on a saturated machine it shows which
# of them bounds the rate.
# Every response is checked (t/bench/api.lua): any non-2xx, non-success
# answer or socket error is reported and the script exits 1, so errors are
# never mistaken for speed.
#
# The database is in the state of a campus in use before the pool is
# measured: the 1,000 users have logged in before (a track_e_login row each,
# so the bookkeeping extends their logins as it does for real users), a
# warm-up pass has called once as each of them (who-is-online rows), and the
# statistics are fresh (VACUUM ANALYZE, as autovacuum keeps them on a live
# campus). Without that, the generic plans are built from the statistics of
# empty tables and every batch of bookkeeping scans them.
#
# On a 2-core machine wrk, nginx, the pool and PostgreSQL share the cores:
# the numbers compare builds and designs on the same box, in the same run;
# they are no capacity figure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BUILD=${BUILD:-build}
BINARY=$BUILD/chamilo-fcgi
HELLO=$BUILD/bench/fcgi_hello
BCRYPT_RATE=$BUILD/bench/bcrypt_rate
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
REPORT_DIR=${BENCH_DIR:-$BUILD/bench}
export WORKERS=${WORKERS:-4}
BENCH_USERS=1000

for f in "$BINARY" "$HELLO" "$BCRYPT_RATE"; do
    [[ -x $f ]] || {
        echo "bench: $f not found: run make bench" >&2
        exit 1
    }
done
command -v wrk >/dev/null || {
    echo "bench: wrk not found (t/stack/deps.sh installs it)" >&2
    exit 1
}

STACK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/chamilo-bench.XXXXXX")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
API=$BASE/main/webservices/api/v2.php
BASE_EXTRA_CONF=${EXTRA_CONF:-}
HELLO_PID=

cleanup() {
    [[ -z $HELLO_PID ]] || kill -- -"$HELLO_PID" 2>/dev/null || true
    t/stack/stack.sh destroy "$STACK_DIR" || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t/stack/stack.sh up "$STACK_DIR" "$PORT" "$BINARY"
# shellcheck disable=SC1091 # written by stack.sh up
. "$STACK_DIR/stack.env"

# As the stack's user when root (PostgreSQL refuses root; the sockets are its).
as_stack_user() {
    if [[ $(id -u) -eq 0 && -n ${STACK_USER:-} && $STACK_USER != root ]]; then
        setpriv --reuid="$STACK_USER" --regid="$(id -g "$STACK_USER")" --clear-groups "$@"
    else
        "$@"
    fi
}

# 1,000 students with their own MsgREST keys, and the list wrk takes them from.
as_stack_user psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$PGDATABASE" \
    -v users="$BENCH_USERS" -f t/bench/bench-users.sql
USERS_FILE=$STACK_DIR/bench-users.txt
as_stack_user psql -X -q -A -t -F ' ' -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$PGDATABASE" \
    -c "SELECT u.username, k.api_key FROM \"user\" u JOIN user_api_key k ON k.user_id = u.id
        WHERE u.username LIKE 'bench%' ORDER BY u.id" >"$USERS_FILE"
[[ $(wc -l <"$USERS_FILE") -eq $BENCH_USERS ]] || {
    echo "bench: could not create the $BENCH_USERS bench users" >&2
    exit 1
}

# The admin's api key, through the API itself.
auth=$(curl -sS --max-time 10 -X POST "$API" \
    --data-urlencode action=authenticate --data-urlencode username=admin --data-urlencode password=admin)
KEY=$(python3 -c 'import json, sys
d = json.loads(sys.argv[1])
assert d.get("error") is False, d
print(d["data"]["apiKey"])' "$auth") || {
    echo "bench: authenticate admin/admin failed: $auth" >&2
    exit 1
}

RESULTS=()    # "name|rps|p50|p90|p99|non2xx|notok|sockerr"
CPU_SPLITS=() # "name|app=µs postgres=µs nginx=µs rest=µs total=µs" (per request)
FAILED=0

# cpu_snap OUT: the CPU time used so far by the process serving FastCGI
# (the hello while one runs, else the pool), PostgreSQL and nginx, each with
# its children (t/bench/cpu_split.py).
cpu_snap() {
    local app
    app=${HELLO_PID:-$(head -n 1 "$STACK_DIR/chamilo-fcgi.pid" 2>/dev/null || echo 0)}
    python3 t/bench/cpu_split.py snap "$1" "app=$app" \
        "postgres=$(head -n 1 "$STACK_DIR/pgdata/postmaster.pid" 2>/dev/null || echo 0)" \
        "nginx=$(head -n 1 "$STACK_DIR/nginx.pid" 2>/dev/null || echo 0)"
}

# run NAME URL BODY [USERS_FILE]: a warm-up, then the measured run. BODY may
# hold @USER@ and @KEY@, replaced per request from USERS_FILE in turn.
run() {
    local name=$1 url=$2 body=$3 users=${4:-} out line sample
    echo "bench: $name (${SECONDS_PER_RUN}s, $CONNECTIONS connections, $THREADS threads)" >&2
    BENCH_BODY=$body BENCH_USERS_FILE=$users \
        wrk -t "$THREADS" -c "$CONNECTIONS" -d 1s -s t/bench/api.lua "$url" >/dev/null
    cpu_snap "$STACK_DIR/cpu-before.json"
    out=$(BENCH_BODY=$body BENCH_USERS_FILE=$users wrk -t "$THREADS" -c "$CONNECTIONS" \
        -d "${SECONDS_PER_RUN}s" --timeout 5s -s t/bench/api.lua "$url")
    cpu_snap "$STACK_DIR/cpu-after.json"
    line=$(grep '^BENCH ' <<<"$out" || true)
    if [[ -z $line ]]; then
        echo "$out" >&2
        echo "bench: $name: wrk printed no result" >&2
        FAILED=1
        return
    fi
    # shellcheck disable=SC2034 # duration_us: set by eval, unused
    local requests duration_us rps p50_us p90_us p99_us non2xx notok sockerr
    eval "$(sed -e 's/^BENCH //' -e 's/\([a-z0-9_]*\)=\([0-9.]*\)/\1=\2;/g' <<<"$line")"
    RESULTS+=("$name|$rps|$p50_us|$p90_us|$p99_us|$non2xx|$notok|$sockerr")
    CPU_SPLITS+=("$name|$(python3 t/bench/cpu_split.py diff "$STACK_DIR/cpu-before.json" \
        "$STACK_DIR/cpu-after.json" "$requests")")
    if ((non2xx + notok + sockerr > 0)); then
        FAILED=1
        sample=$(sed -n 's/^BENCH_SAMPLE //p' <<<"$out")
        echo "bench: $name: $non2xx non-2xx, $notok not-success answers, $sockerr socket errors; first: $sample" >&2
    fi
}

# psql as the stack's user, quietly.
bench_sql() {
    as_stack_user psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" \
        -d "$PGDATABASE" -c "$1"
}

# A campus in use (header): one call as each user, then fresh statistics.
BENCH_BODY="action=user_profile&username=@USER@&api_key=@KEY@" BENCH_USERS_FILE=$USERS_FILE \
    wrk -t "$THREADS" -c "$CONNECTIONS" -d 2s -s t/bench/api.lua "$API" >/dev/null
bench_sql "VACUUM ANALYZE"

run "static file" "$BASE/ceiling.json" ""

# start_hello [CONNINFO]: the hello in a session of its own (setsid runs
# in the background child itself, so $! is the hello and its process
# group), as the stack's user when root; returns once its socket exists.
start_hello() {
    rm -f "$STACK_DIR/hello.sock"
    if [[ $(id -u) -eq 0 && -n ${STACK_USER:-} && $STACK_USER != root ]]; then
        setsid setpriv --reuid="$STACK_USER" --regid="$(id -g "$STACK_USER")" --clear-groups \
            "$HELLO" "$STACK_DIR/hello.sock" "$WORKERS" "$@" &
    else
        setsid "$HELLO" "$STACK_DIR/hello.sock" "$WORKERS" "$@" &
    fi
    HELLO_PID=$!
    for _ in $(seq 50); do [[ -S $STACK_DIR/hello.sock ]] && return; sleep 0.1; done
    echo "bench: $HELLO did not start" >&2
    exit 1
}
# stop_hello: the hello and its workers (its process group).
stop_hello() {
    kill -- -"$HELLO_PID" 2>/dev/null || true
    wait "$HELLO_PID" 2>/dev/null || true
    HELLO_PID=
}

start_hello
run "fcgi hello" "$BASE/fcgi-hello" "action=user_profile&username=admin&api_key=$KEY"
stop_hello
start_hello "host=$PGHOST port=$PGPORT user=$PGUSER dbname=$PGDATABASE"
run "fcgi hello + SELECT 1" "$BASE/fcgi-hello" "action=user_profile&username=admin&api_key=$KEY"
stop_hello

run "user_profile, 1 user" "$API" "action=user_profile&username=admin&api_key=$KEY"
run "user_profile, 1000 users" "$API" "action=user_profile&username=@USER@&api_key=@KEY@" "$USERS_FILE"
run "authenticate" "$API" "action=authenticate&username=admin&password=admin"
# bcrypt alone: the same hash, one process per core, nothing else running.
ADMIN_HASH=$(bench_sql "SELECT password FROM \"user\" WHERE username = 'admin'")
echo "bench: bcrypt alone (${SECONDS_PER_RUN}s, $(nproc) processes)" >&2
bcrypt_line=$("$BCRYPT_RATE" "$ADMIN_HASH" "$SECONDS_PER_RUN" "$(nproc)") || {
    echo "bench: bcrypt_rate failed on the admin's hash" >&2
    FAILED=1
}
bcrypt_rps=$(sed -n 's/.* rate=\([0-9.]*\).*/\1/p' <<<"$bcrypt_line")
RESULTS+=("bcrypt alone, $(nproc) processes|${bcrypt_rps:-0}|0|0|0|0|0|0")
run "gcm_id (write), 1000 users" "$API" \
    "action=gcm_id&username=@USER@&api_key=@KEY@&registration_id=@KEY@" "$USERS_FILE"

t/stack/stack.sh down "$STACK_DIR"
EXTRA_CONF=$(printf '%s\ntrack_activity = off\nlog_events = off' "$BASE_EXTRA_CONF") \
    t/stack/stack.sh up "$STACK_DIR" "$PORT" "$BINARY"
run "user_profile, 1000 users, no bookkeeping" "$API" \
    "action=user_profile&username=@USER@&api_key=@KEY@" "$USERS_FILE"

# Several campuses on one install: the bench's Host (nginx passes 127.0.0.1)
# is a campus of its own, whose members the 1,000 users are; the campus is
# looked up on every call, and the key check counts the membership.
t/stack/stack.sh down "$STACK_DIR"
EXTRA_CONF=$(printf '%s\nmultiple_access_urls = on' "$BASE_EXTRA_CONF") \
    t/stack/stack.sh up "$STACK_DIR" "$PORT" "$BINARY"
# shellcheck disable=SC1091 # written by stack.sh up
. "$STACK_DIR/stack.env"
bench_sql "INSERT INTO access_url (url, description, active, created_by)
           VALUES ('http://127.0.0.1/', 'bench', 1, 1)" >/dev/null
bench_sql "INSERT INTO access_url_rel_user (access_url_id, user_id)
           SELECT a.id, u.id FROM access_url a, \"user\" u
            WHERE a.url = 'http://127.0.0.1/' AND u.username LIKE 'bench%'" >/dev/null
# As before the first user_profile scenario: the earlier scenarios' dead
# rows (who is online, logins) cleared, so that the two compare.
bench_sql "VACUUM ANALYZE" >/dev/null
run "user_profile, 1000 users, multi-URL" "$API" \
    "action=user_profile&username=@USER@&api_key=@KEY@" "$USERS_FILE"

# The table: latencies in ms ("-": measured without HTTP); the ratios are
# req/s against the two ceilings; then each scenario against its own
# ceiling.
rps_of() {
    local r
    for r in "${RESULTS[@]}"; do
        [[ ${r%%|*} == "$1" ]] && { cut -d'|' -f2 <<<"$r"; return; }
    done
    echo 0
}
static_rps=$(rps_of "static file")
hello_rps=$(rps_of "fcgi hello")
hello_db_rps=$(rps_of "fcgi hello + SELECT 1")
bcrypt_rps=$(rps_of "bcrypt alone, $(nproc) processes")
mkdir -p "$REPORT_DIR"
title="chamilo-fcgi bench: $WORKERS workers, $CONNECTIONS connections, ${SECONDS_PER_RUN}s per run, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
{
    echo "$title"
    printf '%-42s %9s %8s %8s %8s %7s %7s\n' scenario req/s p50/ms p90/ms p99/ms static hello
    for r in "${RESULTS[@]}"; do
        IFS='|' read -r name rps p50 p90 p99 _ _ _ <<<"$r"
        awk -v n="$name" -v rps="$rps" -v p50="$p50" -v p90="$p90" -v p99="$p99" \
            -v s="$static_rps" -v h="$hello_rps" 'BEGIN {
            if (p99 > 0)
                printf "%-42s %9.0f %8.2f %8.2f %8.2f %6.1f%% %6.1f%%\n", n, rps, p50 / 1000, p90 / 1000,
                    p99 / 1000, (s > 0 ? 100 * rps / s : 0), (h > 0 ? 100 * rps / h : 0)
            else
                printf "%-42s %9.0f %8s %8s %8s %7s %7s\n", n, rps, "-", "-", "-", "-", "-"
        }'
    done
    echo
    awk -v h="$hello_rps" -v hd="$hello_db_rps" -v b="$bcrypt_rps" \
        -v p1="$(rps_of "user_profile, 1000 users")" \
        -v p0="$(rps_of "user_profile, 1000 users, no bookkeeping")" \
        -v a="$(rps_of authenticate)" 'function pct(x, y) { return y > 0 ? 100 * x / y : 0 }
        BEGIN {
            printf "one round trip (hello + SELECT 1) costs the hello %.1f%% of its rate\n", 100 - pct(hd, h)
            printf "user_profile, 1000 users: %.1f%% of the hello, %.1f%% of hello + SELECT 1\n", pct(p1, h), pct(p1, hd)
            printf "user_profile, 1000 users, no bookkeeping: %.1f%% of the hello, %.1f%% of hello + SELECT 1\n", pct(p0, h), pct(p0, hd)
            printf "authenticate: %.1f%% of bcrypt alone\n", pct(a, b)
        }'
    echo
    echo "CPU time per request, in microseconds (app: the hello or the pool, with its workers;"
    echo "postgres: all its processes; rest: wrk, kernel threads; total: the whole machine)"
    printf '%-42s %7s %9s %7s %7s %7s\n' scenario app postgres nginx rest total
    for r in "${CPU_SPLITS[@]}"; do
        IFS='|' read -r name split <<<"$r"
        awk -v n="$name" -v s="$split" 'BEGIN {
            k = split(s, kv, " ")
            for (i = 1; i <= k; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
            printf "%-42s %7s %9s %7s %7s %7s\n", n, v["app"], v["postgres"], v["nginx"], v["rest"], v["total"]
        }'
    done
} | tee "$REPORT_DIR/bench.txt"
{
    echo "scenario,rps,p50_ms,p90_ms,p99_ms,non2xx,notok,sockerr"
    for r in "${RESULTS[@]}"; do
        IFS='|' read -r name rps p50 p90 p99 a b c <<<"$r"
        awk -v n="$name" -v rps="$rps" -v p50="$p50" -v p90="$p90" -v p99="$p99" -v a="$a" -v b="$b" -v c="$c" \
            'BEGIN { printf "\"%s\",%.1f,%.3f,%.3f,%.3f,%d,%d,%d\n", n, rps, p50 / 1000, p90 / 1000, p99 / 1000, a, b, c }'
    done
} >"$REPORT_DIR/bench.csv"
python3 t/bench/plot.py "$REPORT_DIR/bench.csv" "$REPORT_DIR/bench.svg" --title "$title"
echo "bench: report in $REPORT_DIR/bench.txt, $REPORT_DIR/bench.csv, plot in $REPORT_DIR/bench.svg" >&2
if [[ $FAILED -ne 0 ]]; then
    echo "bench: some requests failed: the numbers above are not valid" >&2
    exit 1
fi
