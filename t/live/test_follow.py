"""The live campus follower (chamilo-fcgi-follow, docs/live-campus.md)
against a real MariaDB with its binlog on: the fixture campus imported by
chamilo-fcgi-import, then followed. Changes are made directly in MariaDB,
as Chamilo's own pages make them, and read back through the HTTP API or in
PostgreSQL. The tests run in this order and share one follower.
"""

import os
import signal
import subprocess
import sys
import threading
import time

import harness

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'import'))
import import_common as ic  # noqa: E402

TYPE_INDEPENDENT = True
FOLLOW = os.environ.get('LIVE_FOLLOW', '')
STATE = {}


def _log_path():
    return os.path.join(harness.STACK_DIR, 'follow.log')


def _source(user='follow'):
    return 'mysql://%s@127.0.0.1:%s/chamilo' % (user, ic.mysql_env()['MYSQL_PORT'])


def pool_mariadb_url():
    """live_mariadb_url for a pool in live mode: the account t/import/mariadb.sh
    makes for it (SELECT, INSERT, UPDATE, DELETE)."""
    return 'mysql://pool:pool@127.0.0.1:%s/chamilo' % ic.mysql_env()['MYSQL_PORT']


def follow_a_fresh_copy():
    """Where each module after this one starts, whatever ran before: this
    module's leftovers undone (a column and a table of its own, which the
    import would copy), the copy made again and followed from there until
    caught up. Returns the follower's process."""
    ic.my('ALTER TABLE track_e_default DROP COLUMN IF EXISTS live_extra;'
          ' DROP TABLE IF EXISTS live_types')
    ic.pg('DROP TABLE IF EXISTS live_types')
    _resync()
    proc = _follow(wait=False)
    _wait('the follower caught up', lambda: ic.pg_value(
        'SELECT caught_up_at IS NOT NULL FROM live_follow_state') == 't', 15)
    return proc


def stop_pool_and_follower(state):
    """Stops state['pool'] (a harness Pool) and state['proc'] (the
    follower), those that are there."""
    pool = state.pop('pool', None)
    if pool:
        pool.__exit__(None, None, None)
    proc = state.pop('proc', None)
    if proc and proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=30)


def chamilo_user(user_id, username, key, admin=False, like=1):
    """A user made in MariaDB as Chamilo's pages make one: a copy of user
    `like` with its own id, login and e-mail, a MsgREST key and, for an
    administrator, an admin row; one transaction."""
    email = '%s@example.org' % username
    ic.my("CREATE TEMPORARY TABLE u AS SELECT * FROM user WHERE id = %d;"
          " UPDATE u SET id = %d, username = '%s', username_canonical = '%s',"
          "  email = '%s', email_canonical = '%s';"
          " START TRANSACTION;"
          " INSERT INTO user SELECT * FROM u;%s"
          " INSERT INTO user_api_key (user_id, api_key, api_service, created_date)"
          "  VALUES (%d, '%s', 'MsgREST', NOW());"
          " COMMIT" % (like, user_id, username, username, email, email,
                       ' INSERT INTO admin (user_id) VALUES (%d);' % user_id if admin else '',
                       user_id, key))


def _follow(*args, user='follow', password='follow', wait=True, timeout=60):
    """Runs chamilo-fcgi-follow with args; wait: returns (status, output)."""
    cmd = [FOLLOW, '--from', _source(user), '--to', ic.conninfo('chamilo')] + list(args)
    env = dict(os.environ, MYSQL_PWD=password)
    if wait:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        return res.returncode, res.stdout + res.stderr
    log = open(_log_path(), 'a')
    return subprocess.Popen(cmd, stdout=log, stderr=log, env=env, start_new_session=True)


def _start():
    STATE['proc'] = _follow(wait=False)


def _stop(sig=signal.SIGTERM):
    proc = STATE.pop('proc', None)
    if proc and proc.poll() is None:
        proc.send_signal(sig)
        proc.wait(timeout=30)
    return proc


def _log():
    with open(_log_path(), encoding='utf-8', errors='replace') as f:
        return f.read()


def _wait(what, check, timeout):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, '%s: not within %.1f s' % (what, timeout)
        time.sleep(0.02)


def _track_rows(tag):
    """The default_value of the track_e_default rows tagged tag, on both sides."""
    q = "SELECT default_value FROM track_e_default WHERE default_event_type = '%s'" % tag
    return sorted(r[0] for r in ic.my(q)), sorted(r[0] for r in ic.pg(q))


