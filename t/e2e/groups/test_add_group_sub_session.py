"""add_group_sub_session: links a class to a session and subscribes its
members, for administrators; one transaction.

Spec: 25-groups-audit.md §3.10, §2.3, §2.6; contract README "Decisions on
holes" (class membership writes are admin-only).
"""

from harness import (_admin, as_user, assert_eq, assert_error, assert_ok, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_class, new_course,
                     new_session, new_user, sql)


def link(params, enc='urlencoded'):
    return call('add_group_sub_session', 'admin', _admin(), params, encoding=enc)


def in_session(session, *users):
    return [sql('SELECT relation_type FROM session_rel_user WHERE session_id = %s AND'
                ' user_id = %s', session.id, u.id) for u in users]


def in_course(session, course, user):
    return sql('SELECT count(*) FROM session_rel_course_rel_user WHERE session_id = %s AND'
               ' c_id = %s AND user_id = %s', session.id, course.id, user.id)[0][0]


def links(klass):
    return sql('SELECT session_id FROM usergroup_rel_session WHERE usergroup_id = %s', klass.id)


@both_encodings
def test_subscribes_the_members_once(enc):
    a, b = new_user(), new_user()
    course = new_course()
    session = new_session(courses=[course], users=[b])
    klass = new_class([a, b])
    _admin()
    since = last_event_id()
    resp = link({'group_id': klass.id, 'session_id': session.id}, enc)
    assert_eq(assert_ok(resp), [[session.id]], 'data')
    assert_eq(in_session(session, a, b), [[('0',)], [('0',)]], 'session members')
    assert_eq((in_course(session, course, a), in_course(session, course, b)), ('1', '1'),
              'course rows')
    assert_eq(links(klass), [(str(session.id),)], 'link')
    events = events_since(since)
    assert_eq([e[0] for e in events][-2:], ['soc_gr_s_subs', 'access_ws_add_group_sub_session'],
              'last events')
    assert_eq(events[-2][2], 'gid: %d - sids: %d' % (klass.id, session.id), 'value')
    since = last_event_id()
    assert_eq(assert_ok(link({'group_id': klass.id, 'session_id': session.id}, enc)), [[]],
              'again')
    assert_eq(links(klass), [(str(session.id),)], 'one link')
    assert_eq([e[0] for e in events_since(since)], ['access_ws_add_group_sub_session'], 'events')


def test_a_class_without_members_is_linked_but_answers_nothing():
    session = new_session()
    klass = new_class()
    _admin()
    since = last_event_id()
    assert_eq(assert_ok(link({'group_id': klass.id, 'session_id': session.id})), [[]], 'data')
    assert_eq(links(klass), [(str(session.id),)], 'linked')
    assert_eq(events_since(since)[0][2], 'gid: %d - sids: ' % klass.id, 'event')


def test_a_session_that_does_not_exist():
    klass = new_class([new_user()])
    _admin()
    since = last_event_id()
    for session_id in (99999999, 0, -1):
        assert_eq(assert_ok(link({'group_id': klass.id, 'session_id': session_id})), [[]], 'data')
    assert_eq(links(klass), [], 'no link')
    assert_eq([e[0] for e in events_since(since)], ['access_ws_add_group_sub_session'] * 3,
              'no library event')


@both_encodings
def test_administrators_only(enc):
    user = new_user()
    session = new_session()
    klass = new_class([user])
    assert_error(as_user(user, 'add_group_sub_session', {'group_id': klass.id,
                                                         'session_id': session.id}, encoding=enc),
                 msg('NotAllowed'))
    assert_error(link({'group_id': klass.id, 'session_id': [session.id]}, enc),
                 msg('BadParameter', 'session_id'))
    assert_eq((in_session(session, user), links(klass)), ([[]], []), 'nothing written')


def test_failure_leaves_nothing():
    user = new_user()
    session = new_session(courses=[new_course()])
    klass = new_class([user])
    with failing_trigger('session_rel_user', 'NEW.user_id = %d' % user.id):
        resp = link({'group_id': klass.id, 'session_id': session.id})
    assert resp.json['error'] is True, resp.json
    assert_eq((in_session(session, user), links(klass)), ([[]], []), 'nothing written')
