"""harness - the client library of the end-to-end tests (stdlib only).

The tests talk to a real stack (nginx -> chamilo-fcgi -> PostgreSQL) brought
up by t/e2e/run.sh; t/e2e/runner.py calls configure() before it imports the
test files. Outside the runner, set E2E_BASE_URL and E2E_STACK_DIR.

A test file is a module named test_*.py anywhere under t/e2e/ whose functions
named test_* are the tests. A test that takes an argument `enc` runs once per
request encoding ('urlencoded' then 'multipart'); decorate it with
@encodings('urlencoded', 'multipart', 'json', 'query') to choose others.
Tests fail by raising (plain `assert` is fine; the helpers below give better
messages). Tests share one database: make the data you change your own
(create a user rather than edit the admin), or put it back.

HTTP
    api(action=None, params=None, encoding='urlencoded', query=None,
        method=None, headers=None, raw_body=None, content_type=None) -> Response
        One request to BASE_URL + '/main/webservices/api/v2.php'.
        action: put into params as 'action' (first) unless None.
        params: a dict (or a list of (name, value) pairs, to repeat a name or
            fix the order). Values: str, int, float, bool (PHP's
            http_build_query: True -> '1', False -> '0'), None (left out),
            bytes, File(...) (multipart only), lists and dicts, nested,
            encoded PHP-style: {'ids': [3, 4]} -> ids[0]=3&ids[1]=4,
            {'u': {'a': 1}} -> u[a]=1.
        encoding:
            'urlencoded'  body application/x-www-form-urlencoded
            'multipart'   body multipart/form-data, built by hand with a random
                          boundary, one part per (flattened) parameter
            'json'        body json.dumps(params), Content-Type exactly
                          application/json (nested values stay JSON)
            'query'       params go into the URL query string, no body
        query: a dict or pairs always put in the URL query string (PHP-style
            too), whatever the encoding: e.g. the `hash` parameter.
        method: default 'POST', or 'GET' for encoding='query'. Any method
            works (PUT, DELETE, OPTIONS, HEAD...).
        headers: extra request headers (a dict).
        raw_body: bytes (or str) sent as the body instead of params, with
            content_type (if given) as Content-Type.
        content_type: overrides the Content-Type the encoding would send.
        base_url: another front end than the stack's nginx (see Front).
        Redirects are not followed (see assert_redirect).

    Response: .status (int), .headers (Headers: case-insensitive,
        .get(name), .get_all(name)), .body (bytes), .json (the parsed body,
        or None when it is not JSON), .text (body decoded as UTF-8).

    authenticate(username, password) -> the api key (asserts success).
    call(action, username, api_key, params=None, **kw) -> Response
        api() with username and api_key added to params.

Database (the stack's PostgreSQL, through psql)
    sql(query, *args) -> list of tuples of str or None (SQL NULL).
        Placeholders are %s, replaced in order by the arguments, which are
        passed as psql variables and quoted by psql (:'var'): no injection,
        any text works. None becomes NULL, True/False 't'/'f', numbers their
        str(). Use '%%' for a literal '%'. Values come back as text, the way
        psql prints them (booleans 't'/'f', timestamps 'YYYY-MM-DD HH:MM:SS').
    sql_exec(query, *args) -> the same, for writes (INSERT/UPDATE/DELETE,
        with RETURNING rows if any). Errors raise SqlError.
    sql_value(query, *args) -> the single value of a one-row one-column query.

Answer schemas
    Every answer request() (so api(), call(), as_user()) receives from the
    endpoint is validated against the schema chamilo-fcgi --openapi gives
    its action under the stack's configuration (php_types included), with
    python3-jsonschema: the operation's 200 answer (the envelope with its
    data, a raw answer, or the error envelope), the error envelope for any
    other status. An answer that does not match fails the test that
    received it (AssertionError naming the action and the mismatch). The
    action is the one the request names (query string, then body, then the
    `hash` parameter); an answer through another front end (base_url) or of
    an unknown action is held to the envelope alone. Bodies that are not
    JSON (redirects, the kill switch's text) are not checked.
    answer_schema(action) -> the JSON Schema of the action's 200 answer.
    action_named(query, body) -> the action named by those (name, value)
        pairs, as the dispatcher reads it.

Assertions
    assert_ok(resp) -> data: HTTP 200, Content-Type application/json,
        Access-Control-Allow-Origin *, JSON object with error false; returns
        resp.json['data'].
    assert_error(resp, message): the same headers, error true and exactly
        this message.
    assert_redirect(resp, location): HTTP 302 and exactly this Location.
    assert_eq(actual, expected, what=''): equality with both values shown.

Parametrization
    @both_encodings           run the test with enc='urlencoded' and 'multipart'
    @encodings(*names)        run it once per named encoding

Types and messages
    PHP_TYPES: '8' or '7.4', the stack's php_types setting (E2E_PHP_TYPES).
    php_int(v): an integer column read by plain SQL as the configured PHP
        answers it: 3 under PHP 8, '3' under 7.4 (None stays None).
    php_float(v): the same for float columns.
    msg(key): the exact text of lib/api/messages.def's MSG(key, ...), the
        catalogue the C code answers with: msg('NotAllowed').

Helpers for test data (each makes new, uniquely named rows)
    new_user(status=5, password=None, with_key=False, **fields)
        -> User(id, username, password) through save_user as admin; .key()
        authenticates it (cached). with_key=True: through save_user_get_apikey,
        and .key() is the key it answered (the user never logged in).
    new_course(teacher=None, students=()) -> Course(id, code): a course on
        campus 1 with its teacher (status 1) and students (status 5).
    new_session(courses=(), users=()) -> Session(id)
    new_class(users=()) -> Class(id, name)
    as_user(user, action, params=None, **kw) -> Response: call() with the
        user's username and key.
    assert_ordered(items, key, what=''): items sorted by key.

Reading answers and rows
    ordered(resp): the answer's JSON with key order kept (objects as lists of
        (key, value) pairs).
    assert_status_true(resp): the answer is exactly {"status": true}.
    assert_bare_redirect(resp, location): a view_* action's 302 to location,
        empty, without JSON, CORS or cookie.
    assert_created_id(resp) -> id: save_user's exact [id] answer.
    now_utc() -> 'YYYY-MM-DD HH:MM:SS': the database's UTC clock.
    user_rows(login) -> [(id,)]: users of that username (any case).
    api_keys_of(user_id) -> [key]: the user's MsgREST keys, oldest first.
    extra_value(user_id, variable) -> the extra field's value or '<no row>'.

Other pools and front ends (for the pool and fault tests)
    Pool(overrides): a second chamilo-fcgi pool on the stack's database, its
        own unix socket (.socket), the stack's config with overrides
        ({key: value}, 'workers' included); .request(params, body) talks
        FastCGI to it; .proc is the master process.
    Front(sockets, read_timeout=None): a second nginx on a free port with the
        production snippet (nginx/chamilo-fcgi.conf) and an upstream of the
        given unix sockets (.base_url for api(base_url=...)).
    fcgi_encode(params, body), fcgi_read_answer(sock): raw FastCGI bytes,
        for playing a slow peer.
    as_stack_user(cmd), pg_ctl(*args): run a command as the stack's user
        (pg_ctl on the stack's cluster: stop, start, restart).
    soak_seconds(default): how long a fault test keeps its load going
        (E2E_SOAK_SECONDS, set by `make soak`; else default).
    stack_binary(), stack_log(), master_pid(): the stack's own binary, the
        text of its pool log, its master's process id.
    children_of(pid) -> [pid]: a process's children, sorted (its workers).

Atomicity
    failing_trigger(table, condition, when='BEFORE INSERT OR UPDATE'): a
        context manager that adds a trigger to `table` raising an error when
        `condition` (SQL over NEW, e.g. "NEW.value = 'boom'", or over OLD for
        when='BEFORE DELETE') holds, and drops it on exit: a write action whose later statement fails must leave
        nothing behind.

Globals: BASE_URL, STACK_DIR, ENDPOINT (the endpoint's path), FRONT_END (the
web server at BASE_URL: 'nginx', or 'apache' in the Apache pass of run.sh),
CAMPUS_URL (the campus URL in answers: the pool's root_web without the
trailing slash; BASE_URL behind nginx, not behind Apache).
"""

