"""message_users: recipients whose name, e-mail or username contains q.

Spec: 20-users-messages.md §3.9 (REQUEST q; missing, "0" or shorter than 2
bytes: TooShort; active users of the current portal, LIKE %q%
case-insensitive, at most 10; audience by settings: everybody but self and
anonymous for admins or with allow_send_message_to_all_platform_users, else
contacts (social tool on) or users online (social tool off); answer
[{"id": int, "name"}], " (email)" with show_email_addresses); v2.php: event
(filter_search) after the length check. Deviation (docs/compat.md): message
tool off answers [] (PHP fails on an invalid query). A fresh 1.11.32 install
has allow_send_message_to_all_platform_users on (main/install/data.sql), and
so has our configuration by default: the contacts rule needs it off.
"""

import contextlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (Front, Pool, api, assert_eq, assert_error, assert_ok, as_user, authenticate,
                     both_encodings, call, events_since, last_event_id, msg, new_course,
                     sql_exec, uniq)
from messages_common import admin_key, member, pool_call

CONTACTS_ONLY = {'allow_send_message_to_all_platform_users': 'off'}


def search(user, q, enc='urlencoded', **kw):
    return as_user(user, 'message_users', {'q': q}, encoding=enc, **kw)


def befriend(user, friend, relation=3):
    sql_exec('INSERT INTO user_rel_user (user_id, friend_user_id, relation_type)'
             ' VALUES (%s, %s, %s)', user.id, friend.id, relation)


def people(tag):
    """Users whose first name holds tag: caller, friend, deleted friend, HR
    relation, stranger, disabled friend, friend on another portal."""
    users = {name: member(firstname='%s %s' % (tag, name), lastname='Person')
             for name in ('caller', 'friend', 'deleted', 'hr', 'stranger', 'disabled', 'away')}
    caller = users['caller']
    befriend(caller, users['friend'])
    befriend(caller, users['deleted'], 6)
    befriend(caller, users['hr'], 7)
    befriend(caller, users['disabled'])
    befriend(caller, users['away'])
    befriend(caller, caller)
    sql_exec('UPDATE "user" SET active = 0 WHERE id = %s', users['disabled'].id)
    sql_exec('DELETE FROM access_url_rel_user WHERE user_id = %s', users['away'].id)
    return users


def names(data):
    return [u['name'] for u in data]


@contextlib.contextmanager
def contacts_only():
    """A pool with allow_send_message_to_all_platform_users off, behind an
    nginx of its own: yields its base URL."""
    with Pool(CONTACTS_ONLY) as pool, Front([pool.socket]) as front:
        yield front.base_url


@both_encodings
def test_fresh_install_offers_every_user_of_the_portal(enc):
    # A fresh 1.11.32 install (default settings): a student and a teacher of
    # one course both find Sue, who is neither a contact of theirs nor an
    # administrator; anonymous users and the caller stay out.
    sam = member(firstname='Sam', lastname='Student')
    tina = member(firstname='Tina', lastname='Teacher')
    new_course(teacher=tina, students=[sam])
    sue_name = uniq('Sue')
    sue = member(firstname=sue_name, lastname='Second')
    for caller in (sam, tina):
        resp = search(caller, sue_name, enc)
        assert_eq(resp.body.strip(),
                  ('{"error":false,"data":[{"id":%d,"name":"%s Second"}]}'
                   % (sue.id, sue_name)).encode(), 'raw body')
    tag = uniq('Zq')
    users = people(tag)
    sql_exec('UPDATE "user" SET status = 6 WHERE id = %s', users['hr'].id)
    data = assert_ok(search(users['caller'], tag, enc))
    assert_eq([u['id'] for u in data], [users[n].id for n in ('friend', 'deleted', 'stranger')],
              'active users of the portal but the caller and anonymous ones, by id')