def setup_module():
    status, out = ic.run_import('chamilo')
    assert status == 0, out
    status, out = _follow('--init-gtid', 'current')
    assert status == 0, out
    assert 'position recorded' in out, out


def teardown_module():
    _stop()


def test_prerequisites_are_checked_at_start():
    ic.my("SET GLOBAL binlog_row_metadata = 'MINIMAL'")
    try:
        status, out = _follow()
    finally:
        ic.my("SET GLOBAL binlog_row_metadata = 'FULL'")
    harness.assert_eq(status, 1, out)
    assert 'binlog_row_metadata' in out and 'must be FULL' in out, out
    ic.my("CREATE USER IF NOT EXISTS 'norepl'@'127.0.0.1' IDENTIFIED BY 'norepl';"
          " GRANT SELECT ON chamilo.* TO 'norepl'@'127.0.0.1'")
    status, out = _follow(user='norepl', password='norepl')
    harness.assert_eq(status, 1, out)
    assert 'no REPLICATION SLAVE grant' in out, out


def test_a_user_and_a_course_made_in_mariadb_answer_within_a_second():
    _start()
    _wait('the follower caught up', lambda: ic.pg_value(
        'SELECT caught_up_at IS NOT NULL FROM live_follow_state') == 't', 15)
    # As Chamilo's pages make them: a user (sam_g2's row under a new id,
    # password fixpass), their API key, a course and the membership.
    ic.my("CREATE TEMPORARY TABLE u AS SELECT * FROM user WHERE id = 102;"
          " UPDATE u SET id = 5001, username = 'live_ann', username_canonical = 'live_ann',"
          "  email = 'live_ann@example.org', email_canonical = 'live_ann@example.org';"
          " CREATE TEMPORARY TABLE c AS SELECT * FROM course WHERE id = 101;"
          " UPDATE c SET id = 5001, code = 'LIVE1', directory = 'LIVE1', title = 'Live course';"
          " START TRANSACTION;"
          " INSERT INTO user SELECT * FROM u;"
          " INSERT INTO user_api_key (user_id, api_key, api_service, created_date)"
          "  VALUES (5001, 'live0123456789abcdef0123456789ab', 'MsgREST', NOW());"
          " INSERT INTO course SELECT * FROM c;"
          " INSERT INTO access_url_rel_course (c_id, access_url_id) VALUES (5001, 1);"
          " INSERT INTO course_rel_user (user_id, c_id, relation_type, status, is_tutor, sort,"
          "  user_course_cat, legal_agreement) VALUES (5001, 5001, 0, 5, 0, 1, 0, 0);"
          " COMMIT")

    def answered():
        profile = harness.call('user_profile', 'live_ann', 'live0123456789abcdef0123456789ab')
        if profile.json.get('error') is not False:
            return None
        courses = harness.assert_ok(harness.call('user_courses', 'live_ann',
                                                 'live0123456789abcdef0123456789ab'))
        return profile if any(int(c['id']) == 5001 for c in courses) else None
    data = harness.assert_ok(_wait('the new user and their course', answered, 1.0))
    harness.assert_eq(data['username'], 'live_ann')


def test_lag_is_recorded():
    time.sleep(1.5)
    lag = float(ic.pg_value('SELECT extract(epoch FROM now() - caught_up_at) FROM live_follow_state'))
    assert lag < 1.5, 'idle follower, caught_up_at %.2f s ago' % lag
    pos = ic.pg_value('SELECT gtid_pos FROM live_follow_state')
    harness.assert_eq(pos, ic.my('SELECT @@gtid_binlog_pos')[0][0])


def _writer(tag, count, pause):
    for i in range(count):
        ic.my("INSERT INTO track_e_default (default_user_id, default_date, default_event_type,"
              " default_value_type, default_value) VALUES (1, NOW(), '%s', 'n', '%d')" % (tag, i))
        time.sleep(pause)


def test_killed_and_restarted_loses_nothing_and_applies_nothing_twice():
    rejected_before = ic.pg_value('SELECT rejected_rows FROM live_follow_state')
    writer = threading.Thread(target=_writer, args=('live_kill', 200, 0.01))
    writer.start()
    time.sleep(0.8)
    _stop(signal.SIGKILL)
    time.sleep(0.5)
    _start()
    time.sleep(0.8)
    _stop(signal.SIGKILL)
    _start()
    writer.join()
    src, _ = _track_rows('live_kill')
    harness.assert_eq(len(src), 200)
    _wait('every row followed', lambda: _track_rows('live_kill')[1] == src, 10)
    harness.assert_eq(ic.pg_value('SELECT rejected_rows FROM live_follow_state'), rejected_before)
    assert 'live_kill' not in _log(), 'a row was refused (applied twice?)'