import contextlib
import http.client
import json
import os
import pwd
import random
import re
import subprocess
import time
import urllib.parse

__all__ = [
    'BASE_URL', 'STACK_DIR', 'ENDPOINT', 'ENCODINGS', 'DEFAULT_ENCODINGS',
    'configure', 'api', 'call', 'authenticate', 'Response', 'Headers', 'File',
    'sql', 'sql_exec', 'sql_value', 'SqlError',
    'assert_ok', 'assert_error', 'assert_redirect', 'assert_eq',
    'both_encodings', 'encodings', 'flatten_params',
    'PHP_TYPES', 'php_int', 'php_float', 'msg',
    'new_user', 'new_course', 'new_session', 'new_class', 'as_user', 'assert_ordered',
    'ordered', 'assert_bare_redirect', 'assert_status_true', 'assert_created_id', 'now_utc', 'user_rows', 'api_keys_of',
    'extra_value', 'stack_binary', 'stack_log', 'master_pid', 'children_of',
    'User', 'Course', 'Session', 'Class',
    'Pool', 'Front', 'fcgi_request', 'fcgi_encode', 'fcgi_read_answer', 'uniq',
    'as_stack_user', 'pg_ctl', 'soak_seconds',
    'failing_trigger', 'join_session',
]

ENDPOINT = '/main/webservices/api/v2.php'
ENCODINGS = ('urlencoded', 'multipart', 'json', 'query')
DEFAULT_ENCODINGS = ('urlencoded', 'multipart')
TIMEOUT = 30  # seconds per request: a hung request fails its test, not the run

BASE_URL = os.environ.get('E2E_BASE_URL', 'http://127.0.0.1:8080').rstrip('/')
PHP_TYPES = os.environ.get('E2E_PHP_TYPES', '8')
STACK_DIR = os.environ.get('E2E_STACK_DIR', '')
FRONT_END = os.environ.get('E2E_FRONT_END', 'nginx')
CAMPUS_URL = BASE_URL
_stack_env = {}


def configure(base_url, stack_dir):
    """Points the harness at a running stack (called by the runner)."""
    global BASE_URL, STACK_DIR, CAMPUS_URL, _stack_env
    BASE_URL = base_url.rstrip('/')
    STACK_DIR = stack_dir
    _stack_env = {}
    # The pool's root_web is the nginx URL of the stack, also when the
    # requests go through another front end (Apache, on another port).
    try:
        CAMPUS_URL = _env()['BASE_URL'].rstrip('/')
    except (OSError, KeyError):
        CAMPUS_URL = BASE_URL


def _env():
    """KEY=VALUE pairs of STACK_DIR/stack.env (written by stack.sh up)."""
    global _stack_env
    if not _stack_env:
        if not STACK_DIR:
            raise RuntimeError('no stack directory: run through t/e2e/run.sh or set E2E_STACK_DIR')
        with open(os.path.join(STACK_DIR, 'stack.env'), encoding='utf-8') as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith('#') and '=' in line:
                    key, value = line.split('=', 1)
                    _stack_env[key] = value
    return _stack_env


# ------------------------------------------------------------------ HTTP

class Headers:
    """Response headers, looked up case-insensitively; repeats are kept."""

    def __init__(self, pairs):
        self._pairs = list(pairs)

    def get(self, name, default=None):
        """The last value of header `name`, or default."""
        values = self.get_all(name)
        return values[-1] if values else default

    def get_all(self, name):
        name = name.lower()
        return [v for k, v in self._pairs if k.lower() == name]

    def __getitem__(self, name):
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name):
        return bool(self.get_all(name))

    def items(self):
        return list(self._pairs)

    def __repr__(self):
        return 'Headers(%r)' % (self._pairs,)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        try:
            self.json = json.loads(body.decode('utf-8')) if body else None
        except (ValueError, UnicodeDecodeError):
            self.json = None

    @property
    def text(self):
        return self.body.decode('utf-8', errors='replace')

    def __repr__(self):
        body = self.body if len(self.body) <= 500 else self.body[:500] + b'...'
        return '<Response %d %s %r>' % (self.status, self.headers.get('Content-Type'), body)


class File:
    """A file part of a multipart body."""

    def __init__(self, filename, content, content_type='application/octet-stream'):
        self.filename = filename
        self.content = content.encode('utf-8') if isinstance(content, str) else content
        self.content_type = content_type


def _scalar(value):
    """A leaf value as PHP's http_build_query writes it (bytes/File kept)."""
    if isinstance(value, bool):
        return '1' if value else '0'
    if isinstance(value, (bytes, File)):
        return value
    return str(value)


def flatten_params(params, prefix=None):
    """[(name, leaf)] from a dict/pairs with nested lists and dicts, PHP-style:
    a list -> name[0], name[1]; a dict -> name[key]. None values are dropped
    (as http_build_query does); an empty list or dict sends nothing."""
    out = []
    if params is None:
        return out
    if isinstance(params, dict):
        items = list(params.items())
    elif isinstance(params, (list, tuple)) and prefix is not None:
        items = list(enumerate(params))
    else:  # top level given as (name, value) pairs
        items = list(params)
    for key, value in items:
        name = str(key) if prefix is None else '%s[%s]' % (prefix, key)
        if value is None:
            continue
        if isinstance(value, (dict, list, tuple)):
            out.extend(flatten_params(value, name))
        else:
            out.append((name, _scalar(value)))
    return out


def _urlencode(pairs):
    parts = []
    for name, value in pairs:
        if isinstance(value, File):
            raise ValueError('File parameters need encoding="multipart"')
        parts.append(urllib.parse.quote_plus(name) + '=' + urllib.parse.quote_plus(value))
    return '&'.join(parts)


def _header_text(value):
    """A name or filename for a Content-Disposition header: quotes and line
    breaks escaped the way browsers do."""
    return value.replace('\\', '\\\\').replace('"', '%22').replace('\r', '%0D').replace('\n', '%0A')


def _multipart(pairs):
    """(body, content_type) of a multipart/form-data body."""
    boundary = '----e2eBoundary%016x' % random.getrandbits(64)
    chunks = []
    for name, value in pairs:
        chunks.append(b'--' + boundary.encode() + b'\r\n')
        if isinstance(value, File):
            chunks.append(('Content-Disposition: form-data; name="%s"; filename="%s"\r\n'
                           'Content-Type: %s\r\n\r\n'
                           % (_header_text(name), _header_text(value.filename),
                              value.content_type)).encode('utf-8'))
            chunks.append(value.content)
        else:
            chunks.append(('Content-Disposition: form-data; name="%s"\r\n\r\n'
                           % _header_text(name)).encode('utf-8'))
            chunks.append(value if isinstance(value, bytes) else value.encode('utf-8'))
        chunks.append(b'\r\n')
    chunks.append(b'--' + boundary.encode() + b'--\r\n')
    return b''.join(chunks), 'multipart/form-data; boundary=' + boundary


def _json_ready(value):
    """params for a JSON body: pairs become an object, bytes text."""
    if isinstance(value, bytes):
        return value.decode('utf-8')
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    return value


