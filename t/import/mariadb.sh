#!/usr/bin/env bash
# mariadb.sh - a private, throwaway MariaDB server in one folder: the source
# database of the import tests and of the import benchmark.
#
#   mariadb.sh up DIR          start it (initialising DIR/data once); prints
#                              nothing, writes DIR/mariadb.env
#   mariadb.sh load DIR DB FILE[.gz]
#                              (re)create database DB from a mysqldump file
#   mariadb.sh sql DIR [ARGS]  the mariadb client on it, as its root user
#   mariadb.sh down DIR        stop it (idempotent)
#
# It runs as an unprivileged user (STACK_USER, default chamilo-dev, when this
# runs as root; else the caller), listens on 127.0.0.1 on a free TCP port
# (pgloader speaks TCP only) and on DIR/mysqld.sock, and never reads the
# system's /etc/mysql (--no-defaults). The account the importer uses is
# `import` with password `import`, native password authentication (what
# pgloader's MySQL driver speaks), allowed from 127.0.0.1 only.
#
# DIR/mariadb.env holds MYSQL_PORT, MYSQL_SOCKET and MYSQL_URL (a source URL
# for chamilo-fcgi-import, without the database name). A second `up` of the
# same DIR (a restart) keeps its port.
#
# MARIADB_BINLOG=1 (the live campus tests, t/live/): the binlog as a live
# campus must have it for chamilo-fcgi-follow (ROW format, full row images
# and metadata, GTIDs), and the account `follow` (password `follow`) with
# REPLICATION SLAVE and SELECT, as docs/live-campus.md asks.
set -euo pipefail

TIMEOUT=${STACK_TIMEOUT:-60}

say() { echo "mariadb: $*" >&2; }
die() {
    say "error: $*"
    exit 1
}

usage() {
    cat >&2 <<'EOF'
usage: mariadb.sh up DIR
       mariadb.sh load DIR DB FILE
       mariadb.sh sql DIR [mariadb client arguments]
       mariadb.sh down DIR
EOF
    exit 2
}

# Same rule as t/stack/stack.sh: as root, everything runs as STACK_USER.
set_user() {
    if [[ $(id -u) -ne 0 ]]; then
        RUN_USER=$(id -un)
        AS_USER=()
        return
    fi
    RUN_USER=${STACK_USER:-chamilo-dev}
    if ! getent passwd "$RUN_USER" >/dev/null; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin --comment "chamilo-fcgi dev/test stack" "$RUN_USER" ||
            getent passwd "$RUN_USER" >/dev/null || die "could not create user $RUN_USER"
    fi
    AS_USER=(env "HOME=$DIR" setpriv "--reuid=$RUN_USER" "--regid=$(id -g "$RUN_USER")"
        --init-groups --)
}

