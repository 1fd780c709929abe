#!/usr/bin/env bash
# run.sh - the live campus tests: a throwaway MariaDB with its binlog on,
# loaded with the real Chamilo 1.11.32 dump (t/fixtures), copied by
# chamilo-fcgi-import into a throwaway stack (PostgreSQL + pool + nginx),
# then the tests of t/live/test_*.py, which run chamilo-fcgi-follow, change
# MariaDB directly and read the changes back through the HTTP API.
# Everything is destroyed afterwards, whatever happened.
#
#   BUILD=build t/live/run.sh [runner arguments, e.g. -k restart]
#   LIVE_SCRIPT=t/bench/live_cost.py t/live/run.sh    (make bench-live)
#
# KEEP_STACK=1 keeps both servers running. The last line is always
# `live: N passed, N failed`, for t/run-all.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO=$(pwd -P)
BINARY=${BUILD:-build}/chamilo-fcgi
FOLLOW=$REPO/${BUILD:-build}/chamilo-fcgi-follow
FIXTURE=${FIXTURE:-$REPO/t/fixtures/chamilo-1.11.32-mariadb.sql.gz}

# shellcheck source=t/import/scratch.sh
. t/import/scratch.sh
fail_early() { scratch_fail live "$*"; }
scratch_require live "$FIXTURE"
[[ -x $FOLLOW ]] || fail_early "$FOLLOW is not built (make)"
scratch_setup live "${KEEP_STACK:-0}"

MARIADB_BINLOG=1 t/import/mariadb.sh up "$MYSQL_DIR" || fail_early "the scratch MariaDB did not start"
t/import/mariadb.sh load "$MYSQL_DIR" chamilo "$FIXTURE" || fail_early "loading $FIXTURE failed"
# The pool writes no bookkeeping rows: in live mode they belong in MariaDB
# (not built yet); written here they would take ids MariaDB hands out too.
EXTRA_CONF="track_activity = off
log_events = off" SQL_DEMO=/dev/null WORKERS=2 \
    t/stack/stack.sh up "$STACK_DIR" "$PORT" "$BINARY" || fail_early "the stack did not come up"

status=0
# LIVE_SCRIPT=FILE runs that program in this environment instead of the
# tests (make bench-live: t/bench/live_cost.py).
if [[ -n ${LIVE_SCRIPT:-} ]]; then
    E2E_BASE_URL="http://127.0.0.1:$PORT" E2E_STACK_DIR=$STACK_DIR IMPORT_MYSQL_DIR=$MYSQL_DIR \
        IMPORT_FIXTURE=$FIXTURE LIVE_FOLLOW=$FOLLOW python3 "$LIVE_SCRIPT" || status=$?
    exit "$status"
fi
out=$STACK_DIR/live-runner.out
IMPORT_MYSQL_DIR=$MYSQL_DIR IMPORT_FIXTURE=$FIXTURE LIVE_FOLLOW=$FOLLOW \
    python3 t/e2e/runner.py --root t/live --base-url "http://127.0.0.1:$PORT" \
    --stack-dir "$STACK_DIR" "$@" | sed -u 's/^e2e: \([0-9]* passed, [0-9]* failed\)$/live: \1/' |
    tee "$out" || status=$?
grep -Eq '^live: [0-9]+ passed, 0 failed$' "$out" || status=1
if [[ $status -ne 0 && -s $STACK_DIR/follow.log ]]; then
    echo "----- last lines of the follower's log ($STACK_DIR/follow.log)"
    tail -n 30 "$STACK_DIR/follow.log"
    echo "-----"
fi
exit "$status"