def api(action=None, params=None, encoding='urlencoded', query=None, method=None,
        headers=None, raw_body=None, content_type=None, base_url=None):
    """One request to the endpoint; see the module docstring."""
    if encoding not in ENCODINGS:
        raise ValueError('encoding must be one of %s, not %r' % (ENCODINGS, encoding))
    if action is not None:
        if params is None:
            params = {}
        if isinstance(params, dict):
            params = dict([('action', action)] + [(k, v) for k, v in params.items() if k != 'action'])
        else:
            params = [('action', action)] + list(params)
    if method is None:
        method = 'GET' if encoding == 'query' else 'POST'

    query_pairs = flatten_params(query)
    body = None
    ctype = None
    if raw_body is not None:
        body = raw_body.encode('utf-8') if isinstance(raw_body, str) else raw_body
        ctype = content_type
    elif encoding == 'query':
        query_pairs = flatten_params(params) + query_pairs
    elif encoding == 'urlencoded':
        body = _urlencode(flatten_params(params)).encode('ascii')
        ctype = 'application/x-www-form-urlencoded'
    elif encoding == 'multipart':
        body, ctype = _multipart(flatten_params(params))
    elif encoding == 'json':
        if isinstance(params, (list, tuple)):
            params = dict(params)
        body = json.dumps(_json_ready(params if params is not None else {})).encode('utf-8')
        ctype = 'application/json'
    if content_type is not None:
        ctype = content_type

    path = ENDPOINT
    if query_pairs:
        path += '?' + _urlencode(query_pairs)
    return request(method, path, body=body, content_type=ctype, headers=headers,
                   base_url=base_url)


def request(method, path, body=None, content_type=None, headers=None, base_url=None):
    """A raw HTTP request to BASE_URL (or base_url) + path (no redirect
    following)."""
    url = urllib.parse.urlsplit(base_url or BASE_URL)
    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=TIMEOUT)
    try:
        hdrs = {'Connection': 'close'}
        if content_type is not None:
            hdrs['Content-Type'] = content_type
        if headers:
            hdrs.update(headers)
        # http.client adds Content-Length for a body; none for GET without one.
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        answer = Response(resp.status, Headers(resp.getheaders()), data)
    finally:
        conn.close()
    check_answer_schema(answer, path, body, content_type, base_url)
    return answer


def call(action, username, api_key, params=None, **kw):
    """api() as an authenticated user: username and api_key added to params."""
    merged = {'username': username, 'api_key': api_key}
    if isinstance(params, dict):
        merged.update(params)
    elif params:
        merged = list(merged.items()) + list(params)
    return api(action, merged, **kw)


def authenticate(username, password, encoding='urlencoded'):
    """Logs in through the `authenticate` action; returns the api key."""
    data = assert_ok(api('authenticate', {'username': username, 'password': password},
                         encoding=encoding))
    key = data.get('apiKey') if isinstance(data, dict) else None
    assert isinstance(key, str) and key, 'authenticate gave no apiKey: %r' % (data,)
    return key


# ------------------------------------------------------------------ SQL

class SqlError(Exception):
    pass


_FIELD_SEP = '\x1f'   # unit separator: never in test data
_RECORD_SEP = '\x1e'  # record separator
_NULL = '\x1d<NULL>\x1d'


def _psql(query, args):
    env = _env()
    names = []

    def placeholder(match):
        if match.group(0) == '%%':
            return '%'
        i = len(names)
        if i >= len(args):
            raise SqlError('more %%s placeholders than arguments in: %s' % query)
        if args[i] is None:
            names.append(None)
            return 'NULL'
        names.append('e2e_arg%d' % i)
        return ":'e2e_arg%d'" % i

    text = re.sub(r'%%|%s', placeholder, query)
    if len(names) != len(args):
        raise SqlError('%d arguments for %d placeholders in: %s' % (len(args), len(names), query))
    cmd = ['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1',
           '-h', env['PGHOST'], '-p', env['PGPORT'], '-U', env['PGUSER'], '-d', env['PGDATABASE'],
           '-F', _FIELD_SEP, '-R', _RECORD_SEP, '-P', 'null=' + _NULL, '-f', '-']
    for i, arg in enumerate(args):
        if arg is None:
            continue
        if isinstance(arg, bool):
            arg = 't' if arg else 'f'
        cmd += ['-v', 'e2e_arg%d=%s' % (i, arg)]
    kwargs = {}
    # As root, run psql as the stack's user (who owns the cluster), like
    # everything else in the stack.
    stack_user = env.get('STACK_USER')
    if os.geteuid() == 0 and stack_user and stack_user != 'root':
        kwargs.update(user=stack_user, group=pwd.getpwnam(stack_user).pw_gid, extra_groups=[],
                      cwd=STACK_DIR)
    # psql reads variables only in script input (not with -c): feed stdin.
    proc = subprocess.run(cmd, input=text + '\n', capture_output=True, text=True,
                          encoding='utf-8', timeout=60, **kwargs)
    if proc.returncode != 0:
        raise SqlError('psql failed (%d): %s\nquery: %s' % (proc.returncode, proc.stderr.strip(), text))
    out = proc.stdout
    if out.endswith('\n'):
        out = out[:-1]
    if not out:
        return []
    rows = []
    for record in out.split(_RECORD_SEP):
        if record == '':
            continue
        rows.append(tuple(None if f == _NULL else f for f in record.split(_FIELD_SEP)))
    return rows


def sql(query, *args):
    """Rows of a query on the stack's database: tuples of str/None."""
    return _psql(query, args)


def sql_exec(query, *args):
    """Runs a write (or several); returns RETURNING rows, if any."""
    return _psql(query, args)


def sql_value(query, *args):
    """The one value of a one-row, one-column query."""
    rows = _psql(query, args)
    assert len(rows) == 1 and len(rows[0]) == 1, 'expected one value, got %r from %s' % (rows, query)
    return rows[0][0]


# ------------------------------------------------------------------ assertions

def assert_eq(actual, expected, what=''):
    assert actual == expected, '%sexpected %r, got %r' % (what + ': ' if what else '', expected, actual)


def _assert_envelope(resp):
    assert resp.status == 200, 'HTTP %d, expected 200: %r' % (resp.status, resp)
    ctype = resp.headers.get('Content-Type')
    assert ctype == 'application/json', 'Content-Type %r, expected application/json: %r' % (ctype, resp)
    cors = resp.headers.get('Access-Control-Allow-Origin')
    assert cors == '*', 'Access-Control-Allow-Origin %r, expected *: %r' % (cors, resp)
    assert isinstance(resp.json, dict), 'body is not a JSON object: %r' % (resp,)
    assert 'error' in resp.json, 'no "error" key: %r' % (resp,)


def assert_ok(resp):
    """Asserts a success envelope; returns its data."""
    _assert_envelope(resp)
    assert resp.json['error'] is False, 'error envelope: %r' % (resp.json,)
    assert 'data' in resp.json, 'success without "data": %r' % (resp,)
    return resp.json['data']


def assert_error(resp, message):
    """Asserts an error envelope with exactly this message."""
    _assert_envelope(resp)
    assert resp.json['error'] is True, 'expected an error %r, got success: %r' % (message, resp.json)
    assert resp.json.get('message') == message, \
        'expected message %r, got %r' % (message, resp.json.get('message'))


def assert_redirect(resp, location):
    """Asserts HTTP 302 to exactly this Location."""
    assert resp.status == 302, 'HTTP %d, expected 302: %r' % (resp.status, resp)
    got = resp.headers.get('Location')
    assert got == location, 'Location %r, expected %r' % (got, location)


# ------------------------------------------------------------------ parametrization

def encodings(*names):
    """Runs the decorated test(enc) once per named encoding."""
    for name in names:
        if name not in ENCODINGS:
            raise ValueError('unknown encoding %r' % name)

    def mark(func):
        func.e2e_encodings = tuple(names)
        return func
    return mark


def both_encodings(func):
    """Runs the decorated test(enc) with 'urlencoded' and 'multipart'."""
    return encodings(*DEFAULT_ENCODINGS)(func)


# ---- shared by the test files ----

def uniq(prefix):
    """A name nobody else uses: prefix + 8 random hex digits."""
    return '%s%08x' % (prefix, random.getrandbits(32))


def last_event_id():
    """The newest track_e_default id (0 when empty): pass it to events_since."""
    return int(sql_value('SELECT COALESCE(max(default_id), 0) FROM track_e_default'))


