"""get_group_sub_users: the members of a class, keyed by user id, any valid
key.

Spec: 25-groups-audit.md §3.5; recordings get_group_sub_users,
err_bad_type_group_sub_users_id.
"""

from harness import (_admin, api, as_user, assert_eq, assert_error, assert_ok, both_encodings,
                     call, events_since, last_event_id, msg, new_class, new_user, php_int,
                     sql_exec)


def members(klass_id, enc='urlencoded', user=None):
    if user is None:
        return call('get_group_sub_users', 'admin', _admin(), {'id': klass_id}, encoding=enc)
    return as_user(user, 'get_group_sub_users', {'id': klass_id}, encoding=enc)


@both_encodings
def test_members_keyed_by_id(enc):
    data = assert_ok(members(2101, enc))
    assert_eq(data, {
        '4': {'id': php_int(4), 'firstname': 'Ada', 'lastname': 'Lovelace',
              'relation_type': php_int(0)},
        '5': {'id': php_int(5), 'firstname': 'Alan', 'lastname': 'Turing',
              'relation_type': php_int(0)}}, 'data')
    assert_eq(list(data), ['4', '5'], 'order')


def test_order_relation_then_first_name_and_duplicates_once():
    zed, amy, bob = new_user(firstname='Zed'), new_user(firstname='amy'), new_user(firstname='Bob')
    klass = new_class([zed, amy])
    sql_exec('INSERT INTO usergroup_rel_user (usergroup_id, user_id, relation_type) VALUES'
             ' (%s, %s, 1), (%s, %s, 2)', klass.id, bob.id, klass.id, zed.id)
    data = assert_ok(members(klass.id))
    # relation 0: amy, Zed; then Bob (1); Zed's second row (2) keeps his place.
    assert_eq(list(data), [str(amy.id), str(zed.id), str(bob.id)], 'order')
    assert_eq(data[str(zed.id)]['relation_type'], php_int(2), 'last row wins')


@both_encodings
def test_empty_class_is_a_list(enc):
    klass = new_class()
    resp = members(klass.id, enc)
    assert_eq(assert_ok(resp), [], 'data')
    assert_eq(members(99999999, enc).json['data'], [], 'unknown class')


@both_encodings
def test_bad_id(enc):
    for value in (None, '', 'abc', '0', ['2101']):
        params = {} if value is None else {'id': value}
        assert_error(call('get_group_sub_users', 'admin', _admin(), params, encoding=enc),
                     msg('BadParameter', 'id'))


@both_encodings
def test_any_key_but_a_key(enc):
    assert_eq(list(assert_ok(members(2101, enc, user=new_user()))), ['4', '5'], 'any user')
    assert_error(api('get_group_sub_users', {'id': 2101}, encoding=enc), msg('InvalidApiKey'))


def test_event_is_the_serialized_answer():
    _admin()
    since = last_event_id()
    assert_ok(members(2101))
    if php_int(1) == 1:
        value = ('a:2:{i:4;a:4:{s:2:"id";i:4;s:9:"firstname";s:3:"Ada";s:8:"lastname";'
                 's:8:"Lovelace";s:13:"relation_type";i:0;}i:5;a:4:{s:2:"id";i:5;'
                 's:9:"firstname";s:4:"Alan";s:8:"lastname";s:6:"Turing";'
                 's:13:"relation_type";i:0;}}')
    else:
        value = ('a:2:{i:4;a:4:{s:2:"id";s:1:"4";s:9:"firstname";s:3:"Ada";s:8:"lastname";'
                 's:8:"Lovelace";s:13:"relation_type";s:1:"0";}i:5;a:4:{s:2:"id";s:1:"5";'
                 's:9:"firstname";s:4:"Alan";s:8:"lastname";s:6:"Turing";s:13:"relation_type";'
                 's:1:"0";}}')
    assert_eq(events_since(since), [('access_ws_get_group_sub_users', 'group_id', value, '1', '0',
                                     '0')], 'events')
    _admin()
    since = last_event_id()
    assert_ok(members(new_class().id))
    assert_eq(events_since(since)[0][2], 'a:0:{}', 'empty')
