"""The live campus's write path and key check (docs/live-campus.md,
"Writes", "Current where it matters"): a pool in live mode writes to
MariaDB, not to PostgreSQL, and answers once the follower has brought the
write back (read-your-writes); the bookkeeping rows go to MariaDB too; new
rows take ids MariaDB has not handed out; every key the copy accepts is
checked in MariaDB, so that a key revoked or an account disabled there is
refused by the very next call. Against the real MariaDB, chamilo-fcgi-follow
and pools in live mode on the stack's PostgreSQL. Runs after
test_live_mode.py, which leaves the follower stopped.
"""

import json
import os
import signal
import subprocess
import sys
import time

import harness

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_follow as tf  # noqa: E402  (which puts t/import on the path)
import import_common as ic  # noqa: E402
from harness import Pool, fcgi_form  # noqa: E402

TYPE_INDEPENDENT = True
MAX_LAG_MS = 3000
ADMIN, ADMIN_ID, KEY = 'live_admin', 5301, 'livea123456789abcdef0123456789ab'
STATE = {}


class LivePool(Pool):
    """A pool in live mode that writes its bookkeeping at once."""

    def __init__(self, **more):
        self.status_port = harness.free_tcp_port()
        settings = {'live_campus': 'on', 'live_max_lag_ms': str(MAX_LAG_MS),
                    'status_listen': '127.0.0.1:%d' % self.status_port,
                    'live_mariadb_url': tf.pool_mariadb_url(), 'track_activity': 'on',
                    'log_events': 'on', 'bookkeeping_flush_ms': '0'}
        settings.update(more)
        super().__init__(settings)

    def call(self, action, params=None, username=ADMIN, api_key=KEY):
        form = dict({'action': action, 'username': username, 'api_key': api_key}, **(params or {}))
        status, _, body = self.request(*fcgi_form(form))
        return status, json.loads(body)


    def metrics(self):
        deadline = time.monotonic() + 10
        while True:  # the status process starts with the pool
            try:
                status, _, body = harness.http_get('127.0.0.1', self.status_port, '/metrics')
                assert status == 200, (status, body)
                return harness.parse_prometheus(body)
            except OSError:
                assert time.monotonic() < deadline, 'no status server: see %s' % self.dir
                time.sleep(0.05)


def _ok(answer):
    status, body = answer
    assert status == 200 and body.get('error') is False, answer
    return body['data']


def _follower_running():
    proc = STATE.get('proc')
    return proc is not None and proc.poll() is None


def _start_follower():
    if not _follower_running():
        STATE['proc'] = tf._follow(wait=False)
    tf._wait('the follower caught up', lambda: ic.pg_value(
        'SELECT caught_up_at > now() - interval \'1 second\' FROM live_follow_state') == 't', 15)


def _stop_follower():
    proc = STATE.pop('proc', None)
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def setup_module():
    STATE['proc'] = tf.follow_a_fresh_copy()
    tf.chamilo_user(ADMIN_ID, ADMIN, KEY, admin=True)
    STATE['pool'] = LivePool().__enter__()
    pool = STATE['pool']
    tf._wait('the administrator made in MariaDB answers',
             lambda: pool.call('user_profile')[1].get('error') is False, 3)


def teardown_module():
    tf.stop_pool_and_follower(STATE)


def _save_user(pool, login, **more):
    params = {'loginname': login, 'password': login + '-pw', 'email': login + '@example.org',
              'firstname': 'Live', 'lastname': 'Writer', 'status': 5}
    params.update(more)
    return pool.call('save_user', params)