def events_since(event_id):
    """Event rows written after event_id, oldest first: (event type, value type,
    value, user id, c_id, session_id)."""
    return sql('SELECT default_event_type, default_value_type, default_value, default_user_id,'
               ' c_id, session_id FROM track_e_default WHERE default_id > %s ORDER BY default_id',
               event_id)


# ---- programs and databases beside the stack's own ----

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def run_as_stack_user(cmd, input=None, timeout=60, cwd=None):
    """subprocess.run(cmd) as the stack's user when root (PostgreSQL and the
    pool refuse root or must not run as it), text mode, output captured."""
    env = _env()
    kwargs = {'cwd': cwd or STACK_DIR}
    user = env.get('STACK_USER')
    if os.geteuid() == 0 and user and user != 'root':
        kwargs.update(user=user, group=pwd.getpwnam(user).pw_gid, extra_groups=[])
    return subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=timeout,
                          **kwargs)


def give_to_stack_user(path):
    """chown -R path to the stack's user (when root), so its programs can use it."""
    env = _env()
    user = env.get('STACK_USER')
    if os.geteuid() != 0 or not user or user == 'root':
        return
    pw = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        for name in [root] + [os.path.join(root, n) for n in dirs + files]:
            os.lchown(name, pw.pw_uid, pw.pw_gid)


class ScratchDatabase:
    """A new, empty database in the stack's cluster, dropped on exit; with
    load_schema, sql/schema.sql of this checkout is loaded into it (schema
    version 1, no migration applied). .name, .conninfo (for
    chamilo-fcgi.conf's db_conninfo), .sql(query) -> psql's stdout."""

    def __init__(self, load_schema=True):
        self.name = uniq('scratch_')
        self.load_schema = load_schema
        env = _env()
        self.conninfo = 'host=%s port=%s dbname=%s user=%s' % (
            env['PGHOST'], env['PGPORT'], self.name, env['PGUSER'])

    def _psql(self, dbname, text):
        env = _env()
        proc = run_as_stack_user(['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1',
                                  '-h', env['PGHOST'], '-p', env['PGPORT'], '-U', env['PGUSER'],
                                  '-d', dbname, '-f', '-'], input=text, timeout=120)
        if proc.returncode != 0:
            raise SqlError('psql on %s failed: %s' % (dbname, proc.stderr.strip()))
        return proc.stdout

    def sql(self, query):
        return self._psql(self.name, query)

    def __enter__(self):
        self._psql('postgres', 'CREATE DATABASE %s' % self.name)
        if self.load_schema:
            with open(os.path.join(REPO, 'sql', 'schema.sql'), encoding='utf-8') as f:
                self._psql(self.name, 'SET client_min_messages = warning;\n' + f.read())
        return self

    def __exit__(self, *exc):
        self._psql('postgres', 'DROP DATABASE IF EXISTS %s WITH (FORCE)' % self.name)
        return False


# ---- a second pool with another configuration ----

def fcgi_form(params, **cgi):
    """CGI parameters and body of a urlencoded POST to the endpoint, as nginx
    would pass them (REMOTE_ADDR 127.0.0.1, Host localhost), for
    fcgi_request or Pool.request; keyword arguments add or replace CGI
    parameters (HTTP_HOST=..., REMOTE_ADDR=...)."""
    import urllib.parse
    body = urllib.parse.urlencode(params).encode()
    env = {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'application/x-www-form-urlencoded',
           'REQUEST_URI': ENDPOINT, 'SCRIPT_NAME': ENDPOINT, 'QUERY_STRING': '',
           'REMOTE_ADDR': '127.0.0.1', 'HTTP_HOST': 'localhost'}
    env.update(cgi)
    return env, body


def fcgi_encode(params, body=b''):
    """The bytes of one FastCGI request (role responder, id 1): BEGIN_REQUEST,
    PARAMS (CONTENT_LENGTH added when absent), STDIN. A test may send part of
    them to play a slow or stuck peer."""
    import struct

    def record(rtype, content, request_id=1):
        out = b''
        for i in range(0, max(len(content), 1), 65535):
            chunk = content[i:i + 65535]
            out += struct.pack('>BBHHBx', 1, rtype, request_id, len(chunk), 0) + chunk
            if not content:
                break
        return out

    def pair(name, value):
        # bytes values pass as they are (a Host that is not UTF-8 ...).
        name = name.encode()
        value = value if isinstance(value, bytes) else value.encode()

        def length(n):
            return bytes([n]) if n < 128 else struct.pack('>I', n | 0x80000000)
        return length(len(name)) + length(len(value)) + name + value

    params = dict(params)
    params.setdefault('CONTENT_LENGTH', str(len(body)))
    payload = b''.join(pair(k, v) for k, v in params.items())
    return (record(1, struct.pack('>HBxxxxx', 1, 0)) + record(4, payload) + record(4, b'')
            + (record(5, body) if body else b'') + record(5, b''))


def fcgi_read_answer(s):
    """Reads a FastCGI answer from socket s up to END_REQUEST or the end of
    the connection: (status, headers dict, body bytes). Status None when no
    output came at all (the connection was closed or reset without one)."""
    import struct
    stdout = b''
    try:
        while True:
            header = s.recv(8, socket_module().MSG_WAITALL)
            if len(header) < 8:
                break
            _, rtype, _, clen, plen = struct.unpack('>BBHHBx', header)
            content = s.recv(clen + plen, socket_module().MSG_WAITALL)[:clen] if clen + plen else b''
            if rtype == 6:
                stdout += content
            elif rtype == 3:
                break
    except ConnectionResetError:
        pass
    if not stdout:
        return None, {}, b''
    head, _, resp_body = stdout.partition(b'\r\n\r\n')
    headers = {}
    for line in head.decode('latin-1').split('\r\n'):
        if ':' in line:
            k, v = line.split(':', 1)
            headers[k.strip().lower()] = v.strip()
    status = int(headers.get('status', '200').split()[0])
    return status, headers, resp_body


def socket_module():
    import socket
    return socket


def fcgi_request(socket_path, params, body=b''):
    """One FastCGI request (role responder) on a unix socket, without nginx:
    for tests that need CGI parameters nginx would not let them choose
    (Host, HTTPS, REMOTE_ADDR). Returns (status, headers dict, body bytes)."""
    socket = socket_module()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(socket_path)
        s.sendall(fcgi_encode(params, body))
        status, headers, resp_body = fcgi_read_answer(s)
    return status if status is not None else 200, headers, resp_body


