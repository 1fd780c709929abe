"""Read replicas (db_replica_conninfo; README, "Read replicas"): a real hot
standby of the stack's cluster, made with pg_basebackup and streaming from
it, serves the read actions of a second pool behind its own nginx, while
writes and the bookkeeping go to the primary. A write is seen by the next
read; a key revoked or a user disabled is refused at once by a read on the
standby; a standby killed, lagging past db_replica_max_lag_ms or promoted is
skipped (log line, metric) and the reads go to the primary.

The standby is built once for the file (setup_module) and promoted by the
last test.
"""

import os
import time

import harness
from harness import (Front, Pool, Standby, assert_eq, assert_error, assert_ok, call,
                     free_tcp_port, http_get, new_user, parse_prometheus)

MAX_LAG_MS = 300
RETRY_MS = 500

standby = None  # harness.Standby
pool = None
front = None


def standby_sql(query):
    return standby.sql(query)


def standby_ctl(*args):
    standby.ctl(*args)


def setup_module():
    global standby, pool, front
    standby = Standby().__enter__()
    pool = Pool({'workers': '2', 'db_replica_conninfo': standby.conninfo,
                 'db_replica_max_lag_ms': str(MAX_LAG_MS), 'db_replica_retry_ms': str(RETRY_MS),
                 'status_listen': '127.0.0.1:%d' % free_tcp_port()}).__enter__()
    pool.status_port = int(pool.overrides['status_listen'].rsplit(':', 1)[1])
    front = Front([pool.socket]).__enter__()


def teardown_module():
    if front:
        front.__exit__(None, None, None)
    if pool:
        pool.__exit__(None, None, None)
    if standby:
        standby.__exit__(None, None, None)


def metrics():
    status, _, body = http_get('127.0.0.1', pool.status_port, '/metrics')
    assert status == 200, status
    return parse_prometheus(body)


