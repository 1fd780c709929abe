"""add_users_session and subscribe_users_to_session: subscribe users to a
session and to each of its courses (one handler).

Spec: 40-sessions-campuses.md §8 (rows, counters, events, answer); README
"Decisions on holes" (administrators only); recording add_users_session.
Deviations (docs/compat.md): ids naming no user are skipped; the
user_object event holds id, login, names and e-mail.
"""

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_course, new_session,
                     new_user, sql)

ACTIONS = ('add_users_session', 'subscribe_users_to_session')


def admin_call(action, params, enc='urlencoded'):
    return call(action, 'admin', authenticate('admin', 'admin'), params, encoding=enc)


def events_after(since):
    """The event rows after since, without the authentications of the test."""
    return [e for e in events_since(since) if e[0] != 'access_ws_authenticate']


def members(session_id):
    return sql('SELECT user_id, relation_type FROM session_rel_user WHERE session_id = %s'
               ' ORDER BY user_id, relation_type', session_id)


def course_members(session_id):
    return sql('SELECT c_id, user_id, visibility, status FROM session_rel_course_rel_user'
               ' WHERE session_id = %s ORDER BY c_id, user_id', session_id)


def counters(session_id):
    return (sql('SELECT nbr_users FROM session WHERE id = %s', session_id)[0][0],
            sql('SELECT c_id, nbr_users FROM session_rel_course WHERE session_id = %s ORDER BY c_id',
                session_id))


def identity_values():
    """The last values of the membership tables' identity sequences."""
    return sql("SELECT last_value FROM pg_sequences WHERE sequencename IN ("
               " pg_get_serial_sequence('session_rel_user', 'id')::regclass::text,"
               " pg_get_serial_sequence('session_rel_course_rel_user', 'id')::regclass::text)"
               " ORDER BY sequencename")


def subscribe(action, session, users, enc='urlencoded'):
    return admin_call(action, {'id_session': session.id,
                               'list_users': [str(u.id) for u in users]}, enc)


@both_encodings
def test_subscribes_to_the_session_and_its_courses(enc):
    for action in ACTIONS:
        first, second = new_course(), new_course()
        old = new_user()
        session = new_session(courses=(first, second), users=(old,))
        alice, carol = new_user(), new_user()
        since = last_event_id()
        resp = subscribe(action, session, (alice, carol), enc)
        assert_eq(assert_ok(resp), {'status': True, 'message': 'Users added'}, action)
        assert_eq(resp.body.strip(), b'{"error":false,"data":{"status":true,"message":"Users added"}}',
                  'raw body')
        # Ids compared as numbers, as the queries order them.
        assert_eq(members(session.id), sorted([(str(u.id), '0') for u in (old, alice, carol)],
                                              key=lambda r: int(r[0])), 'session_rel_user')
        assert_eq(course_members(session.id),
                  sorted(((str(c.id), str(u.id), '1', '0') for c in (first, second)
                          for u in (old, alice, carol)), key=lambda r: (int(r[0]), int(r[1]))),
                  'session_rel_course_rel_user')
        assert_eq(counters(session.id), ('3', [(str(first.id), '3'), (str(second.id), '3')]),
                  'counters')
        events = events_after(since)
        sid = str(session.id)
        expected = []
        for course in (first, second):
            for user in (alice, carol):
                expected += [('session_add_user_course', 'user_id', str(user.id), '1',
                              str(course.id), sid),
                             ('user_subscribed', 'course_code', course.code, '1', str(course.id),
                              sid)]
                obj = [e for e in events if e[1] == 'user_object' and e[4] == str(course.id)
                       and '"%s"' % user.username in e[2]]
                assert len(obj) == 1, events
                assert obj[0][2].startswith('a:5:{s:7:"user_id";i:%d;s:8:"username";s:%d:"%s";'
                                            % (user.id, len(user.username), user.username)), obj
        expected += [('session_add_user', 'user_id', str(u.id), '1', '0', sid) for u in (alice, carol)]
        expected.append(('access_ws_' + action, 'session_id-users_ids',
                         '%d:%d,%d' % (session.id, alice.id, carol.id), '1', '0', '0'))
        assert_eq([e for e in events if e[1] != 'user_object'], expected, 'event rows')


@both_encodings
def test_twice_leaves_one_row(enc):
    course = new_course()
    session = new_session(courses=(course,))
    alice = new_user()
    assert_ok(subscribe('add_users_session', session, (alice, alice), enc))
    since = last_event_id()
    drawn = identity_values()
    assert len(drawn) == 2, drawn
    assert_ok(subscribe('subscribe_users_to_session', session, (alice,), enc))
    assert_eq(identity_values(), drawn, 'no identity value drawn by the repeated call')
    assert_eq(members(session.id), [(str(alice.id), '0')], 'one session row')
    assert_eq(course_members(session.id), [(str(course.id), str(alice.id), '1', '0')],
              'one course row')
    assert_eq(counters(session.id), ('1', [(str(course.id), '1')]), 'counters')
    assert_eq([e[0] for e in events_after(since)], ['access_ws_subscribe_users_to_session'],
              'no second subscription event')


