"""add_group_sub_user: adds a user to a class, for administrators; one
transaction.

Spec: 25-groups-audit.md §3.8; contract README "Decisions on holes" (class
membership writes are admin-only); recording add_group_sub_user.
"""

from harness import (_admin, api, as_user, assert_eq, assert_error, assert_ok, both_encodings,
                     call, events_since, failing_trigger, last_event_id, msg, new_class, new_user,
                     sql, sql_exec)


def add(params, enc='urlencoded'):
    return call('add_group_sub_user', 'admin', _admin(), params, encoding=enc)


def rows(klass, user):
    return sql('SELECT relation_type FROM usergroup_rel_user WHERE usergroup_id = %s AND'
               ' user_id = %s ORDER BY id', klass.id, user.id)


@both_encodings
def test_adds_a_member_once(enc):
    klass, user = new_class(), new_user()
    _admin()
    since = last_event_id()
    resp = add({'group_id': klass.id, 'user_id': user.id}, enc)
    assert_eq(assert_ok(resp), [True], 'data')
    assert_eq(rows(klass, user), [('0',)], 'role 2 stored as 0')
    assert_eq(events_since(since), [
        ('soc_gr_u_subs', 'soc_gr_portal_id', 'gid: %d - uid: %d' % (klass.id, user.id), '1', '0',
         '0'),
        ('access_ws_add_group_sub_user', 'group_id', str(klass.id), '1', '0', '0')], 'events')
    _admin()
    since = last_event_id()
    assert_eq(assert_ok(add({'group_id': klass.id, 'user_id': user.id}, enc)), [True], 'again')
    assert_eq(rows(klass, user), [('0',)], 'still one row')
    assert_eq([e[0] for e in events_since(since)], ['access_ws_add_group_sub_user'], 'events')


def test_roles():
    klass, user = new_class(), new_user()
    assert_ok(add({'group_id': klass.id, 'user_id': user.id, 'role': '1'}))
    assert_ok(add({'group_id': klass.id, 'user_id': user.id, 'role': '5'}))
    assert_eq(rows(klass, user), [('1',)], 'an existing role stays')
    member = new_user()
    assert_ok(add({'group_id': klass.id, 'user_id': member.id, 'role': ''}))
    assert_ok(add({'group_id': klass.id, 'user_id': member.id, 'role': '7'}))
    assert_eq(rows(klass, member), [('0',), ('7',)], 'a plain member gets the new role beside')
    invited = new_user()
    sql_exec('INSERT INTO usergroup_rel_user (usergroup_id, user_id, relation_type)'
             ' VALUES (%s, %s, 3)', klass.id, invited.id)
    _admin()
    since = last_event_id()
    assert_ok(add({'group_id': klass.id, 'user_id': invited.id, 'role': '1'}))
    assert_eq(rows(klass, invited), [('2',)], 'an invitation becomes a reader')
    assert_eq([e[0] for e in events_since(since)], ['access_ws_add_group_sub_user'], 'no soc event')


@both_encodings
def test_checks_in_order(enc):
    klass, user = new_class(), new_user()
    assert_error(add({'group_id': klass.id}, enc), msg('UserIdNotProvided'))
    assert_error(add({'user_id': 'abc', 'group_id': klass.id}, enc), msg('UserIdNotProvided'))
    assert_error(add({'user_id': user.id}, enc), msg('GroupIdNotProvided'))
    assert_error(add({'user_id': user.id, 'group_id': 99999999}, enc),
                 msg('UserIdOrGroupIdDoesNotExist'))
    assert_error(add({'user_id': 99999999, 'group_id': klass.id}, enc),
                 msg('UserIdOrGroupIdDoesNotExist'))
    assert_error(add({'user_id': [user.id], 'group_id': klass.id}, enc),
                 msg('BadParameter', 'user_id'))
    assert_eq(rows(klass, user), [], 'nothing written')


@both_encodings
def test_administrators_only(enc):
    klass, user = new_class(), new_user()
    assert_error(as_user(user, 'add_group_sub_user', {'group_id': klass.id, 'user_id': user.id},
                         encoding=enc), msg('NotAllowed'))
    assert_error(api('add_group_sub_user', {'group_id': klass.id, 'user_id': user.id},
                     encoding=enc), msg('InvalidApiKey'))
    assert_eq(rows(klass, user), [], 'nothing written')


def test_failure_leaves_nothing():
    klass, user = new_class(), new_user()
    _admin()
    since = last_event_id()
    with failing_trigger('usergroup_rel_user', 'NEW.user_id = %d' % user.id):
        resp = add({'group_id': klass.id, 'user_id': user.id})
    assert resp.json['error'] is True, resp.json
    assert_eq(rows(klass, user), [], 'no row')
    assert_eq([e[0] for e in events_since(since) if e[0].startswith('soc_')], [], 'no soc event')