class Pool:
    """A second chamilo-fcgi pool on the stack's database, with the stack's
    configuration changed by `overrides` ({key: value}; one worker unless
    they set `workers`), listening on its own unix socket (.dir holds it, the
    config and pool.log), or on overrides['listen'] when it is host:port
    (then .request is not available: fcgi_request speaks unix sockets). Use as a context manager; .request(params, body) sends a
    FastCGI request to it (see fcgi_request)."""

    # Words run before the binary's own command line (a tracer, say).
    command_prefix = ()

    def __init__(self, overrides):
        self.overrides = overrides
        self.dir = os.path.join(STACK_DIR, 'pool-%08x' % random.getrandbits(32))
        self.socket = os.path.join(self.dir, 's.sock')
        self.proc = None

    def __enter__(self):
        env = _env()
        user = env.get('STACK_USER')
        os.mkdir(self.dir)
        lines = []
        with open(os.path.join(STACK_DIR, 'chamilo-fcgi.conf'), encoding='utf-8') as f:
            for line in f:
                key = line.split('=', 1)[0].strip()
                if key in self.overrides or key in ('listen', 'workers', 'socket_mode'):
                    continue
                lines.append(line.rstrip('\n'))
        settings = dict({'workers': '1'}, **self.overrides)
        settings.update(listen=self.socket, socket_mode='0666')
        if ':' in self.overrides.get('listen', ''):
            settings['listen'] = self.socket = self.overrides['listen']
        lines += ['%s = %s' % kv for kv in settings.items()]
        conf = os.path.join(self.dir, 'pool.conf')
        with open(conf, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
        kwargs = {}
        if os.geteuid() == 0 and user and user != 'root':
            pw = pwd.getpwnam(user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            kwargs.update(user=user, group=pw.pw_gid, extra_groups=[])
        self.log = open(os.path.join(self.dir, 'pool.log'), 'wb')
        self.proc = subprocess.Popen(list(self.command_prefix) +
                                     [os.path.join(STACK_DIR, 'bin', 'chamilo-fcgi'), '-c', conf],
                                     stdout=self.log, stderr=subprocess.STDOUT, cwd=self.dir,
                                     **kwargs)
        deadline = time.monotonic() + 10
        while not self._listening():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError('second pool did not start: see %s' % self.dir)
            time.sleep(0.05)
        return self

    def _listening(self):
        if ':' not in self.socket:
            # The master renames its socket into place once it listens.
            return os.path.exists(self.socket)
        import socket
        host, port = self.socket.rsplit(':', 1)
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
            return True
        except OSError:
            return False

    def request(self, params, body=b''):
        return fcgi_request(self.socket, params, body)

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.log.close()
        return False


class Standby:
    """A hot standby of the stack's cluster, for db_replica_conninfo: made
    with pg_basebackup (-R: it streams from the primary; -X stream: the WAL
    of the copy) in a folder of STACK_DIR (.dir), started on a free port of
    its own. Use as a context manager (stopped at once on exit);
    .conninfo, .sql(query) (psql's stdout, stripped), .ctl(*args) (pg_ctl
    on its data folder)."""

    def __init__(self):
        self.dir = os.path.join(STACK_DIR, 'sb%04x' % random.getrandbits(16))
        self.port = free_tcp_port()
        self.started = False

    @staticmethod
    def pg_bin(name):
        import glob
        return sorted(glob.glob('/usr/lib/postgresql/*/bin/%s' % name))[-1]

    def __enter__(self):
        env = _env()
        os.mkdir(self.dir)
        give_to_stack_user(self.dir)
        data = os.path.join(self.dir, 'pgdata')
        proc = run_as_stack_user([self.pg_bin('pg_basebackup'), '-h', env['PGHOST'], '-p',
                                  env['PGPORT'], '-U', env['PGUSER'], '-D', data, '-R',
                                  '-X', 'stream', '-c', 'fast'], timeout=300)
        assert proc.returncode == 0, 'pg_basebackup failed: %s' % proc.stderr
        # The copy includes the primary's chamilo-stack.conf (its socket and
        # port): postgresql.auto.conf comes last and wins.
        with open(os.path.join(data, 'postgresql.auto.conf'), 'a', encoding='utf-8') as f:
            f.write("unix_socket_directories = '%s'\nport = %d\nhot_standby = on\n"
                    % (self.dir, self.port))
        self.ctl('-l', os.path.join(self.dir, 'postgres.log'), '-w', '-t', '60', 'start')
        self.started = True
        assert self.sql('SELECT pg_is_in_recovery()') == 't', 'the copy is not a standby'
        self.conninfo = 'host=%s port=%d dbname=chamilo user=%s' % (self.dir, self.port,
                                                                   env['PGUSER'])
        return self

    def sql(self, query):
        proc = run_as_stack_user(['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1',
                                  '-h', self.dir, '-p', str(self.port), '-U', _env()['PGUSER'],
                                  '-d', 'chamilo', '-c', query])
        assert proc.returncode == 0, 'psql on the standby failed: %s' % proc.stderr
        return proc.stdout.strip()

    def ctl(self, *args):
        proc = run_as_stack_user([self.pg_bin('pg_ctl'), '-D', os.path.join(self.dir, 'pgdata')] +
                                 list(args), timeout=120)
        assert proc.returncode == 0, 'pg_ctl %s on the standby failed: %s' % (args, proc.stderr)

    def __exit__(self, *exc):
        if self.started:
            run_as_stack_user([self.pg_bin('pg_ctl'), '-D', os.path.join(self.dir, 'pgdata'),
                               'stop', '-m', 'immediate', '-w'])
        return False


class Front:
    """A second nginx in front of the given pool sockets (one `upstream`
    with one `server` line each), rendered from nginx/dev.conf.template with
    the production snippet nginx/chamilo-fcgi.conf, on a free port of
    127.0.0.1. read_timeout replaces the snippet's fastcgi_read_timeout (for
    a test of nginx's 504). Use as a context manager; .base_url, .error_log()."""

    REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

    def __init__(self, sockets, read_timeout=None):
        self.sockets = list(sockets)
        self.read_timeout = read_timeout
        self.dir = os.path.join(STACK_DIR, 'front-%08x' % random.getrandbits(32))
        self.base_url = None

    def _as_user(self):
        user = _env().get('STACK_USER')
        if os.geteuid() == 0 and user and user != 'root':
            pw = pwd.getpwnam(user)
            return user, pw
        return None, None

    def __enter__(self):
        import shutil
        import socket
        os.makedirs(os.path.join(self.dir, 'nginx-tmp'))
        os.makedirs(os.path.join(self.dir, 'static'))
        shutil.copy(os.path.join(STACK_DIR, 'fastcgi_params'), self.dir)
        with open(os.path.join(self.REPO, 'nginx', 'chamilo-fcgi.conf'), encoding='utf-8') as f:
            snippet = f.read()
        if self.read_timeout:
            assert 'fastcgi_read_timeout 60s;' in snippet
            snippet = snippet.replace('fastcgi_read_timeout 60s;',
                                      'fastcgi_read_timeout %s;' % self.read_timeout)
        with open(os.path.join(self.dir, 'chamilo-fcgi-location.conf'), 'w', encoding='utf-8') as f:
            f.write(snippet)
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
        with open(os.path.join(self.REPO, 'nginx', 'dev.conf.template'), encoding='utf-8') as f:
            conf = f.read()
        servers = '\n        '.join('server unix:%s;' % p for p in self.sockets)
        conf = (conf.replace('server unix:@FCGI_SOCKET@;', servers)
                .replace('@STACK_DIR@', self.dir).replace('@PORT@', str(port))
                .replace('@NGINX_WORKERS@', '1'))
        with open(os.path.join(self.dir, 'nginx.conf'), 'w', encoding='utf-8') as f:
            f.write(conf)
        user, pw = self._as_user()
        kwargs = {}
        if user:
            for root, dirs, files in os.walk(self.dir):
                for name in [root] + [os.path.join(root, n) for n in dirs + files]:
                    os.chown(name, pw.pw_uid, pw.pw_gid)
            kwargs.update(user=user, group=pw.pw_gid, extra_groups=[])
        nginx = shutil.which('nginx') or '/usr/sbin/nginx'
        proc = subprocess.run([nginx, '-p', self.dir + '/', '-c', os.path.join(self.dir, 'nginx.conf'),
                               '-e', os.path.join(self.dir, 'nginx-error.log')],
                              capture_output=True, text=True, timeout=30, cwd=self.dir, **kwargs)
        assert proc.returncode == 0, 'nginx did not start: %s' % proc.stderr
        self.base_url = 'http://127.0.0.1:%d' % port
        return self

    def error_log(self):
        with open(os.path.join(self.dir, 'nginx-error.log'), encoding='utf-8') as f:
            return f.read()

    def __exit__(self, *exc):
        pidfile = os.path.join(self.dir, 'nginx.pid')
        try:
            with open(pidfile, encoding='utf-8') as f:
                pid = int(f.read().strip())
        except (OSError, ValueError):
            return False
        import signal
        os.kill(pid, signal.SIGQUIT)
        deadline = time.monotonic() + 10
        while os.path.exists(pidfile) and time.monotonic() < deadline:
            time.sleep(0.05)
        if os.path.exists(pidfile):
            os.kill(pid, signal.SIGKILL)
        return False


# ---- the stack's processes, for the fault tests ----

def as_stack_user(cmd):
    """Runs cmd as the stack's user (PostgreSQL refuses root); returns the
    CompletedProcess (text output)."""
    return run_as_stack_user(cmd)


def pg_ctl(*args):
    """pg_ctl on the stack's cluster (e.g. 'stop', '-m', 'fast', '-w')."""
    import glob
    binary = sorted(glob.glob('/usr/lib/postgresql/*/bin/pg_ctl'))[-1]
    proc = as_stack_user([binary, '-D', os.path.join(STACK_DIR, 'pgdata')] + list(args))
    assert proc.returncode == 0, 'pg_ctl %s failed: %s' % (' '.join(args), proc.stderr)


def soak_seconds(default):
    """Seconds of load for a fault test: E2E_SOAK_SECONDS (make soak) or default."""
    value = os.environ.get('E2E_SOAK_SECONDS')
    return float(value) if value else default



# ---------------------------------------------------------------- types

def php_int(value):
    """An integer column read by plain SQL, as the configured PHP answers it."""
    if value is None:
        return None
    return int(value) if PHP_TYPES == '8' else str(value)


def php_float(value):
    """A float column read by plain SQL, as the configured PHP answers it."""
    if value is None:
        return None
    if PHP_TYPES == '8':
        f = float(value)
        return int(f) if f.is_integer() and not isinstance(value, float) and '.' not in str(value) else f
    return str(value)


_messages = {}


def msg(key, *values):
    """The exact English text of MSG(key, ...) in lib/api/messages.def, its
    "%s" filled in order with values, as the server fills them."""
    if not _messages:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'lib', 'api',
                            'messages.def')
        with open(path, encoding='utf-8') as f:
            for m in re.finditer(r'^MSG\((\w+), "((?:[^"\\]|\\.)*)"\)\s*$', f.read(), re.M):
                _messages[m.group(1)] = m.group(2).replace('\\n', '\n').replace('\\"', '"')
    if key not in _messages:
        raise KeyError('no message %r in lib/api/messages.def' % key)
    text = _messages[key]
    if not values:
        return text
    parts = text.split('%s')
    assert len(parts) == len(values) + 1, 'message %s takes %d values, given %d' % (
        key, len(parts) - 1, len(values))
    return ''.join(p + (str(values[i]) if i < len(values) else '') for i, p in enumerate(parts))


# ---------------------------------------------------------------- test data

class User:
    def __init__(self, id, username, password):
        self.id = id
        self.username = username
        self.password = password
        self._key = None

    def key(self):
        """The user's API key (authenticates once, then cached)."""
        if self._key is None:
            self._key = authenticate(self.username, self.password)
        return self._key

    def __repr__(self):
        return 'User(%d, %r)' % (self.id, self.username)


class Course:
    def __init__(self, id, code):
        self.id = id
        self.code = code


class Session:
    def __init__(self, id):
        self.id = id


class Class:
    def __init__(self, id, name):
        self.id = id
        self.name = name


_admin_key = None


def _admin():
    global _admin_key
    if _admin_key is None:
        _admin_key = authenticate('admin', 'admin')
    return _admin_key


def new_user(status=5, password=None, with_key=False, **fields):
    """A new active user on campus 1, created through save_user as admin; with
    with_key, through save_user_get_apikey instead, and .key() is the key it
    answered (no authenticate call, no login row)."""
    login = uniq('e2eu')
    password = password or login
    params = {'loginname': login, 'password': password, 'firstname': fields.pop('firstname', 'F' + login),
              'lastname': fields.pop('lastname', 'L' + login), 'email': login + '@example.org',
              'status': status}
    params.update(fields)
    if with_key:
        data = assert_ok(call('save_user_get_apikey', 'admin', _admin(), params))
        user = User(int(data['id']), login, password)
        user._key = data['api_key']
        return user
    data = assert_ok(call('save_user', 'admin', _admin(), params))
    return User(int(data[0]), login, password)


def new_course(teacher=None, students=()):
    """A new course on campus 1 with its members, written with SQL (the course
    actions come later)."""
    code = uniq('E2EC').upper()[:40]
    course_id = int(sql_exec(
        'INSERT INTO course (title, code, directory, course_language, visual_code, visibility,'
        ' subscribe, unsubscribe, show_score, creation_date, expiration_date, last_edit, last_visit)'
        ' VALUES (%s, %s, %s, \'english\', %s, 2, 1, 0, 1, LOCALTIMESTAMP, LOCALTIMESTAMP, LOCALTIMESTAMP,'
        ' LOCALTIMESTAMP) RETURNING id', 'Course ' + code, code, code, code)[0][0])
    sql_exec('INSERT INTO access_url_rel_course (c_id, access_url_id) VALUES (%s, 1)', course_id)
    if teacher is not None:
        _subscribe(course_id, teacher, 1)
    for student in students:
        _subscribe(course_id, student, 5)
    return Course(course_id, code)


def _subscribe(course_id, user, status):
    sql_exec('INSERT INTO course_rel_user (c_id, user_id, status, relation_type, is_tutor, sort,'
             ' user_course_cat, legal_agreement) VALUES (%s, %s, %s, 0, 0, 0, 0, 0)',
             course_id, user.id, status)


def new_session(courses=(), users=()):
    """A new session holding the courses, with the users as students."""
    name = uniq('e2e session')
    session_id = int(sql_exec(
        'INSERT INTO session (name, nbr_courses, nbr_users, nbr_classes, session_admin_id,'
        ' visibility, access_start_date, access_end_date)'
        ' VALUES (%s, %s, %s, 0, 1, 1, LOCALTIMESTAMP - interval \'1 day\','
        ' LOCALTIMESTAMP + interval \'30 days\') RETURNING id',
        name, len(courses), len(users))[0][0])
    sql_exec('INSERT INTO access_url_rel_session (session_id, access_url_id) VALUES (%s, 1)',
             session_id)
    for pos, course in enumerate(courses):
        sql_exec('INSERT INTO session_rel_course (session_id, c_id, nbr_users, position)'
                 ' VALUES (%s, %s, %s, %s)', session_id, course.id, len(users), pos)
    for user in users:
        sql_exec('INSERT INTO session_rel_user (session_id, user_id, relation_type, duration,'
                 ' registered_at) VALUES (%s, %s, 0, 0, LOCALTIMESTAMP)', session_id, user.id)
        for course in courses:
            sql_exec('INSERT INTO session_rel_course_rel_user (session_id, c_id, user_id,'
                     ' visibility, status, legal_agreement) VALUES (%s, %s, %s, 1, 0, 0)',
                     session_id, course.id, user.id)
    return Session(session_id)


def new_class(users=()):
    """A new class (usergroup) on campus 1 with the users as members."""
    name = uniq('e2e class')
    class_id = int(sql_exec(
        'INSERT INTO usergroup (name, description, group_type, picture, url, visibility,'
        ' allow_members_leave_group, created_at, updated_at)'
        ' VALUES (%s, \'\', 0, \'\', \'\', \'1\', 1, LOCALTIMESTAMP, LOCALTIMESTAMP) RETURNING id',
        name)[0][0])
    sql_exec('INSERT INTO access_url_rel_usergroup (usergroup_id, access_url_id) VALUES (%s, 1)',
             class_id)
    for user in users:
        sql_exec('INSERT INTO usergroup_rel_user (usergroup_id, user_id, relation_type)'
                 ' VALUES (%s, %s, 0)', class_id, user.id)
    return Class(class_id, name)


def new_campus(url, active=1):
    """A new access URL (campus) row; its id. Remove it with drop_campus."""
    return int(sql_exec("INSERT INTO access_url (url, description, active, created_by)"
                        " VALUES (%s, '', %s, 1) RETURNING id", url, active)[0][0])


def drop_campus(url_id):
    """Removes a campus made by new_campus, its members and who-is-online
    rows."""
    sql_exec('DELETE FROM access_url_rel_user WHERE access_url_id = %s', url_id)
    sql_exec('DELETE FROM track_e_online WHERE access_url_id = %s', url_id)
    sql_exec('DELETE FROM access_url WHERE id = %s', url_id)


def as_user(user, action, params=None, **kw):
    """call() as this user, with its key."""
    return call(action, user.username, user.key(), params, **kw)


def assert_bare_redirect(resp, location):
    """The redirect of the view_* actions: assert_redirect(resp, location), an
    empty body that is no JSON, and neither CORS nor a cookie."""
    assert_redirect(resp, location)
    assert_eq(resp.body, b'', 'body')
    assert resp.json is None, resp
    assert resp.headers.get('Content-Type') != 'application/json', resp.headers
    assert 'Access-Control-Allow-Origin' not in resp.headers, resp.headers
    assert 'Set-Cookie' not in resp.headers, resp.headers


def assert_ordered(items, key, what=''):
    """items are in ascending order of key(item)."""
    keys = [key(i) for i in items]
    assert keys == sorted(keys), '%s: not in order: %r' % (what or 'items', keys)


def ordered(resp):
    """The answer's JSON with the order of its keys kept: objects become lists
    of (key, value) pairs, e.g. [('error', False), ('data', [...])]."""
    return json.loads(resp.body, object_pairs_hook=list)


def assert_status_true(resp):
    """The answer is exactly {"error":false,"data":{"status":true}}."""
    assert_eq(assert_ok(resp), {'status': True}, 'data')
    assert_eq(resp.body.strip(), b'{"error":false,"data":{"status":true}}', 'raw body')


def assert_created_id(resp):
    """save_user's answer: exactly {"error":false,"data":[id]}, id a JSON
    integer; returns the id."""
    data = assert_ok(resp)
    assert isinstance(data, list) and len(data) == 1, 'data %r' % (data,)
    assert isinstance(data[0], int) and not isinstance(data[0], bool), 'id %r' % (data[0],)
    assert_eq(resp.body, b'{"error":false,"data":[%d]}' % data[0], 'raw body')
    return data[0]


def now_utc():
    """The database's clock in UTC to the second, as 'YYYY-MM-DD HH:MM:SS' (the
    way the tracking columns store it)."""
    return sql_value("SELECT to_char(date_trunc('second', now() AT TIME ZONE 'UTC'),"
                     " 'YYYY-MM-DD HH24:MI:SS')")


def user_rows(login):
    """[(id,)] of the users whose username is login, compared without case."""
    return sql('SELECT id FROM "user" WHERE lower(username) = lower(%s)', login)


def api_keys_of(user_id):
    """The user's MsgREST API keys, oldest first."""
    return [r[0] for r in sql("SELECT api_key FROM user_api_key WHERE user_id = %s"
                              " AND api_service = 'MsgREST' ORDER BY id", user_id)]


def extra_value(user_id, variable):
    """The value of the user's extra field `variable`, or '<no row>'."""
    # Two columns: sql() cannot tell one row holding '' from no row.
    rows = sql("SELECT v.value, v.id FROM extra_field_values v JOIN extra_field f"
               " ON f.id = v.field_id WHERE f.extra_field_type = 1 AND f.variable = %s"
               " AND v.item_id = %s", variable, user_id)
    return rows[0][0] if rows else '<no row>'


def stack_binary():
    """The chamilo-fcgi binary the stack runs (its copy in STACK_DIR/bin)."""
    return os.path.join(STACK_DIR, 'bin', 'chamilo-fcgi')


def stack_log():
    """The text of the stack's pool log so far."""
    with open(os.path.join(STACK_DIR, 'chamilo-fcgi.log'), encoding='utf-8', errors='replace') as f:
        return f.read()


def master_pid():
    """The process id of the stack's pool master."""
    with open(os.path.join(STACK_DIR, 'chamilo-fcgi.pid'), encoding='utf-8') as f:
        return int(f.readline())


def children_of(pid):
    """The process ids of pid's children, sorted (a pool master's workers)."""
    proc = subprocess.run(['pgrep', '-P', str(pid)], capture_output=True, text=True)
    return sorted(int(p) for p in proc.stdout.split())


def free_tcp_port():
    """A TCP port on 127.0.0.1 that was free a moment ago (for a pool's
    status_listen)."""
    import socket
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def http_get(host, port, path, source=None):
    """GET http://host:port/path, from source address `source` (e.g.
    '127.0.0.2', to test address filters) when given. Returns
    (status, headers dict with lower-case names, body text)."""
    conn = http.client.HTTPConnection(host, port, timeout=10,
                                      source_address=(source, 0) if source else None)
    try:
        conn.request('GET', path)
        resp = conn.getresponse()
        return (resp.status, {k.lower(): v for k, v in resp.getheaders()},
                resp.read().decode('utf-8'))
    finally:
        conn.close()


def parse_prometheus(text):
    """Prometheus text format -> {(name, ((label, value), ...)): float}, the
    labels sorted. Checks that every sample has HELP and TYPE lines first."""
    import re
    samples, typed = {}, set()
    sample = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
    label = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
    for line in text.splitlines():
        if line.startswith('# TYPE '):
            typed.add(line.split()[2])
            continue
        if not line or line.startswith('#'):
            continue
        m = sample.match(line)
        assert m, 'not a Prometheus sample line: %r' % line
        name, labels, value = m.groups()
        base = re.sub(r'_(bucket|sum|count)$', '', name)
        assert name in typed or base in typed, 'no # TYPE before %r' % line
        key = (name, tuple(sorted(label.findall(labels or ''))))
        assert key not in samples, 'sample repeated: %r' % line
        samples[key] = float(value)
    return samples


@contextlib.contextmanager
def failing_trigger(table, condition, when='BEFORE INSERT OR UPDATE'):
    """A trigger on table that raises 'e2e atomicity test' when condition
    (SQL over NEW, or OLD for a DELETE trigger) holds; dropped on exit. Rows
    it lets through are written (or deleted) unchanged."""
    func = 'e2e_fail_%08x' % random.getrandbits(32)
    sql_exec('CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $f$'
             " BEGIN IF %s THEN RAISE EXCEPTION 'e2e atomicity test'; END IF;"
             " IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;"
             ' RETURN NEW; END $f$;'
             ' CREATE TRIGGER %s %s ON %s FOR EACH ROW EXECUTE FUNCTION %s();'
             % (func, condition, func, when, table, func))
    try:
        yield
    finally:
        sql_exec('DROP TRIGGER IF EXISTS %s ON %s; DROP FUNCTION IF EXISTS %s();'
                 % (func, table, func))


def join_session(user_id, session_id):
    """Subscribes the user to the session as a learner (session_rel_user),
    as a call naming the session requires (a session context needs its
    membership)."""
    sql_exec('INSERT INTO session_rel_user (session_id, user_id, relation_type) VALUES (%s, %s, 0)',
             session_id, user_id)


def concurrently(count, func):
    """func(i) for i in range(count), each in a thread of its own, all
    released at once (a barrier) so that they race; the results in order."""
    import threading
    from concurrent.futures import ThreadPoolExecutor
    start = threading.Barrier(count)

    def raced(i):
        start.wait()
        return func(i)
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(raced, range(count)))