def test_course_rows_take_the_session_visibility():
    course = new_course()
    session = new_session(courses=(course,))
    alice, bob = new_user(), new_user()
    sql('UPDATE session SET visibility = 3 WHERE id = %s RETURNING id', session.id)
    assert_ok(subscribe('add_users_session', session, (alice,)))
    sql('UPDATE session SET visibility = 0 WHERE id = %s RETURNING id', session.id)
    assert_ok(subscribe('add_users_session', session, (bob,)))
    assert_eq(course_members(session.id), [(str(course.id), str(alice.id), '3', '0'),
                                           (str(course.id), str(bob.id), '1', '0')],
              'visibility 3, then 1 for a session of visibility 0')


def test_session_without_courses_and_unknown_ids():
    session = new_session()
    alice = new_user()
    resp = admin_call('add_users_session', {'id_session': session.id,
                                            'list_users': [str(alice.id), '999999999', 'abc']})
    assert_eq(assert_ok(resp)['message'], 'Users added', 'answer')
    assert_eq(members(session.id), [(str(alice.id), '0')], 'only the existing user')
    assert_eq(counters(session.id)[0], '1', 'nbr_users')


def test_unknown_session_changes_nothing_and_answers_added():
    alice = new_user()
    since = last_event_id()
    for session_id in ('999999999', 'abc', '0'):
        resp = admin_call('add_users_session', {'id_session': session_id,
                                                'list_users': [str(alice.id)]})
        assert_eq(assert_ok(resp), {'status': True, 'message': 'Users added'}, session_id)
    assert_eq(sql('SELECT count(*) FROM session_rel_user WHERE user_id = %s', alice.id), [('0',)],
              'no rows')
    assert_eq([e[2] for e in events_after(since)],
              ['999999999:%d' % alice.id, '0:%d' % alice.id, '0:%d' % alice.id], 'event values')


@both_encodings
def test_administrators_only(enc):
    session = new_session(courses=(new_course(),))
    alice = new_user()
    for action in ACTIONS:
        resp = call(action, alice.username, alice.key(),
                    {'id_session': session.id, 'list_users': [str(alice.id)]}, encoding=enc)
        assert_error(resp, msg('NotAllowed'))
    assert_eq(members(session.id), [], 'nobody subscribed')


@both_encodings
def test_bad_input(enc):
    session = new_session()
    alice = new_user()
    for action in ACTIONS:
        # list_users as a scalar: PHP 8 dies (TypeError); ours is an envelope.
        resp = admin_call(action, {'id_session': session.id, 'list_users': str(alice.id)}, enc)
        assert_error(resp, msg('BadParameter', 'list_users'))
        resp = admin_call(action, {'id_session': [str(session.id)], 'list_users': [str(alice.id)]},
                          enc)
        assert_error(resp, msg('BadParameter', 'id_session'))
        # An entry that is no text: read as (int), logged so.
        since = last_event_id()
        assert_ok(admin_call(action, {'id_session': session.id,
                                      'list_users': [str(alice.id), b'\xff\xfe']}, enc))
        assert_eq([e[2] for e in events_after(since)][-1], '%d:%d,0' % (session.id, alice.id),
                  'event value')
        sql('DELETE FROM session_rel_user WHERE session_id = %s RETURNING id', session.id)
        # No list at all: nothing to do.
        assert_eq(assert_ok(admin_call(action, {'id_session': session.id}, enc))['message'],
                  'Users added', 'missing list')
    assert_eq(members(session.id), [], 'nobody subscribed')


def test_failing_write_leaves_nothing():
    first, second = new_course(), new_course()
    session = new_session(courses=(first, second))
    alice = new_user()
    since = last_event_id()
    with failing_trigger('session_rel_user', 'NEW.user_id = %d' % alice.id, 'BEFORE INSERT'):
        resp = subscribe('add_users_session', session, (alice,))
        assert resp.json and resp.json['error'] is True, resp.body
    assert_eq(course_members(session.id), [], 'no course rows')
    assert_eq(members(session.id), [], 'no session rows')
    assert_eq(counters(session.id), ('0', [(str(first.id), '0'), (str(second.id), '0')]),
              'counters unchanged')
    assert_eq([e for e in events_since(since) if not e[0].startswith('access_ws_')], [],
              'no event rows')
