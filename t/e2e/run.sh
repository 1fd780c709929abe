#!/usr/bin/env bash
# run.sh - the end-to-end tests: a fresh stack (PostgreSQL + pool + nginx)
# in a temporary folder, the Python runner against it, then the stack is
# destroyed whatever happened.
#
#   BUILD=build t/e2e/run.sh [runner arguments, e.g. -k authenticate]
#
# Builds nothing: `make e2e` / `make test` build $BUILD/chamilo-fcgi first.
# PHP_TYPES=7.4 runs the stack with `php_types = 7.4` (default 8); the
# runner then skips the modules marked TYPE_INDEPENDENT.
# KEEP_STACK=1 leaves the stack running afterwards and prints how to reach
# and stop it (for debugging a failure with curl and psql).
# The last line is always `e2e: N passed, N failed`, even when the stack did
# not come up (then 1 failed), so t/run-all.sh can add it up.
#
# Two passes over the same stack: a subset (APACHE_SUBSET below, and
# t/e2e/apache/) through Apache httpd in front of the pool, then every test
# through nginx (t/stack/apache.sh), so both front ends stay proven. The
# Apache pass prints `e2e (apache): N passed, N failed`; the last line is the
# sum. E2E_APACHE=0 skips it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BINARY=${BUILD:-build}/chamilo-fcgi

# Short paths: the folder holds unix sockets (107-byte limit).
STACK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/chamilo-e2e.XXXXXX")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    if [[ ${KEEP_STACK:-0} == 1 ]]; then
        echo "e2e: stack kept (KEEP_STACK=1): http://127.0.0.1:$PORT/main/webservices/api/v2.php"
        echo "e2e:   logs and config in $STACK_DIR; database: psql -h $STACK_DIR -p $(cat "$STACK_DIR/pgport" 2>/dev/null || echo '?') -U chamilo chamilo"
        echo "e2e:   stop it with: t/stack/stack.sh destroy $STACK_DIR"
    else
        # An Apache pass cut short (Ctrl-C) leaves Apache running there.
        t/stack/apache.sh down "$STACK_DIR/apache" || true
        t/stack/stack.sh destroy "$STACK_DIR" || true
    fi
}
trap cleanup EXIT
# Ctrl-C / kill: exit through the EXIT trap, so the stack goes away too.
trap 'exit 130' INT
trap 'exit 143' TERM

PHP_TYPES=${PHP_TYPES:-8}
export E2E_PHP_TYPES=$PHP_TYPES
# The tests read the tracking and event rows right after each call: the
# stack writes them with each call (t/e2e/flow/test_bookkeeping.py tests
# the batched default on a pool of its own).
EXTRA_CONF="bookkeeping_flush_ms = 0${EXTRA_CONF:+
$EXTRA_CONF}"
if [[ $PHP_TYPES != 8 ]]; then
    EXTRA_CONF="php_types = $PHP_TYPES
$EXTRA_CONF"
fi
export EXTRA_CONF
echo "e2e: php_types = $PHP_TYPES"
if ! t/stack/stack.sh up "$STACK_DIR" "$PORT" "$BINARY"; then
    echo "e2e: the stack did not come up; no test ran"
    echo "e2e: 0 passed, 1 failed"
    exit 1
fi

# The files run through Apache: the request flow, the smoke test and two
# actions, plus Apache's own tests.
APACHE_SUBSET=(--only test_smoke.py --only flow/test_request_flow.py
    --only users/test_authenticate.py --only users/test_user_profile.py --only apache/)

# counts FILE PREFIX: "P F" from the closing line, or "0 1" when it is missing.
counts() {
    local line
    line=$(grep -E "^$2: [0-9]+ passed, [0-9]+ failed$" "$1" 2>/dev/null | tail -n 1 || true)
    [[ -n $line ]] || {
        echo "0 1"
        return
    }
    sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/' <<<"$line"
}

# The Apache pass comes first, on the fresh pool: the nginx pass stops
# PostgreSQL and kills workers (t/e2e/pool/), and that is its own business.
if [[ ${E2E_APACHE:-1} == 1 ]]; then
    echo "== the subset through Apache httpd"
    aout=$STACK_DIR/runner-apache.out
    free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
    aport=$(free_port)
    atls=$(free_port)
    if t/stack/apache.sh up "$STACK_DIR/apache" "$aport" "$atls" "$STACK_DIR/fcgi.sock"; then
        python3 t/e2e/runner.py --base-url "http://127.0.0.1:$aport" --stack-dir "$STACK_DIR" \
            --front-end apache "${APACHE_SUBSET[@]}" "$@" | sed -u 's/^e2e: /e2e (apache): /' |
            tee "$aout" || true
    else
        echo "e2e (apache): Apache did not come up; no test ran"
        echo "e2e (apache): 0 passed, 1 failed" >"$aout"
    fi
    t/stack/apache.sh down "$STACK_DIR/apache" || true
    echo "== every test through nginx"
fi

status=0
out=$STACK_DIR/runner.out
python3 t/e2e/runner.py --base-url "http://127.0.0.1:$PORT" --stack-dir "$STACK_DIR" "$@" | tee "$out" ||
    status=$?

if [[ ${E2E_APACHE:-1} == 1 ]]; then
    read -r np nf < <(counts "$out" e2e)
    read -r ap af < <(counts "$aout" "e2e \(apache\)")
    # A -k that matches nothing in one pass is no failure when the other ran.
    status=0
    if ((nf + af > 0 || np + ap == 0)); then
        status=1
    fi
    echo "e2e: $((np + ap)) passed, $((nf + af)) failed" | tee -a "$out"
fi
if [[ $status -ne 0 ]]; then
    # The pool's log tells about crashes and database errors behind a failure.
    if [[ -s $STACK_DIR/chamilo-fcgi.log ]]; then
        echo "----- last lines of the pool's log ($STACK_DIR/chamilo-fcgi.log)"
        tail -n 30 "$STACK_DIR/chamilo-fcgi.log"
        echo "-----"
    fi
fi

# Sanitizer reports (make asan) land in the pool's log, some only when the
# workers exit (leaks): stop the stack first, then look. A report fails the
# run even if every test passed, since the log goes away with the stack.
if [[ ${KEEP_STACK:-0} != 1 ]]; then
    t/stack/stack.sh down "$STACK_DIR" || true
fi
pattern='ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer'
if grep -Eq "$pattern" "$STACK_DIR/chamilo-fcgi.log" 2>/dev/null; then
    echo "----- sanitizer reports in the pool's log"
    grep -E -A 25 "$pattern" "$STACK_DIR/chamilo-fcgi.log" | head -n 200
    echo "-----"
    line=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1 || true)
    p=$(sed -E 's/^e2e: ([0-9]+) passed.*/\1/' <<<"${line:-e2e: 0 passed, 0 failed}")
    f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"${line:-e2e: 0 passed, 0 failed}")
    echo "e2e: the pool reported sanitizer errors (counted as 1 failed)"
    echo "e2e: $p passed, $((f + 1)) failed"
    status=1
fi
exit "$status"
