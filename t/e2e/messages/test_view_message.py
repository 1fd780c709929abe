"""view_message: HTTP 302 to the message on the web platform, no JSON.

Spec: 20-users-messages.md §3.10 (GET message, int, default 0; Location
{web root}main/messages/view_message.php?id={message}); 10-request-flow.md
§9.2 (no JSON headers); v2.php: event (message_id) before the redirect.
Deviation (docs/compat.md): no PHP session cookie.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (api, as_user, assert_bare_redirect, assert_eq, assert_error, both_encodings,
                     events_since, last_event_id, msg)
from messages_common import member, web_root


def check(resp, message_id):
    assert_bare_redirect(resp, '%smain/messages/view_message.php?id=%d' % (web_root(), message_id))


def test_redirects_with_the_get_parameter():
    user = member()
    since = last_event_id()
    check(as_user(user, 'view_message', encoding='query', query={'message': 42}), 42)
    assert_eq(events_since(since),
              [('access_ws_view_message', 'message_id', '42', str(user.id), '0', '0')],
              'event rows')


@both_encodings
def test_message_is_read_from_get_only(enc):
    user = member()
    # A POSTed message is not seen: PHP reads $_GET only.
    check(as_user(user, 'view_message', {'message': 42}, encoding=enc), 0)
    check(as_user(user, 'view_message', {'message': 42}, encoding=enc, query={'message': '7'}), 7)
    # PHP (int): "12abc" -> 12, "abc" -> 0.
    check(as_user(user, 'view_message', encoding=enc, query={'message': '12abc'}), 12)
    check(as_user(user, 'view_message', encoding=enc, query={'message': 'abc'}), 0)


def test_bad_input():
    user = member()
    assert_error(as_user(user, 'view_message', encoding='query', query={'message': ['1']}),
                 msg('BadParameter', 'message'))
    assert_error(api('view_message', encoding='query', query={'message': 1}),
                 msg('InvalidApiKey'))
