#!/usr/bin/env bash
# run.sh - `make run`: the demo campus on http://127.0.0.1:${PORT:-8080}/,
# served until Ctrl-C.
#
# The state folder (.run, or RUN_DIR) is kept between runs: the database is
# created and loaded the first time only, so what you changed through the
# API is still there next time. `make distclean` (or
# t/stack/stack.sh destroy .run) starts afresh.
#
# Environment: PORT (default 8080), RUN_DIR (default .run), WORKERS,
# EXTRA_CONF (see t/stack/stack.sh), BUILD (the build folder).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PORT=${PORT:-8080}
RUN_DIR=${RUN_DIR:-.run}
BINARY=${BUILD:-build}/chamilo-fcgi
URL=http://127.0.0.1:$PORT/main/webservices/api/v2.php

stopping=0
# shellcheck disable=SC2317 # called by the traps
stop() {
    [[ $stopping -eq 0 ]] || return 0
    stopping=1
    # Stop first, talk after: when the output goes through a pipe (make run |
    # tee), Ctrl-C kills the reader too, and a write would then kill us
    # (SIGPIPE) before the stack is down.
    trap '' PIPE
    # Silently first (stderr may be that dead pipe), then loudly if it failed.
    t/stack/stack.sh down "$RUN_DIR" 2>/dev/null || t/stack/stack.sh down "$RUN_DIR" || true
    printf '\nrun: stopped (the data stays in %s)\n' "$RUN_DIR" 2>/dev/null || true
}
# Ctrl-C (or a closed terminal) reaches this script only: the pool, nginx and PostgreSQL run in
# their own sessions, so they stop in order through stack.sh down.
trap 'stop; exit 0' INT TERM HUP
trap stop EXIT

t/stack/stack.sh up "$RUN_DIR" "$PORT" "$BINARY"

cat <<EOF

  Chamilo REST endpoint: $URL
  Logs: $RUN_DIR/chamilo-fcgi.log (pool), $RUN_DIR/nginx-error.log, $RUN_DIR/postgres.log
  Database: psql -h $(cd "$RUN_DIR" && pwd -P) -p $(cat "$RUN_DIR/pgport") -U chamilo chamilo

  1. Log in as the demo admin (admin/admin); the answer's data.apiKey is the
     key every other call needs:

    curl -s $URL -d action=authenticate -d username=admin -d password=admin

  2. Call an action with that key, e.g. your own profile:

    KEY=\$(curl -s $URL -d action=authenticate -d username=admin -d password=admin \\
          | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["apiKey"])')
    curl -s $URL -d action=user_profile -d username=admin -d api_key=\$KEY

     Every authenticated action takes username + api_key plus its own
     parameters, as a form (urlencoded or multipart), in the query string, or
     as a JSON body (Content-Type: application/json).

  Ctrl-C stops everything.

EOF

# Wait for Ctrl-C; also notice if a part dies on its own (then say so and
# stop the rest rather than pretend to serve).
while true; do
    sleep 2 &
    wait $! || true
    if ! kill -0 "$(cat "$RUN_DIR/chamilo-fcgi.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
        echo "run: the pool exited; last lines of $RUN_DIR/chamilo-fcgi.log:" >&2
        tail -n 20 "$RUN_DIR/chamilo-fcgi.log" >&2
        exit 1
    fi
    if ! kill -0 "$(cat "$RUN_DIR/nginx.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
        echo "run: nginx exited; see $RUN_DIR/nginx-error.log" >&2
        exit 1
    fi
done
