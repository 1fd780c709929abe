"""Stack-level fuzzer: random parameters, encodings and byte strings to every
action, through nginx, on a real database.

The action list and each action's declared parameters come from the binary
under test (`chamilo-fcgi --list-actions`, generated from actions.def and
the ACTION_PARAMS declarations), so an action that lands is fuzzed without
a change here. The fuzzer runs on its own pool, nginx and database (a copy
of the demo campus in a scratch database of the stack's cluster): it deletes
users and changes keys, which the other tests must not see; and the pool's
own log tells about worker deaths and sanitizer reports.

Each request: one action (round robin, so all get their share), a caller
(mostly a platform administrator, so that the handlers are reached; else a
student, no key or a wrong key), an encoding (urlencoded, multipart, JSON
body, query string, the `hash` parameter, or random bytes under a form
Content-Type) and values built from the declared parameters (right and wrong
kinds, invalid UTF-8, NUL bytes, just over max_len, huge numbers, arrays,
nested arrays) plus random undeclared ones; sometimes a strange Host header
(the pool runs with multiple_access_urls on, so the campus is looked up). Asserted for every answer: a JSON
envelope (HTTP 200 with {"error": false, "data"} or {"error": true,
"message"}; a 302 with a Location for the redirect actions; 400/413 JSON
envelopes for random bodies only); at the end: no worker died (no respawn in
the pool's log) and no sanitizer report. A third of the calls carry
plausible values (a known password, a new login name, a real user id ...),
perhaps with one spoiled, so that the success paths and their writes run
too; the figures name any action that never answered with success.

Bounded and deterministic: E2E_FUZZ_SEED (default 6), at most
E2E_FUZZ_COUNT requests (default 600) and E2E_FUZZ_SECONDS (default 6).
`make test` runs the short default against the normal build; `make
fuzz-stack` runs it long against the AddressSanitizer + UBSan build. The
figures are printed (`stack fuzz: ...`).
"""

# The answers asserted (envelopes) do not depend on php_types.
TYPE_INDEPENDENT = True

import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.parse

import harness
from harness import (Front, Pool, ScratchDatabase, api, give_to_stack_user, run_as_stack_user,
                     stack_binary, uniq)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SANITIZER = re.compile(r'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|'
                       r'SUMMARY: [A-Za-z]+Sanitizer')
# The request parser's limits (request.h): a clear JSON 400 whatever the action;
# nginx's own JSON 400 for a Host it refuses.
PARSE_LIMITS = ('Too many parameters', 'Parameter name too long', 'Parameters nested too deeply',
                'Bad request')
# fcgi/main.c, when a worker dies or exits in error (a clean exit of a
# recycled worker says "starting a new one" instead).
PASSWORD = 'Fuzz-pass-1'  # the fuzzer's administrator and student
RESPAWN = re.compile(r'; (respawning|respawn delayed)$', re.M)

# Strings chosen to break parsers, encoders and SQL.
AWKWARD = [b'', b'0', b'1', b'-1', b' 12 ', b'12abc', b'9223372036854775808',
           b'-9223372036854775809', b'1e308', b'0x1f', b'NaN', b'true', b'null', b'[]', b'{}',
           b'\xc0\xae', b'\xff\xfe', b'\xed\xa0\x80', b'\xf4\x90\x80\x80', b'a\x00b', b'\x00',
           b"' OR '1'='1", b'%00', b'%', b'<script>alert(1)</script>', b'\xc3\xa9t\xc3\xa9',
           b'\xf0\x9f\x98\x80', b'\r\n', b'admin', b'teacher', b'anon', b'2024-02-30',
           b'2024-02-29 23:59:59', b'0000-00-00', b'2038-01-19 03:14:08', b'{"a":[1,{"b":2}]}',
           b'{"loginname":', b'a' * 257, b'\\', b'"', b'+', b'&', b'=']


def _actions():
    out = subprocess.run([stack_binary(), '--list-actions'], capture_output=True, check=True,
                         timeout=30).stdout
    return json.loads(out)


