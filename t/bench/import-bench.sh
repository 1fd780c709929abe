#!/usr/bin/env bash
# import-bench.sh - speed of chamilo-fcgi-import on a large campus: the real
# Chamilo 1.11.32 dump grown to 100,000 users (each with its access_url row)
# and 1,000,000 tracking rows (track_e_default), in a scratch MariaDB,
# imported into a fresh database of a scratch PostgreSQL cluster.
#
#   BUILD=build t/bench/import-bench.sh        (make bench-import)
#
# USERS=N and EVENTS=N change the sizes. Prints the import's own output and
# a closing line `import-bench: N rows in S s = R rows/s`. KEEP=1 leaves
# both servers running afterwards (for profiling). Not part of
# `make test`: it takes a few minutes and both cores.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO=$(pwd -P)
BINARY=${BUILD:-build}/chamilo-fcgi
USERS=${USERS:-100000}
EVENTS=${EVENTS:-1000000}
FIXTURE=${FIXTURE:-$REPO/t/fixtures/chamilo-1.11.32-mariadb.sql.gz}
[[ -r $FIXTURE ]] || {
    echo "import-bench: fixture not found (set FIXTURE=...)" >&2
    exit 1
}
[[ $USERS =~ ^[0-9]+$ && $EVENTS =~ ^[0-9]+$ && $USERS -ge 1 && $EVENTS -ge 1 ]] ||
    { echo "import-bench: USERS and EVENTS must be positive integers" >&2; exit 2; }

# shellcheck source=t/import/scratch.sh
. t/import/scratch.sh
scratch_setup import-bench "${KEEP:-0}"

t/import/mariadb.sh up "$MYSQL_DIR"
t/import/mariadb.sh load "$MYSQL_DIR" chamilo "$FIXTURE"
echo "import-bench: generating $USERS users and $EVENTS tracking rows in MariaDB"
t0=$(date +%s.%N)
# MariaDB's SEQUENCE engine (seq_1_to_N) generates the rows server-side.
t/import/mariadb.sh sql "$MYSQL_DIR" chamilo <<EOF
SET SESSION unique_checks = 0, foreign_key_checks = 0;
INSERT INTO user (id, user_id, username, username_canonical, email_canonical, email,
    locked, enabled, expired, credentials_expired, lastname, firstname, password, phone,
    salt, roles, status, official_code, language, registration_date, active, created_at)
SELECT 100000 + seq, 100000 + seq, CONCAT('bench', seq), CONCAT('bench', seq),
    CONCAT('bench', seq, '@example.org'), CONCAT('bench', seq, '@example.org'),
    0, 1, 0, 0, CONCAT('Last', seq), IF(seq % 10 = 0, NULL, CONCAT('First', seq)),
    '\$2y\$04\$abcdefghijklmnopqrstuu5X1Qm0FkTk0TmrH0lqbCmRtA1mYt6nC', IF(seq % 3 = 0, '', '555'),
    SHA1(seq), 'a:0:{}', IF(seq % 50 = 0, 1, 5), CONCAT('OC', seq), 'english',
    '2025-01-01 00:00:00' + INTERVAL seq SECOND, 1, '2025-01-01 00:00:00' + INTERVAL seq SECOND
FROM seq_1_to_${USERS};
INSERT INTO access_url_rel_user (access_url_id, user_id)
SELECT 1, 100000 + seq FROM seq_1_to_${USERS};
INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,
    default_value_type, default_value, session_id)
SELECT 100000 + 1 + seq % ${USERS}, IF(seq % 4 = 0, 101, 0),
    '2025-06-01 00:00:00' + INTERVAL seq SECOND, 'access_ws_user_profile', 'username',
    CONCAT('bench', 1 + seq % ${USERS}), IF(seq % 7 = 0, NULL, 0)
FROM seq_1_to_${EVENTS};
EOF
echo "import-bench: generated in $(python3 -c "import time; print('%.1f' % (time.time() - $t0))") s"

# The target: an empty cluster (the pool and nginx come with the stack
# script; they stay idle).
SQL_DEMO=/dev/null WORKERS=1 t/stack/stack.sh up "$STACK_DIR" "$PORT" "$BINARY"
# shellcheck disable=SC1091
. "$STACK_DIR/stack.env"
# shellcheck disable=SC1091
. "$MYSQL_DIR/mariadb.env"
psql -X -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c 'CREATE DATABASE bench'

out=$STACK_DIR/import.out
tools/chamilo-fcgi-import --from "$MYSQL_URL/chamilo" \
    --to "host=$PGHOST port=$PGPORT dbname=bench user=$PGUSER" \
    --settings-out "$STACK_DIR/bench.conf" | tee "$out"
line=$(grep -E '^== done: ' "$out")
rows=$(sed -E 's/^== done: [0-9]+ rows read, ([0-9]+) written.*/\1/' <<<"$line")
secs=$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$line")
echo "import-bench: $rows rows in $secs s = $(python3 -c "print('%.0f' % ($rows / $secs))") rows/s"