def test_mariadb_restarted():
    subprocess.run([ic.MARIADB_SH, 'down', ic.MYSQL_DIR], check=True)
    time.sleep(1)
    subprocess.run([ic.MARIADB_SH, 'up', ic.MYSQL_DIR], check=True,
                   env=dict(os.environ, MARIADB_BINLOG='1'))
    _writer('live_restart', 3, 0)
    _wait('rows written after the restart', lambda: len(_track_rows('live_restart')[1]) == 3, 15)
    assert STATE['proc'].poll() is None, 'the follower stopped'


def test_a_long_transaction_is_applied_whole():
    rows = ', '.join("(1, NOW(), 'live_long', 'n', '%d')" % i for i in range(1000))
    sql = ("START TRANSACTION;"
           " INSERT INTO track_e_default (default_user_id, default_date, default_event_type,"
           " default_value_type, default_value) VALUES %s;"
           " DO SLEEP(2);"
           " UPDATE track_e_default SET default_value_type = 'm' WHERE default_event_type = 'live_long';"
           " COMMIT" % rows)
    done = threading.Event()
    seen = set()
    t = threading.Thread(target=lambda: (ic.my(sql), done.set()))
    t.start()
    while not done.is_set():
        seen.add(ic.pg_value("SELECT count(*) || '/' || count(*) FILTER (WHERE default_value_type = 'm')"
                             " FROM track_e_default WHERE default_event_type = 'live_long'"))
        time.sleep(0.05)
    t.join()
    _wait('the long transaction', lambda: ic.pg_value(
        "SELECT count(*) FROM track_e_default WHERE default_event_type = 'live_long'"
        " AND default_value_type = 'm'") == '1000', 10)
    assert seen <= {'0/0', '1000/1000'}, 'a part of the transaction was visible: %s' % seen


def test_a_savepoint_rolled_back_inside_a_transaction():
    sql = ("START TRANSACTION;"
           " INSERT INTO track_e_default (default_user_id, default_date, default_event_type,"
           "  default_value_type, default_value) VALUES (1, NOW(), 'live_savepoint', 'n', 'a');"
           " SAVEPOINT before_b;"
           " INSERT INTO track_e_default (default_user_id, default_date, default_event_type,"
           "  default_value_type, default_value) VALUES (1, NOW(), 'live_savepoint', 'n', 'b');"
           " ROLLBACK TO SAVEPOINT before_b;"
           " DO SLEEP(1);"
           " INSERT INTO track_e_default (default_user_id, default_date, default_event_type,"
           "  default_value_type, default_value) VALUES (1, NOW(), 'live_savepoint', 'n', 'c');"
           " COMMIT")
    done = threading.Event()
    seen = set()
    t = threading.Thread(target=lambda: (ic.my(sql), done.set()))
    t.start()
    while not done.is_set():
        seen.add(tuple(_track_rows('live_savepoint')[1]))
        time.sleep(0.05)
    t.join()
    _wait('the transaction', lambda: _track_rows('live_savepoint')[1] == ['a', 'c'], 5)
    assert seen <= {(), ('a', 'c')}, 'a part of the transaction was visible: %s' % seen


def test_zero_dates_as_the_import_handles_them():
    rejected_before = int(ic.pg_value('SELECT rejected_rows FROM live_follow_state'))
    ic.my("SET SESSION sql_mode = '';"
          " CREATE TEMPORARY TABLE m AS SELECT * FROM message ORDER BY id LIMIT 1;"
          " UPDATE m SET id = 5001, title = 'live zero date', send_date = '0000-00-00 00:00:00';"
          " START TRANSACTION;"
          " INSERT INTO message SELECT * FROM m;"
          " INSERT INTO track_e_default (default_user_id, default_date, default_event_type,"
          "  default_value_type, default_value) VALUES (1, '0000-00-00 00:00:00', 'live_zero', 'n', 'z');"
          " COMMIT")
    _wait('the transaction applied', lambda: ic.pg(
        "SELECT default_date FROM track_e_default WHERE default_event_type = 'live_zero'"), 5)
    harness.assert_eq(ic.pg("SELECT default_date FROM track_e_default"
                            " WHERE default_event_type = 'live_zero'"), [[None]])
    harness.assert_eq(ic.pg('SELECT id FROM message WHERE id = 5001'), [])
    harness.assert_eq(int(ic.pg_value('SELECT rejected_rows FROM live_follow_state')),
                      rejected_before + 1)
    assert 'rejected: message (id=5001): zero date in NOT NULL column send_date' in _log(), _log()


