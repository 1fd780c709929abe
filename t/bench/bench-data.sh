#!/usr/bin/env bash
# bench-data.sh - `make bench-data`: a stack (t/stack/stack.sh: PostgreSQL,
# the pool, nginx, run unprivileged in a state folder) whose database holds
# the demo campus plus a large generated one (t/bench/bench-data.sql), left
# running for measurements.
#
#   BUILD=build BENCH_DATA_SCALE=1.0 BENCH_DATA_DIR=.bench-data t/bench/bench-data.sh
#
# BENCH_DATA_SCALE multiplies every count of the generated campus (1.0: the
# full one, 100,000 users and about 17 M rows; 0.02: a small one, built in
# seconds). BENCH_DATA_DIR is the state folder (default .bench-data):
# a stack already there is destroyed first, so each run starts from an empty
# database. Prints one progress line per table, then how to reach and stop
# the stack. Exit status 1 when anything failed (the stack is then brought
# down).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BINARY=${BUILD:-build}/chamilo-fcgi
SCALE=${BENCH_DATA_SCALE:-1.0}
DIR=${BENCH_DATA_DIR:-.bench-data}

[[ $SCALE =~ ^[0-9]+(\.[0-9]+)?$ ]] || {
    echo "bench-data: BENCH_DATA_SCALE must be a decimal number (got '$SCALE')" >&2
    exit 2
}

t/stack/stack.sh destroy "$DIR"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
WORKERS=${WORKERS:-4} t/stack/stack.sh up "$DIR" "$PORT" "$BINARY"
# shellcheck disable=SC1091 # written by stack.sh up
. "$DIR/stack.env"

echo "bench-data: generating the campus at scale $SCALE"
if ! psql -X -q -At -v ON_ERROR_STOP=1 -v scale="$SCALE" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" \
    -d "$PGDATABASE" -f t/bench/bench-data.sql; then
    echo "bench-data: the generator failed; stopping the stack" >&2
    t/stack/stack.sh down "$DIR" || true
    exit 1
fi
cat <<EOF
bench-data: ready: $BASE_URL/main/webservices/api/v2.php
bench-data:   database: psql -h $PGHOST -p $PGPORT -U $PGUSER $PGDATABASE
bench-data:   a generated user: bench1 (password bench, API key md5('bench-key-1'))
bench-data:   stop it with: t/stack/stack.sh destroy $DIR
EOF
