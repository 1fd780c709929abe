#!/usr/bin/env bash
# stack.sh - a private, throwaway stack: PostgreSQL cluster + chamilo-fcgi
# pool + nginx, all kept in one state folder.
#
#   stack.sh up DIR PORT [BINARY]   start (creating and loading the cluster once)
#   stack.sh down DIR               stop everything (idempotent)
#   stack.sh destroy DIR            down, then delete DIR
#
# Used by `make run` (DIR = .run, kept between runs), `make test` and
# `make bench` (a temporary DIR each). Nothing here touches the system's own
# PostgreSQL cluster or nginx: every socket, pid, log and temp file lives
# under DIR, PostgreSQL listens on a unix socket only, nginx on 127.0.0.1.
#
# Environment (all optional):
#   WORKERS=N         pool size written to the config (default 4)
#   EXTRA_CONF=...    extra `key = value` lines for chamilo-fcgi.conf; a key
#                     given here replaces the stack's own line for that key
#   NGINX_WORKERS=N   nginx worker_processes (default 1)
#   STACK_USER=name   the unprivileged user that runs everything when this
#                     script runs as root (default chamilo-dev)
#   STACK_TIMEOUT=s   how long `up` waits for each part (default 30)
#   SQL_SCHEMA, SQL_DEMO  the SQL loaded into a new database
#                     (default sql/schema.sql and sql/demo.sql of this repo)
#   PG_BINDIR         where initdb/pg_ctl live (default: newest
#                     /usr/lib/postgresql/*/bin, Debian's layout)
#
# Files in DIR: pgdata/ postgres.log .loaded pgport | bin/chamilo-fcgi sql/migrations/ migrate.log
# chamilo-fcgi.conf chamilo-fcgi.log chamilo-fcgi.pid fcgi.sock | nginx.conf
# chamilo-fcgi-location.conf fastcgi_params nginx.pid nginx-error.log
# nginx-access.log nginx-tmp/ static/ceiling.json | stack.env (what the
# end-to-end harness reads: URL, database socket, port, user).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
TIMEOUT=${STACK_TIMEOUT:-30}
DB_NAME=chamilo
# initdb -U: the cluster's superuser role. A fixed name (not the OS user)
# keeps the conninfo the same for root and for a developer.
DB_ROLE=chamilo

say() { echo "stack: $*" >&2; }
die() {
    say "error: $*"
    exit 1
}

usage() {
    cat >&2 <<'EOF'
usage: stack.sh up DIR PORT [BINARY]
       stack.sh down DIR
       stack.sh destroy DIR
EOF
    exit 2
}

# ---------------------------------------------------------------- helpers

# abs_dir DIR: the absolute, symlink-free path of DIR (created if needed).
abs_dir() {
    mkdir -p "$1"
    (cd "$1" && pwd -P)
}

# The characters a state path may hold. The path is written unquoted into
# postgresql.conf, a libpq conninfo, nginx.conf and chamilo-fcgi.conf;
# refusing spaces and quotes is simpler and safer than quoting for four
# different syntaxes.
check_path_chars() {
    [[ $1 =~ ^[A-Za-z0-9._/+-]+$ ]] ||
        die "state folder '$1' holds characters other than [A-Za-z0-9._/+-]; use a plainer path"
}

