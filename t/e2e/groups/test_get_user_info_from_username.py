"""get_user_info_from_username: a user's id, names, e-mail and active flag by
login name, for any valid key.

Spec: 25-groups-audit.md §5.1; contract README "Decisions on holes" (a key is
required, PHP answers anybody).
"""

from harness import (api, assert_eq, assert_error, assert_ok, both_encodings, call, msg,
                     new_user, php_int, sql_exec, sql_value, uniq, _admin, events_since,
                     last_event_id)

NULLS = {'id': None, 'firstname': None, 'lastname': None, 'email': None, 'username': None,
         'active': None}


def info(login, enc='urlencoded', user=None):
    if user is None:
        return call('get_user_info_from_username', 'admin', _admin(), {'loginname': login},
                    encoding=enc)
    return call('get_user_info_from_username', user.username, user.key(), {'loginname': login},
                encoding=enc)


@both_encodings
def test_a_user_by_login_name(enc):
    data = assert_ok(info('student1', enc))
    assert_eq(list(data), ['id', 'firstname', 'lastname', 'email', 'username', 'active'], 'keys')
    assert_eq(data, {'id': 4, 'firstname': 'Ada', 'lastname': 'Lovelace',
                     'email': sql_value('SELECT email FROM "user" WHERE id = 4'),
                     'username': 'student1', 'active': php_int(1)})


@both_encodings
def test_trimmed_and_case_insensitive(enc):
    assert_eq(assert_ok(info(' \tSTUDENT1\n', enc))['id'], 4, 'id')


def test_id_is_the_legacy_column_cast():
    user = new_user()
    sql_exec('UPDATE "user" SET user_id = NULL, active = 0 WHERE id = %s', user.id)
    data = assert_ok(info(user.username))
    assert_eq((data['id'], data['active']), (0, php_int(0)), 'id, active')
    sql_exec('UPDATE "user" SET user_id = 777777 WHERE id = %s', user.id)
    assert_eq(assert_ok(info(user.username))['id'], 777777, 'id')


def test_both_names_null_when_one_is():
    user = new_user()
    sql_exec('UPDATE "user" SET lastname = NULL WHERE id = %s', user.id)
    data = assert_ok(info(user.username))
    assert_eq((data['firstname'], data['lastname']), (None, None), 'names')
    assert_eq(data['username'], user.username, 'username')


@both_encodings
def test_unknown_or_blank_login_gives_nulls(enc):
    resp = info(uniq('nobody'), enc)
    assert_eq(assert_ok(resp), NULLS, 'data')
    assert resp.body.strip() == (b'{"error":false,"data":{"id":null,"firstname":null,'
                                 b'"lastname":null,"email":null,"username":null,"active":null}}'), \
        resp.body
    assert_eq(assert_ok(info('   ', enc)), NULLS, 'blank')


@both_encodings
def test_empty_login_is_no_data(enc):
    for value in ('', '0', None):
        assert_error(info(value, enc), msg('NoData'))
    # An array: PHP's trim() crashes; here it reads as absent.
    assert_error(call('get_user_info_from_username', 'admin', _admin(), {'loginname': ['student1']},
                      encoding=enc), msg('NoData'))


def test_any_user_with_a_key():
    student = new_user()
    assert_eq(assert_ok(info('teacher', user=student))['id'], 3, 'id')


@both_encodings
def test_needs_a_key(enc):
    # PHP answers anybody (e-mail harvesting): a key is required here.
    assert_error(api('get_user_info_from_username', {'loginname': 'student1'}, encoding=enc),
                 msg('InvalidApiKey'))
    assert_error(api('get_user_info_from_username', {'username': 'admin', 'api_key': '0' * 32,
                                                     'loginname': 'student1'}, encoding=enc),
                 msg('InvalidApiKey'))


def test_loginname_is_read_from_post_only():
    resp = call('get_user_info_from_username', 'admin', _admin(), query={'loginname': 'student1'})
    assert_error(resp, msg('NoData'))


def test_event_row_after():
    user = new_user()
    user.key()
    _admin()
    since = last_event_id()
    assert_ok(info(" Student1 ", user=user))
    assert_eq(events_since(since), [('access_ws_get_user_info_from_username', 'username',
                                     ' Student1 ', str(user.id), '0', '0')], 'events')
    _admin()
    since = last_event_id()
    assert_error(info('', user=user), msg('NoData'))
    assert_eq(events_since(since), [], 'no event for a refused call')