def test_a_write_is_in_mariadb_at_once_and_the_next_call_reads_it():
    pool = STATE['pool']
    before = ic.pg_value('SELECT pg_current_wal_insert_lsn()')
    [user_id] = _ok(_save_user(pool, 'live_new1'))
    # In MariaDB, where Chamilo's pages read it, as soon as the answer came.
    rows = ic.my("SELECT id, email, firstname, lastname, status FROM user"
                 " WHERE username = 'live_new1'")
    harness.assert_eq(rows, [[str(user_id), 'live_new1@example.org', 'Live', 'Writer', '5']])
    # And already in the copy: the answer waited for the follower.
    harness.assert_eq(ic.pg_value("SELECT id FROM \"user\" WHERE username = 'live_new1'"),
                      str(user_id))
    harness.assert_eq(_ok(pool.call('username_exist', {'loginname': 'live_new1'})), [True])
    # The copy got it from the follower, not from the pool: the follower's
    # position passed the write's GTID.
    assert ic.pg_value("SELECT pg_current_wal_insert_lsn() > '%s'" % before) == 't'
    gtid = ic.my('SELECT @@gtid_binlog_pos')[0][0]
    tf._wait('the follower at MariaDB\'s position', lambda: ic.pg_value(
        'SELECT gtid_pos FROM live_follow_state') == gtid, 3)
    # The password is one Chamilo's pages accept (bcrypt, in MariaDB).
    assert ic.my("SELECT password FROM user WHERE id = %d" % user_id)[0][0].startswith('$2y$')


def test_an_update_writes_only_the_columns_it_changed():
    pool = STATE['pool']
    [user_id] = _ok(_save_user(pool, 'live_upd1'))
    # Chamilo's pages change the phone while the follower is stopped: the
    # copy still has the old one when the API changes the first name.
    _stop_follower()
    ic.my("UPDATE user SET phone = '+34 600 000 000' WHERE id = %d" % user_id)
    started = time.monotonic()
    _ok(pool.call('update_user_from_username', {'loginname': 'live_upd1', 'firstname': 'Changed'}))
    # Not read back within live_max_lag_ms (nothing follows): answered then.
    assert time.monotonic() - started >= MAX_LAG_MS / 1000 - 0.1
    harness.assert_eq(ic.my("SELECT firstname, phone FROM user WHERE id = %d" % user_id),
                      [['Changed', '+34 600 000 000']])
    _start_follower()
    harness.assert_eq(ic.pg("SELECT firstname, phone FROM \"user\" WHERE id = %d" % user_id),
                      [['Changed', '+34 600 000 000']])


def _register_in_chamilo(*logins):
    """Users registered in Chamilo's pages (MariaDB's AUTO_INCREMENT ids)."""
    for login in logins:
        ic.my("INSERT INTO user (username, username_canonical, email_canonical, email, locked,"
              " enabled, expired, credentials_expired, password, salt, roles, status,"
              " registration_date, active) VALUES ('%s', '%s', 'c@example.org', 'c@example.org',"
              " 0, 1, 0, 0, 'x', 'x', 'a:0:{}', 5, NOW(), 1)" % (login, login))
    return int(ic.my("SELECT max(id) FROM user")[0][0])


def test_new_rows_take_ids_mariadb_has_not_handed_out():
    pool = STATE['pool']
    # Followed: the follower moves our sequence past the ids it applies.
    newest = _register_in_chamilo('live_chamilo1', 'live_chamilo2')
    tf._wait('the copy has them', lambda: ic.pg_value(
        "SELECT count(*) FROM \"user\" WHERE username LIKE 'live_chamilo%'") == '2', 3)
    [user_id] = _ok(_save_user(pool, 'live_new2'))
    assert user_id > newest, (user_id, newest)
    # Not followed yet (the follower paused): the copy's next id is one
    # MariaDB has handed out. The write is refused there, our sequence moved
    # past MariaDB's AUTO_INCREMENT, and the call run again.
    STATE['proc'].send_signal(signal.SIGSTOP)
    try:
        newest = _register_in_chamilo('live_chamilo3')
        harness.assert_eq(ic.pg_value('SELECT count(*) FROM "user" WHERE id = %d' % newest), '0')
        [user_id] = _ok(_save_user(pool, 'live_new4'))
        assert user_id > newest, (user_id, newest)
    finally:
        STATE['proc'].send_signal(signal.SIGCONT)
    with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8') as f:
        assert "below MariaDB's AUTO_INCREMENT" in f.read()
    harness.assert_eq(ic.my("SELECT username FROM user WHERE id IN (%d, %d) ORDER BY id"
                            % (newest, user_id)), [['live_chamilo3'], ['live_new4']])
    # Chamilo's next user takes an id after ours.
    assert _register_in_chamilo('live_chamilo4') > user_id
    _start_follower()
    samples = pool.metrics()
    assert samples[('chamilo_fcgi_live_write_conflicts_total', ())] >= 1, samples
    assert samples[('chamilo_fcgi_live_writes_total', ())] >= 3, samples
    assert samples[('chamilo_fcgi_live_write_wait_timeouts_total', ())] >= 1, samples