class Fuzzer:
    def __init__(self, rng, actions, base_url):
        self.rng = rng
        self.actions = actions
        self.base_url = base_url
        self.admin = None   # (username, password, key)
        self.admin_id = self.student_id = None
        self.student = None

    # ---- values

    def text(self, max_len=0):
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            return rng.choice(AWKWARD)
        if roll < 0.5 and max_len:
            # Right at and just over the declared limit, in multi-byte characters too.
            unit = rng.choice([b'a', b'\xc3\xa9', b'\xf0\x9f\x98\x80'])
            return unit * (max_len + rng.choice([0, 1, 2]))
        if roll < 0.6:
            return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 40)))
        if roll < 0.7:
            return b'x' * rng.choice([1000, 5000, 70000])
        if roll < 0.85:
            return str(rng.choice([0, 1, 2, 3, 5, 7, -1, 2 ** 31, 2 ** 63, rng.randint(1, 60)])).encode()
        return ''.join(rng.choice('abcdefghij0123456789_.@-') for _ in range(rng.randint(1, 20))).encode()

    def value(self, param=None, depth=0):
        """A value for a declared parameter (or a random one): mostly of the
        declared kind, sometimes of another."""
        rng = self.rng
        kind = param['kind'] if param and rng.random() < 0.7 else rng.choice(
            ['INT', 'STRING', 'ARRAY', 'INT_LIST', 'DATE'])
        max_len = param['max_len'] if param else 0
        if kind in ('ARRAY', 'INT_LIST', 'ANY') or (depth < 3 and rng.random() < 0.08):
            if depth >= 3:
                return self.text()
            if kind == 'INT_LIST' and rng.random() < 0.7:
                return [self.text() if rng.random() < 0.2 else str(rng.randint(-2, 40))
                        for _ in range(rng.randint(0, 6))]
            if rng.random() < 0.5:
                return [self.value(None, depth + 1) for _ in range(rng.randint(0, 4))]
            keys = ['field_name', 'field_value', 'loginname', 'email', '0', '', 'x y', 'a[b]']
            return {rng.choice(keys) + ('' if rng.random() < 0.7 else str(i)): self.value(None, depth + 1)
                    for i in range(rng.randint(0, 4))}
        if kind == 'INT':
            return str(rng.choice([0, 1, 2, 3, 4, 5, 6, -1, 2 ** 31, 2 ** 63, rng.randint(1, 80)])).encode() \
                if rng.random() < 0.7 else self.text()
        if kind in ('BOOL', 'FILTER_BOOL'):
            return rng.choice([b'1', b'0', b'true', b'on', b'yes', b'', b'no', b' TRUE ']) \
                if rng.random() < 0.7 else self.text()
        if kind == 'DATE':
            return rng.choice([b'2024-05-01', b'2024-05-01 10:20', b'2024-05-01 10:20:30',
                               b'2023-02-29', b'2024-13-01', b'24-5-1']) \
                if rng.random() < 0.6 else self.text()
        return self.text(max_len)

    # ---- requests

    def plausible(self, name):
        """A value that passes the handlers' checks, for the parameters whose
        success path needs one (a known password, a new login name, a real
        user id, dates in the plugin's shape ...); None when there is none."""
        rng = self.rng
        login = 'fz%08x' % rng.getrandbits(32)
        user = {'loginname': login, 'password': PASSWORD, 'firstname': 'Fuzz', 'lastname': 'Zz',
                'email': login + '@example.org', 'status': rng.choice(['5', '1'])}
        values = {
            'password': PASSWORD,
            'loginname': rng.choice([login, self.student[0]]),
            'email': login + '@example.org',
            'firstname': 'Fuzz', 'lastname': 'Zz', 'phone': '123', 'language': 'english',
            'status': rng.choice(['5', '1']),
            'user_id': str(rng.choice([self.student_id, self.admin_id])),
            'current_api_key': self.admin[2],
            'start_pause_date': '2024-05-01 10:20', 'end_pause_date': '2024-06-01 10:20',
            'pause_formation': '1', 'disable_emails': '0',
            'json': json.dumps(user),
            'legal_accept_type': '1:1', 'registration_id': 'fuzz-device',
            'user': self.student[0],
        }
        return values.get(name)

    def params_for(self, action):
        rng = self.rng
        params = {}
        # A third of the calls: every parameter plausible, then perhaps one
        # of them spoiled, so that the success paths run too.
        all_good = rng.random() < 0.33
        for param in action['params']:
            if all_good or rng.random() < 0.8:
                good = self.plausible(param['name']) if all_good or rng.random() < 0.5 else None
                if good is not None:
                    params[param['name']] = good.encode()
                elif not all_good:
                    params[param['name']] = self.value(param)
        if all_good and params and rng.random() < 0.5:
            params[rng.choice(sorted(params))] = self.value()
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            params[rng.choice(['course', 'session', 'user_id', 'id', 'hash', 'extra',
                               'x' * 300, 'a[b][c]', 'q'])] = self.value()
        return params

    def caller(self):
        roll = self.rng.random()
        if roll < 0.8:
            return {'username': self.admin[0], 'api_key': self.admin[2]}
        if roll < 0.9:
            return {'username': self.student[0], 'api_key': self.student[2]}
        if roll < 0.95:
            return {}
        return {'username': self.admin[0], 'api_key': self.text()}

    def host(self):
        """A Host header: mostly the usual one; else another campus's, a
        made-up one, or bytes that are not UTF-8 (the pool runs with
        multiple_access_urls on, so each is looked up)."""
        rng = self.rng
        if rng.random() < 0.8:
            return None
        raw = rng.choice([b'localhost', b'LOCALHOST', b'127.0.0.1:8080', b'\xc0\xae.example.org',
                          b'x' * 200, b'a.example.org.', b'[::1]', b'%00', b'h\xff\xfe'])
        if rng.random() < 0.3:
            raw = bytes(rng.choice(b'abcxyz.-:\x80\xc3\xa9\xff%') for _ in range(rng.randint(1, 30)))
        return raw.decode('latin-1')  # http.client sends it back as these bytes

    def one(self, action):
        """(mode, request description, Response) of one random request."""
        rng = self.rng
        params = dict(self.caller())
        params.update(self.params_for(action))
        pairs = [('action', action['name'])] + list(params.items())
        rng.shuffle(pairs)
        mode = rng.choice(['urlencoded', 'multipart', 'json', 'query', 'hash', 'raw'])
        kw = {'base_url': self.base_url}
        host = self.host()
        if host is not None:
            kw['headers'] = {'Host': host}
        if mode in ('urlencoded', 'multipart', 'query'):
            return mode, pairs, api(params=pairs, encoding=mode, **kw)
        if mode == 'json':
            body = json.dumps(_json_ready(dict(pairs)), ensure_ascii=rng.random() < 0.5)
            body = body.encode('utf-8', 'surrogateescape')
            return mode, body, api(raw_body=body, content_type='application/json', **kw)
        if mode == 'hash':
            # Some values in the hash, the rest (and the action) as form fields.
            inside = {k: v for k, v in pairs if k != 'action' and rng.random() < 0.5}
            outside = [(k, v) for k, v in pairs if k not in inside]
            hash_text = json.dumps(_json_ready(inside)).encode('utf-8', 'surrogateescape')
            if rng.random() < 0.1:
                hash_text = hash_text[:rng.randint(0, len(hash_text))]
            return mode, (inside, outside), api(params=outside, query={'hash': hash_text}, **kw)
        # Random bytes under a form Content-Type, the action in the query.
        body = self.text() + b'&' + self.text() + b'=' + self.text()
        if rng.random() < 0.3:
            body = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300)))
        ctype = rng.choice(['application/x-www-form-urlencoded', 'multipart/form-data',
                            'multipart/form-data; boundary=xyz', 'application/json',
                            'text/plain', 'application/x-www-form-urlencoded; charset=latin1'])
        query = {'action': action['name']}
        query.update(self.caller())
        return mode, (ctype, body), api(raw_body=body, content_type=ctype, query=query, **kw)


