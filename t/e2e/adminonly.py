"""adminonly - calls to a second pool with webservice_enable_adminonly_api on
(the stack's own configuration keeps Chamilo's default, off), for the tests
of the admin-only key actions (get_users_api_keys, get_user_api_key).

    with admin_pool() as pool:
        resp = pool_call(pool, 'get_user_api_key', 'admin', key,
                         query={'user': 'student1'}, encoding='multipart')

pool_call sends the request over FastCGI as nginx would (same CGI
parameters for the body encodings of the harness) and returns a
harness.Response, so assert_ok/assert_error work on it.
"""

import harness
from harness import Headers, Pool, Response, flatten_params

ENDPOINT_URI = '/main/webservices/api/v2.php'


def admin_pool(**overrides):
    settings = {'webservice_enable_adminonly_api': 'on'}
    settings.update(overrides)
    return Pool(settings)


def pool_call(pool, action, username, api_key, params=None, query=None, encoding='urlencoded',
              host='localhost'):
    fields = {'action': action, 'username': username, 'api_key': api_key}
    fields.update(params or {})
    query_pairs = flatten_params(query)
    body = b''
    ctype = ''
    if encoding == 'query':
        query_pairs = flatten_params(fields) + query_pairs
    elif encoding == 'urlencoded':
        body = harness._urlencode(flatten_params(fields)).encode('ascii')
        ctype = 'application/x-www-form-urlencoded'
    elif encoding == 'multipart':
        body, ctype = harness._multipart(flatten_params(fields))
    else:
        raise ValueError(encoding)
    qs = harness._urlencode(query_pairs)
    env = {'REQUEST_METHOD': 'GET' if encoding == 'query' else 'POST', 'CONTENT_TYPE': ctype,
           'REQUEST_URI': ENDPOINT_URI + ('?' + qs if qs else ''), 'SCRIPT_NAME': ENDPOINT_URI,
           'QUERY_STRING': qs, 'REMOTE_ADDR': '127.0.0.1', 'HTTP_HOST': host}
    status, headers, data = pool.request(env, body)
    return Response(status, Headers(headers.items()), data)


def ordered(resp):
    """The answer's data with key order kept (lists of pairs)."""
    return harness.ordered(resp)[1][1]
