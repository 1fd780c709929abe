"""Apache httpd in front of the pool (apache/chamilo-fcgi.conf, run by
t/stack/apache.sh): what the pool must receive from it, as from nginx. Runs
only in the Apache pass of t/e2e/run.sh (harness.BASE_URL is Apache's).
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import http.client
import json
import os
import ssl
import subprocess

import harness
from harness import (ENDPOINT, Pool, api, assert_eq, assert_ok, authenticate, call, sql,
                     sql_exec, uniq)

APACHE_SH = os.path.join(harness.REPO, 't', 'stack', 'apache.sh')


def _free_port():
    import socket
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _post(conn, body, headers):
    conn.request('POST', ENDPOINT, body=body, headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.headers, resp.read()


def _chunks(data, size=4096):
    for i in range(0, len(data), size):
        yield data[i:i + size]


def test_the_front_end_is_apache():
    resp = api('nothing')
    assert_eq(resp.headers.get('Server'), 'Apache', 'Server header')
    assert_eq(resp.json, {'error': True, 'message': 'Invalid action'}, 'answer')


def test_only_the_endpoint_goes_to_the_pool():
    status = harness.request('GET', '/main/index.php').status
    assert_eq(status, 404, 'another URL of the site')


def test_a_chunked_body_reaches_the_pool_whole():
    # Larger than mod_proxy_fcgi's read-ahead: without proxy-sendcl the pool
    # would get no CONTENT_LENGTH and no body.
    body = ('action=authenticate&username=admin&password=admin&filler=' +
            'x' * (200 * 1024)).encode()
    conn = http.client.HTTPConnection('127.0.0.1', int(harness.BASE_URL.rsplit(':', 1)[1]),
                                      timeout=30)
    try:
        conn.putrequest('POST', ENDPOINT)
        conn.putheader('Content-Type', 'application/x-www-form-urlencoded')
        conn.putheader('Transfer-Encoding', 'chunked')
        conn.endheaders()
        for chunk in _chunks(body):
            conn.send(b'%x\r\n%s\r\n' % (len(chunk), chunk))
        conn.send(b'0\r\n\r\n')
        resp = conn.getresponse()
        answer = json.loads(resp.read())
    finally:
        conn.close()
    assert resp.status == 200 and answer['error'] is False, answer
    assert answer['data']['apiKey'], answer


def test_an_oversized_body_gets_the_json_413_once():
    body = b'action=username_exist&filler=' + b'x' * (8 * 1024 * 1024)
    conn = http.client.HTTPConnection('127.0.0.1', int(harness.BASE_URL.rsplit(':', 1)[1]),
                                      timeout=60)
    try:
        status, headers, payload = _post(conn, body,
                                         {'Content-Type': 'application/x-www-form-urlencoded'})
    finally:
        conn.close()
    assert_eq(status, 413, 'status')
    assert_eq(headers.get('Content-Type'), 'application/json', 'Content-Type')
    assert_eq(headers.get_all('Access-Control-Allow-Origin'), ['*'], 'one CORS header')
    answer = json.loads(payload)
    assert answer['error'] is True and answer['message'], answer


def test_remote_addr_is_the_client_and_trusted_like_nginx():
    # Apache passes the client's address as REMOTE_ADDR (127.0.0.1 here),
    # and, as behind nginx, an X-Forwarded-For from a client that is not a
    # listed proxy (trusted_proxies is empty by default) is not believed.
    key = authenticate('student2', 'student2')
    user_id = sql('SELECT id FROM "user" WHERE username = %s', 'student2')[0][0]
    sql_exec('DELETE FROM track_e_online WHERE login_user_id = %s', user_id)
    forwarded = '198.51.100.%d' % (os.getpid() % 200 + 1)
    resp = call('user_profile', 'student2', key, headers={'X-Forwarded-For': forwarded})
    assert_ok(resp)
    ips = sql('SELECT user_ip FROM track_e_online WHERE login_user_id = %s', user_id)
    assert_eq(ips, [('127.0.0.1',)], 'track_e_online.user_ip')


def test_host_and_https_pick_the_campus():
    """A multi-URL pool behind a second Apache with TLS: the campus follows
    the Host header and the scheme of the connection (HTTPS=on from
    mod_ssl), exactly as behind nginx."""
    host = uniq('apache') + '.example.org'
    sql_exec("INSERT INTO access_url (url, description, active, created_by) VALUES"
             " (%s, '', 1, 1), (%s, '', 1, 1)", 'http://%s/' % host, 'https://%s/' % host)
    form = {'action': 'authenticate', 'username': 'admin', 'password': 'admin'}
    body = '&'.join('%s=%s' % kv for kv in form.items())
    headers = {'Host': host, 'Content-Type': 'application/x-www-form-urlencoded'}
    try:
        with Pool({'multiple_access_urls': 'on'}) as pool:
            folder = os.path.join(pool.dir, 'apache')
            os.mkdir(folder)
            harness.give_to_stack_user(pool.dir)
            port, tls_port = _free_port(), _free_port()
            up = subprocess.run([APACHE_SH, 'up', folder, str(port), str(tls_port), pool.socket],
                                capture_output=True, text=True, timeout=60)
            assert up.returncode == 0, up.stderr
            try:
                plain = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
                _, _, payload = _post(plain, body, headers)
                assert_eq(json.loads(payload)['data']['url'], 'http://%s/' % host, 'over HTTP')
                tls = http.client.HTTPSConnection('127.0.0.1', tls_port, timeout=30,
                                                  context=ssl._create_unverified_context())
                _, _, payload = _post(tls, body, headers)
                assert_eq(json.loads(payload)['data']['url'], 'https://%s/' % host, 'over HTTPS')
            finally:
                subprocess.run([APACHE_SH, 'down', folder], timeout=60)
    finally:
        sql_exec('DELETE FROM access_url WHERE url IN (%s, %s)',
                 'http://%s/' % host, 'https://%s/' % host)


def test_a_streamed_list_arrives_whole_through_apache():
    # get_users without extra_fields is written as its rows are read, with
    # no Content-Length (lib/api/stream.h): Apache passes it on, and the
    # bytes are those of the same list built whole.
    key = authenticate('admin', 'admin')
    streamed = call('get_users', 'admin', key, {'status': '*'})
    whole = call('get_users', 'admin', key, {'status': '*', 'extra_fields': 'no_such_field'})
    assert_eq(streamed.status, 200, 'status')
    assert streamed.headers.get('Content-Length') is None, streamed.headers.items()
    assert streamed.body == whole.body, (streamed.body[:300], whole.body[:300])
    assert_ok(streamed)
