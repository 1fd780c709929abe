"""A write action's transaction on the wire (lib/db/db.c): its BEGIN goes
with its first statement and its event rows with its COMMIT, each pair in
one round trip. What must hold whatever the packing: the work and its
events commit together or not at all, and the connection is fit for the
next call after a failure inside either round trip.

On a one-worker pool, so that every call uses the same connection.
"""

# Transactions do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import json

from harness import (Pool, assert_eq, authenticate, failing_trigger, fcgi_form, new_user, sql,
                     uniq)


def gcm_value(user_id):
    return sql("SELECT v.value FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
               " WHERE f.extra_field_type = 1 AND f.variable = 'gcm_registration_id'"
               " AND v.item_id = %s", user_id)


def call(pool, params):
    status, _, body = pool.request(*fcgi_form(params))
    return status, json.loads(body)


def test_a_failing_event_row_rolls_the_work_back_and_the_connection_goes_on():
    user = new_user()
    key = authenticate(user.username, user.password)
    gcm = {'action': 'gcm_id', 'username': user.username, 'api_key': key}
    failing = uniq('regid')
    with Pool({'workers': '1'}) as pool:
        assert_eq(call(pool, dict(gcm, registration_id='before')),
                  (200, {'error': False, 'data': {'status': True}}), 'a first write')
        # The event row of this call fails in the COMMIT's round trip: the
        # value written in the first round trip goes with the rollback.
        with failing_trigger('track_e_default', "NEW.default_value = '%s'" % failing,
                             when='BEFORE INSERT'):
            status, body = call(pool, dict(gcm, registration_id=failing))
        assert_eq(status, 500, 'a database error')
        assert_eq(body['error'], True, 'an error envelope')
        assert_eq(gcm_value(user.id), [('before',)], 'the work rolled back with its events')
        assert_eq(sql("SELECT count(*) FROM track_e_default WHERE default_value = %s", failing),
                  [('0',)], 'no event row of the failed call')

        # The same connection serves the next calls: a read, then a write.
        status, body = call(pool, {'action': 'user_profile', 'username': user.username,
                                   'api_key': key})
        assert_eq((status, body['data']['username']), (200, user.username), 'a read after it')
        assert_eq(call(pool, dict(gcm, registration_id='after')),
                  (200, {'error': False, 'data': {'status': True}}), 'a write after it')
        assert_eq(gcm_value(user.id), [('after',)], 'the next write committed')


def test_a_failing_first_statement_leaves_no_transaction_open():
    """The first statement fails in the BEGIN's round trip: the transaction
    it opened is rolled back, the next call starts clean."""
    user = new_user()
    key = authenticate(user.username, user.password)
    gcm = {'action': 'gcm_id', 'username': user.username, 'api_key': key}
    failing = uniq('regid')
    with Pool({'workers': '1'}) as pool:
        with failing_trigger('extra_field_values', "NEW.value = '%s'" % failing):
            status, body = call(pool, dict(gcm, registration_id=failing))
        assert_eq((status, body['error']), (500, True), 'a database error')
        for i in range(3):
            assert_eq(call(pool, dict(gcm, registration_id='next%d' % i)),
                      (200, {'error': False, 'data': {'status': True}}), 'write %d after it' % i)
        assert_eq(gcm_value(user.id), [('next2',)], 'the last write committed')
        # Nothing of ours is left open on the server.
        assert_eq(sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'chamilo-fcgi'"
                      " AND state LIKE 'idle in transaction%%'"), [('0',)],
                  'no transaction left open')
