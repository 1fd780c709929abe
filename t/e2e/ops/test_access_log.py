"""The access log and the slow log (access_log, slow_log,
slow_log_threshold_ms), on a second pool whose log files live in its own
folder. Requests go to the pool over FastCGI so the tests choose
REMOTE_ADDR and Host; each request's line is written before its answer is
sent, so the lines are in request order.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import json
import os
import signal
import time

from harness import Pool, authenticate, fcgi_form


def form(params, **cgi):
    """A POST from 192.0.2.10 unless the test says otherwise."""
    return fcgi_form(params, **dict({'REMOTE_ADDR': '192.0.2.10'}, **cgi))


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as f:
        text = f.read()
    assert text == '' or text.endswith('\n'), 'a partial line in %s: %r' % (path, text[-200:])
    return [json.loads(line) for line in text.splitlines()]


ACCESS_FIELDS = ['time', 'worker', 'remote', 'method', 'campus', 'action', 'user', 'status',
                 'error', 'duration_ms', 'bytes']


def test_one_line_per_request_with_the_documented_fields():
    key = authenticate('admin', 'admin')
    pool = Pool({})
    log = os.path.join(pool.dir, 'access.log')
    pool.overrides = {'access_log': log}
    with pool:
        answers = [
            pool.request(*form({'action': 'user_profile', 'username': 'admin', 'api_key': key})),
            pool.request(*form({'action': 'no_such_action'}, REMOTE_ADDR='192.0.2.11')),
            pool.request(*form({'username': 'admin'})),
            pool.request(*form({'action': 'user_profile', 'username': 'admin',
                                'api_key': 'wrong'})),
            pool.request(*form({'action': 'user"\n\u00e9'})),
        ]
        lines = read_lines(log)
    assert len(lines) == 5, lines
    for line, (status, _, body) in zip(lines, answers):
        assert list(line) == ACCESS_FIELDS, line
        assert line['status'] == status, (line, status)
        assert line['bytes'] == len(body), (line, len(body))
        assert line['method'] == 'POST' and line['worker'] == 0, line
        assert isinstance(line['duration_ms'], float) and 0 <= line['duration_ms'] < 10000, line
        assert line['time'].endswith('Z') and 'T' in line['time'], line
        assert abs(time.time() - time.mktime(time.strptime(line['time'][:19],
                                                           '%Y-%m-%dT%H:%M:%S'))
                   + time.timezone) < 120, line
    profile, unknown, no_action, bad_key, odd = lines
    assert (profile['action'], profile['user'], profile['campus'], profile['error'],
            profile['remote']) == ('user_profile', 1, 1, False, '192.0.2.10'), profile
    assert (unknown['action'], unknown['user'], unknown['error'],
            unknown['remote']) == ('no_such_action', 0, True, '192.0.2.11'), unknown
    assert no_action['action'] is None and no_action['error'] is True, no_action
    assert bad_key['action'] == 'user_profile' and bad_key['user'] == 0, bad_key
    assert bad_key['error'] is True and bad_key['status'] == 200, bad_key
    # Whatever a client sends stays one valid JSON line.
    assert odd['action'] == 'user"\n\u00c3\u00a9', odd


def test_stderr_target_writes_to_the_pool_log():
    with Pool({'access_log': 'stderr'}) as pool:
        pool.request(*form({'action': 'no_such_action', 'x': '1'}, REMOTE_ADDR='192.0.2.99'))
        with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8') as f:
            lines = [json.loads(line) for line in f if line.startswith('{')]
    assert [(l['action'], l['remote']) for l in lines] == [('no_such_action', '192.0.2.99')], lines


def wait_for_log(pool, text, count=1):
    """Waits until pool.log holds text count times."""
    deadline = time.monotonic() + 10
    path = os.path.join(pool.dir, 'pool.log')
    while time.monotonic() < deadline:
        with open(path, encoding='utf-8') as f:
            if f.read().count(text) >= count:
                return
        time.sleep(0.05)
    raise AssertionError('%r never appeared in %s' % (text, path))


def wait_for_lines(path, count):
    """Waits until path holds count access lines: a worker writes its line
    after the answer is sent, so an answer received is not yet a line."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if len(read_lines(path)) >= count:
            return
        time.sleep(0.02)
    raise AssertionError('%s never held %d lines: %r' % (path, count, read_lines(path)))


