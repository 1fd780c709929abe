"""A database error outside a transaction answers an envelope and the worker
lives.

The bookkeeping of a call (tracking, 10 §7.2) runs outside the action's
transaction; a trigger that fails it for one user reaches that path with a
plain read action. The failed statement's SQLSTATE must be read before its
result is freed: under `make asan` a use after free aborts the worker (nginx
answers 502) and run.sh finds the report in the pool's log; with any build,
the answer must stay an envelope and the worker alive.
"""

# Answers here do not depend on php_types.
TYPE_INDEPENDENT = True

import re

from harness import as_user, failing_trigger, new_user, stack_log

# fcgi/main.c, when a worker dies or exits in error (a clean exit of a
# recycled worker says "starting a new one" instead).
RESPAWN = re.compile(r'; (respawning|respawn delayed)$', re.M)


def _assert_envelope(resp):
    assert resp.status in (200, 500), resp
    assert resp.headers.get('Content-Type') == 'application/json', resp
    assert isinstance(resp.json, dict) and isinstance(resp.json.get('error'), bool), resp


def test_failed_bookkeeping_statement_answers_an_envelope_and_the_worker_lives():
    user = new_user()
    user.key()
    before = len(RESPAWN.findall(stack_log()))
    with failing_trigger('track_e_online', 'NEW.login_user_id = %d' % user.id,
                         when='BEFORE INSERT OR UPDATE OR DELETE'):
        # More calls than workers, so that every worker takes one.
        for _ in range(8):
            _assert_envelope(as_user(user, 'user_profile'))
            _assert_envelope(as_user(user, 'username_exist', {'loginname': 'admin'}))
    after = stack_log()
    assert len(RESPAWN.findall(after)) == before, 'a worker died:\n' + after[-3000:]
    assert 'SQL error' in after or 'e2e atomicity test' in after, 'the error was not logged'
    # The same calls work again once the trigger is gone.
    resp = as_user(user, 'user_profile')
    assert resp.status == 200 and resp.json['error'] is False, resp
