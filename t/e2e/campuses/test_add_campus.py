"""add_campus: creates a campus (administrators only), served at once.

Spec: 40-sessions-campuses.md §13.1 (answer: id_campus a string, 0 on a
duplicate; slash appended; event), README "Decisions on holes" (admin-only);
recording add_campus. The served campus: a second pool with
multiple_access_urls behind nginx, as t/e2e/flow/test_multi_url.py does.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness
from harness import (Front, Pool, api, assert_eq, assert_error, assert_ok, both_encodings,
                     events_since, failing_trigger, last_event_id, msg, new_course, new_session,
                     new_user, sql, sql_exec, uniq)
from campus_common import admin, campus_row, forget_campus


@both_encodings
def test_creates_a_campus(enc):
    url = 'http://%s.example.com' % uniq('campus-')
    try:
        since = last_event_id()
        resp = admin('add_campus', {'url': url, 'description': 'Second <b>campus</b>',
                                    'active': '1'}, enc)
        data = assert_ok(resp)
        assert isinstance(data['id_campus'], str) and data['id_campus'].isdigit(), data
        assert_eq(resp.body.strip(), ('{"error":false,"data":{"status":true,"id_campus":"%s"}}'
                                      % data['id_campus']).encode(), 'raw body')
        assert_eq(campus_row(data['id_campus']), (url + '/', 'Second campus', '1', '1'),
                  'row: slash appended, remove_XSS, created by the caller')
        assert_eq([e for e in events_since(since) if e[0] == 'access_ws_add_campus'],
                  [('access_ws_add_campus', 'campus_id', data['id_campus'], '1', '0', '0')],
                  'event row')
        # The same URL again, with or without its slash, in another case.
        for again in (url, url.upper() + '/'):
            assert_eq(assert_ok(admin('add_campus', {'url': again}, enc)),
                      {'status': False, 'id_campus': 0}, 'duplicate ' + again)
        assert_eq(sql('SELECT count(*) FROM access_url WHERE lower(url) = lower(%s)', url + '/'),
                  [('1',)], 'one campus')
    finally:
        forget_campus(url + '/')


def test_xss_is_removed_from_the_description():
    url = 'http://%s.example.com/' % uniq('campus-')
    try:
        data = assert_ok(admin('add_campus', {'url': url,
                                              'description': 'x<script>alert(1)</script>'}))
        assert 'script' not in campus_row(data['id_campus'])[1], campus_row(data['id_campus'])
    finally:
        forget_campus(url)


@both_encodings
def test_administrators_only_and_bad_input(enc):
    alice = new_user()
    url = 'http://%s.example.com/' % uniq('campus-')
    assert_error(harness.call('add_campus', alice.username, alice.key(), {'url': url},
                              encoding=enc), msg('NotAllowed'))
    assert_error(admin('add_campus', {'url[]': url}, enc), msg('BadParameter', 'url'))
    assert_error(admin('add_campus', {'url': 'http://' + 'x' * 250}, enc),
                 msg('BadParameter', 'url'))
    assert_eq(sql('SELECT count(*) FROM access_url WHERE url = %s', url), [('0',)], 'none')


def test_failing_write_leaves_nothing():
    url = 'http://%s.example.com/' % uniq('campus-')
    with failing_trigger('access_url', 'true', 'BEFORE INSERT'):
        resp = admin('add_campus', {'url': url})
        assert resp.json and resp.json['error'] is True, resp.body
    assert_eq(sql('SELECT count(*) FROM access_url WHERE url = %s', url), [('0',)], 'none')


def test_a_new_campus_is_served_and_scopes_the_lists():
    host = '%s.example.org' % uniq('served-')
    url = 'http://%s/' % host
    pool = Pool({'multiple_access_urls': 'on', 'trusted_proxies': '127.0.0.1'})
    try:
        with pool, Front([pool.socket]) as front:
            def on(host_, action, params):
                return api(action, params, base_url=front.base_url, headers={'Host': host_})

            key = assert_ok(on(host, 'authenticate', {'username': 'admin',
                                                        'password': 'admin'}))['apiKey']
            auth = {'username': 'admin', 'api_key': key}
            # Looked up once before it exists: the campus is URL 1 ...
            assert_eq(assert_ok(on(host, 'authenticate', {'username': 'admin',
                                                          'password': 'admin'}))['url'],
                      harness.CAMPUS_URL + '/', 'before')
            campus = assert_ok(on('127.0.0.1', 'add_campus',
                                  dict(auth, url=url, description='Served', active='1')))
            campus_id = int(campus['id_campus'])
            # ... and is served as soon as it is created.
            assert_eq(assert_ok(on(host, 'authenticate', {'username': 'admin',
                                                          'password': 'admin'}))['url'],
                      url, 'after')
            # Its sessions: only those linked to it.
            coach = new_user(status=1)
            session = new_session(courses=(new_course(),))
            sql_exec('UPDATE session SET id_coach = %s WHERE id = %s', coach.id, session.id)
            assert_eq(assert_ok(on(host, 'get_sessions', auth)), [], 'no session yet')
            sql_exec('INSERT INTO access_url_rel_session (access_url_id, session_id)'
                     ' VALUES (%s, %s)', campus_id, session.id)
            got = [s['id'] for s in assert_ok(on(host, 'get_sessions', auth))]
            assert_eq(got, [harness.php_int(session.id)], 'the campus\'s session')
            # A learner of the new campus authenticates there, not on URL 1.
            alice = new_user()
            sql_exec('UPDATE access_url_rel_user SET access_url_id = %s WHERE user_id = %s',
                     campus_id, alice.id)
            assert_ok(on(host, 'authenticate', {'username': alice.username,
                                                'password': alice.password}))
            assert_error(on('127.0.0.1', 'authenticate', {'username': alice.username,
                                                          'password': alice.password}),
                         'Invalid user detected.')
            # get_users lists the campus's users: alice there, not on URL 1.
            here = [u['username'] for u in assert_ok(on(host, 'get_users', dict(auth, status='*')))]
            there = [u['username'] for u in
                     assert_ok(on('127.0.0.1', 'get_users', dict(auth, status='*')))]
            assert alice.username in here and alice.username not in there, (here, there)
    finally:
        forget_campus(url)