def test_reopened_after_a_rename_on_sighup_and_sigusr1():
    pool = Pool({})
    log = os.path.join(pool.dir, 'access.log')
    pool.overrides = {'access_log': log, 'workers': '2'}
    with pool:
        for n in range(4):
            pool.request(*form({'action': 'before'}))
        os.rename(log, log + '.1')
        # Until the signal, the workers keep writing to the renamed file.
        pool.request(*form({'action': 'renamed'}))
        wait_for_lines(log + '.1', 5)
        for n, sig in enumerate((signal.SIGHUP, signal.SIGUSR1)):
            os.kill(pool.proc.pid, sig)
            wait_for_log(pool, 'reopening the log files', n + 1)
            for i in range(4):  # both workers, whichever takes them
                pool.request(*form({'action': 'after_%d' % n}))
            wait_for_lines(log, 4)
            if n == 0:
                os.rename(log, log + '.2')
        assert pool.proc.poll() is None, 'the pool died'
        first = read_lines(log + '.1')
        second = read_lines(log + '.2')
        third = read_lines(log)
    assert [l['action'] for l in first] == ['before'] * 4 + ['renamed'], first
    assert [l['action'] for l in second] == ['after_0'] * 4, second
    assert [l['action'] for l in third] == ['after_1'] * 4, third


def test_slow_log_lists_the_statements_with_their_timings():
    key = authenticate('admin', 'admin')
    pool = Pool({})
    slow = os.path.join(pool.dir, 'slow.log')
    pool.overrides = {'slow_log': slow, 'slow_log_threshold_ms': '0'}
    with pool:
        pool.request(*form({'action': 'user_profile', 'username': 'admin', 'api_key': key}))
        pool.request(*form({'action': 'no_such_action'}))
        lines = read_lines(slow)
    assert len(lines) == 2, lines
    profile, unknown = lines
    assert list(profile)[:len(ACCESS_FIELDS)] == ACCESS_FIELDS, profile
    assert list(profile)[len(ACCESS_FIELDS):] == ['db_ms', 'statements',
                                                  'statements_dropped'], profile
    assert profile['action'] == 'user_profile' and profile['user'] == 1, profile
    names = [s['name'] for s in profile['statements']]
    # The action's own query, by its prepared name (it carries the key
    # check: flow/test_key_check_statements.py).
    assert 'user_profile.get' in names, names
    for s in profile['statements']:
        assert set(s) == {'name', 'ms', 'trip'}, s
        assert 0 <= s['ms'] <= profile['duration_ms'], (s, profile)
    # Round trips are numbered from 1, in order, each statement in one.
    trips = [s['trip'] for s in profile['statements']]
    assert trips[0] == 1 and trips == sorted(trips), trips
    assert abs(profile['db_ms'] - sum(s['ms'] for s in profile['statements'])) < 0.01, profile
    assert profile['db_ms'] <= profile['duration_ms'], profile
    assert profile['statements_dropped'] == 0, profile
    assert unknown['action'] == 'no_such_action' and unknown['error'] is True, unknown


def test_slow_log_leaves_out_fast_requests():
    pool = Pool({})
    slow = os.path.join(pool.dir, 'slow.log')
    access = os.path.join(pool.dir, 'access.log')
    pool.overrides = {'slow_log': slow, 'slow_log_threshold_ms': '60000', 'access_log': access}
    with pool:
        for _ in range(3):
            pool.request(*form({'action': 'no_such_action'}))
        assert len(read_lines(access)) == 3
        assert read_lines(slow) == []


def test_unwritable_log_stops_the_start_with_a_message():
    pool = Pool({'access_log': '/proc/no/such/dir/access.log'})
    try:
        pool.__enter__()
    except RuntimeError:
        pass
    else:
        pool.__exit__(None, None, None)
        raise AssertionError('the pool started with an unwritable access_log')
    pool.proc.wait(timeout=10)
    pool.log.close()
    with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8') as f:
        text = f.read()
    assert pool.proc.returncode == 1, pool.proc.returncode
    assert 'cannot start: cannot open the log file /proc/no/such/dir/access.log' in text, text


def test_remote_is_the_client_a_trusted_proxy_forwarded():
    pool = Pool({})
    log = os.path.join(pool.dir, 'access.log')
    pool.overrides = {'access_log': log, 'trusted_proxies': '127.0.0.1'}
    with pool:
        pool.request(*form({'action': 'x'}, REMOTE_ADDR='127.0.0.1',
                           HTTP_X_FORWARDED_FOR='198.51.100.1, 203.0.113.5'))
        pool.request(*form({'action': 'x'}, REMOTE_ADDR='192.0.2.10',
                           HTTP_X_FORWARDED_FOR='203.0.113.5'))
        lines = read_lines(log)
    assert [l['remote'] for l in lines] == ['203.0.113.5', '192.0.2.10'], lines
