"""How many statements the key check costs (call.h, DB_KEYED_STATEMENT;
README "One round trip per call").

A read action whose statement carries the key check runs that one
statement and nothing else; with a course or session in the call, the key
check needs their context and goes first, in the same round trip; when the
keyed statement finds no row, a second statement decides between "no such
user" and "nothing to show". The slow log of a second pool lists each
request's statements by their prepared names, in order.
"""

# Statement counts do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import json
import os

from harness import (Pool, assert_eq, authenticate, drop_campus, fcgi_form, msg, new_campus,
                     new_user, sql_exec, uniq)


def slow_log_pool(**settings):
    """A second pool that logs every request's statements, with these other
    settings, and its slow log. The bookkeeping is written behind
    (bookkeeping_flush_ms): it does not appear in a request's line."""
    pool = Pool({})
    slow = os.path.join(pool.dir, 'slow.log')
    pool.overrides = dict({'slow_log': slow, 'slow_log_threshold_ms': '0',
                           'bookkeeping_flush_ms': '60000', 'bookkeeping_batch': '1000'},
                          **settings)
    return pool, slow


def trace_of(pool, slow, params, **cgi):
    """(name, round trip) of each statement the pool ran for one request,
    in order, and its answer."""
    before = os.path.getsize(slow) if os.path.exists(slow) else 0
    _, _, body = pool.request(*fcgi_form(params, **cgi))
    with open(slow, encoding='utf-8') as f:
        f.seek(before)
        lines = [json.loads(line) for line in f.read().splitlines()]
    assert len(lines) == 1, lines
    return [(s['name'], s['trip']) for s in lines[0]['statements']], json.loads(body)


def statements_of(pool, slow, params):
    """The prepared names the pool ran for one request, and its answer."""
    trace, body = trace_of(pool, slow, params)
    return [name for name, _ in trace], body


def assert_carries_the_key_check(pool, slow, auth, statement):
    """With a valid key the call runs statement alone; with a wrong key,
    the same statement, its data dropped unread. Returns the first answer."""
    trace, body = trace_of(pool, slow, auth)
    assert_eq(trace, [(statement, 1)], 'a valid key')
    assert_eq(body['error'], False, 'a valid key')
    trace, wrong = trace_of(pool, slow, dict(auth, api_key='0' * 32))
    assert_eq((trace, wrong), ([(statement, 1)], {'error': True, 'message': 'Invalid API key'}),
              'a wrong key')
    return body


def test_user_profile_is_one_statement():
    key = authenticate('student1', 'student1')
    pool, slow = slow_log_pool()
    auth = {'action': 'user_profile', 'username': 'student1', 'api_key': key}
    with pool:
        body = assert_carries_the_key_check(pool, slow, auth, 'user_profile.get')
        assert_eq(body['data']['username'], 'student1', 'the profile')

        # No such user: no row, so the key check proper says why.
        trace, body = trace_of(pool, slow, dict(auth, username=uniq('nobody')))
        assert_eq(trace, [('user_profile.get', 1), ('auth.key_check', 2)], 'an unknown user')
        assert_eq(body, {'error': True, 'message': 'Invalid API key'}, 'an unknown user')

        # A course in the call: its context is checked with the key, then
        # the action's statement, in one round trip.
        trace, body = trace_of(pool, slow, dict(auth, course='1'))
        assert_eq(trace, [('auth.key_check_context', 1), ('user_profile.get', 1)], 'with a course')
        assert_eq(body['data']['username'], 'student1', 'the profile with a course')


def test_get_count_new_messages_is_one_statement():
    """The mobile app polls it: one statement per poll."""
    key = authenticate('student1', 'student1')
    pool, slow = slow_log_pool()
    auth = {'action': 'get_count_new_messages', 'username': 'student1', 'api_key': key}
    with pool:
        body = assert_carries_the_key_check(pool, slow, auth, 'get_count_new_messages.counts')
        assert_eq(sorted(body['data']), ['ms_friends', 'ms_groups', 'ms_inbox'], 'the counters')


