"""add_group: creates a class or social group, for administrators; one
transaction.

Spec: 25-groups-audit.md §3.3; recordings add_group, add_group_duplicate.
"""

from harness import (_admin, as_user, assert_eq, assert_error, assert_ok, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_user, sql, sql_value,
                     uniq)


def add(params, enc='urlencoded'):
    return call('add_group', 'admin', _admin(), params, encoding=enc)


def row(group_id):
    return sql('SELECT name, description, group_type, picture, url, visibility,'
               ' allow_members_leave_group, created_at = updated_at,'
               " created_at > LOCALTIMESTAMP - interval '1 minute' FROM usergroup WHERE id = %s",
               group_id)[0]


@both_encodings
def test_a_class(enc):
    name = uniq('Class ')
    _admin()
    since = last_event_id()
    resp = add({'name': name, 'description': '<b>desc</b>', 'type': '0'}, enc)
    data = assert_ok(resp)
    assert isinstance(data[0], int), data
    group_id = data[0]
    assert_eq(resp.body.strip(), b'{"error":false,"data":[%d]}' % group_id, 'raw body')
    assert_eq(row(group_id), (name, '<b>desc</b>', '0', None, None, '', '0', 't', 't'), 'row')
    assert_eq(sql('SELECT user_id FROM usergroup_rel_user WHERE usergroup_id = %s', group_id), [],
              'no member')
    assert_eq(events_since(since), [
        ('soc_gr_created', 'soc_gr_portal_id', 'id: %d' % group_id, '1', '0', '0'),
        ('access_ws_add_group', 'user_id', 'a:1:{i:0;i:%d;}' % group_id, '1', '0', '0')], 'events')


def test_a_social_group_has_the_caller_as_admin():
    _admin()
    since = last_event_id()
    group_id = assert_ok(add({'name': uniq('Club '), 'group_type': 'class', 'visibility': '2',
                              'url': 'http://x.example/', 'picture': 'p.png',
                              'allow_members_leave_group': '0'}))[0]
    assert_eq(row(group_id)[2:7], ('1', 'p.png', 'http://x.example/', '2', '1'), 'row')
    assert_eq(sql('SELECT user_id, relation_type FROM usergroup_rel_user WHERE usergroup_id = %s',
                  group_id), [('1', '1')], 'the caller as admin')
    assert_eq([e[0] for e in events_since(since)],
              ['soc_gr_u_subs', 'soc_gr_created', 'access_ws_add_group'], 'events')
    assert_eq(events_since(since)[0][2], 'gid: %d - uid: 1' % group_id, 'soc_gr_u_subs value')


def test_type_wins_and_empty_values_mean_class():
    for params, stored in (({'type': '1'}, '1'), ({'type': '0', 'group_type': '5'}, '1'),
                           ({'type': '', 'group_type': '0'}, '0'), ({}, '0')):
        params['name'] = uniq('T ')
        assert_eq(row(assert_ok(add(params))[0])[2], stored, repr(params))


@both_encodings
def test_names_taken(enc):
    name = uniq('Taken ')
    assert_ok(add({'name': name}, enc))
    assert_error(add({'name': name.upper() + '  '}, enc), '%s   Already exists' % name.upper())
    assert_error(add({'name': ' ' + name}, enc), msg('NotRegistered'))
    assert_eq(sql_value('SELECT count(*) FROM usergroup WHERE lower(name) = lower(%s)', name), '1',
              'one group')


def test_absent_name_is_empty():
    if sql('SELECT 1 FROM usergroup WHERE name = %s', ''):
        assert_error(add({}), ' Already exists')
        return
    group_id = assert_ok(add({}))[0]
    assert_eq(row(group_id)[0], '', 'name')
    assert_error(add({}), ' Already exists')


@both_encodings
def test_administrators_only(enc):
    user = new_user()
    name = uniq('Nope ')
    assert_error(as_user(user, 'add_group', {'name': name}, encoding=enc), msg('NotAllowed'))
    assert_eq(sql('SELECT 1 FROM usergroup WHERE name = %s', name), [], 'nothing written')


@both_encodings
def test_bad_values(enc):
    assert_error(add({'name': [uniq('A ')]}, enc), msg('BadParameter', 'name'))
    assert_error(add({'name': 'x' * 256}, enc), msg('BadParameter', 'name'))
    assert_error(add({'name': uniq('V '), 'visibility': ['1']}, enc),
                 msg('BadParameter', 'visibility'))


def test_failure_leaves_nothing():
    name = uniq('Atomic ')
    _admin()
    since = last_event_id()
    with failing_trigger('usergroup_rel_user', 'true', when='BEFORE INSERT'):
        resp = add({'name': name, 'type': '1'})
    assert resp.json['error'] is True, resp.json
    assert_eq(sql('SELECT 1 FROM usergroup WHERE name = %s', name), [], 'no group')
    assert_eq([e[0] for e in events_since(since)], [], 'no library event')
