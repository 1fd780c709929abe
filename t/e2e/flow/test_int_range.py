"""Integer parameters beyond the schema's 32-bit columns (found by the
stack-level fuzzer, t/e2e/fuzz/): user_id=2147483648 reached `$1::int` casts
and answered HTTP 500. An integer parameter is read clamped to the 32-bit
range (php_intval_column): an id beyond it finds no row, as MySQL's
comparison does for PHP (docs/compat.md).
"""

# The answers checked here do not depend on php_types.
TYPE_INDEPENDENT = True

from harness import assert_error, assert_ok, authenticate, both_encodings, call, sql_value

HUGE = ('2147483648', '9223372036854775807', '99999999999999999999', '-2147483649')


def _users():
    return sql_value('SELECT count(*) FROM "user"')


@both_encodings
def test_huge_user_ids_find_nobody(enc):
    key = authenticate('admin', 'admin')
    before = _users()
    for value in HUGE:
        resp = call('user_courses', 'admin', key, {'user_id': value}, encoding=enc)
        assert_eq_status(resp)
        assert_ok(resp)
        # PHP's answer for an id that matches no user.
        resp = call('delete_user', 'admin', key, {'user_id': value}, encoding=enc)
        assert assert_ok(resp) == {'status': True}, resp
        resp = call('update_user_pause_training', 'admin', key, {'user_id': value}, encoding=enc)
        assert_error(resp, 'User #%s does not exists' % value)
        resp = call('get_users', 'admin', key, {'id_campus': value}, encoding=enc)
        assert assert_ok(resp) == [], resp
    assert _users() == before


def assert_eq_status(resp):
    assert resp.status == 200 and isinstance(resp.json, dict), resp
