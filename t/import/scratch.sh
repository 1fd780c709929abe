# shellcheck shell=bash
# scratch.sh - sourced by t/import/run.sh and t/bench/import-bench.sh: the
# folders of a scratch MariaDB (t/import/mariadb.sh) and of a scratch stack
# (t/stack/stack.sh), a free port for the stack, and their removal when the
# script exits, whatever happened.
#
#   scratch_require NAME FIXTURE   (the dump and the tools, or the closing lines)
#   scratch_setup NAME KEEP
#
# sets STACK_DIR, MYSQL_DIR and PORT and installs the EXIT, INT and TERM
# traps. NAME prefixes the folders and the messages; KEEP=1 leaves both
# servers running at exit and prints how to stop them. Run from the
# repository's root.

# scratch_fail NAME MESSAGE: the closing lines of a run in which no test ran
# (`NAME: 0 passed, 1 failed`, which t/run-all.sh reads), then exit 1.
scratch_fail() {
    echo "$1: $2; no test ran"
    echo "$1: 0 passed, 1 failed"
    exit 1
}

# scratch_require NAME FIXTURE: the dump and the tools a scratch MariaDB run
# needs, or scratch_fail.
scratch_require() {
    [[ -r $2 ]] || scratch_fail "$1" "fixture not found (set FIXTURE=...)"
    local tool
    for tool in pgloader mariadbd mariadb psql; do
        command -v "$tool" >/dev/null 2>&1 || [[ -x /usr/sbin/$tool ]] ||
            scratch_fail "$1" "$tool is not installed (make deps)"
    done
}

scratch_setup() {
    SCRATCH_NAME=$1
    SCRATCH_KEEP=$2
    # Short paths: both folders hold unix sockets (107-byte limit).
    STACK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/chamilo-$1.XXXXXX")
    MYSQL_DIR=$(mktemp -d "${TMPDIR:-/tmp}/chamilo-$1-my.XXXXXX")
    PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    trap scratch_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# shellcheck disable=SC2317 # called by the EXIT trap
scratch_cleanup() {
    if [[ $SCRATCH_KEEP == 1 ]]; then
        echo "$SCRATCH_NAME: kept: stack $STACK_DIR (port $PORT), MariaDB $MYSQL_DIR"
        echo "$SCRATCH_NAME:   stop with: t/stack/stack.sh destroy $STACK_DIR;" \
            "t/import/mariadb.sh down $MYSQL_DIR; rm -rf $MYSQL_DIR"
        return
    fi
    t/stack/stack.sh destroy "$STACK_DIR" || true
    t/import/mariadb.sh down "$MYSQL_DIR" || true
    rm -rf "$MYSQL_DIR"
}