@both_encodings
def test_contacts_of_a_student(enc):
    # allow_send_message_to_all_platform_users off: the caller's contacts.
    tag = uniq('Zq')
    users = people(tag)
    with contacts_only() as base_url:
        since = last_event_id()
        resp = search(users['caller'], tag.upper(), enc, base_url=base_url)
        assert_eq(resp.body.strip(),
                  ('{"error":false,"data":[{"id":%d,"name":"%s friend Person"}]}'
                   % (users['friend'].id, tag)).encode(), 'raw body (ids are numbers)')
        assert_eq(events_since(since),
                  [('access_ws_message_users', 'filter_search', tag.upper(),
                    str(users['caller'].id), '0', '0')], 'event rows')
        # Matches lastname, e-mail and username too.
        friend = users['friend']
        for q in (friend.username, friend.username + '@example', 'Person'):
            data = assert_ok(search(users['caller'], q, enc, base_url=base_url))
            assert friend.id in [u['id'] for u in data], (q, data)


@both_encodings
def test_admin_sees_everybody_of_the_portal(enc):
    tag = uniq('Zq')
    users = people(tag)
    admin = type('Admin', (), {'username': 'admin', 'key': staticmethod(admin_key)})
    data = assert_ok(search(admin, tag, enc))
    expected = [users[n] for n in ('caller', 'friend', 'deleted', 'hr', 'stranger')]
    assert_eq([(u['id'], u['name']) for u in data],
              [(u.id, '%s %s Person' % (tag, n)) for u, n in
               zip(expected, ('caller', 'friend', 'deleted', 'hr', 'stranger'))],
              'active users of the portal, by id')
    # At most 10; % and _ are wildcards as in PHP; never the caller or anonymous.
    data = assert_ok(search(admin, '%%', enc))
    assert_eq(len(data), 10, 'limit')
    ids = [u['id'] for u in data]
    assert ids == sorted(ids) and 1 not in ids and 2 not in ids, ids


@both_encodings
def test_too_short(enc):
    user = member()
    since = last_event_id()
    for params in ({}, {'q': ''}, {'q': 'a'}, {'q': '0'}):
        assert_error(as_user(user, 'message_users', params, encoding=enc), msg('TooShort'))
    assert_eq(events_since(since), [], 'no event before the check')
    # Two bytes are enough, even one character; "00" is not PHP-empty.
    assert_ok(search(user, '\u00e9', enc))
    assert_ok(search(user, '00', enc))
    # q from $_REQUEST: the query string works too.
    assert_ok(as_user(user, 'message_users', encoding=enc, query={'q': 'ab'}))


@both_encodings
def test_bad_input(enc):
    user = member()
    assert_error(search(user, ['ab'], enc), msg('BadParameter', 'q'))
    assert_error(api('message_users', {'q': 'ab'}, encoding=enc), msg('InvalidApiKey'))


def test_settings():
    tag = uniq('Zq')
    users = people(tag)
    caller = users['caller']
    with Pool(dict(CONTACTS_ONLY, show_email_addresses='on')) as pool:
        _, answer = pool_call(pool, 'message_users', caller, [('q', tag)])
        friend = users['friend']
        assert_eq(answer['data'], [{'id': friend.id, 'name': '%s friend Person (%s@example.org)'
                                    % (tag, friend.username)}], 'with e-mail')
    with Pool({'allow_send_message_to_all_platform_users': 'on'}) as pool:
        _, answer = pool_call(pool, 'message_users', caller, [('q', tag)])
        assert_eq([u['id'] for u in answer['data']],
                  [users[n].id for n in ('friend', 'deleted', 'hr', 'stranger')], 'send to all')
    # Social tool off: the users online (their last request within
    # time_limit_whosonline minutes), the caller included.
    for user in users.values():
        as_user(user, 'user_profile')      # a keyed call: track_e_online row now
    sql_exec('DELETE FROM track_e_online WHERE login_user_id = %s', users['stranger'].id)
    sql_exec("UPDATE track_e_online SET login_date = LOCALTIMESTAMP - interval '2 hours'"
             " WHERE login_user_id = %s", users['hr'].id)
    with Pool(dict(CONTACTS_ONLY, allow_social_tool='off')) as pool:
        _, answer = pool_call(pool, 'message_users', caller, [('q', tag)])
        assert_eq([u['id'] for u in answer['data']],
                  [users[n].id for n in ('caller', 'friend', 'deleted')], 'online users')
    with Pool({'allow_message_tool': 'off'}) as pool:
        _, answer = pool_call(pool, 'message_users', caller, [('q', tag)])
        assert_eq(answer, {'error': False, 'data': []}, 'message tool off')