def test_user_messages_is_one_statement_with_its_declared_parameter():
    """Its `last` is read before the key check to plan the statement; a
    `last` PHP would refuse plans nothing, and is refused after the key
    check, as PHP orders them."""
    key = authenticate('student1', 'student1')
    pool, slow = slow_log_pool()
    auth = {'action': 'user_messages', 'username': 'student1', 'api_key': key}
    with pool:
        assert_carries_the_key_check(pool, slow, dict(auth, last='0'), 'user_messages.list')
        names, body = statements_of(pool, slow, dict(auth, last='999999999'))
        assert_eq((names, body), (['user_messages.list'], {'error': False, 'data': []}),
                  'nothing newer: the caller\'s row alone, left out')
        names, body = statements_of(pool, slow, {**auth, 'last[]': '1'})
        assert_eq(names, ['auth.key_check'], 'a refused parameter: the key check alone')
        assert_eq(body['error'], True, 'the parameter refused')
        names, body = statements_of(pool, slow, {**auth, 'api_key': '0' * 32, 'last[]': '1'})
        assert_eq((names, body), (['auth.key_check'],
                                  {'error': True, 'message': 'Invalid API key'}),
                  'a refused parameter and a wrong key: the key is answered')


def test_the_message_lists_are_one_statement():
    """(The inbox costs a second statement when a message has attachments.)"""
    user = new_user()
    key = authenticate(user.username, user.password)
    pool, slow = slow_log_pool()
    auth = {'username': user.username, 'api_key': key}
    with pool:
        for action in ('user_messages_received', 'user_messages_sent'):
            body = assert_carries_the_key_check(pool, slow, dict(auth, action=action),
                                                action + '.list')
            assert_eq(body['data'], [], action + ': empty, the caller\'s row left out')


def test_user_courses_is_one_statement_for_the_caller_and_for_another_user():
    """The statement lists the courses of user_id (0: the caller) from the
    caller's row; the gate decides after it whether they are shown."""
    student, other = new_user(), new_user()
    key = authenticate(student.username, student.password)
    admin_key = authenticate('admin', 'admin')
    pool, slow = slow_log_pool()
    with pool:
        auth = {'action': 'user_courses', 'username': student.username, 'api_key': key}
        own = assert_carries_the_key_check(pool, slow, auth, 'user_courses.list')['data']
        assert own, 'the special courses are listed to everybody'
        names, body = statements_of(pool, slow, {'action': 'user_courses', 'username': 'admin',
                                                 'api_key': admin_key, 'user_id': other.id})
        assert_eq(names, ['user_courses.list'], 'an administrator, for another user')
        assert_eq([c['id'] for c in body['data']], [c['id'] for c in own],
                  'another user without courses: the special courses')
        names, body = statements_of(pool, slow, dict(auth, user_id=other.id))
        assert_eq((names, body), (['user_courses.list'], {'error': True, 'message': msg('NotAllowed')}),
                  'a student, for another user: refused by the gate, the rows dropped unread')


def test_user_courses_on_a_campus_without_courses_leaves_the_callers_row_out():
    url = 'http://%s.example.org/' % uniq('empty')
    url_id = new_campus(url)
    user = new_user()
    _add_member(url_id, user)
    try:
        key = authenticate(user.username, user.password)
        pool, slow = slow_log_pool(multiple_access_urls='on')
        with pool:
            params = {'action': 'user_courses', 'username': user.username, 'api_key': key}
            trace, body = trace_of(pool, slow, params, HTTP_HOST=url.split('/')[2])
            # With several campuses, the Host's campus is looked up first.
            assert_eq(trace, [('campus.find', 1), ('user_courses.list', 2)], 'the statements')
            assert_eq(body, {'error': False, 'data': []}, 'no course on the campus')
    finally:
        drop_campus(url_id)


def _add_member(url_id, user):
    sql_exec('INSERT INTO access_url_rel_user (access_url_id, user_id) VALUES (%s, %s)',
             url_id, user.id)