def test_a_row_our_constraints_refuse_is_left_out_as_the_import_leaves_it():
    rejected_before = int(ic.pg_value('SELECT rejected_rows FROM live_follow_state'))
    ic.my("SET SESSION foreign_key_checks = 0;"
          " START TRANSACTION;"
          " INSERT INTO course_rel_user (id, user_id, c_id, relation_type, status)"
          "  VALUES (5002, 999999, 101, 0, 5);"
          " INSERT INTO track_e_default (default_user_id, default_date, default_event_type,"
          "  default_value_type, default_value) VALUES (1, NOW(), 'live_refused', 'n', 'r');"
          " COMMIT")
    _wait('the rest of the transaction', lambda: _track_rows('live_refused')[1] == ['r'], 5)
    harness.assert_eq(ic.pg('SELECT id FROM course_rel_user WHERE id = 5002'), [])
    harness.assert_eq(int(ic.pg_value('SELECT rejected_rows FROM live_follow_state')),
                      rejected_before + 1)
    assert 'rejected: course_rel_user (id=5002): ERROR:  insert or update on table' in _log(), _log()


def _resync():
    """What the follower's stop message asks for: the copy made again, and
    following recorded from there."""
    status, out = ic.run_import('chamilo', '--replace')
    assert status == 0, out
    status, out = _follow('--init-gtid', 'current', '--reset')
    assert status == 0, out


def test_a_nul_byte_stops_the_follower_until_resynchronised():
    ic.my("INSERT INTO track_e_default (default_user_id, default_date, default_event_type,"
          " default_value_type, default_value) VALUES (1, NOW(), 'live_nul', 'n', 'a\\0b')")
    proc = STATE['proc']
    proc.wait(timeout=10)
    harness.assert_eq(proc.returncode, 3)
    log = _log()
    assert 'a NUL byte in track_e_default.default_value' in log, log
    harness.assert_eq(ic.pg("SELECT 1 FROM track_e_default WHERE default_event_type = 'live_nul'"), [])
    # Fixed in MariaDB, resynchronised (as the import also refuses the
    # value), and followed again from there.
    ic.my("UPDATE track_e_default SET default_value = REPLACE(default_value, CHAR(0), '')"
          " WHERE default_event_type = 'live_nul'")
    # The table of the decoding test below is made now, while nothing follows.
    ic.my("CREATE TABLE live_types (id int PRIMARY KEY, ti tinyint, tiu tinyint unsigned,"
          " si smallint, mi mediumint, mu mediumint unsigned, i int, iu int unsigned, bi bigint,"
          " bu bigint unsigned, y year, f float, d double, dec1 decimal(20,6), dec2 decimal(5,0),"
          " dneg decimal(12,4), c char(5), vc varchar(300), tx longtext, bl blob, dt date,"
          " dtt datetime, dtf datetime(6), ts timestamp(3) NULL, tm time, tmf time(2),"
          " only_in_mariadb int, dec3 decimal(30,10), dtf3 datetime(3), dtf1 datetime(1),"
          " tm3 time(3), ts0 timestamp NULL) CHARACTER SET utf8mb4")
    ic.pg("CREATE TABLE live_types (id int PRIMARY KEY, ti text, tiu text, si text, mi text,"
          " mu text, i text, iu text, bi text, bu text, y text, f double precision,"
          " d double precision, dec1 text, dec2 text, dneg text, c text, vc text, tx text,"
          " bl text, dt date, dtt timestamp, dtf timestamp, ts timestamp, tm text, tmf text,"
          " only_in_postgresql text DEFAULT 'default', dec3 text, dtf3 timestamp, dtf1 timestamp,"
          " tm3 text, ts0 timestamp)")
    _resync()
    _start()
    _writer('live_after_resync', 2, 0)
    _wait('rows written after the resynchronisation',
          lambda: len(_track_rows('live_after_resync')[1]) == 2, 10)
    harness.assert_eq(ic.pg("SELECT default_value FROM track_e_default"
                            " WHERE default_event_type = 'live_nul'"), [['ab']])


