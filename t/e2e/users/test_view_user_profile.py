"""view_user_profile: HTTP 302 to a user's social profile page, no JSON.

Spec: 20-users-messages.md §4.2 (GET user_id, Location
{root_web}main/social/profile.php?u={id}, without ?u when 0), 10-request-flow.md
§9.2 (no Content-Type or CORS header), v2.php (event user_id / (int) user_id).
Deviation (docs/compat.md): no PHP session cookie.
"""

import json

import harness
from harness import (api, assert_bare_redirect, assert_eq, assert_error, authenticate,
                     both_encodings, call, events_since, last_event_id)


def profile_url(user_id=None):
    url = harness.BASE_URL + '/main/social/profile.php'
    return url if user_id is None else url + '?u=%d' % user_id


@both_encodings
def test_redirects_to_the_profile(enc):
    key = authenticate('student1', 'student1')
    # user_id is read from the query string only ($_GET).
    assert_bare_redirect(call('view_user_profile', 'student1', key, encoding=enc,
                              query={'user_id': 5}), profile_url(5))


@both_encodings
def test_user_id_in_the_body_is_ignored(enc):
    key = authenticate('student1', 'student1')
    assert_bare_redirect(call('view_user_profile', 'student1', key, {'user_id': 5}, encoding=enc),
                         profile_url())


def test_get_query_and_php_int_cast():
    key = authenticate('teacher', 'teacher')
    base = {'username': 'teacher', 'api_key': key}
    for sent, expected in (('4', 4), ('12abc', 12), (' 7', 7), ('-3', -3), ('abc', None),
                           ('0', None), ('', None), ('1e3', 1000)):
        assert_bare_redirect(api('view_user_profile', dict(base, user_id=sent), encoding='query'),
                             profile_url(expected))
    assert_bare_redirect(api('view_user_profile', base, encoding='query'), profile_url())
    # An array casts to 1, as PHP's (int) of a non-empty array.
    assert_bare_redirect(api('view_user_profile', dict(base, user_id=['9']), encoding='query'),
                         profile_url(1))


def test_hash_does_not_carry_user_id():
    key = authenticate('teacher', 'teacher')
    h = json.dumps({'action': 'view_user_profile', 'username': 'teacher', 'api_key': key,
                    'user_id': 4})
    assert_bare_redirect(api(None, None, encoding='query', query={'hash': h}), profile_url())
    assert_bare_redirect(api(None, None, encoding='query', query={'hash': h, 'user_id': 6}),
                         profile_url(6))


def test_event_row():
    key = authenticate('student2', 'student2')
    since = last_event_id()
    assert_bare_redirect(call('view_user_profile', 'student2', key, query={'user_id': '3x'}),
                         profile_url(3))
    assert_eq([r for r in events_since(since) if r[0] == 'access_ws_view_user_profile'],
              [('access_ws_view_user_profile', 'user_id', '3', '5', '0', '0')], 'event rows')


@both_encodings
def test_needs_a_valid_key(enc):
    assert_error(api('view_user_profile', {'username': 'student1'}, encoding=enc,
                     query={'user_id': 4}), 'Invalid API key')
    assert_error(call('view_user_profile', 'student1', 'c' * 32, encoding=enc,
                      query={'user_id': 4}), 'Invalid API key')