# Unix socket paths are limited to 107 bytes (sun_path). PostgreSQL's is
# DIR/.s.PGSQL.NNNNN, ours DIR/fcgi.sock.
check_path_length() {
    local longest=$((${#1} + 15)) # 15 = length of "/.s.PGSQL.65535"
    ((longest <= 107)) ||
        die "state folder '$1' is too long for a unix socket path ($longest > 107 bytes); use a shorter one"
}

# Sets AS_USER, the command prefix that runs a program as the stack user,
# and STACK_USER. As root: an unprivileged system user, because PostgreSQL
# refuses to run as root and a test stack has no business running as root
# anyway. setpriv execs (no fork), so a pid taken with $! is the program's.
set_user() {
    if [[ $(id -u) -ne 0 ]]; then
        STACK_USER=$(id -un)
        AS_USER=()
        return
    fi
    STACK_USER=${STACK_USER:-chamilo-dev}
    if ! getent passwd "$STACK_USER" >/dev/null; then
        say "creating system user $STACK_USER (runs PostgreSQL, the pool and nginx)"
        # A concurrent `up` may create it at the same moment: that is fine.
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin --comment "chamilo-fcgi dev/test stack" "$STACK_USER" ||
            getent passwd "$STACK_USER" >/dev/null || die "could not create user $STACK_USER"
    fi
    AS_USER=(env "HOME=$DIR" setpriv "--reuid=$STACK_USER" "--regid=$(id -g "$STACK_USER")"
        --init-groups --)
}

# For down/destroy: act as whoever owns the cluster (it may have been made
# by root for chamilo-dev, or by a developer as themself).
set_user_from_owner() {
    AS_USER=()
    STACK_USER=$(id -un)
    [[ -e $DIR/pgdata ]] || return 0
    local owner
    owner=$(stat -c %U "$DIR/pgdata")
    if [[ $owner != "$STACK_USER" ]]; then
        [[ $(id -u) -eq 0 ]] ||
            die "$DIR/pgdata belongs to $owner; run this as $owner or as root"
        STACK_USER=$owner
        AS_USER=(env "HOME=$DIR" setpriv "--reuid=$STACK_USER" "--regid=$(id -g "$STACK_USER")"
            --init-groups --)
    fi
}

# as_user CMD...: run CMD as the stack user, from DIR (a tool may need to
# resolve its working directory, and the caller's may be unreadable to it).
as_user() {
    (cd "$DIR" && "${AS_USER[@]}" "$@")
}

# When root runs a stack for chamilo-dev, every parent of DIR must be
# searchable by chamilo-dev (PostgreSQL and nginx open files under it). A
# checkout under /root (mode 700) fails this: explain instead of letting
# initdb fail with "Permission denied".
check_reachable() {
    [[ ${#AS_USER[@]} -gt 0 ]] || return 0
    if as_user test -w "$DIR" -a -x "$DIR" 2>/dev/null; then
        return 0
    fi
    local p="" part blocker="$DIR"
    local -a parts
    IFS=/ read -r -a parts <<<"${DIR#/}"
    for part in "${parts[@]}"; do
        p="$p/$part"
        if ! (cd / && "${AS_USER[@]}" test -x "$p") 2>/dev/null; then
            blocker=$p
            break
        fi
    done
    die "user $STACK_USER cannot reach $DIR: $blocker ($(stat -c '%A %U' "$blocker")) is not
  searchable by it. The stack runs as $STACK_USER because PostgreSQL refuses root.
  Either allow it (chmod o+x on the parents of the folder), or use a state folder
  elsewhere (make test and make bench already use one under \${TMPDIR:-/tmp}),
  or run as a normal user."
}

# pg_bin NAME: the PostgreSQL server program NAME. Debian keeps them in
# /usr/lib/postgresql/VERSION/bin, off the PATH.
pg_bin() {
    local dir
    if [[ -n ${PG_BINDIR:-} ]]; then
        dir=$PG_BINDIR
    else
        dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null |
            sort -V | tail -n 1)
    fi
    if [[ -n $dir && -x $dir/$1 ]]; then
        echo "$dir/$1"
    elif command -v "$1" >/dev/null 2>&1; then
        command -v "$1"
    else
        die "PostgreSQL's $1 not found (install postgresql, or set PG_BINDIR)"
    fi
}

# nginx lives in /usr/sbin, which is not on a normal user's PATH.
nginx_bin() {
    if command -v nginx >/dev/null 2>&1; then
        command -v nginx
    elif [[ -x /usr/sbin/nginx ]]; then
        echo /usr/sbin/nginx
    else
        die "nginx not found (install nginx-light)"
    fi
}

# free_port: a TCP port nothing listens on right now (the kernel picks it).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# port_in_use PORT: true when something accepts connections on it.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# running PID: true while PID exists and is not a zombie (an exited daemon
# stays a zombie until init reaps it, and kill -0 still succeeds on it).
running() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat:0:1} != Z ]]
}

# child_of_this_script PID: true when PID's parent is this script, i.e. this
# very run started it (a pid read back from our own pid file then cannot be
# a stale one reused by another process).
child_of_this_script() {
    local stat fields
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    read -r -a fields <<<"${stat##*) }" # state ppid pgrp ...
    [[ ${fields[1]:-} == "$$" ]]
}

# alive PIDFILE WORD: true when PIDFILE names a running process that this
# script started (see child_of_this_script), or whose command line mentions
# WORD (guards against a stale pid file whose pid was reused). The first
# case does not look at the command line: a child started with
# `( exec setsid ... PROGRAM ) &` shows this script's command line until it
# has exec'd, and an empty one while each exec of the chain is under way;
# on a loaded machine a check can fall in either moment.
alive() {
    local pid
    [[ -s $1 ]] || return 1
    pid=$(head -n 1 "$1")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    running "$pid" || return 1
    child_of_this_script "$pid" && return 0
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2"
}

# stop_pidfile PIDFILE WORD SIGNAL WHAT: send SIGNAL, wait up to TIMEOUT
# seconds, then SIGKILL the whole process group (the master is a group
# leader: started by setsid, or daemonized by nginx), so no worker survives
# a master that would not stop.
stop_pidfile() {
    local pidfile=$1 word=$2 sig=$3 what=$4 pid i
    alive "$pidfile" "$word" || {
        rm -f "$pidfile"
        return 0
    }
    pid=$(head -n 1 "$pidfile")
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        running "$pid" || break
        sleep 0.1
    done
    if running "$pid"; then
        say "$what (pid $pid) did not stop after ${TIMEOUT}s; killing its process group"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    # Workers of a master that died first: same process group.
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$pidfile"
}

# tail_logs: the end of every log, for a failure message.
tail_logs() {
    local f
    for f in postgres.log chamilo-fcgi.log nginx-error.log; do
        if [[ -s $DIR/$f ]]; then
            echo "----- last lines of $DIR/$f" >&2
            tail -n 25 "$DIR/$f" >&2
        fi
    done
    echo "-----" >&2
}

# ---------------------------------------------------------------- down

stop_all() {
    set_user_from_owner
    # nginx first, so no request reaches a stopping pool; QUIT = graceful.
    stop_pidfile "$DIR/nginx.pid" nginx QUIT nginx
    # The pool stops gracefully on SIGTERM (finishes requests in flight).
    stop_pidfile "$DIR/chamilo-fcgi.pid" chamilo-fcgi TERM "chamilo-fcgi pool"
    rm -f "$DIR/fcgi.sock"
    # PostgreSQL: pg_ctl knows its pid file; -m fast rolls back open
    # transactions and disconnects clients instead of waiting for them.
    if [[ -s $DIR/pgdata/postmaster.pid ]]; then
        local pg_ctl
        pg_ctl=$(pg_bin pg_ctl)
        if as_user "$pg_ctl" -D "$DIR/pgdata" status >/dev/null 2>&1; then
            as_user "$pg_ctl" -D "$DIR/pgdata" stop -m fast -w -t "$TIMEOUT" >/dev/null ||
                as_user "$pg_ctl" -D "$DIR/pgdata" stop -m immediate -w >/dev/null || true
        fi
    fi
}

cmd_down() {
    [[ $# -eq 1 ]] || usage
    [[ -d $1 ]] || return 0 # nothing was ever started there
    DIR=$(cd "$1" && pwd -P)
    stop_all
}

cmd_destroy() {
    [[ $# -eq 1 ]] || usage
    [[ -e $1 ]] || return 0
    DIR=$(cd "$1" && pwd -P)
    # rm -rf on a path given on the command line: only on a folder this
    # script made (or an empty one), never on /, the repo or a home.
    if [[ ! -e $DIR/.chamilo-stack && -n $(ls -A "$DIR") ]]; then
        die "$DIR does not look like a stack folder (no .chamilo-stack); not deleting it"
    fi
    case $DIR in
    / | "$REPO" | "${HOME:-/}") die "refusing to delete $DIR" ;;
    esac
    stop_all
    rm -rf "$DIR"
}

# ---------------------------------------------------------------- up

UP_DONE=0
on_up_exit() {
    local rc=$?
    if [[ $UP_DONE -eq 0 && $rc -ne 0 ]]; then
        tail_logs
        say "bringing down what was started"
        stop_all || true
    fi
}

cmd_up() {
    [[ $# -ge 1 && $# -le 2 ]] || usage
    local port=$1 binary
    if ! [[ $port =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
        die "bad port '$port'"
    fi
    binary=${2:-${BUILD:-build}/chamilo-fcgi}
    # The binary is checked before anything starts: while the application
    # is being written it may not link yet, and that deserves a clear line.
    if [[ ! -f $binary ]]; then
        die "chamilo-fcgi binary not found at '$binary' (run 'make' first; did it link?)"
    fi
    [[ -x $binary ]] || die "'$binary' is not executable"
    binary=$(cd "$(dirname "$binary")" && pwd -P)/$(basename "$binary")

    check_path_chars "$(abs_dir "$STATE")"
    DIR=$(abs_dir "$STATE")
    check_path_length "$DIR"
    set_user
    trap on_up_exit EXIT

    if alive "$DIR/nginx.pid" nginx || alive "$DIR/chamilo-fcgi.pid" chamilo-fcgi ||
        alive "$DIR/pgdata/postmaster.pid" postgres; then
        UP_DONE=1 # leave the running stack alone
        die "a stack is already running in $DIR (stop it with: t/stack/stack.sh down $DIR)"
    fi
    if port_in_use "$port"; then
        UP_DONE=1
        die "port $port is already in use on 127.0.0.1 (choose another: PORT=...)"
    fi

    touch "$DIR/.chamilo-stack"
    mkdir -p "$DIR/bin" "$DIR/static" "$DIR/nginx-tmp"
    # A copy of the binary: the stack user may not be able to read the
    # checkout (CI clones under /root), and a rebuild while the stack runs
    # must not swap the program under the pool's feet.
    install -m 0755 "$binary" "$DIR/bin/chamilo-fcgi"
    # The migrations too, where the binary looks for them (bin/../sql/).
    rm -rf "$DIR/sql"
    mkdir -p "$DIR/sql"
    cp -R "$REPO/sql/migrations" "$DIR/sql/migrations"
    if [[ ${#AS_USER[@]} -gt 0 ]]; then
        chown -R "$STACK_USER:" "$DIR"
    fi
    check_reachable

    init_postgres
    # The config is checked before anything starts: a typo in EXTRA_CONF is
    # then the only message, not buried under database logs.
    write_pool_config
    start_postgres
    load_database
    migrate_database
    start_pool
    start_nginx
    wait_ready "$port"
    write_env "$port"
    # Files this script wrote as root: hand them over too, so the stack user
    # (or a later non-root run) can manage the folder.
    [[ ${#AS_USER[@]} -eq 0 ]] || chown -R "$STACK_USER:" "$DIR"
    UP_DONE=1
    say "up: http://127.0.0.1:$port/main/webservices/api/v2.php (state in $DIR, run by $STACK_USER)"
}

init_postgres() {
    local initdb pgport
    initdb=$(pg_bin initdb)
    if [[ -e $DIR/pgdata && $(stat -c %U "$DIR/pgdata") != "$STACK_USER" ]]; then
        die "$DIR/pgdata belongs to $(stat -c %U "$DIR/pgdata"), not $STACK_USER (made by root for
  another user?): run as that user, or start afresh with: t/stack/stack.sh destroy $DIR"
    fi
    if [[ ! -s $DIR/pgdata/PG_VERSION ]]; then
        rm -rf "$DIR/pgdata" "$DIR/.loaded"
        # The port only names the socket file (DIR/.s.PGSQL.N); a free one
        # keeps names distinct from any other cluster's anyway.
        free_port >"$DIR/pgport"
        say "initdb $DIR/pgdata"
        # trust: no passwords, because only the stack user (and root) may
        # connect (unix_socket_permissions below) and the cluster is
        # throwaway. C.UTF-8 is built into glibc (no locales package
        # needed) and sorts by code point, the same on every machine.
        as_user "$initdb" -D "$DIR/pgdata" -A trust -U "$DB_ROLE" -E UTF8 \
            --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
            {
                cat "$DIR/initdb.log" >&2
                die "initdb failed"
            }
        # Our settings live in their own file, rewritten on every up (the
        # folder may have moved); postgresql.conf just includes it.
        echo "include 'chamilo-stack.conf'" >>"$DIR/pgdata/postgresql.conf"
    fi
    pgport=$(cat "$DIR/pgport")
    PGPORT_N=$pgport
    cat >"$DIR/pgdata/chamilo-stack.conf" <<EOF
# Written by t/stack/stack.sh on every 'up'. Do not edit.
# Unix socket only: no TCP port is opened, nothing else on the machine
# can collide with this cluster.
listen_addresses = ''
unix_socket_directories = '$DIR'
unix_socket_permissions = 0700
port = $pgport
# A dev box, not a server: a modest cache. fsync and synchronous_commit keep
# their safe defaults so measurements are honest.
shared_buffers = 128MB
max_connections = 100
# The application writes UTC timestamps; show them as such.
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
EOF
    [[ ${#AS_USER[@]} -eq 0 ]] || chown "$STACK_USER:" "$DIR/pgdata/chamilo-stack.conf" "$DIR/pgport"
}

start_postgres() {
    local pg_ctl
    pg_ctl=$(pg_bin pg_ctl)
    as_user "$pg_ctl" -D "$DIR/pgdata" -l "$DIR/postgres.log" -w -t "$TIMEOUT" start >/dev/null ||
        die "PostgreSQL did not start (see $DIR/postgres.log)"
}

# psql_stack ARGS...: psql on the stack's cluster, as the stack user. -X: no
# ~/.psqlrc; ON_ERROR_STOP: the first error fails the whole load.
psql_stack() {
    as_user psql -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PGPORT_N" -U "$DB_ROLE" "$@"
}

load_database() {
    # Loaded once: a second `up` (make run again) keeps the data, including
    # what the previous run changed.
    [[ -e $DIR/.loaded ]] && return 0
    local schema=${SQL_SCHEMA:-$REPO/sql/schema.sql} demo=${SQL_DEMO:-$REPO/sql/demo.sql}
    [[ -r $schema ]] || die "schema not found: $schema"
    [[ -r $demo ]] || die "demo data not found: $demo"
    say "creating database $DB_NAME from $(basename "$schema") and $(basename "$demo")"
    psql_stack -d postgres -c "SET client_min_messages = warning" \
        -c "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME" >/dev/null
    # Fed on stdin by this shell: the stack user need not read the checkout.
    # A failure leaves no marker, so the next `up` starts the load afresh.
    psql_stack -d "$DB_NAME" -f - <"$schema" >"$DIR/load.log" 2>&1 ||
        {
            tail -n 20 "$DIR/load.log" >&2
            die "loading $schema failed (full output: $DIR/load.log)"
        }
    psql_stack -d "$DB_NAME" -f - <"$demo" >>"$DIR/load.log" 2>&1 ||
        {
            tail -n 20 "$DIR/load.log" >&2
            die "loading $demo failed (full output: $DIR/load.log)"
        }
    # Fresh statistics, so the first benchmark does not run on guesses.
    psql_stack -d "$DB_NAME" -c "ANALYZE" >/dev/null
    touch "$DIR/.loaded"
}

# On every up, also for a kept database (make run): the pool refuses to
# start on a schema older than the binary.
migrate_database() {
    local out
    out=$(as_user "$DIR/bin/chamilo-fcgi" -c "$DIR/chamilo-fcgi.conf" --migrate 2>&1) || {
        echo "$out" >&2
        die "chamilo-fcgi --migrate failed"
    }
    echo "$out" >"$DIR/migrate.log"
}

# conf_has KEY: true when EXTRA_CONF sets KEY (then it replaces our line:
# chamilo-fcgi rejects a repeated key).
conf_has() {
    grep -Eq "^[[:space:]]*$1[[:space:]]*=" <<<"${EXTRA_CONF:-}"
}

write_pool_config() {
    WORKERS_N=${WORKERS:-4}
    local conf=$DIR/chamilo-fcgi.conf key value
    local -a lines=(
        "listen|$DIR/fcgi.sock"
        "workers|$WORKERS_N"
        "db_conninfo|\"host=$DIR port=$PGPORT_N dbname=$DB_NAME user=$DB_ROLE\""
        "root_web|http://127.0.0.1:$PORT_N/"
        # The demo campus has the PauseTraining plugin (sql/demo.sql creates its fields).
        "pausetraining_tool_enable|on"
    )
    {
        echo "# Written by t/stack/stack.sh on every 'up'; EXTRA_CONF lines come last."
        for line in "${lines[@]}"; do
            key=${line%%|*}
            value=${line#*|}
            if conf_has "$key"; then
                echo "# $key: set by EXTRA_CONF below"
            else
                echo "$key = $value"
            fi
        done
        if [[ -n ${EXTRA_CONF:-} ]]; then
            echo "# EXTRA_CONF"
            printf '%s\n' "$EXTRA_CONF"
        fi
    } >"$conf"
    [[ ${#AS_USER[@]} -eq 0 ]] || chown "$STACK_USER:" "$conf"
    # Let the binary judge its config first: a typo in EXTRA_CONF then reads
    # as the binary's own message, not as a pool that never answers.
    local out
    if ! out=$(as_user "$DIR/bin/chamilo-fcgi" -c "$conf" --check 2>&1); then
        echo "$out" >&2
        die "chamilo-fcgi rejected $conf"
    fi
}

start_pool() {
    rm -f "$DIR/fcgi.sock"
    # setsid: the pool gets its own session and process group, so a Ctrl-C
    # in the terminal of `make run` reaches only run.sh, whose trap stops
    # things in order, and stop_pidfile can kill the group as a last resort.
    # Started from a script (no job control) the child is no group leader,
    # so setsid execs instead of forking and $! is the pool master's pid
    # from the first instant (alive accepts it before its exec is done).
    echo "---- $(date -u '+%F %T') start" >>"$DIR/chamilo-fcgi.log"
    [[ ${#AS_USER[@]} -eq 0 ]] || chown "$STACK_USER:" "$DIR/chamilo-fcgi.log"
    (cd "$DIR" && exec setsid "${AS_USER[@]}" "$DIR/bin/chamilo-fcgi" -c "$DIR/chamilo-fcgi.conf" \
        </dev/null >>"$DIR/chamilo-fcgi.log" 2>&1) &
    echo $! >"$DIR/chamilo-fcgi.pid"
    local i
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        [[ -S $DIR/fcgi.sock ]] && return 0
        alive "$DIR/chamilo-fcgi.pid" chamilo-fcgi || die "chamilo-fcgi exited at start (see $DIR/chamilo-fcgi.log)"
        sleep 0.1
    done
    die "chamilo-fcgi did not create $DIR/fcgi.sock within ${TIMEOUT}s"
}

start_nginx() {
    local nginx
    nginx=$(nginx_bin)
    # nginx resolves a relative `include` against the folder of its config
    # file, so the snippet's `include fastcgi_params;` finds this copy.
    [[ -r /etc/nginx/fastcgi_params ]] || die "/etc/nginx/fastcgi_params not found (install nginx-light)"
    cp /etc/nginx/fastcgi_params "$DIR/fastcgi_params"
    cp "$REPO/nginx/chamilo-fcgi.conf" "$DIR/chamilo-fcgi-location.conf"
    # What the benchmark's ceiling fetches: the same envelope shape and
    # headers as a real answer, served by nginx alone.
    printf '%s' '{"error":false,"data":{"pictureUri":"http:\/\/127.0.0.1\/main\/img\/unknown.jpg","id":1,"status":1,"fullName":"John Doe","username":"admin","officialCode":"ADMIN","phone":null,"extra":[]}}' \
        >"$DIR/static/ceiling.json"
    sed -e "s|@STACK_DIR@|$DIR|g" -e "s|@PORT@|$PORT_N|g" -e "s|@FCGI_SOCKET@|$DIR/fcgi.sock|g" \
        -e "s|@NGINX_WORKERS@|${NGINX_WORKERS:-1}|g" \
        "$REPO/nginx/dev.conf.template" >"$DIR/nginx.conf"
    if grep -q '@[A-Z_]*@' "$DIR/nginx.conf"; then
        die "unsubstituted placeholder in $DIR/nginx.conf: $(grep -o '@[A-Z_]*@' "$DIR/nginx.conf" | head -n 1)"
    fi
    mkdir -p "$DIR/nginx-tmp"
    [[ ${#AS_USER[@]} -eq 0 ]] || chown -R "$STACK_USER:" "$DIR/nginx-tmp" "$DIR/static" \
        "$DIR/nginx.conf" "$DIR/fastcgi_params" "$DIR/chamilo-fcgi-location.conf"
    local -a args=(-p "$DIR/" -c "$DIR/nginx.conf" -e "$DIR/nginx-error.log")
    local out
    out=$(as_user "$nginx" -t -q "${args[@]}" 2>&1) || {
        echo "$out" >&2
        die "nginx rejected $DIR/nginx.conf"
    }
    # nginx daemonizes itself (own session) and writes DIR/nginx.pid.
    as_user "$nginx" "${args[@]}" || die "nginx did not start (see $DIR/nginx-error.log)"
}

wait_ready() {
    local url="http://127.0.0.1:$1/main/webservices/api/v2.php" code=000 i
    # 502/504 = nginx up, pool not answering yet; 000 = nginx not up.
    # Anything else means the application answered (even if wrongly: the
    # tests are the place to say so).
    for ((i = 0; i < TIMEOUT * 5; i++)); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST "$url" || true)
        case $code in
        000 | 502 | 503 | 504) ;;
        *) return 0 ;;
        esac
        alive "$DIR/chamilo-fcgi.pid" chamilo-fcgi || die "chamilo-fcgi died (see $DIR/chamilo-fcgi.log)"
        sleep 0.2
    done
    die "$url did not answer within ${TIMEOUT}s (last HTTP status $code)"
}

write_env() {
    # Read by t/e2e/harness.py (KEY=VALUE, no quoting: paths are plain).
    cat >"$DIR/stack.env" <<EOF
STACK_DIR=$DIR
PORT=$1
BASE_URL=http://127.0.0.1:$1
PGHOST=$DIR
PGPORT=$PGPORT_N
PGUSER=$DB_ROLE
PGDATABASE=$DB_NAME
STACK_USER=$STACK_USER
FCGI_SOCKET=$DIR/fcgi.sock
WORKERS=$WORKERS_N
EOF
}

# ---------------------------------------------------------------- main

[[ $# -ge 2 ]] || usage
command=$1
STATE=$2
shift 2
case $command in
up)
    [[ $# -ge 1 ]] || usage
    PORT_N=$1
    cmd_up "$@"
    ;;
down) cmd_down "$STATE" ;;
destroy) cmd_destroy "$STATE" ;;
*) usage ;;
esac