def assert_one_success(answers, refusal):
    """Of answers to calls that raced: all HTTP 200, exactly one success,
    every other one the error envelope with message refusal. Returns the
    success."""
    assert_eq(sorted({a.status for a in answers}), [200], 'HTTP statuses')
    won = [a for a in answers if a.json.get('error') is False]
    assert_eq(len(won), 1, 'successful calls')
    for a in answers:
        if a is not won[0]:
            assert_error(a, refusal)
    return won[0]


# ---- a scratch database the binary can migrate ----

def scratch_workdir(prefix):
    """A new folder of STACK_DIR named after prefix."""
    path = os.path.join(STACK_DIR, uniq(prefix))
    os.mkdir(path)
    return path


def scratch_conf(db, workdir):
    """The path of a minimal chamilo-fcgi.conf (one worker, its socket in
    workdir) on the ScratchDatabase db, written in workdir, which then
    belongs to the stack's user: for `--migrate`, `--explain-statements` or
    a pool on it."""
    conf = os.path.join(workdir, 'pool.conf')
    with open(conf, 'w', encoding='utf-8') as f:
        f.write('listen = %s\nworkers = 1\ndb_conninfo = "%s"\n'
                % (os.path.join(workdir, 's.sock'), db.conninfo))
    give_to_stack_user(workdir)
    return conf