def test_the_bookkeeping_rows_go_to_mariadb():
    pool = STATE['pool']
    ic.my("DELETE FROM track_e_online WHERE login_user_id = %d" % ADMIN_ID)
    tf._wait('the copy lost the online row', lambda: ic.pg_value(
        'SELECT count(*) FROM track_e_online WHERE login_user_id = %d' % ADMIN_ID) == '0', 3)
    _ok(pool.call('user_profile'))
    _ok(_save_user(pool, 'live_new3'))
    # The online row and the event rows: in MariaDB, and copied back.
    tf._wait('the online row in MariaDB', lambda: ic.my(
        'SELECT count(*) FROM track_e_online WHERE login_user_id = %d' % ADMIN_ID) == [['1']], 3)
    events = ic.my("SELECT default_event_type FROM track_e_default WHERE default_user_id = %d"
                   " AND default_event_type IN ('access_ws_save_user', 'user_created')"
                   " ORDER BY default_id DESC LIMIT 2" % ADMIN_ID)
    assert sorted(e[0] for e in events) == ['access_ws_save_user', 'user_created'], events
    tf._wait('the copy has the same online row', lambda: ic.pg_value(
        'SELECT count(*) FROM track_e_online WHERE login_user_id = %d' % ADMIN_ID) == '1', 3)


def test_a_failed_write_leaves_mariadb_as_it_was():
    pool = STATE['pool']
    before = ic.my('CHECKSUM TABLE user, user_api_key, track_e_default')
    status, body = _save_user(pool, 'live_new1')  # taken by the first test
    harness.assert_eq(body, {'error': True, 'message': 'This login is not available'})
    harness.assert_eq(ic.my('CHECKSUM TABLE user, user_api_key'), before[:2])


def test_a_key_changed_or_an_account_disabled_in_mariadb_is_refused_at_once():
    pool = STATE['pool']
    refused = (200, {'error': True, 'message': harness.msg('InvalidApiKey')})
    # The follower is paused: only MariaDB knows of the change.
    STATE['proc'].send_signal(signal.SIGSTOP)
    try:
        ic.my("UPDATE user_api_key SET api_key = 'liveaNEW456789abcdef0123456789ab'"
              " WHERE user_id = %d" % ADMIN_ID)
        harness.assert_eq(pool.call('user_profile'), refused)
        harness.assert_eq(pool.call('save_user', {'loginname': 'live_refused'}), refused)
        ic.my("UPDATE user_api_key SET api_key = '%s' WHERE user_id = %d" % (KEY, ADMIN_ID))
        _ok(pool.call('user_profile'))
        ic.my("UPDATE user SET active = 0 WHERE id = %d" % ADMIN_ID)
        harness.assert_eq(pool.call('user_profile'), refused)
        ic.my("UPDATE user SET active = 1, expiration_date = UTC_TIMESTAMP() - INTERVAL 1 MINUTE"
              " WHERE id = %d" % ADMIN_ID)
        harness.assert_eq(pool.call('user_profile'), refused)
        ic.my("UPDATE user SET expiration_date = NULL WHERE id = %d" % ADMIN_ID)
        _ok(pool.call('user_profile'))
        assert pool.metrics()[('chamilo_fcgi_live_key_refusals_total', ())] == 4
    finally:
        STATE['proc'].send_signal(signal.SIGCONT)
    _start_follower()


def test_after_a_mariadb_restart_the_next_calls_answer():
    pool = STATE['pool']
    _ok(pool.call('user_profile'))  # the worker's MariaDB connection is open
    subprocess.run([ic.MARIADB_SH, 'down', ic.MYSQL_DIR], check=True)
    subprocess.run([ic.MARIADB_SH, 'up', ic.MYSQL_DIR], check=True,
                   env=dict(os.environ, MARIADB_BINLOG='1'))
    _start_follower()  # the copy is current again (the lag gate refuses until then)
    # The key check finds its connection gone and asks again on a new one.
    _ok(pool.call('user_profile'))
    [user_id] = _ok(_save_user(pool, 'live_restart1'))
    harness.assert_eq(ic.my("SELECT username FROM user WHERE id = %d" % user_id),
                      [['live_restart1']])


