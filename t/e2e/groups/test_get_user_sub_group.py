"""get_user_sub_group: the groups a user belongs to, any valid key.

Spec: 25-groups-audit.md §3.14.
"""

from harness import (_admin, api, as_user, assert_eq, assert_error, assert_ok, both_encodings,
                     call, events_since, last_event_id, msg, new_class, new_user, php_int,
                     sql_exec)


def sub_groups(user_id, enc='urlencoded', caller=None):
    params = {} if user_id is None else {'user_id': user_id}
    if caller is None:
        return call('get_user_sub_group', 'admin', _admin(), params, encoding=enc)
    return as_user(caller, 'get_user_sub_group', params, encoding=enc)


@both_encodings
def test_memberships_in_order(enc):
    assert_eq(assert_ok(sub_groups(4, enc)), {'groups': [php_int(1001), php_int(2101)]}, 'student1')
    user = new_user()
    assert_eq(assert_ok(sub_groups(user.id, enc)), {'groups': []}, 'none')
    first, second = new_class([user]), new_class([user])
    sql_exec('INSERT INTO usergroup_rel_user (usergroup_id, user_id, relation_type)'
             ' VALUES (%s, %s, 2)', first.id, user.id)
    assert_eq(assert_ok(sub_groups(user.id, enc, caller=new_user())),
              {'groups': [php_int(first.id), php_int(second.id), php_int(first.id)]},
              'duplicates kept')


@both_encodings
def test_user_id_not_provided(enc):
    for value in (None, '', '0', 'abc'):
        assert_error(sub_groups(value, enc), msg('UserIdNotProvided'))
    assert_error(sub_groups(['4'], enc), msg('BadParameter', 'user_id'))
    assert_error(api('get_user_sub_group', {'user_id': 4}, encoding=enc), msg('InvalidApiKey'))


def test_event_before():
    _admin()
    since = last_event_id()
    assert_ok(sub_groups('5abc'))
    assert_eq(events_since(since), [('access_ws_get_user_sub_group', 'user_id', '5', '1', '0',
                                     '0')], 'events')