def scratch_demo_campus(db, extra_sql=''):
    """Loads the demo campus into the ScratchDatabase db, then extra_sql
    (rows a test generates), then migrates it with the stack's binary: a
    database a Pool({'db_conninfo': '"%s"' % db.conninfo}) can serve."""
    with open(os.path.join(REPO, 'sql', 'demo.sql'), encoding='utf-8') as f:
        db.sql(f.read() + '\n' + extra_sql)
    proc = run_as_stack_user([stack_binary(), '-c', scratch_conf(db, scratch_workdir('campus-')), '--migrate'],
                             timeout=120)
    assert proc.returncode == 0, proc.stderr


# ------------------------------------------------------------------ answer schemas

_openapi = {}  # 'doc', and the compiled validators by (action, media type)


def _openapi_document():
    """chamilo-fcgi --openapi under the stack's configuration, once a run."""
    if 'doc' not in _openapi:
        binary = os.path.join(STACK_DIR, 'bin', 'chamilo-fcgi')
        conf = os.path.join(STACK_DIR, 'chamilo-fcgi.conf')
        proc = subprocess.run([binary, '-c', conf, '--openapi'], capture_output=True, text=True,
                              timeout=60)
        if proc.returncode != 0:
            raise RuntimeError('chamilo-fcgi --openapi failed: ' + proc.stderr)
        _openapi['doc'] = json.loads(proc.stdout)
    return _openapi['doc']