as_user() {
    (cd "$DIR" && "${AS_USER[@]}" "$@")
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

running() {
    [[ -s $DIR/mysqld.pid ]] || return 1
    local pid
    pid=$(cat "$DIR/mysqld.pid")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# client ARGS: the mariadb client as the server's root (unix socket auth
# would need the OS user; root here has a password-less account over the
# socket, made by mariadb-install-db --auth-root-authentication-method=normal).
client() {
    mariadb --no-defaults -S "$DIR/mysqld.sock" -u root "$@"
}

cmd_up() {
    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd -P)
    set_user
    if running; then
        die "a MariaDB already runs in $DIR"
    fi
    [[ ${#AS_USER[@]} -eq 0 ]] || chown "$RUN_USER:" "$DIR"
    if [[ ! -d $DIR/data/mysql ]]; then
        rm -rf "$DIR/data"
        as_user mariadb-install-db --no-defaults --datadir="$DIR/data" \
            --auth-root-authentication-method=normal --skip-test-db \
            >"$DIR/install.log" 2>&1 || {
            tail -n 20 "$DIR/install.log" >&2
            die "mariadb-install-db failed"
        }
    fi
    local port binlog=(--skip-log-bin)
    if [[ -s $DIR/mariadb.env ]]; then
        port=$(sed -n 's/^MYSQL_PORT=//p' "$DIR/mariadb.env")
    else
        port=$(free_port)
    fi
    if [[ ${MARIADB_BINLOG:-0} == 1 ]]; then
        binlog=(--log-bin="$DIR/data/binlog" --server-id=1 --binlog-format=ROW
            --binlog-row-image=FULL --binlog-row-metadata=FULL)
    fi
    # Settings of a scratch server: a bigger buffer pool and a relaxed flush
    # make loading the dump and the benchmark data quick; nothing here is
    # worth keeping after a crash.
    (cd "$DIR" && exec setsid "${AS_USER[@]}" mariadbd --no-defaults --datadir="$DIR/data" \
        --socket="$DIR/mysqld.sock" --port="$port" --bind-address=127.0.0.1 \
        --pid-file="$DIR/mysqld.pid" --log-error="$DIR/mysqld.log" \
        --innodb-buffer-pool-size=512M --innodb-flush-log-at-trx-commit=0 \
        --innodb-log-file-size=256M "${binlog[@]}" --max-allowed-packet=64M \
        </dev/null >/dev/null 2>&1) &
    local i
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        if [[ -S $DIR/mysqld.sock ]] && client -e 'SELECT 1' >/dev/null 2>&1; then
            break
        fi
        sleep 0.1
    done
    client -e 'SELECT 1' >/dev/null 2>&1 || {
        tail -n 20 "$DIR/mysqld.log" >&2 || true
        die "MariaDB did not start within ${TIMEOUT}s (see $DIR/mysqld.log)"
    }
    client -e "CREATE USER IF NOT EXISTS 'import'@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('import');
               GRANT ALL ON *.* TO 'import'@'127.0.0.1';
               CREATE USER IF NOT EXISTS 'follow'@'127.0.0.1' IDENTIFIED BY 'follow';
               GRANT REPLICATION SLAVE, SELECT ON *.* TO 'follow'@'127.0.0.1';
               CREATE USER IF NOT EXISTS 'pool'@'127.0.0.1' IDENTIFIED BY 'pool';
               GRANT SELECT, INSERT, UPDATE, DELETE ON *.* TO 'pool'@'127.0.0.1';"
    cat >"$DIR/mariadb.env" <<EOF
MYSQL_PORT=$port
MYSQL_SOCKET=$DIR/mysqld.sock
MYSQL_URL=mysql://import:import@127.0.0.1:$port
EOF
}

cmd_load() {
    local db=$1 file=$2
    [[ $db =~ ^[A-Za-z0-9_]+$ ]] || die "bad database name '$db'"
    [[ -r $file ]] || die "cannot read $file"
    client -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4;"
    # The first line of a dump by MariaDB >= 10.5.25 is its "sandbox mode"
    # comment (/*M!999999\- enable the sandbox mode */): MariaDB's client
    # understands it, MySQL 8's rejects it. Dropping it is harmless for both.
    if [[ $file == *.gz ]]; then zcat -- "$file"; else cat -- "$file"; fi |
        sed '1{/^\/\*M!999999\\- enable the sandbox mode \*\/ *$/d}' |
        client "$db"
}

cmd_down() {
    [[ -d $DIR ]] || return 0
    DIR=$(cd "$DIR" && pwd -P)
    running || return 0
    local pid i
    pid=$(cat "$DIR/mysqld.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    say "mariadbd (pid $pid) did not stop; killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

[[ $# -ge 2 ]] || usage
command=$1
DIR=$2
shift 2
case $command in
up) cmd_up ;;
load)
    [[ $# -eq 2 ]] || usage
    DIR=$(cd "$DIR" && pwd -P)
    cmd_load "$@"
    ;;
sql)
    DIR=$(cd "$DIR" && pwd -P)
    client "$@"
    ;;
down) cmd_down ;;
*) usage ;;
esac
