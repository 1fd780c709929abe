#!/usr/bin/env bash
# bench.sh - `make bench`: wrk through nginx against a fresh stack, beside
# the ceiling of nginx serving a static file of the same size.
#
# Scenarios (each BENCH_SECONDS, after a 1 s warm-up):
#   ceiling        GET /ceiling.json, served by nginx alone: the most this
#                  machine's nginx + wrk can do; the others are read against it
#   user_profile   POST action=user_profile with admin's api key: key check,
#                  activity tracking writes, one profile read
#   user_profile (no tracking)   the same with track_activity and log_events
#                  off (pool restarted): what the tracking writes cost
#   authenticate   POST action=authenticate admin/admin: a bcrypt check
#                  (cost 4) and the key lookup
#
# Reports, in BENCH_DIR (default $BUILD/bench): bench.txt (the table printed
# at the end), bench.csv (the same numbers, one row per scenario) and
# bench.svg (throughput and latency per scenario, drawn from bench.csv by
# t/bench/plot.py).
#
# Environment: WORKERS (pool size, default = number of cores),
# BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 32),
# BENCH_THREADS (default 2), BENCH_TRACKING_OFF=0 to skip that row.
# Every response is checked (t/bench/api.lua): a run with any non-2xx or
# non-success answer, or socket error, is reported and the script exits 1,
# so errors are never mistaken for speed.
#
# On a 2-core machine wrk, nginx, the pool and PostgreSQL share the cores:
# the numbers compare builds on the same box, they are no capacity figure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BINARY=${BUILD:-build}/chamilo-fcgi
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
export WORKERS=${WORKERS:-$(nproc 2>/dev/null || echo 4)}

[[ -x $BINARY ]] || {
    echo "bench: $BINARY not found: run make first" >&2
    exit 1
}
command -v wrk >/dev/null || {
    echo "bench: wrk not found (t/stack/deps.sh installs it)" >&2
    exit 1
}

STACK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/chamilo-bench.XXXXXX")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
API=$BASE/main/webservices/api/v2.php
BASE_EXTRA_CONF=${EXTRA_CONF:-}
REPORT_DIR=${BENCH_DIR:-${BUILD:-build}/bench}
mkdir -p "$REPORT_DIR"

trap 't/stack/stack.sh destroy "$STACK_DIR" || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t/stack/stack.sh up "$STACK_DIR" "$PORT" "$BINARY"

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

RESULTS=()  # "name|rps|p50|p90|p99|non2xx|notok|sockerr"
FAILED=0

# run NAME URL BODY: a warm-up, then the measured run; appends to RESULTS.
run() {
    local name=$1 url=$2 body=$3 out line sample
    echo "bench: $name (${SECONDS_PER_RUN}s, $CONNECTIONS connections, $THREADS threads)" >&2
    BENCH_BODY=$body wrk -t "$THREADS" -c "$CONNECTIONS" -d 1s -s t/bench/api.lua "$url" >/dev/null
    out=$(BENCH_BODY=$body wrk -t "$THREADS" -c "$CONNECTIONS" -d "${SECONDS_PER_RUN}s" \
        --timeout 5s -s t/bench/api.lua "$url")
    line=$(grep '^BENCH ' <<<"$out" || true)
    if [[ -z $line ]]; then
        echo "$out" >&2
        echo "bench: $name: wrk printed no result" >&2
        FAILED=1
        return
    fi
    # BENCH key=value ... -> shell variables of the same names.
    # shellcheck disable=SC2034 # requests, duration_us: set by eval, unused
    local requests duration_us rps p50_us p90_us p99_us non2xx notok sockerr
    eval "$(sed -e 's/^BENCH //' -e 's/\([a-z0-9_]*\)=\([0-9.]*\)/\1=\2;/g' <<<"$line")"
    RESULTS+=("$name|$rps|$p50_us|$p90_us|$p99_us|$non2xx|$notok|$sockerr")
    if ((non2xx + notok + sockerr > 0)); then
        FAILED=1
        sample=$(sed -n 's/^BENCH_SAMPLE //p' <<<"$out")
        echo "bench: $name: $non2xx non-2xx, $notok not-success answers, $sockerr socket errors; first: $sample" >&2
    fi
}

