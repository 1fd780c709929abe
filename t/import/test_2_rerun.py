"""Running the import again, replacing, into a database without our schema,
and killed half-way: the target is always either as it was, or complete."""

import os
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import assert_eq, assert_ok, authenticate, call  # noqa: E402
from import_common import (TOOL, conninfo, drop_database, fresh_database, my,  # noqa: E402
                           mysql_env, pg, pg_value, run_import, run_import_killed,
                           table_counts_match, wait_no_backend)

SCRATCH = 'import_scratch'


def teardown_module():
    drop_database(SCRATCH)


def test_rerun_into_a_non_empty_target_is_refused():
    before = pg_value('SELECT count(*) FROM track_e_default')
    status, out = run_import('chamilo')
    assert_eq(status, 1, 'exit status; output:\n' + out)
    assert 'already holds data' in out and '--replace' in out, out
    assert 'pgloader' not in out, 'refused only after copying:\n' + out
    assert_eq(pg_value('SELECT count(*) FROM track_e_default'), before, 'track_e_default untouched')


def test_replace_puts_back_the_source_data():
    # The API calls of test_1 wrote tracking rows and changed last_login; a
    # user made here must disappear too.
    pg("INSERT INTO \"user\" (username, username_canonical, email_canonical, email, password, salt)"
       " VALUES ('zz_extra', 'zz_extra', 'x@example.org', 'x@example.org', 'x', 'x')")
    differ, _ = table_counts_match()
    assert differ, 'the target should differ from the source before --replace'
    status, out = run_import('chamilo', '--replace')
    assert_eq(status, 0, 'exit status; output:\n' + out)
    differ, _ = table_counts_match()
    assert_eq(differ, [], 'tables whose counts differ after --replace')
    assert_eq(pg("SELECT id FROM \"user\" WHERE username = 'zz_extra'"), [], 'extra user gone')
    # The pool serves the replaced data without a restart.
    key = authenticate('dave_g2', 'davepass')
    assert_eq(assert_ok(call('user_profile', 'dave_g2', key))['id'], 106, 'dave_g2 id')


def test_killed_replace_keeps_the_old_data():
    pg("DELETE FROM track_e_default WHERE default_id > 200")
    kept = pg_value('SELECT count(*) FROM track_e_default')
    users = pg_value('SELECT count(*) FROM "user"')
    # Killed in the middle of the copy transaction, after some tables.
    out = run_import_killed('chamilo', ' c_tool ', '--replace')
    wait_no_backend('chamilo')
    assert_eq((pg_value('SELECT count(*) FROM track_e_default'), pg_value('SELECT count(*) FROM "user"')),
              (kept, users), 'rows after the killed import (output:\n%s)' % out)


def test_import_creates_the_schema_in_an_empty_database():
    fresh_database(SCRATCH)
    # A password in the conninfo (the stack trusts local connections, so
    # any works) goes to psql and pgloader through PGPASSWORD.
    status, out = run_import(SCRATCH, to=conninfo(SCRATCH) + " password='se cr\\'et'")
    assert_eq(status, 0, 'exit status; output:\n' + out)
    assert 'creating the schema' in out, out
    differ, tables = table_counts_match(SCRATCH)
    assert_eq(differ, [], 'tables whose counts differ')
    assert_eq(pg_value('SELECT max(version) FROM schema_version', SCRATCH), '1', 'schema version')


def test_killed_import_leaves_the_target_empty():
    # During pgloader's copy into staging, then during our transaction.
    for when, delay in (('== pgloader', 2.0), (' course_category ', 0.0)):
        fresh_database(SCRATCH)
        out = run_import_killed(SCRATCH, when, delay=delay)
        wait_no_backend(SCRATCH)
        counts = pg("SELECT (SELECT count(*) FROM \"user\"), (SELECT count(*) FROM course)", SCRATCH)
        assert_eq(counts, [['0', '0']], 'rows after a kill at %r (output:\n%s)' % (when, out))
        # And the next run completes (it clears what the killed one left).
        status, out = run_import(SCRATCH)
        assert_eq(status, 0, 'exit status after a kill at %r; output:\n%s' % (when, out))
        differ, _ = table_counts_match(SCRATCH)
        assert_eq(differ, [], 'tables whose counts differ')
        assert_eq(pg("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'chamilo_import%'", SCRATCH),
                  [], 'staging schema left')
        assert_eq(pg("SELECT s.setconfig::text FROM pg_db_role_setting s JOIN pg_database d"
                     " ON d.oid = s.setdatabase WHERE d.datname = '%s'" % SCRATCH, 'postgres'), [],
                  "database settings left by pgloader")


def test_bad_source_is_a_clear_error():
    status, out = run_import(SCRATCH, source_db='no_such_db')
    assert_eq(status, 1, 'exit status; output:\n' + out)
    assert 'source database' in out and 'no_such_db' in out, out


def test_select_only_account_with_an_awkward_password():
    # What an operator should give the import: SELECT on the database, and
    # a password with URL-special characters (percent-encoded in --from).
    my("CREATE USER IF NOT EXISTS 'ro'@'127.0.0.1' IDENTIFIED VIA mysql_native_password"
       " USING PASSWORD('r@o:p/w%x'); GRANT SELECT ON chamilo.* TO 'ro'@'127.0.0.1'")
    fresh_database(SCRATCH)
    port = mysql_env()['MYSQL_PORT']
    url = 'mysql://ro:%s@127.0.0.1:%s/chamilo' % (urllib.parse.quote('r@o:p/w%x', safe=''), port)
    res = subprocess.run([TOOL, '--from', url, '--to', conninfo(SCRATCH), '--settings-out',
                          os.path.join(harness.STACK_DIR, 'ro.conf')],
                         capture_output=True, text=True, timeout=600)
    assert_eq(res.returncode, 0, 'exit status; output:\n' + res.stdout + res.stderr)
    assert 'r@o' not in res.stdout + res.stderr, 'password printed'
    differ, _ = table_counts_match(SCRATCH)
    assert_eq(differ, [], 'tables whose counts differ')
