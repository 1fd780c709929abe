#!/usr/bin/env bash
# run.sh - the import tests: a throwaway MariaDB loaded with the real
# Chamilo 1.11.32 dump (t/fixtures), a throwaway stack (PostgreSQL +
# pool + nginx) on an empty database of our schema, then the tests of
# t/import/test_*.py, which run tools/chamilo-fcgi-import and check the
# result through the HTTP API and in both databases. Everything is
# destroyed afterwards, whatever happened.
#
#   BUILD=build t/import/run.sh [runner arguments, e.g. -k replace]
#
# FIXTURE=path overrides the dump (default t/fixtures/chamilo-1.11.32-mariadb.sql.gz, a dump of a
# real install kept in the repository). KEEP_STACK=1 keeps both servers running.
# The last line is always `import: N passed, N failed` (1 failed when the
# servers did not come up), for t/run-all.sh.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO=$(pwd -P)
BINARY=${BUILD:-build}/chamilo-fcgi
FIXTURE=${FIXTURE:-$REPO/t/fixtures/chamilo-1.11.32-mariadb.sql.gz}

# shellcheck source=t/import/scratch.sh
. t/import/scratch.sh
fail_early() { scratch_fail import "$*"; }
scratch_require import "$FIXTURE"
scratch_setup import "${KEEP_STACK:-0}"

if ! t/import/mariadb.sh up "$MYSQL_DIR"; then
    fail_early "the scratch MariaDB did not start"
fi
if ! t/import/mariadb.sh load "$MYSQL_DIR" chamilo "$FIXTURE"; then
    fail_early "loading $FIXTURE into MariaDB failed"
fi
# An empty database of our schema: the import fills it under the running pool.
# The tests count rows right after calls: each call writes its bookkeeping
# rows before its answer (the batched default would land them later).
if ! EXTRA_CONF="bookkeeping_flush_ms = 0${EXTRA_CONF:+
$EXTRA_CONF}" SQL_DEMO=/dev/null WORKERS=2 t/stack/stack.sh up "$STACK_DIR" "$PORT" "$BINARY"; then
    fail_early "the stack did not come up"
fi

status=0
out=$STACK_DIR/import-runner.out
IMPORT_MYSQL_DIR=$MYSQL_DIR IMPORT_FIXTURE=$FIXTURE \
    python3 t/e2e/runner.py --root t/import --base-url "http://127.0.0.1:$PORT" \
    --stack-dir "$STACK_DIR" "$@" | sed -u 's/^e2e: \([0-9]* passed, [0-9]* failed\)$/import: \1/' |
    tee "$out" || status=$?
grep -Eq '^import: [0-9]+ passed, 0 failed$' "$out" || status=1
if [[ $status -ne 0 && -s $STACK_DIR/chamilo-fcgi.log ]]; then
    echo "----- last lines of the pool's log ($STACK_DIR/chamilo-fcgi.log)"
    tail -n 30 "$STACK_DIR/chamilo-fcgi.log"
    echo "-----"
fi
exit "$status"