def _json_ready(value):
    if isinstance(value, bytes):
        return value.decode('utf-8', 'surrogateescape')
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    return value


def _invalid_utf8(sent):
    """Whether anything sent is not valid UTF-8."""
    if isinstance(sent, bytes):
        try:
            sent.decode('utf-8')
            return False
        except UnicodeDecodeError:
            return True
    if isinstance(sent, dict):
        return any(_invalid_utf8(k) or _invalid_utf8(v) for k, v in sent.items())
    if isinstance(sent, (list, tuple)):
        return any(_invalid_utf8(v) for v in sent)
    return False


def _problem(action, mode, sent, resp):
    """None when the answer is acceptable, else what is wrong with it."""
    if resp.status == 200 and resp.body == b'' and _invalid_utf8(sent) and \
            resp.headers.get('Content-Type') == 'application/json':
        # PHP's json_encode fails on a message that echoes invalid UTF-8
        # (update_user_pause_training's "User #<id> does not exists"): an
        # empty body, kept as PHP answers it (10-request-flow.md §9.1).
        return None
    if resp.status == 302 and (action['name'].startswith('view_')
                               or 'REDIRECT' in action.get('flags', ())):
        return None if resp.headers.get('Location') else '302 without Location'
    if resp.status == 200 and 'RAW' in action.get('flags', ()) and \
            resp.headers.get('Content-Type', '').startswith('text/html'):
        # The data alone, without the envelope (30-courses.md §6.1).
        try:
            json.loads(resp.body)
        except ValueError:
            return 'raw answer that is not JSON'
        return None
    # nginx's own JSON 414 for a URL over its buffers; 400/413 for bodies
    # that are not what their Content-Type says.
    allowed = {'raw': (200, 400, 413, 414), 'query': (200, 414), 'hash': (200, 414)}.get(mode, (200,))
    if resp.status == 400 and resp.json and resp.json.get('message') in PARSE_LIMITS:
        return _problem(action, mode, sent, harness.Response(200, resp.headers, resp.body))
    if resp.status not in allowed:
        return 'HTTP %d' % resp.status
    if resp.headers.get('Content-Type') != 'application/json':
        return 'Content-Type %r' % resp.headers.get('Content-Type')
    answer = resp.json
    if not isinstance(answer, dict) or not isinstance(answer.get('error'), bool):
        return 'not an envelope'
    if answer['error'] and not isinstance(answer.get('message'), str):
        return 'error without message'
    if not answer['error'] and 'data' not in answer:
        return 'success without data'
    return None


