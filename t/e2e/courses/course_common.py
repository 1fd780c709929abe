"""Helpers shared by the course action tests (t/e2e/courses/)."""

import json

from harness import (assert_eq, assert_error, authenticate, call, events_since, last_event_id,
                     msg, new_course, new_user, sql_exec)


def read(action, user, course=1, enc='urlencoded', **params):
    """action called by the demo user `user` (password = login) in course."""
    return call(action, user, authenticate(user, user), dict({'course': course}, **params),
                encoding=enc)


def keys_of(resp):
    """The keys, in order, of every object of the answer's data list."""
    return [[k for k, _ in item] for item in json.loads(resp.body, object_pairs_hook=list)[1][1]]


def event_of(action, call_it):
    """(value type, value) of the access_ws_<action> rows call_it() writes."""
    since = last_event_id()
    call_it()
    return [list(r[1:3]) for r in events_since(since) if r[0] == 'access_ws_' + action]


def assert_denied_to_a_stranger(action, **params):
    """A user who may not enter a private course (visibility 1) is refused:
    the dispatcher's course access check (README, "The shape of a handler")."""
    course = new_course()
    sql_exec('UPDATE course SET visibility = 1 WHERE id = %s', course.id)
    stranger = new_user()
    assert_error(call(action, stranger.username, stranger.key(),
                      dict({'course': course.id}, **params)), msg('NotAllowed'))


def assert_needs_a_course(action):
    resp = call(action, 'student1', authenticate('student1', 'student1'), {})
    assert resp.json and resp.json['error'] is True, resp


# ---- redirects (30-courses.md §3, §1.10) ----

def cidreq(origin='', session=0, code='ENGLISH101'):
    return 'cidReq=%s&id_session=%d&gidReq=0&gradebook=0&origin=%s' % (code, session, origin)


def assert_course_redirect(resp, location):
    """A 302 to location, no body, no JSON headers."""
    from harness import assert_redirect
    assert_redirect(resp, location)
    assert_eq(resp.body, b'', 'body')
    assert resp.headers.get('Content-Type') != 'application/json', resp.headers


def redirect_of(action, user='student1', enc='urlencoded', query=None, **params):
    """action called by `user` in ENGLISH101; params go in the body, query in the URL."""
    return call(action, user, authenticate(user, user), dict({'course': 1}, **params),
                encoding=enc, query=query)
