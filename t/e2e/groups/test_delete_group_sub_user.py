"""delete_group_sub_user: removes a user from a class, for administrators;
one transaction.

Spec: 25-groups-audit.md §3.11; contract README "Decisions on holes".
"""

from harness import (_admin, as_user, assert_eq, assert_error, assert_ok, both_encodings, call,
                     events_since, last_event_id, msg, new_class, new_course, new_user, sql,
                     sql_exec)


def remove(params, enc='urlencoded'):
    return call('delete_group_sub_user', 'admin', _admin(), params, encoding=enc)


def rows(klass, user):
    return sql('SELECT relation_type FROM usergroup_rel_user WHERE usergroup_id = %s AND'
               ' user_id = %s', klass.id, user.id)


@both_encodings
def test_removes_every_row(enc):
    user = new_user()
    course = new_course(students=[user])
    klass = new_class([user])
    sql_exec('INSERT INTO usergroup_rel_user (usergroup_id, user_id, relation_type)'
             ' VALUES (%s, %s, 1)', klass.id, user.id)
    _admin()
    since = last_event_id()
    resp = remove({'group_id': klass.id, 'user_id': user.id}, enc)
    assert_eq(assert_ok(resp), [{}], 'data')
    assert_eq(resp.body.strip(), b'{"error":false,"data":[{}]}', 'raw body')
    assert_eq(rows(klass, user), [], 'rows')
    assert_eq(sql('SELECT 1 FROM course_rel_user WHERE c_id = %s AND user_id = %s', course.id,
                  user.id), [('1',)], 'courses stay')
    uid = 'gid: %d - uid: %d' % (klass.id, user.id)
    assert_eq(events_since(since), [
        ('soc_gr_u_unsubs', 'soc_gr_portal_id', uid, '1', '0', '0'),
        ('access_ws_delete_group_sub_user', 'group_id', str(klass.id), '1', '0', '0')], 'events')
    # Again: nothing to remove, the same answer and events.
    _admin()
    since = last_event_id()
    assert_eq(assert_ok(remove({'group_id': klass.id, 'user_id': user.id}, enc)), [{}], 'again')
    assert_eq(len(events_since(since)), 2, 'events again')


@both_encodings
def test_zero_ids_do_nothing(enc):
    klass = new_class()
    _admin()
    since = last_event_id()
    assert_eq(assert_ok(remove({'group_id': klass.id}, enc)), [False], 'no user')
    assert_eq(assert_ok(remove({'user_id': 4, 'group_id': 'abc'}, enc)), [False], 'no group')
    assert_eq([e[0] for e in events_since(since)], ['access_ws_delete_group_sub_user'] * 2,
              'events')
    assert_error(remove({'user_id': ['4'], 'group_id': klass.id}, enc),
                 msg('BadParameter', 'user_id'))


@both_encodings
def test_administrators_only(enc):
    user = new_user()
    klass = new_class([user])
    assert_error(as_user(user, 'delete_group_sub_user', {'group_id': klass.id, 'user_id': user.id},
                         encoding=enc), msg('NotAllowed'))
    assert_eq(rows(klass, user), [('0',)], 'still a member')