def test_a_guessed_campus_is_confirmed_in_the_key_checks_round_trip():
    """With several campuses, a worker that has looked up a Host before
    sends the lookup with the key check; the answer is the one a worker
    that guesses nothing gives, whatever changed in between."""
    host = '%s.example.org' % uniq('guess')
    campus = new_campus('http://%s/' % host)
    better = None
    user = new_user()
    _add_member(campus, user)
    key = authenticate(user.username, user.password)
    params = {'action': 'user_profile', 'username': user.username, 'api_key': key}

    def fresh_answer():
        """What a worker without guesses answers now."""
        pool, _ = slow_log_pool(multiple_access_urls='on')
        with pool:
            return json.loads(pool.request(*fcgi_form(params, HTTP_HOST=host))[2])

    try:
        pool, slow = slow_log_pool(multiple_access_urls='on')
        with pool:
            trace, first = trace_of(pool, slow, params, HTTP_HOST=host)
            assert_eq(trace, [('campus.find', 1), ('user_profile.get', 2)], 'the first call')
            assert_eq(first['data']['pictureUri'], 'http://%s/main/img/unknown.jpg' % host,
                      "the campus's web root")
            trace, again = trace_of(pool, slow, params, HTTP_HOST=host)
            assert_eq(trace, [('campus.find', 1), ('user_profile.get', 1)],
                      'the same Host again: one round trip')
            assert_eq(again, first, 'the same answer')

            # A better match for the path appears: the guess is wrong, the
            # call is planned again with the campus the lookup gives.
            better = new_campus('http://%s/main/' % host)
            _add_member(better, user)
            trace, moved = trace_of(pool, slow, params, HTTP_HOST=host)
            assert_eq(trace, [('campus.find', 1), ('user_profile.get', 1), ('user_profile.get', 2)],
                      'a wrong guess: planned again')
            assert_eq(moved['data']['pictureUri'],
                      'http://%s/main/main/img/unknown.jpg' % host, 'the new web root')
            assert_eq(moved, fresh_answer(), 'the answer of a worker without guesses')
            trace, _ = trace_of(pool, slow, params, HTTP_HOST=host)
            assert_eq(trace, [('campus.find', 1), ('user_profile.get', 1)], 'guessed right again')

            # The campus is closed: the membership that counts is URL 1's.
            sql_exec('UPDATE access_url SET active = 0 WHERE id = %s', better)
            sql_exec('DELETE FROM access_url_rel_user WHERE access_url_id = 1 AND user_id = %s',
                     user.id)
            trace, closed = trace_of(pool, slow, params, HTTP_HOST=host)
            assert_eq(closed, {'error': True, 'message': 'Invalid API key'},
                      'closed: not a member of URL 1')
            assert_eq(closed, fresh_answer(), 'the answer of a worker without guesses')
            assert_eq(trace[0], ('campus.find', 1), 'the lookup first')
    finally:
        for url_id in (campus, better):
            if url_id:
                drop_campus(url_id)


def test_username_exist_looks_the_name_up_with_the_key_check():
    """Its lookup needs only the declared loginname: pipelined with the key
    check (ACTION_PREFETCH), one round trip."""
    key = authenticate('admin', 'admin')
    pool, slow = slow_log_pool()
    auth = {'action': 'username_exist', 'username': 'admin', 'api_key': key}
    with pool:
        for loginname, expected in ((' STUDENT1 ', True), (uniq('nobody'), False)):
            trace, body = trace_of(pool, slow, dict(auth, loginname=loginname))
            assert_eq(trace, [('auth.key_check', 1), ('user_login.exists', 1)], loginname)
            assert_eq(body, {'error': False, 'data': [expected]}, loginname)
        trace, body = trace_of(pool, slow, dict(auth, api_key='0' * 32, loginname='student1'))
        assert_eq((trace, body), ([('auth.key_check', 1), ('user_login.exists', 1)],
                                  {'error': True, 'message': 'Invalid API key'}),
                  'a wrong key: the lookup dropped unread')


def test_an_action_without_a_planned_statement_checks_the_key_alone():
    key = authenticate('admin', 'admin')
    pool, slow = slow_log_pool()
    with pool:
        trace, body = trace_of(pool, slow, {'action': 'message_users', 'username': 'admin',
                                            'api_key': key, 'q': 'stud'})
        assert_eq(trace[0], ('auth.key_check', 1), 'the key check comes first, alone')
        assert len(trace) >= 2 and all(trip > 1 for _, trip in trace[1:]), trace
        assert_eq(body['error'], False, 'the answer')