profile_body="action=user_profile&username=admin&api_key=$KEY"
run ceiling "$BASE/ceiling.json" ""
run user_profile "$API" "$profile_body"
run authenticate "$API" "action=authenticate&username=admin&password=admin"

# The same read without the tracking writes. The key name and the boolean
# spelling are taken from the binary's own documented example config, so a
# build without these keys just skips the row.
if [[ ${BENCH_TRACKING_OFF:-1} == 1 ]]; then
    example=$("$BINARY" --print-config 2>/dev/null || true)
    default=$(sed -n -E 's/^[#[:space:]]*track_activity[[:space:]]*=[[:space:]]*"?([A-Za-z0-9]+)"?.*/\1/p' <<<"$example" | head -n 1)
    case ${default,,} in
    on | off) off=off ;;
    true | false) off=false ;;
    yes | no) off=no ;;
    1 | 0) off=0 ;;
    *) off= ;;
    esac
    if [[ -n $off ]] && grep -Eq '^[#[:space:]]*log_events[[:space:]]*=' <<<"$example"; then
        t/stack/stack.sh down "$STACK_DIR"
        EXTRA_CONF=$(printf '%s\ntrack_activity = %s\nlog_events = %s' "$BASE_EXTRA_CONF" "$off" "$off") \
            t/stack/stack.sh up "$STACK_DIR" "$PORT" "$BINARY"
        run "user_profile (no tracking)" "$API" "$profile_body"
    else
        echo "bench: this build documents no track_activity/log_events keys; skipping the no-tracking row" >&2
    fi
fi

# The table. Latencies in ms; ratio = req/s against the static ceiling.
ceiling_rps=$(cut -d'|' -f2 <<<"${RESULTS[0]}")
echo
title="chamilo-fcgi bench: $WORKERS workers, $CONNECTIONS connections, ${SECONDS_PER_RUN}s per run, $(nproc) cores"
{
    echo "$title"
    printf '%-28s %10s %9s %9s %9s %8s %8s %8s %9s\n' scenario req/s p50/ms p90/ms p99/ms non-2xx not-ok sockerr ceiling
    for r in "${RESULTS[@]}"; do
        IFS='|' read -r name rps p50 p90 p99 non2xx notok sockerr <<<"$r"
        awk -v n="$name" -v rps="$rps" -v p50="$p50" -v p90="$p90" -v p99="$p99" \
            -v a="$non2xx" -v b="$notok" -v c="$sockerr" -v ceil="$ceiling_rps" 'BEGIN {
            ratio = ceil > 0 ? sprintf("%.1f%%", 100 * rps / ceil) : "-"
            printf "%-28s %10.0f %9.2f %9.2f %9.2f %8d %8d %8d %9s\n", n, rps, p50 / 1000, p90 / 1000, p99 / 1000, a, b, c, ratio
        }'
    done
} | tee "$REPORT_DIR/bench.txt"
{
    echo "scenario,rps,p50_ms,p90_ms,p99_ms,non2xx,notok,sockerr"
    for r in "${RESULTS[@]}"; do
        IFS='|' read -r name rps p50 p90 p99 non2xx notok sockerr <<<"$r"
        awk -v n="$name" -v rps="$rps" -v p50="$p50" -v p90="$p90" -v p99="$p99" \
            -v a="$non2xx" -v b="$notok" -v c="$sockerr" 'BEGIN {
            printf "\"%s\",%.1f,%.3f,%.3f,%.3f,%d,%d,%d\n", n, rps, p50 / 1000, p90 / 1000, p99 / 1000, a, b, c
        }'
    done
} >"$REPORT_DIR/bench.csv"
python3 t/bench/plot.py "$REPORT_DIR/bench.csv" "$REPORT_DIR/bench.svg" --title "$title"
echo "bench: report in $REPORT_DIR/bench.txt, $REPORT_DIR/bench.csv, plot in $REPORT_DIR/bench.svg"
if [[ $FAILED -ne 0 ]]; then
    echo "bench: some requests failed: the numbers above are not valid" >&2
    exit 1
fi
