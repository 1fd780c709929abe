"""delete_group_sub_session: unlinks a class from a session and
unsubscribes its members, for administrators; one transaction.

Spec: 25-groups-audit.md §3.13, §2.3, §2.6; contract README "Decisions on
holes".
"""

from harness import (_admin, as_user, assert_eq, assert_error, assert_ok, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_class, new_course,
                     new_session, new_user, sql, sql_exec)


def unlink(params, enc='urlencoded'):
    return call('delete_group_sub_session', 'admin', _admin(), params, encoding=enc)


def in_session(session, *users):
    return [bool(sql('SELECT 1 FROM session_rel_user WHERE session_id = %s AND user_id = %s',
                     session.id, u.id)) for u in users]


def linked(klass):
    return sql('SELECT session_id FROM usergroup_rel_session WHERE usergroup_id = %s', klass.id)


def linked_class(session, users):
    klass = new_class(users)
    sql_exec('INSERT INTO usergroup_rel_session (usergroup_id, session_id) VALUES (%s, %s)',
             klass.id, session.id)
    return klass


@both_encodings
def test_unsubscribes_the_members_and_unlinks(enc):
    a, b, outsider = new_user(), new_user(), new_user()
    course = new_course()
    session = new_session(courses=[course], users=[a, b, outsider])
    klass = linked_class(session, [a, b])
    _admin()
    since = last_event_id()
    resp = unlink({'group_id': klass.id, 'session_id': session.id}, enc)
    assert_eq(assert_ok(resp), [[session.id]], 'data')
    assert_eq(in_session(session, a, b, outsider), [False, False, True], 'members')
    assert_eq(sql('SELECT count(*) FROM session_rel_course_rel_user WHERE session_id = %s'
                  ' AND user_id IN (%s, %s)', session.id, a.id, b.id), [('0',)], 'course rows')
    assert_eq(linked(klass), [], 'link')
    events = events_since(since)
    assert_eq([e[0] for e in events][-2:],
              ['soc_gr_s_unsubs', 'access_ws_delete_group_sub_session'], 'last events')
    assert_eq(events[-2][2], 'gid: %d - sids: %d' % (klass.id, session.id), 'value')


def test_a_session_that_does_not_exist():
    klass = new_class([new_user()])
    _admin()
    since = last_event_id()
    assert_eq(assert_ok(unlink({'group_id': klass.id, 'session_id': 99999999})), [[]], 'data')
    assert_eq(events_since(since)[0][:3],
              ('soc_gr_s_unsubs', 'soc_gr_portal_id', 'gid: %d - sids: ' % klass.id), 'event')


@both_encodings
def test_administrators_only(enc):
    user = new_user()
    session = new_session(users=[user])
    klass = linked_class(session, [user])
    assert_error(as_user(user, 'delete_group_sub_session', {'group_id': klass.id,
                                                            'session_id': session.id},
                         encoding=enc), msg('NotAllowed'))
    assert_eq((in_session(session, user), len(linked(klass))), ([True], 1), 'nothing changed')


def test_failure_leaves_everything():
    user = new_user()
    session = new_session(courses=[new_course()], users=[user])
    klass = linked_class(session, [user])
    with failing_trigger('usergroup_rel_session', 'OLD.usergroup_id = %d' % klass.id,
                             when='BEFORE DELETE'):
        resp = unlink({'group_id': klass.id, 'session_id': session.id})
    assert resp.json['error'] is True, resp.json
    assert_eq((in_session(session, user), len(linked(klass))), ([True], 1), 'nothing changed')
