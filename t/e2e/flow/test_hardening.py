"""Request-level regressions of issue 6: multipart without a boundary (defect
13), X-Forwarded-For (defect 8), large JSON bodies (defect 5) and nginx's own
error pages (defect 10).
"""

import json

from harness import (Pool, api, assert_error, assert_ok, authenticate, call, sql, sql_exec,
                     uniq)

ENDPOINT_URI = '/main/webservices/api/v2.php'


# ---------------------------------------------------------------- defect 13

def test_multipart_without_boundary_leaves_post_empty():
    # What a real WordPress integration sends: an urlencoded body under a
    # bare multipart Content-Type. PHP leaves $_POST empty: "Invalid action".
    key = authenticate('student1', 'student1')
    body = ('action=user_profile&username=student1&api_key=%s' % key).encode()
    resp = api(None, raw_body=body, content_type='multipart/form-data')
    assert_error(resp, 'Invalid action')
    # The query string still carries the parameters.
    resp = api(None, raw_body=body, content_type='multipart/form-data',
               query={'action': 'user_profile', 'username': 'student1', 'api_key': key})
    assert assert_ok(resp)['username'] == 'student1', resp.json


# ---------------------------------------------------------------- defect 8

def _recorded_ip(pool_or_none, forwarded_for, user='student1'):
    """The track_e_online.user_ip written by a user_profile call that carries
    X-Forwarded-For, through nginx (pool_or_none None) or straight to pool."""
    key = authenticate(user, user)
    sql_exec("DELETE FROM track_e_online WHERE login_user_id ="
             " (SELECT id FROM \"user\" WHERE username = %s)", user)
    if pool_or_none is None:
        assert_ok(call('user_profile', user, key, headers={'X-Forwarded-For': forwarded_for}))
    else:
        import urllib.parse
        body = urllib.parse.urlencode({'action': 'user_profile', 'username': user,
                                       'api_key': key}).encode()
        env = {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'application/x-www-form-urlencoded',
               'CONTENT_LENGTH': str(len(body)), 'REQUEST_URI': ENDPOINT_URI,
               'QUERY_STRING': '', 'REMOTE_ADDR': '127.0.0.1', 'HTTP_HOST': 'localhost',
               'HTTP_X_FORWARDED_FOR': forwarded_for}
        status, _, out = pool_or_none.request(env, body)
        assert status == 200 and json.loads(out)['error'] is False, out
    rows = sql("SELECT user_ip FROM track_e_online WHERE login_user_id ="
               " (SELECT id FROM \"user\" WHERE username = %s)", user)
    assert len(rows) == 1, rows
    return rows[0][0]


def test_forwarded_for_is_ignored_by_default():
    # nginx passes REMOTE_ADDR 127.0.0.1: a local process is no trusted proxy
    # unless the operator lists it.
    assert _recorded_ip(None, '203.0.113.7') == '127.0.0.1'


def test_forwarded_for_from_a_trusted_proxy_must_be_an_address():
    with Pool({'trusted_proxies': '127.0.0.1'}) as pool:
        assert _recorded_ip(pool, '198.51.100.1, 203.0.113.7') == '203.0.113.7'
        assert _recorded_ip(pool, '2001:DB8::1') == '2001:db8::1'
        for junk in ('unknown', '<b>x</b>', "1.2.3.4'--", 'example.org', '1.2.3'):
            assert _recorded_ip(pool, junk) == '127.0.0.1', junk