def _inline_refs(node, doc):
    """node with every local $ref replaced by its target (the schemas hold
    no cycles)."""
    if isinstance(node, dict):
        if set(node) == {'$ref'} and node['$ref'].startswith('#/'):
            target = doc
            for part in node['$ref'][2:].split('/'):
                target = target[part]
            return _inline_refs(target, doc)
        return {k: _inline_refs(v, doc) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(v, doc) for v in node]
    return node


def answer_schema(action, media='application/json', status=200):
    """The JSON Schema of `action`'s answer with that status and media type
    (the error envelope when the document has none: another status, an
    unknown action)."""
    doc = _openapi_document()
    op = doc['paths'].get(ENDPOINT + '?action=' + str(action), {}).get('post')
    response = op and op['responses'].get(str(status))
    content = response and _inline_refs(response, doc).get('content', {})
    if content and media in content:
        return content[media]['schema']
    return _inline_refs({'$ref': '#/components/schemas/Error'}, doc)


def _validator(action, media, status):
    key = (action, media, status)
    if key not in _openapi:
        try:
            from jsonschema import Draft202012Validator
        except ImportError:
            raise RuntimeError('python3-jsonschema is missing: make deps') from None
        if action is None:  # any action: the envelope alone
            schema = {'anyOf': [
                {'type': 'object', 'required': ['error', 'data'], 'additionalProperties': False,
                 'properties': {'error': {'const': False}, 'data': {}}},
                answer_schema(None)]}
        else:
            schema = answer_schema(action, media, status)
        _openapi[key] = Draft202012Validator(schema)
    return _openapi[key]


def action_named(query, body):
    """The `action` a request names as the dispatcher reads it, from its
    query string's and its body's (name, value) pairs: the query bag (the
    query string, overridden by the keys of a `hash` parameter of the query
    string that holds a JSON object) when PHP-truthy, else the body; None
    when it names none a client could mean."""
    bag = dict(query)
    try:
        hashed = json.loads(bag.get('hash', ''))
    except (TypeError, ValueError):
        hashed = None
    if isinstance(hashed, dict):
        bag.update(hashed)
    action = bag.get('action')
    if action in (None, '', '0'):
        action = dict(body).get('action')
    return action if isinstance(action, str) else None


def _requested_action(path, body, content_type):
    """action_named() of a request as request() sends it."""
    query = urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query, keep_blank_values=True)
    form = []
    ctype = (content_type or '').split(';')[0].strip().lower()
    if body:
        try:
            if ctype == 'application/x-www-form-urlencoded':
                form = urllib.parse.parse_qsl(body.decode('utf-8'), keep_blank_values=True)
            elif ctype == 'multipart/form-data':
                form = re.findall(rb'name="([^"]*)"\r\n\r\n(.*?)\r\n--', body, re.S)
                form = [(k.decode('utf-8'), v.decode('utf-8')) for k, v in form]
            elif content_type == 'application/json':
                parsed = json.loads(body)
                form = list(parsed.items()) if isinstance(parsed, dict) else []
        except (ValueError, UnicodeDecodeError):
            form = []
    return action_named(query, form)


def check_answer_schema(resp, path, body=None, content_type=None, base_url=None):
    """Raises AssertionError when resp, an answer of the endpoint, does not
    match its action's schema (see "Answer schemas" above)."""
    if urllib.parse.urlsplit(path).path != ENDPOINT or resp.json is None or not STACK_DIR:
        return
    if isinstance(body, str):
        body = body.encode('utf-8')
    action = None if base_url else _requested_action(path, body, content_type)
    media = (resp.headers.get('Content-Type') or '').split(';')[0].strip().lower()
    validator = _validator(action, media, resp.status)
    error = next(iter(sorted(validator.iter_errors(resp.json), key=lambda e: -len(e.path))), None)
    if error is None:
        return
    try:
        from jsonschema.exceptions import best_match
        error = best_match(validator.iter_errors(resp.json)) or error
    except ImportError:
        pass
    where = '/'.join(str(p) for p in error.absolute_path) or '(the answer)'
    raise AssertionError('the answer of %s (HTTP %d, %s) does not match its schema at %s: %s\n'
                         'answer: %.1000s' % (action or 'an unknown action', resp.status,
                                              media or 'no type', where, error.message,
                                              resp.body.decode('utf-8', 'replace')))


def generated_students_sql(count, admin_key):
    """SQL that adds `count` active students (ids 100001.., usernames
    bench1.., shaped as t/bench/bench-data.sql makes them) to campus 1, and
    the API key admin_key to the admin: for scratch_demo_campus, a campus
    whose `get_users status=5` is large."""
    return (
        'INSERT INTO "user" (id, username, username_canonical, email, email_canonical,'
        ' firstname, lastname, password, salt, status, official_code, active, enabled,'
        ' auth_source, language, registration_date)'
        ' SELECT 100000 + u, \'bench\' || u, \'bench\' || u, \'bench\' || u || \'@example.com\','
        ' \'bench\' || u || \'@example.com\', \'Ana\', \'Martin \' || u, \'x\', \'\', 5,'
        ' \'OC\' || u, 1, 1, \'platform\', \'english\', timestamp \'2024-01-01\''
        ' FROM generate_series(1, %d) u;'
        ' INSERT INTO access_url_rel_user (access_url_id, user_id)'
        ' SELECT 1, 100000 + u FROM generate_series(1, %d) u;'
        ' INSERT INTO user_api_key (user_id, api_key, api_service)'
        ' VALUES (1, \'%s\', \'MsgREST\'); ANALYZE' % (count, count, admin_key))


def stack_binary_is_sanitized():
    """True when the stack runs the AddressSanitizer build (make asan): its
    allocator keeps freed memory in quarantine and maps shadow memory, so a
    worker's resident size says nothing about ours there."""
    with open(stack_binary(), 'rb') as f:
        return b'__asan_init' in f.read()