def metric(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def pool_log():
    with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8', errors='replace') as f:
        return f.read()


def read(user, key):
    return call('user_profile', user.username, key, base_url=front.base_url)


def admin_key():
    return harness._admin()


def wait_for(predicate, what, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError('timed out waiting for ' + what)


def replayed_user():
    """A new user with a key, written by the stack's own pool (another pool
    host for this one: its writes raise no replay floor here), once the
    standby has replayed it."""
    user = new_user(with_key=True)
    wait_for(lambda: standby_sql('SELECT count(*) FROM "user" WHERE id = %d' % user.id) == '1',
             'the standby to replay the new user')
    return user


def test_reads_are_served_by_the_standby():
    user = replayed_user()
    for _ in range(4):  # each worker connects to the standby
        assert_ok(read(user, user.key()))
    before = metric(metrics(), 'chamilo_fcgi_db_routed_reads_total', server='standby')
    for _ in range(10):
        assert_eq(assert_ok(read(user, user.key()))['id'], user.id, 'profile')
    after = metric(metrics(), 'chamilo_fcgi_db_routed_reads_total', server='standby')
    assert after - before >= 8, 'reads on the standby: %s -> %s' % (before, after)
    # The workers' standby connections, seen by the standby itself.
    assert int(standby_sql("SELECT count(*) FROM pg_stat_activity"
                           " WHERE application_name = 'chamilo-fcgi'")) >= 1
    # The bookkeeping of those reads went to the primary.
    wait_for(lambda: harness.sql_value('SELECT count(*) FROM track_e_default'
                                       ' WHERE default_user_id = %s', user.id) != '0',
             'the reads\' event rows on the primary')


def test_a_write_is_seen_by_the_next_read():
    user = replayed_user()
    for i in range(5):
        name = 'Renamed%d' % i
        assert_ok(call('update_user_from_username', 'admin', admin_key(),
                       {'loginname': user.username, 'firstname': name},
                       base_url=front.base_url))
        assert_eq(assert_ok(read(user, user.key()))['fullName'], name + ' L' + user.username,
                  'read after write %d' % i)


def test_a_revoked_key_is_refused_at_once():
    user = replayed_user()
    old = user.key()
    assert_ok(read(user, old))
    for _ in range(3):
        data = assert_ok(call('update_user_apikey', user.username, old,
                              {'user_id': user.id, 'current_api_key': old},
                              base_url=front.base_url))
        new = data['api_key']
        assert_error(read(user, old), 'Invalid API key')
        assert_ok(read(user, new))
        old = new


def test_a_disabled_user_is_refused_at_once():
    user = replayed_user()
    assert_ok(read(user, user.key()))
    assert_ok(call('update_user_from_username', 'admin', admin_key(),
                   {'loginname': user.username, 'active': '0'}, base_url=front.base_url))
    assert_error(read(user, user.key()), 'Invalid API key')


def test_a_lagging_standby_is_skipped_and_the_promise_holds():
    user = replayed_user()
    log_before = len(pool_log())
    behind_before = metric(metrics(), 'chamilo_fcgi_db_standby_skips_total', reason='behind')
    standby_sql('SELECT pg_wal_replay_pause()')
    try:
        old = user.key()
        new = assert_ok(call('update_user_apikey', user.username, old,
                             {'user_id': user.id, 'current_api_key': old},
                             base_url=front.base_url))['api_key']
        # The standby has not replayed the change: the read goes to the primary.
        assert_error(read(user, old), 'Invalid API key')
        assert_ok(read(user, new))
        # Past the bound the standby is skipped as behind.
        time.sleep(MAX_LAG_MS / 1000 * 2)
        for _ in range(4):
            assert_ok(read(user, new))
            assert_error(read(user, old), 'Invalid API key')
            time.sleep(0.06)
        assert metric(metrics(), 'chamilo_fcgi_db_standby_skips_total',
                      reason='behind') > behind_before
        assert 'is not replayed yet' in pool_log()[log_before:]
    finally:
        standby_sql('SELECT pg_wal_replay_resume()')
    # Caught up: after the retry time its reads come back to it.
    time.sleep(RETRY_MS / 1000 * 2)
    before = metric(metrics(), 'chamilo_fcgi_db_routed_reads_total', server='standby')
    for _ in range(6):
        assert_ok(read(user, new))
    assert metric(metrics(), 'chamilo_fcgi_db_routed_reads_total', server='standby') > before


def test_a_killed_standby_is_skipped():
    """Stopped with -m immediate: the workers' idle connections die under them."""
    user = replayed_user()
    key = user.key()
    log_before = len(pool_log())
    down_before = metric(metrics(), 'chamilo_fcgi_db_standby_skips_total', reason='down')
    standby_ctl('stop', '-m', 'immediate', '-w')
    try:
        for _ in range(8):
            assert_eq(assert_ok(read(user, key))['id'], user.id, 'profile with the standby down')
        assert metric(metrics(), 'chamilo_fcgi_db_standby_skips_total',
                      reason='down') > down_before
        assert 'skipped: c' in pool_log()[log_before:]  # cannot connect / connection lost
    finally:
        standby_ctl('-l', os.path.join(standby.dir, 'postgres.log'), '-w', '-t', '60', 'start')
    wait_for(lambda: standby_sql('SELECT count(*) FROM "user" WHERE id = %d' % user.id) == '1',
             'the restarted standby to catch up')
    time.sleep(RETRY_MS / 1000 * 2)
    before = metric(metrics(), 'chamilo_fcgi_db_routed_reads_total', server='standby')
    for _ in range(6):
        assert_ok(read(user, key))
    assert metric(metrics(), 'chamilo_fcgi_db_routed_reads_total', server='standby') > before
    assert 'serves reads again' in pool_log()[log_before:]


def test_remote_apply_holds_the_promise_across_pool_hosts():
    """Two pool hosts on the same standby: one writes with
    db_replica_remote_apply and the standby as a synchronous standby of the
    primary; the other, whose replay floor knows nothing of that write,
    refuses the old key at once, answering from the standby."""
    user = replayed_user()
    conninfo = pool.overrides['db_replica_conninfo']
    harness.sql_exec("ALTER SYSTEM SET synchronous_standby_names = '*'")
    harness.sql_exec('SELECT pg_reload_conf()')
    try:
        wait_for(lambda: harness.sql_value(
            "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'") == '1',
            'the standby to be synchronous')
        with Pool({'workers': '1', 'db_replica_conninfo': conninfo,
                   'db_replica_remote_apply': 'on'}) as writer, Front([writer.socket]) as host:
            old = user.key()
            for _ in range(5):
                new = assert_ok(call('update_user_apikey', user.username, old,
                                     {'user_id': user.id, 'current_api_key': old},
                                     base_url=host.base_url))['api_key']
                before = metrics()
                assert_error(read(user, old), 'Invalid API key')
                assert_ok(read(user, new))
                after = metrics()
                assert_eq(metric(after, 'chamilo_fcgi_db_routed_reads_total', server='standby') -
                          metric(before, 'chamilo_fcgi_db_routed_reads_total', server='standby'),
                          2, 'both reads answered by the standby')
                old = new
    finally:
        harness.sql_exec('ALTER SYSTEM RESET synchronous_standby_names')
        harness.sql_exec('SELECT pg_reload_conf()')


def test_a_promoted_standby_is_skipped():
    user = replayed_user()
    key = user.key()
    log_before = len(pool_log())
    standby_ctl('promote', '-w')
    # A write on the primary only: the promoted copy no longer follows it.
    assert_ok(call('update_user_from_username', 'admin', admin_key(),
                   {'loginname': user.username, 'active': '0'}, base_url=front.base_url))
    for _ in range(6):
        assert_error(read(user, key), 'Invalid API key')
    assert metric(metrics(), 'chamilo_fcgi_db_standby_skips_total', reason='promoted') >= 1
    assert 'not in recovery (promoted?)' in pool_log()[log_before:]
