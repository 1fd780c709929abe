"""Live mode with a read replica (docs/live-campus.md, "Routing reads and
writes"): a pool with live_campus on and a hot standby of the stack's
cluster (db_replica_conninfo). Reads go to the standby; a write goes to
MariaDB, comes back through the follower to the primary, and the caller's
next read sees it even on a standby that has not replayed it: the answer
raised the replay floor, so that read goes to the primary.
"""

import json
import os
import sys

import harness

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_follow as tf  # noqa: E402  (which puts t/import on the path)
import import_common as ic  # noqa: E402
from harness import Pool, Standby, fcgi_form, free_tcp_port  # noqa: E402

TYPE_INDEPENDENT = True
ADMIN, ADMIN_ID, KEY = 'live_sb_admin', 5501, 'livesb23456789abcdef0123456789ab'
STATE = {}


def call(action, params=None):
    form = dict({'action': action, 'username': ADMIN, 'api_key': KEY}, **(params or {}))
    status, _, body = STATE['pool'].request(*fcgi_form(form))
    return status, json.loads(body)


def ok(answer):
    status, body = answer
    assert status == 200 and body.get('error') is False, answer
    return body['data']


def metrics():
    status, _, body = harness.http_get('127.0.0.1', STATE['status_port'], '/metrics')
    assert status == 200, status
    return harness.parse_prometheus(body)


def routed(samples, server):
    return samples.get(('chamilo_fcgi_db_routed_reads_total', (('server', server),)), 0)


def setup_module():
    STATE['proc'] = tf.follow_a_fresh_copy()
    tf.chamilo_user(ADMIN_ID, ADMIN, KEY, admin=True)
    STATE['standby'] = Standby().__enter__()
    STATE['status_port'] = free_tcp_port()
    # A standby however far behind stays in use (no lag-based skip): only
    # the replay floor can send a read to the primary.
    STATE['pool'] = Pool({'live_campus': 'on', 'live_mariadb_url': tf.pool_mariadb_url(),
                          'db_replica_conninfo': STATE['standby'].conninfo,
                          'db_replica_max_lag_ms': '600000',
                          'status_listen': '127.0.0.1:%d' % STATE['status_port']}).__enter__()
    tf._wait('the administrator made in MariaDB answers',
             lambda: call('user_profile')[1].get('error') is False, 5)


def teardown_module():
    tf.stop_pool_and_follower(STATE)
    standby = STATE.pop('standby', None)
    if standby:
        standby.__exit__(None, None, None)


def test_reads_are_served_by_the_standby():
    before = routed(metrics(), 'standby')
    for _ in range(5):
        harness.assert_eq(ok(call('user_profile'))['username'], ADMIN)
    assert routed(metrics(), 'standby') - before >= 4, metrics()


def test_the_next_read_sees_the_write_though_the_standby_has_not_replayed_it():
    standby = STATE['standby']
    standby.sql('SELECT pg_wal_replay_pause()')
    try:
        ok(call('update_user_from_username', {'loginname': ADMIN, 'firstname': 'Replayed'}))
        harness.assert_eq(ic.my("SELECT firstname FROM user WHERE id = %d" % ADMIN_ID),
                          [['Replayed']])
        # The standby still has the old name; the read goes to the primary.
        assert standby.sql('SELECT firstname FROM "user" WHERE id = %d' % ADMIN_ID) != 'Replayed'
        before = metrics().get(('chamilo_fcgi_db_standby_not_replayed_total', ()), 0)
        assert 'Replayed' in ok(call('user_profile'))['fullName']
        after = metrics().get(('chamilo_fcgi_db_standby_not_replayed_total', ()), 0)
        assert after > before, (before, after)
    finally:
        standby.sql('SELECT pg_wal_replay_resume()')
