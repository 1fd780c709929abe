"""import_common - helpers of the import tests (t/import/test_*.py).

The scratch MariaDB is IMPORT_MYSQL_DIR (t/import/mariadb.sh); the target
cluster is the stack's (harness.STACK_DIR). Tests reach MariaDB as its root
over the unix socket, and PostgreSQL as the stack's superuser role.
"""

import os
import signal
import subprocess
import time

import harness

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
TOOL = os.path.join(REPO, 'tools', 'chamilo-fcgi-import')
MARIADB_SH = os.path.join(REPO, 't', 'import', 'mariadb.sh')
MYSQL_DIR = os.environ.get('IMPORT_MYSQL_DIR', '')
FIXTURE = os.environ.get('IMPORT_FIXTURE', '')


def _env_file(path):
    values = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            if '=' in line:
                k, v = line.strip().split('=', 1)
                values[k] = v
    return values


def mysql_env():
    return _env_file(os.path.join(MYSQL_DIR, 'mariadb.env'))


def stack_env():
    return _env_file(os.path.join(harness.STACK_DIR, 'stack.env'))


def source_url(db='chamilo'):
    return '%s/%s' % (mysql_env()['MYSQL_URL'], db)


def conninfo(db):
    env = stack_env()
    return 'host=%s port=%s dbname=%s user=%s' % (env['PGHOST'], env['PGPORT'], db, env['PGUSER'])


# ------------------------------------------------------------------ MariaDB

def my(query, db='chamilo'):
    """Rows of a query on the scratch MariaDB, as lists of str. NULL comes
    back as the word NULL (batch mode): select IFNULL(...) to tell it apart."""
    res = subprocess.run(
        ['mariadb', '--no-defaults', '-S', mysql_env()['MYSQL_SOCKET'], '-u', 'root',
         '--batch', '--skip-column-names', '--default-character-set=utf8mb4', db, '-e', query],
        capture_output=True, text=True, encoding='utf-8')
    assert res.returncode == 0, 'MariaDB: %s\n%s' % (res.stderr, query)
    return [line.split('\t') for line in res.stdout.split('\n') if line != '']


def my_load(db, extra_sql=''):
    """(Re)creates database db on the scratch MariaDB from the fixture, then
    runs extra_sql in it."""
    res = subprocess.run([MARIADB_SH, 'load', MYSQL_DIR, db, FIXTURE], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    if extra_sql:
        my(extra_sql, db)


# ------------------------------------------------------------------ PostgreSQL

def pg(query, db='chamilo'):
    """Rows of a query on a database of the stack's cluster (NULL -> None)."""
    res = subprocess.run(['psql', '-X', '-q', '-At', '-F', '\x1f', '-P', 'null=\x1e',
                          '-v', 'ON_ERROR_STOP=1', '-d', conninfo(db), '-c', query],
                         capture_output=True, text=True, encoding='utf-8')
    assert res.returncode == 0, 'PostgreSQL: %s\n%s' % (res.stderr, query)
    rows = []
    for line in res.stdout.split('\n'):
        if line == '':
            continue
        rows.append([None if v == '\x1e' else v for v in line.split('\x1f')])
    return rows


def pg_value(query, db='chamilo'):
    rows = pg(query, db)
    assert len(rows) == 1 and len(rows[0]) == 1, rows
    return rows[0][0]


def fresh_database(db):
    """An empty PostgreSQL database (no schema) in the stack's cluster."""
    pg('DROP DATABASE IF EXISTS %s' % db, 'postgres')
    pg('CREATE DATABASE %s' % db, 'postgres')


def drop_database(db):
    pg('DROP DATABASE IF EXISTS %s' % db, 'postgres')


# ------------------------------------------------------------------ the tool

def run_import(target_db, *extra, source_db='chamilo', settings=None, to=None):
    """Runs chamilo-fcgi-import; returns (exit status, stdout + stderr).
    to: the --to conninfo, if not the plain one of target_db."""
    settings = settings or os.path.join(harness.STACK_DIR, 'imported-%s.conf' % target_db)
    cmd = [TOOL, '--from', source_url(source_db), '--to', to or conninfo(target_db),
           '--settings-out', settings] + list(extra)
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                         cwd=harness.STACK_DIR)
    return res.returncode, res.stdout + res.stderr


