#!/usr/bin/env bash
# apache.sh - Apache httpd as a second front end of a test stack's pool.
#
#   apache.sh up DIR PORT TLS_PORT SOCKET   start Apache (state in DIR)
#   apache.sh down DIR                      stop it (idempotent)
#
# DIR is a folder of its own (t/e2e/run.sh uses STACK_DIR/apache). Apache
# runs Debian's binary and modules (apache2-bin) with our own configuration
# (apache/dev.conf.template, including the production snippet
# apache/chamilo-fcgi.conf unchanged), never Debian's /etc/apache2, as the
# owner of DIR's parent when run by root (the stack's unprivileged user), on
# 127.0.0.1: PORT over HTTP, TLS_PORT over HTTPS with a throwaway
# self-signed certificate. DIR/apache.env then holds PORT, TLS_PORT and
# FCGI_SOCKET (for the tests).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
TIMEOUT=${STACK_TIMEOUT:-30}
APACHE=${APACHE_BIN:-/usr/sbin/apache2}

say() { echo "apache: $*" >&2; }
die() {
    say "error: $*"
    exit 1
}

# As root: run as the owner of the folder holding DIR (the stack's user).
set_user() {
    AS_USER=()
    if [[ $(id -u) -eq 0 ]]; then
        local owner
        owner=$(stat -c %U "$(dirname "$DIR")")
        if [[ $owner != root ]]; then
            AS_USER=(setpriv "--reuid=$owner" "--regid=$(id -g "$owner")" --init-groups --)
            chown -R "$owner:" "$DIR"
        fi
    fi
}

running() {
    [[ -s $DIR/apache.pid ]] && kill -0 "$(cat "$DIR/apache.pid")" 2>/dev/null
}

cmd_up() {
    local port=$1 tls_port=$2 socket=$3
    [[ -x $APACHE ]] || die "$APACHE not found (install apache2-bin)"
    mkdir -p "$DIR/run" "$DIR/www"
    DIR=$(cd "$DIR" && pwd -P)
    cp "$REPO/apache/chamilo-fcgi.conf" "$DIR/chamilo-fcgi.conf"
    sed -e "s|@APACHE_DIR@|$DIR|g" -e "s|@PORT@|$port|g" -e "s|@TLS_PORT@|$tls_port|g" \
        -e "s|@FCGI_SOCKET@|$socket|g" "$REPO/apache/dev.conf.template" >"$DIR/httpd.conf"
    if grep -q '@[A-Z_]*@' "$DIR/httpd.conf"; then
        die "unsubstituted placeholder in $DIR/httpd.conf"
    fi
    if [[ ! -s $DIR/tls.crt ]]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
            -keyout "$DIR/tls.key" -out "$DIR/tls.crt" 2>/dev/null || die "openssl could not make a certificate"
    fi
    set_user
    local out
    out=$(cd "$DIR" && "${AS_USER[@]}" "$APACHE" -t -f "$DIR/httpd.conf" 2>&1) || {
        echo "$out" >&2
        die "apache2 rejected $DIR/httpd.conf"
    }
    (cd "$DIR" && "${AS_USER[@]}" "$APACHE" -f "$DIR/httpd.conf" -k start) ||
        die "apache2 did not start (see $DIR/error.log)"
    local i code=000
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST \
            "http://127.0.0.1:$port/main/webservices/api/v2.php" || true)
        [[ $code == 000 ]] || break
        sleep 0.1
    done
    if [[ $code == 000 ]]; then
        tail -n 20 "$DIR/error.log" >&2 || true
        die "apache2 does not answer on 127.0.0.1:$port"
    fi
    printf 'PORT=%s\nTLS_PORT=%s\nFCGI_SOCKET=%s\n' "$port" "$tls_port" "$socket" >"$DIR/apache.env"
    say "up: http://127.0.0.1:$port/ and https://127.0.0.1:$tls_port/ -> $socket (state in $DIR)"
}

cmd_down() {
    [[ -d $DIR ]] || return 0
    running || return 0
    local pid i
    pid=$(cat "$DIR/apache.pid")
    # TERM: Apache stops at once, aborting requests in flight (tests are over).
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < TIMEOUT * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    say "apache2 (pid $pid) did not stop; killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

[[ $# -ge 2 ]] || {
    echo "usage: apache.sh up DIR PORT TLS_PORT SOCKET | apache.sh down DIR" >&2
    exit 2
}
command=$1
DIR=$2
shift 2
case $command in
up)
    [[ $# -eq 3 ]] || die "usage: apache.sh up DIR PORT TLS_PORT SOCKET"
    cmd_up "$@"
    ;;
down) cmd_down ;;
*) die "unknown command $command" ;;
esac
