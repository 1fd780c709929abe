"""check_conditional_login: whether the caller passes the deployment's
conditional-login hooks.

Spec: 20-users-messages.md §6 ({"check_conditional_login": bool}, true
unless a conditional_login.php deployment file says otherwise; we never run
PHP hooks, docs/compat.md); 10-request-flow.md §11 (gate K, event
access_ws_check_conditional_login / username).
"""

import json

from harness import (api, as_user, assert_eq, assert_error, assert_ok, both_encodings, call,
                     encodings, events_since, last_event_id, msg, new_user, ordered)


@both_encodings
def test_true_for_any_user(enc):
    user = new_user()
    user.key()  # authenticate first: its event row is not this action's
    since = last_event_id()
    resp = as_user(user, 'check_conditional_login', encoding=enc)
    assert_eq(assert_ok(resp), {'check_conditional_login': True}, 'data')
    assert_eq(ordered(resp)[1][1],
              [('check_conditional_login', True)], 'exact shape')
    assert_eq(events_since(since),
              [('access_ws_check_conditional_login', 'username', user.username, str(user.id),
                '0', '0')], 'event rows')


@encodings('query', 'json')
def test_other_encodings(enc):
    user = new_user()
    assert_eq(assert_ok(as_user(user, 'check_conditional_login', encoding=enc)),
              {'check_conditional_login': True}, 'data')


@both_encodings
def test_needs_a_valid_key(enc):
    user = new_user()
    assert_error(api('check_conditional_login', {'username': user.username}, encoding=enc),
                 msg('InvalidApiKey'))
    assert_error(call('check_conditional_login', user.username, 'f' * 32, encoding=enc),
                 msg('InvalidApiKey'))


def test_unknown_parameters_are_ignored():
    user = new_user()
    assert_eq(assert_ok(as_user(user, 'check_conditional_login',
                                {'user_id': ['1', '2'], 'x': 'y'})),
              {'check_conditional_login': True}, 'data')