def run_import_killed(target_db, after_line, *extra, source_db='chamilo', delay=0.0):
    """Starts an import and kills it (SIGKILL, no chance to clean up) delay
    seconds after a line of its output contains after_line. Returns the
    output so far."""
    cmd = [TOOL, '--from', source_url(source_db), '--to', conninfo(target_db),
           '--settings-out', os.path.join(harness.STACK_DIR, 'killed.conf')] + list(extra)
    # A killed import cannot remove its work folder (tempfile's): it goes
    # in the stack's folder, which is destroyed after the run, not in /tmp.
    tmp = os.path.join(harness.STACK_DIR, 'killed-imports')
    os.makedirs(tmp, exist_ok=True)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=harness.STACK_DIR, start_new_session=True,
                            env=dict(os.environ, TMPDIR=tmp))
    seen = []
    deadline = time.monotonic() + 300
    try:
        for line in proc.stdout:
            seen.append(line)
            if after_line in line:
                time.sleep(delay)
                # The whole group: the tool, and psql/pgloader under it, die
                # at once, as with a power cut of the machine running it.
                os.killpg(proc.pid, signal.SIGKILL)
                break
            assert time.monotonic() < deadline, 'import did not reach %r' % after_line
    finally:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait()
    out = ''.join(seen)
    assert after_line in out, 'the import ended before %r:\n%s' % (after_line, out)
    return out


def wait_no_backend(db, timeout=30):
    """Waits until the killed import's sessions are gone from the server
    (PostgreSQL notices a dead client when it next reads from it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = int(pg_value("SELECT count(*) FROM pg_stat_activity WHERE datname = '%s'"
                         " AND application_name IN ('psql', 'pgloader') AND pid <> pg_backend_pid()"
                         % db, 'postgres'))
        if n == 0:
            return
        time.sleep(0.2)
    raise AssertionError('sessions of the killed import still open on %s' % db)


# ------------------------------------------------------------------ comparing

def shared_tables(db='chamilo', source_db='chamilo'):
    ours = {r[0] for r in pg("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", db)}
    theirs = {r[0] for r in my("SELECT table_name FROM information_schema.tables"
                                " WHERE table_schema = '%s' AND table_type = 'BASE TABLE'" % source_db)}
    return sorted(ours & theirs)


def table_counts_match(db='chamilo', source_db='chamilo'):
    """[(table, source count, target count)] of every shared table that differs."""
    tables = shared_tables(db, source_db)
    src = {r[0]: int(r[1]) for r in my(' UNION ALL '.join(
        "SELECT '%s', COUNT(*) FROM `%s`" % (t, t) for t in tables), source_db)}
    dst = {r[0]: int(r[1]) for r in pg(' UNION ALL '.join(
        "SELECT '%s', count(*) FROM \"%s\"" % (t, t) for t in tables), db)}
    return [(t, src[t], dst[t]) for t in tables if src[t] != dst[t]], tables


def fingerprints(table, db='chamilo', source_db='chamilo'):
    """The rows of table on both sides as sorted lists of strings, one hex
    field per shared column ('-' for NULL): equal lists mean every value was
    copied byte for byte, NULL and '' kept apart, datetimes unshifted,
    flags still the same integers."""
    cols_pg = [r[0] for r in pg(
        "SELECT attname FROM pg_attribute WHERE attrelid = 'public.\"%s\"'::regclass"
        " AND attnum > 0 AND NOT attisdropped ORDER BY attnum" % table, db)]
    cols_my = {r[0] for r in my("SELECT column_name FROM information_schema.columns"
                                 " WHERE table_schema = '%s' AND table_name = '%s'" % (source_db, table))}
    cols = [c for c in cols_pg if c in cols_my]
    my_expr = "CONCAT_WS(',', %s)" % ', '.join(
        "IFNULL(HEX(CAST(`%s` AS CHAR)), '-')" % c for c in cols)
    pg_expr = "concat_ws(',', %s)" % ', '.join(
        "coalesce(upper(encode(convert_to(\"%s\"::text, 'UTF8'), 'hex')), '-')" % c for c in cols)
    src = sorted(r[0] for r in my('SELECT %s FROM `%s`' % (my_expr, table), source_db))
    dst = sorted(r[0] for r in pg('SELECT %s FROM "%s"' % (pg_expr, table), db))
    return cols, src, dst