def test_demo_student1_finds_the_teacher():
    key = authenticate('student1', 'student1')
    data = assert_ok(call('message_users', 'student1', key, {'q': 'Curie'}))
    assert_eq(data, [{'id': 3, 'name': 'Marie Curie'}], 'contacts of student1')


def test_everybody_past_the_first_thousand_users_by_trigrams():
    """A q with three characters in a row goes through the trigram index for
    the users after the first 1,000 (lib/actions/messages/message_users.c):
    on a scratch campus of 3,000 generated users, the answers are the first
    ten matches in id order, whether they lie in the first 1,000 users, after
    them (a rare q), or on both sides; a q of two characters walks them all."""
    from harness import ScratchDatabase, fcgi_form, scratch_demo_campus
    import json
    with ScratchDatabase() as db:
        # 'Zyx' users: 3 among the first 1,000 generated (ids 100100, 100200,
        # 100300 and the demo's below), 12 after them; 'Qwv' only after them;
        # 'Ana' everywhere. One 'Qwv' user inactive, one anonymous, one on
        # campus 2 only: never listed.
        scratch_demo_campus(db, (
            'INSERT INTO "user" (id, username, username_canonical, email, email_canonical,'
            ' firstname, lastname, password, salt, status, active, enabled, auth_source,'
            ' language, registration_date)'
            ' SELECT 100000 + u, \'gen\' || u, \'gen\' || u, \'gen\' || u || \'@example.com\','
            ' \'gen\' || u || \'@example.com\','
            ' CASE WHEN u IN (100, 200, 300) OR u % 150 = 0 AND u > 1200 THEN \'Zyx\' ELSE \'Ana\' END,'
            ' CASE WHEN u % 97 = 0 AND u > 1200 THEN \'Qwv \' || u ELSE \'Martin\' END,'
            ' \'x\', \'\', CASE WHEN u = 1261 THEN 6 ELSE 5 END, CASE WHEN u = 1358 THEN 0 ELSE 1 END,'
            ' 1, \'platform\', \'english\', timestamp \'2024-01-01\' FROM generate_series(1, 3000) u;'
            ' INSERT INTO access_url_rel_user (access_url_id, user_id)'
            ' SELECT CASE WHEN u = 1455 THEN 2 ELSE 1 END, 100000 + u FROM generate_series(1, 3000) u;'
            ' INSERT INTO user_api_key (user_id, api_key, api_service)'
            ' VALUES (1, \'trigramtestadminkey\', \'MsgREST\'); ANALYZE'))
        with Pool({'db_conninfo': '"%s"' % db.conninfo, 'show_email_addresses': 'off'}) as pool:
            def ids(q):
                _, _, body = pool.request(*fcgi_form({'action': 'message_users', 'q': q,
                                                      'username': 'admin',
                                                      'api_key': 'trigramtestadminkey'}))
                answer = json.loads(body)
                assert answer['error'] is False, answer
                return [u['id'] for u in answer['data']]

            zyx = [100100, 100200, 100300] + [100000 + u for u in range(1350, 3001, 150)]
            assert_eq(ids('zyx'), zyx[:10], 'matches on both sides of the first 1,000')
            qwv = [100000 + u for u in range(1261, 3001, 97) if u not in (1261, 1358, 1455)]
            assert_eq(ids('QWV'), qwv[:10], 'matches only after the first 1,000')
            assert_eq(ids('qwv 2'), [u for u in qwv if str(u - 100000).startswith('2')][:10],
                      'a q across two words of one field')
            assert_eq(ids('zy'), zyx[:10], 'two characters: the walk, the same users')
            assert_eq(ids('zyx martin'), [], 'the joined text only narrows: each field is checked')
            assert_eq(ids('z_x'), zyx[:10], 'a wildcard, as in PHP: the walk')