def test_every_decoded_type_arrives_as_mariadb_holds_it():
    text = 'é€😀' + 'x' * 290
    ic.my("SET time_zone = '+00:00';"
          " INSERT INTO live_types VALUES (1, -128, 255, -32768, -8388608, 16777215, -2147483648,"
          " 4294967295, -9223372036854775808, 18446744073709551615, 2024, 0.5, 0.1,"
          " 12345678901234.567891, 99999, -1234.5678, 'ab', '%s', 'long text', 'blob',"
          " '2024-02-29', '2024-02-29 13:14:15', '2024-02-29 13:14:15.123456',"
          " '2024-01-02 03:04:05.120', '-12:34:56', '01:02:03.45', 7,"
          " -12345678901234567890.0123456789, '2024-02-29 13:14:15.123', '1999-12-31 23:59:59.9',"
          " '-01:02:03.456', '2038-01-19 03:14:07'),"
          " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
          " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
          " NULL, NULL, NULL, NULL, NULL)" % text)
    _wait('the rows', lambda: ic.pg_value('SELECT count(*) FROM live_types') == '2', 5)
    row = ic.pg('SELECT * FROM live_types WHERE id = 1')[0]
    harness.assert_eq(row, ['1', '-128', '255', '-32768', '-8388608', '16777215', '-2147483648',
                            '4294967295', '-9223372036854775808', '18446744073709551615', '2024',
                            '0.5', '0.1', '12345678901234.567891', '99999', '-1234.5678', 'ab',
                            text, 'long text', 'blob', '2024-02-29', '2024-02-29 13:14:15',
                            '2024-02-29 13:14:15.123456', '2024-01-02 03:04:05.12', '-12:34:56',
                            '01:02:03.450000', 'default', '-12345678901234567890.0123456789',
                            '2024-02-29 13:14:15.123', '1999-12-31 23:59:59.9', '-01:02:03.456000',
                            '2038-01-19 03:14:07'])
    harness.assert_eq(ic.pg('SELECT * FROM live_types WHERE id = 2')[0],
                      ['2'] + [None] * 25 + ['default'] + [None] * 5)
    ic.my("START TRANSACTION; UPDATE live_types SET vc = 'changed', id = 3 WHERE id = 1;"
          " DELETE FROM live_types WHERE id = 2; COMMIT")
    _wait('the update and the delete', lambda: ic.pg('SELECT id, vc FROM live_types') ==
          [['3', 'changed']], 5)


def test_alter_table_stops_the_follower_loudly():
    pos = ic.pg_value('SELECT gtid_pos FROM live_follow_state')
    ic.my('ALTER TABLE track_e_default ADD COLUMN live_extra int')
    proc = STATE['proc']
    proc.wait(timeout=10)
    harness.assert_eq(proc.returncode, 3)
    log = _log()
    assert 'schema change of the followed table track_e_default' in log, log
    assert 'chamilo-fcgi-import' in log and '--init-gtid current --reset' in log, log
    harness.assert_eq(ic.pg_value('SELECT gtid_pos FROM live_follow_state'), pos)
    # Started again, it stops again: nothing is skipped silently.
    status, out = _follow(timeout=30)
    harness.assert_eq(status, 3, out)
    STATE.pop('proc', None)


def test_a_position_mariadb_does_not_have_stops_the_follower_loudly():
    # As after the binlogs holding it were purged: MariaDB cannot send from it.
    status, out = _follow('--init-gtid', '0-1-99999999', '--reset')
    assert status == 0, out
    status, out = _follow(timeout=30)
    harness.assert_eq(status, 3, out)
    assert 'cannot send the binlog from GTID 0-1-99999999' in out, out
    assert 'chamilo-fcgi-import' in out, out


def test_a_cascading_foreign_key_is_named_at_start():
    # MariaDB does not binlog the rows an ON DELETE CASCADE removes: a
    # followed table with such a key is named (Chamilo 1.11 has none).
    ic.my('CREATE TABLE live_parent (id int PRIMARY KEY) ENGINE=InnoDB;'
          ' CREATE TABLE live_child (id int PRIMARY KEY, parent_id int,'
          '  CONSTRAINT live_child_parent FOREIGN KEY (parent_id) REFERENCES live_parent (id)'
          '  ON DELETE CASCADE) ENGINE=InnoDB')
    ic.pg('CREATE TABLE live_parent (id int PRIMARY KEY);'
          ' CREATE TABLE live_child (id int PRIMARY KEY, parent_id int)')
    try:
        status, out = _follow('--init-gtid', 'current')  # refused: a position is recorded
        assert status != 0, out
        assert 'warning: live_child has' in out and 'ON DELETE CASCADE' in out, out
    finally:
        ic.my('DROP TABLE live_child, live_parent')
        ic.pg('DROP TABLE live_child, live_parent')