def _login(base_url, username, password):
    resp = api('authenticate', {'username': username, 'password': password}, base_url=base_url)
    assert resp.status == 200 and resp.json and resp.json['error'] is False, resp
    return resp.json['data']['apiKey']


def _migrate(db):
    """Brings the scratch database to this binary's schema version, as
    t/stack/stack.sh does for the stack's own."""
    workdir = os.path.join(harness.STACK_DIR, uniq('fuzz-migrate-'))
    os.mkdir(workdir)
    conf = os.path.join(workdir, 'migrate.conf')
    with open(conf, 'w', encoding='utf-8') as f:
        f.write('listen = %s\ndb_conninfo = "%s"\n' % (os.path.join(workdir, 's.sock'), db.conninfo))
    give_to_stack_user(workdir)
    proc = run_as_stack_user([stack_binary(), '-c', conf, '--migrate'])
    assert proc.returncode == 0, proc.stderr


def _settings():
    return (int(os.environ.get('E2E_FUZZ_SEED', '6')),
            int(os.environ.get('E2E_FUZZ_COUNT', '600')),
            float(os.environ.get('E2E_FUZZ_SECONDS', '6')))


def test_every_action_answers_an_envelope_and_no_worker_dies():
    seed, count, seconds = _settings()
    actions = _actions()
    assert len(actions) >= 30, 'the table lists %d actions' % len(actions)
    rng = random.Random(seed)
    with open(os.path.join(REPO, 'sql', 'demo.sql'), encoding='utf-8') as f:
        demo = f.read()
    with ScratchDatabase() as db:
        db.sql(demo)
        # Our own administrator and student: the fuzzer deletes users and
        # changes keys, the demo accounts included.
        _migrate(db)
        # The switches that gate handlers on, so that every handler runs.
        with Pool({'db_conninfo': '"%s"' % db.conninfo, 'workers': '2',
                   'multiple_access_urls': 'on', 'webservice_enable_adminonly_api': 'on',
                   'pausetraining_tool_enable': 'on', 'show_email_addresses': 'on'}) as pool, \
                Front([pool.socket]) as front:
            fuzzer = Fuzzer(rng, actions, front.base_url)
            admin_name = uniq('fuzzadm')
            key = _login(front.base_url, 'admin', 'admin')
            for name, status in ((admin_name, 1), (uniq('fuzzstu'), 5)):
                resp = api('save_user', {'username': 'admin', 'api_key': key, 'loginname': name,
                                         'password': PASSWORD, 'firstname': 'F',
                                         'lastname': 'Z', 'email': name + '@example.org',
                                         'status': status}, base_url=front.base_url)
                assert resp.json and resp.json['error'] is False, resp
                if status == 1:
                    db.sql("INSERT INTO admin (user_id) VALUES (%d)" % resp.json['data'][0])
                    fuzzer.admin_id = resp.json['data'][0]
                    fuzzer.admin = (name, PASSWORD, _login(front.base_url, name, PASSWORD))
                else:
                    fuzzer.student_id = resp.json['data'][0]
                    fuzzer.student = (name, PASSWORD, _login(front.base_url, name, PASSWORD))

            findings = []
            per_action = {}
            successes = 0
            succeeded = set()
            started = time.monotonic()
            done = 0
            while done < count and time.monotonic() - started < seconds:
                action = actions[done % len(actions)]
                mode, sent, resp = fuzzer.one(action)
                done += 1
                per_action[action['name']] = per_action.get(action['name'], 0) + 1
                problem = _problem(action, mode, sent, resp)
                if resp.status == 302 or (resp.json and resp.json.get('error') is False):
                    successes += 1
                    succeeded.add(action['name'])
                if problem:
                    findings.append('#%d %s [%s]: %s; sent %r; got %r' % (
                        done, action['name'], mode, problem, sent if len(repr(sent)) < 600
                        else repr(sent)[:600], resp))
                # The fuzzer may log its administrator out or change its key.
                if resp.json and resp.json.get('message') == 'Invalid API key' and \
                        fuzzer.admin[2] in repr(sent):
                    fuzzer.admin = fuzzer.admin[:2] + (
                        _login(front.base_url, fuzzer.admin[0], fuzzer.admin[1]),)
            elapsed = time.monotonic() - started
        with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8', errors='replace') as f:
            log = f.read()
    respawns = len(RESPAWN.findall(log))
    reports = SANITIZER.findall(log)
    print('stack fuzz: seed %d, %d executions in %.1fs over %d actions (min %d each), '
          '%d successes, %d non-envelope answers, %d worker deaths, %d sanitizer reports' % (
              seed, done, elapsed, len(per_action), min(per_action.values()), successes, len(findings),
              respawns, len(reports)))
    never = sorted(set(per_action) - succeeded)
    if never:
        print('stack fuzz: never answered with success: %s' % ', '.join(never))
    sys.stdout.flush()
    assert len(per_action) == len(actions), 'not every action was fuzzed: raise the bounds'
    assert not findings, '%d bad answers, the first:\n%s' % (len(findings), '\n'.join(findings[:int(os.environ.get('E2E_FUZZ_SHOW', '5'))]))
    assert respawns == 0, 'a worker died: see the pool log:\n' + log[-4000:]
    assert not reports, 'sanitizer report in the pool log:\n' + log[-4000:]
