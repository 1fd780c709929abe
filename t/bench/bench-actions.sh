#!/usr/bin/env bash
# bench-actions.sh - `make bench-actions`: the latency of every read action
# on the demo campus and on the large generated one, side by side
# (t/bench/bench_actions.py: the actions, their callers and parameters).
#
#   make bench-data            # once: the large campus, left running
#   make bench-actions
#
# 1. a fresh stack on the demo campus (a temporary folder), destroyed at the end;
# 2. the stack of `make bench-data` (BENCH_DATA_DIR, default .bench-data),
#    restarted on this build's binary (its database kept), left up.
# Both are called one request at a time, in turns (BENCH_ACTIONS_CALLS per
# action and role, default 100, or BENCH_ACTIONS_SECONDS of calls, default
# 3, in BENCH_ACTIONS_ROUNDS turns, default 5), with the
# same number of workers (BENCH_ACTIONS_LATENCY=0: the bookkeeping part
# alone). Writes BENCH_DIR (default $BUILD/bench)/
# actions-demo.json, actions-large.json and actions.txt (the table). Exit
# status 1 when a call failed or a figure misses its target (a p99 more than
# twice the demo's, or above 20 ms): the table says which.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BUILD=${BUILD:-build}
BINARY=$BUILD/chamilo-fcgi
DATA_DIR=${BENCH_DATA_DIR:-.bench-data}
REPORT_DIR=${BENCH_DIR:-$BUILD/bench}
export WORKERS=${WORKERS:-4}

[[ -f $DATA_DIR/stack.env ]] || {
    echo "bench-actions: no large campus in $DATA_DIR: run make bench-data first" >&2
    exit 1
}
mkdir -p "$REPORT_DIR"
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/chamilo-bench-actions.XXXXXX")
trap 't/stack/stack.sh destroy "$DEMO_DIR" || true' EXIT
t/stack/stack.sh up "$DEMO_DIR" "$(free_port)" "$BINARY"
# shellcheck disable=SC1091,SC2153 # written by stack.sh up
port=$(. "$DATA_DIR/stack.env" && echo "$PORT")
t/stack/stack.sh down "$DATA_DIR"
t/stack/stack.sh up "$DATA_DIR" "$port" "$BINARY"

status=0
if [[ ${BENCH_ACTIONS_LATENCY:-1} != 0 ]]; then
    echo "bench-actions: the demo campus and the large one ($DATA_DIR), in turns" >&2
    python3 t/bench/bench_actions.py measure --binary "$BINARY" \
        --stack "$DEMO_DIR" --out "$REPORT_DIR/actions-demo.json" \
        --stack "$DATA_DIR" --out "$REPORT_DIR/actions-large.json" || status=$?
    ((status <= 1)) || exit "$status"
fi

# The bookkeeping at scale: user_profile over 1,000 users in turn (each call
# writes who is online, the login and an event row), with wrk as `make
# bench` runs it, on each campus in turn, BOOKKEEPING_ROUNDS times
# (default 3) for BENCH_SECONDS (default 10) each: the ratio of the medians.
# The demo campus gets 1,000 users made as `make bench` makes them; the
# large one uses its first 1,000 active generated students.
# stack_psql DIR ARGS...: psql on that stack's database, as its user.
stack_psql() {
    local dir=$1
    shift
    (
        # shellcheck disable=SC1091 # written by stack.sh up
        . "$dir/stack.env"
        if [[ $(id -u) -eq 0 && -n ${STACK_USER:-} && $STACK_USER != root ]]; then
            setpriv --reuid="$STACK_USER" --regid="$(id -g "$STACK_USER")" --clear-groups \
                psql -X -q -A -t -F ' ' -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$PGDATABASE" "$@"
        else
            psql -X -q -A -t -F ' ' -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$PGDATABASE" "$@"
        fi
    )
}
stack_psql "$DEMO_DIR" -v users=1000 -f t/bench/bench-users.sql
stack_psql "$DEMO_DIR" -c "SELECT u.username, k.api_key FROM \"user\" u JOIN user_api_key k ON k.user_id = u.id
    WHERE u.username LIKE 'bench%' ORDER BY u.id" >"$REPORT_DIR/users-demo.txt"
stack_psql "$DATA_DIR" -c "SELECT u.username, k.api_key FROM \"user\" u JOIN user_api_key k ON k.user_id = u.id
    WHERE u.id > 100000 AND u.status = 5 AND u.active = 1 ORDER BY u.id LIMIT 1000" >"$REPORT_DIR/users-large.txt"
# throughput DIR USERS SECONDS: requests per second of user_profile.
throughput() {
    local url
    # shellcheck disable=SC1091 # written by stack.sh up
    url=$(. "$1/stack.env" && echo "$BASE_URL")/main/webservices/api/v2.php
    BENCH_BODY="action=user_profile&username=@USER@&api_key=@KEY@" BENCH_USERS_FILE=$2 \
        wrk -t "${BENCH_THREADS:-2}" -c "${BENCH_CONNECTIONS:-64}" -d "${3}s" --timeout 5s \
        -s t/bench/api.lua "$url" | sed -n 's/^BENCH .* rps=\([0-9.]*\) .*non2xx=0 notok=0 sockerr=0$/\1/p'
}
for campus in demo large; do
    dir=$DEMO_DIR
    [[ $campus == large ]] && dir=$DATA_DIR
    throughput "$dir" "$REPORT_DIR/users-$campus.txt" 2 >/dev/null # a campus in use: every user once
    stack_psql "$dir" -c 'VACUUM ANALYZE "user", track_e_online, track_e_login, track_e_default'
    # No checkpoint of earlier writes (the generator's, the latency part's)
    # in the middle of a round.
    stack_psql "$dir" -c 'CHECKPOINT'
done
declare -A RATES=([demo]="" [large]="")
for round in $(seq "${BOOKKEEPING_ROUNDS:-3}"); do
    for campus in demo large; do
        dir=$DEMO_DIR
        [[ $campus == large ]] && dir=$DATA_DIR
        rate=$(throughput "$dir" "$REPORT_DIR/users-$campus.txt" "${BENCH_SECONDS:-10}")
        [[ -n $rate ]] || {
            echo "bench-actions: user_profile on the $campus campus failed (round $round)" >&2
            exit 1
        }
        echo "bench-actions: user_profile, 1000 users, $campus campus, round $round: $rate req/s" >&2
        RATES[$campus]+="$rate "
    done
done
t/stack/stack.sh destroy "$DEMO_DIR"
trap - EXIT

{
    echo "chamilo-fcgi bench-actions: one call at a time, $WORKERS workers, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); ms"
    if [[ ${BENCH_ACTIONS_LATENCY:-1} != 0 ]]; then
        python3 t/bench/bench_actions.py table "$REPORT_DIR/actions-demo.json" \
            "$REPORT_DIR/actions-large.json" || status=$?
        echo
    fi
    # shellcheck disable=SC2086 # the rates, one word each
    python3 t/bench/bench_actions.py bookkeeping --demo ${RATES[demo]} --large ${RATES[large]} || status=$?
    exit "$status"
} | tee "$REPORT_DIR/actions.txt"
status=${PIPESTATUS[0]}
echo "bench-actions: table in $REPORT_DIR/actions.txt" >&2
exit "$status"
