"""Configuration switches, each on a second pool started with that setting
(harness.Pool) on the stack's database. Requests go straight to the pool over
FastCGI, so the tests choose Host, HTTPS and REMOTE_ADDR as nginx would pass
them.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import json

from harness import Pool, authenticate, sql_exec, uniq
from harness import fcgi_form as form


def test_kill_switch_answers_chamilo_text_without_json():
    with Pool({'disable_webservices': 'on'}) as pool:
        status, headers, body = pool.request(*form({'action': 'authenticate', 'username': 'admin',
                                                     'password': 'admin'}))
    assert status == 200, status
    assert headers.get('content-type', '').startswith('text/html'), headers
    assert 'access-control-allow-origin' not in headers, headers
    assert body == (b"Webservices are disabled. \nTo enable, add "
                    b"$_configuration['disable_webservices'] = true; in configuration.php"), body


def test_server_type_test_pretty_prints_like_php():
    with Pool({'server_type': 'test'}) as pool:
        status, _, body = pool.request(*form({'action': 'nothing'}))
    assert status == 200
    assert body == b'{\n    "error": true,\n    "message": "Invalid action"\n}', body


def test_cors_origin_is_configurable():
    with Pool({'cors_allow_origin': '"https://app.example.org"'}) as pool:
        _, headers, _ = pool.request(*form({'action': 'nothing'}))
    assert headers.get('access-control-allow-origin') == 'https://app.example.org', headers


def _campus(url, active=1):
    return int(sql_exec("INSERT INTO access_url (url, description, active, created_by)"
                        " VALUES (%s, '', %s, 1) RETURNING id", url, active)[0][0])


def _authenticate_url(pool, **cgi):
    status, _, body = pool.request(*form({'action': 'authenticate', 'username': 'admin',
                                          'password': 'admin'}, **cgi))
    assert status == 200, body
    answer = json.loads(body)
    assert answer['error'] is False, answer
    return answer['data']['url']


def test_multiple_access_urls_resolves_the_campus_from_host():
    host = uniq('campus') + '.example.org'
    plain = _campus('http://%s/' % host)
    _campus('https://%s/' % host)
    inactive_host = uniq('closed') + '.example.org'
    _campus('http://%s/' % inactive_host, active=0)
    try:
        # 127.0.0.1 is trusted only because this pool says so (no default).
        with Pool({'multiple_access_urls': 'on', 'trusted_proxies': '127.0.0.1'}) as pool:
            root_web = _authenticate_url(pool, HTTP_HOST='unknown.example.org')
            assert _authenticate_url(pool, HTTP_HOST=host) == 'http://%s/' % host
            # TLS terminated by nginx.
            assert _authenticate_url(pool, HTTP_HOST=host, HTTPS='on') == 'https://%s/' % host
            # X-Forwarded-Proto counts from a trusted proxy only.
            assert _authenticate_url(pool, HTTP_HOST=host, HTTP_X_FORWARDED_PROTO='https',
                                     REMOTE_ADDR='127.0.0.1') == 'https://%s/' % host
            assert _authenticate_url(pool, HTTP_HOST=host, HTTP_X_FORWARDED_PROTO='https',
                                     REMOTE_ADDR='203.0.113.9') == 'http://%s/' % host
            # An inactive campus answers with root_web.
            assert _authenticate_url(pool, HTTP_HOST=inactive_host) == root_web
            # The campus is the one tracked for the caller.
            key = authenticate('admin', 'admin')
            status, _, body = pool.request(*form({'action': 'user_profile', 'username': 'admin',
                                                  'api_key': key}, HTTP_HOST=host))
            assert status == 200 and json.loads(body)['error'] is False, body
            online = sql_exec('SELECT access_url_id FROM track_e_online WHERE login_user_id = 1')
            assert online == [(str(plain),)], online
    finally:
        sql_exec('DELETE FROM track_e_online WHERE login_user_id = 1')
        sql_exec("DELETE FROM access_url WHERE url LIKE %s OR url LIKE %s",
                 '%' + host + '/', '%' + inactive_host + '/')