def _keys_of(login):
    query = ("SELECT count(*) FROM user_api_key k JOIN %s u ON u.id = k.user_id"
             " WHERE u.username = '%s'")
    return ic.my(query % ('user', login))[0][0], ic.pg_value(query % ('"user"', login))


def test_without_mariadb_calls_answer_503_and_nothing_is_written():
    closed_port = harness.free_tcp_port()
    unavailable = (503, {'error': True, 'message': harness.msg('DatabaseUnavailable')})
    # live_new1 (the first test's) has no key yet: authenticate makes one,
    # a write with no key to check.
    harness.assert_eq(_keys_of('live_new1'), ('0', '0'))
    with LivePool(live_mariadb_url='mysql://pool:pool@127.0.0.1:%d/chamilo' % closed_port) as pool:
        before = ic.pg_value('SELECT count(*) FROM "user"')
        for action, params in (('user_profile', {}), ('save_user', {'loginname': 'live_nowhere',
                                                                      'password': 'x'})):
            harness.assert_eq(pool.call(action, params), unavailable)
        harness.assert_eq(pool.call('authenticate', {'password': 'live_new1-pw'},
                                    username='live_new1', api_key=''), unavailable)
        harness.assert_eq(ic.pg_value('SELECT count(*) FROM "user"'), before)
    harness.assert_eq(ic.my("SELECT count(*) FROM user WHERE username = 'live_nowhere'"), [['0']])
    harness.assert_eq(_keys_of('live_new1'), ('0', '0'))
    # With MariaDB, the same call makes the key there, and the copy has it.
    _ok(STATE['pool'].call('authenticate', {'password': 'live_new1-pw'}, username='live_new1',
                           api_key=''))
    harness.assert_eq(_keys_of('live_new1'), ('1', '1'))


def test_authenticate_is_refused_while_the_copy_is_old():
    pool = STATE['pool']
    login = {'username': ADMIN, 'password': 'admin'}
    _stop_follower()
    ic.pg("UPDATE live_follow_state SET caught_up_at = now() - interval '1 hour',"
          " source_commit_at = now() - interval '1 hour'")
    status, _, body = pool.request(*fcgi_form(dict({'action': 'authenticate'}, **login)))
    harness.assert_eq((status, json.loads(body)),
                      (503, {'error': True, 'message': harness.msg('LiveCampusBehind')}))
    _start_follower()


def test_a_pool_refuses_to_start_when_a_table_is_not_captured():
    ic.pg('DROP TRIGGER live_capture ON c_notebook')
    try:
        pool = LivePool()
        try:
            pool.__enter__()
            pool.__exit__(None, None, None)
            raise AssertionError('the pool started without the trigger on c_notebook')
        except RuntimeError:
            pass
        with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8') as f:
            log = f.read()
        assert 'no live_capture trigger' in log and 'c_notebook' in log, log
    finally:
        ic.pg("CREATE TRIGGER live_capture AFTER INSERT OR UPDATE OR DELETE ON c_notebook"
              " FOR EACH ROW WHEN (current_setting('chamilo_fcgi.capture', true) = 'on')"
              " EXECUTE FUNCTION live_capture_row()")


def test_a_column_dropped_in_mariadb_fails_one_write_then_the_tables_are_read_again():
    # A Chamilo upgrade drops a column we still have (the follower stops on
    # the ALTER; the next module makes the copy again).
    pool = STATE['pool']
    ic.my('ALTER TABLE user DROP COLUMN openid')
    try:
        status, body = _save_user(pool, 'live_altered1')
        harness.assert_eq((status, body['error']), (500, True))
        harness.assert_eq(ic.my("SELECT count(*) FROM user WHERE username = 'live_altered1'"),
                          [['0']])
        # The connection read MariaDB's tables again: the column is left out.
        [user_id] = _ok(_save_user(pool, 'live_altered2'))
        harness.assert_eq(ic.my("SELECT username FROM user WHERE id = %d" % user_id),
                          [['live_altered2']])
    finally:
        ic.my('ALTER TABLE user ADD COLUMN openid varchar(255) DEFAULT NULL')
        _stop_follower()
