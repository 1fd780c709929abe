"""Multi-URL campus resolution and membership through nginx
(10-request-flow.md §1, the multi-URL bullet; README "Decisions").

A second pool with multiple_access_urls on (harness.Pool) behind its own
nginx with the production snippet (harness.Front): the Host header is
passed as Debian's fastcgi_params passes it ($host: lower case, no port).
Campus rows are made here and removed at the end.
"""

# Answers here do not depend on php_types.
TYPE_INDEPENDENT = True

import json

import harness
from harness import (Front, Pool, api, assert_error, assert_ok, drop_campus, fcgi_form,
                     new_campus, new_user, sql_exec, uniq)

INVALID_USER = 'Invalid user detected.'
INVALID_KEY = 'Invalid API key'
state = {}


def _only_member_of(user, url_id):
    sql_exec('DELETE FROM access_url_rel_user WHERE user_id = %s', user.id)
    if url_id:
        sql_exec('INSERT INTO access_url_rel_user (access_url_id, user_id) VALUES (%s, %s)',
                 url_id, user.id)


def setup_module():
    tag = uniq('mu')
    hosts = {name: '%s-%s.example.org' % (name, tag) for name in ('a', 'closed', 'port', 'mixed')}
    state['hosts'] = hosts
    state['a'] = new_campus('http://%s/' % hosts['a'])
    state['a_https'] = new_campus('https://%s/' % hosts['a'])
    state['closed'] = new_campus('http://%s/' % hosts['closed'], active=0)
    state['port'] = new_campus('http://%s:8080/' % hosts['port'])
    state['mixed_url'] = 'http://%s/' % hosts['mixed'].upper()
    state['mixed'] = new_campus(state['mixed_url'])
    # A student of campus A only, one of URL 1 only, an admin of no URL.
    state['student_a'] = new_user()
    _only_member_of(state['student_a'], state['a'])
    state['student_1'] = new_user()
    _only_member_of(state['student_1'], 1)
    admin = new_user(status=1)
    sql_exec('INSERT INTO admin (user_id) VALUES (%s)', admin.id)
    _only_member_of(admin, None)
    state['admin'] = admin
    state['pool'] = Pool({'multiple_access_urls': 'on', 'trusted_proxies': '127.0.0.1',
                          'workers': '2'}).__enter__()
    state['front'] = Front([state['pool'].socket]).__enter__()


def teardown_module():
    for key in ('front', 'pool'):
        if key in state:
            state[key].__exit__(None, None, None)
    ids = [state[k] for k in ('a', 'a_https', 'closed', 'port', 'mixed') if k in state]
    for url_id in ids:
        drop_campus(url_id)


def _login(user, host, headers=None):
    return api('authenticate', {'username': user.username, 'password': user.password},
               base_url=state['front'].base_url, headers=dict({'Host': host}, **(headers or {})))


def _url(user, host, headers=None):
    return assert_ok(_login(user, host, headers))['url']


def _profile(user, key, host):
    return api('user_profile', {'username': user.username, 'api_key': key},
               base_url=state['front'].base_url, headers={'Host': host})


def _root_web():
    return harness.CAMPUS_URL + '/'


def test_active_campus_is_the_web_root():
    hosts = state['hosts']
    assert _url(state['admin'], hosts['a']) == 'http://%s/' % hosts['a']
    # Host is compared case-insensitively (nginx lower-cases it; the row is upper case).
    assert _url(state['admin'], hosts['mixed'].upper()) == state['mixed_url']


def test_inactive_campus_is_url_1_for_url_and_scoping():
    hosts = state['hosts']
    assert _url(state['admin'], hosts['closed']) == _root_web()
    # Scoping: a member of URL 1 only gets in through the inactive campus's host ...
    assert _url(state['student_1'], hosts['closed']) == _root_web()
    # ... and the visit is tracked on URL 1.
    user = state['student_1']
    key = user.key()
    assert_ok(_profile(user, key, hosts['closed']))
    assert sql_exec('SELECT access_url_id FROM track_e_online WHERE login_user_id = %s',
                    user.id) == [('1',)]


def test_localhost_is_never_the_url():
    # URL 1 of the demo campus is http://localhost/, active.
    assert _url(state['admin'], 'localhost') == _root_web()
    assert _url(state['admin'], 'LocalHost') == _root_web()


def test_port_in_host_matches_as_behind_nginx():
    # nginx passes $host without the port: http://host:8080/ never matches.
    host = state['hosts']['port']
    assert _url(state['admin'], host + ':8080') == _root_web()
    assert _url(state['admin'], host) == _root_web()


def test_forwarded_proto_https_only_in_lower_case():
    host = state['hosts']['a']
    assert _url(state['admin'], host, {'X-Forwarded-Proto': 'https'}) == 'https://%s/' % host
    assert _url(state['admin'], host, {'X-Forwarded-Proto': 'HTTPS'}) == 'http://%s/' % host


def test_invalid_utf8_host_is_url_1():
    # Straight to the pool: nginx may refuse such a Host itself.
    status, _, body = state['pool'].request(*fcgi_form(
        {'action': 'authenticate', 'username': state['admin'].username,
         'password': state['admin'].password}, HTTP_HOST=b'\xc0\xae.example.org'))
    answer = json.loads(body)
    assert status == 200 and answer['error'] is False, body
    assert answer['data']['url'] == _root_web(), answer
    # Through nginx, which passes such a Host on.
    assert _url(state['admin'], '\xc0\xae.example.org') == _root_web()


def test_non_member_can_neither_authenticate_nor_use_a_key():
    hosts = state['hosts']
    student_a, student_1 = state['student_a'], state['student_1']
    # Each authenticates where they belong ...
    assert _url(student_a, hosts['a']) == 'http://%s/' % hosts['a']
    assert _url(student_1, '127.0.0.1') == _root_web()
    # ... and not elsewhere.
    assert_error(_login(student_a, '127.0.0.1'), INVALID_USER)
    assert_error(_login(student_1, hosts['a']), INVALID_USER)
    # A key is good only where its owner belongs.
    key_a = assert_ok(_login(student_a, hosts['a']))['apiKey']
    assert_ok(_profile(student_a, key_a, hosts['a']))
    assert_error(_profile(student_a, key_a, '127.0.0.1'), INVALID_KEY)
    key_1 = assert_ok(_login(student_1, '127.0.0.1'))['apiKey']
    assert_ok(_profile(student_1, key_1, '127.0.0.1'))
    assert_error(_profile(student_1, key_1, hosts['a']), INVALID_KEY)


def test_platform_admins_pass_everywhere():
    admin = state['admin']  # belongs to no URL at all
    for host in (state['hosts']['a'], '127.0.0.1', state['hosts']['closed']):
        key = assert_ok(_login(admin, host))['apiKey']
        assert_ok(_profile(admin, key, host))


def test_single_url_pool_ignores_membership():
    # The stack's own pool (multiple_access_urls off): everyone belongs.
    student_a = state['student_a']
    key = assert_ok(api('authenticate', {'username': student_a.username,
                                         'password': student_a.password}))['apiKey']
    assert_ok(api('user_profile', {'username': student_a.username, 'api_key': key}))
