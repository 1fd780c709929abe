"""update_user_pause_training: the PauseTraining plugin's settings of a user,
written as user extra values, in one transaction.

Spec: 20-users-messages.md §5.8 (order of checks and literal messages, what
is stored, [(int) user_id]), §7 (UpdateUserPauseTrainingTest),
plugin/pausetraining/PauseTraining.php (createFromFormat('Y-m-d H:i'));
v2.php (event user_id). The demo stack enables the plugin
(pausetraining_tool_enable = on, t/stack/stack.sh) and sql/demo.sql has its
fields.
Deviation (docs/compat.md): PHP lets any user with a key change anyone's
settings; a non-administrator may only change their own (NotAllowed).
"""

import json
import urllib.parse

from harness import last_event_id, events_since
from harness import (Pool, api, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, failing_trigger, msg, new_user, sql)

FIELDS = ('pause_formation', 'start_pause_date', 'end_pause_date', 'disable_emails')


def values(user_id):
    rows = sql("SELECT f.variable, v.value FROM extra_field_values v JOIN extra_field f"
               " ON f.id = v.field_id WHERE f.extra_field_type = 1 AND v.item_id = %s"
               " AND f.variable IN ('pause_formation', 'start_pause_date', 'end_pause_date',"
               " 'disable_emails')", user_id)
    return dict(rows)


def params(user_id, **more):
    p = {'user_id': user_id, 'pause_formation': 0, 'start_pause_date': '2020-06-30 10:00',
         'end_pause_date': '2020-06-30 11:00', 'disable_emails': 1}
    p.update(more)
    return {k: v for k, v in p.items() if v is not None}


def update(p, enc='urlencoded', who='admin', key=None):
    return call('update_user_pause_training', who, key or authenticate(who, who), p, encoding=enc)


def answer_id(resp):
    data = assert_ok(resp)
    assert_eq(resp.body, b'{"error":false,"data":[%d]}' % data[0], 'raw body')
    return data[0]


@both_encodings
def test_php_scenario(enc):
    user = new_user()
    key = authenticate('admin', 'admin')
    since = last_event_id()
    assert_eq(answer_id(update(params(user.id), enc, key=key)), user.id, 'answer')
    assert_eq(values(user.id), {'pause_formation': '0', 'start_pause_date': '2020-06-30 10:00',
                                'end_pause_date': '2020-06-30 11:00', 'disable_emails': '1'},
              'stored values')
    assert_eq(events_since(since), [('access_ws_update_user_pause_training', 'user_id',
                                     str(user.id), '1', '0', '0')], 'event rows')


@both_encodings
def test_self_update_and_rewrite(enc):
    user = new_user()
    assert_eq(answer_id(update(params(user.id, pause_formation='yes', disable_emails='0'), enc,
                               who=user.username, key=user.key())), user.id, 'answer')
    # (int)'yes' is 0: not paused.
    assert_eq(values(user.id)['pause_formation'], '0', 'pause_formation')
    answer_id(update(params(user.id, pause_formation='2', disable_emails='0',
                            start_pause_date='2027-01-02 03:04',
                            end_pause_date='2027-02-03 04:05'), enc,
                     who=user.username, key=user.key()))
    assert_eq(values(user.id), {'pause_formation': '1', 'start_pause_date': '2027-01-02 03:04',
                                'end_pause_date': '2027-02-03 04:05', 'disable_emails': '0'},
              'rewritten values')


def test_user_id_is_php_int():
    user = new_user()
    resp = update(params('%dabc' % user.id))
    assert_eq(answer_id(resp), user.id, 'answer')
    assert_eq(values(user.id)['disable_emails'], '1', 'disable_emails')


def test_loose_date_shapes_pass_the_check_but_are_not_stored():
    user = new_user()
    answer_id(update(params(user.id, start_pause_date='2021-6-5 7:08',
                            end_pause_date='2021-06-05 09:30')))
    assert_eq(values(user.id), {'pause_formation': '0', 'end_pause_date': '2021-06-05 09:30',
                                'disable_emails': '1'}, 'stored values')


def test_array_pause_formation_casts_to_one():
    user = new_user()
    answer_id(update(params(user.id, pause_formation=['x'])))
    assert_eq(values(user.id)['pause_formation'], '1', 'pause_formation')


@both_encodings
def test_checks_in_php_order(enc):
    user = new_user()
    key = authenticate('admin', 'admin')
    since = last_event_id()
    assert_error(update(params(None), enc, key=key), 'user_id is required')
    assert_error(update(params('0'), enc, key=key), 'user_id is required')
    assert_error(update(params(987654321), enc, key=key), 'User #987654321 does not exists')
    assert_error(update(params('abc'), enc, key=key), 'User #abc does not exists')
    for i, name in enumerate(FIELDS):
        p = params(user.id)
        for missing in FIELDS[i:]:
            del p[missing]
        assert_error(update(p, enc, key=key), "Variable '%s' is missing. Cannot updated." % name)
    start_bad = 'start_pause_date is not valid date time format should be: Y-m-d H:i'
    end_bad = 'end_pause_date is not valid date time format should be: Y-m-d H:i'
    for bad in ('', '2020-06-30', '2020-06-30 10:00:00', '2020-06-30T10:00', '2020-06-30 10:0',
                'soon', ' 2020-06-30 10:00', '12345-01-01 10:00'):
        assert_error(update(params(user.id, start_pause_date=bad), enc, key=key), start_bad)
        assert_error(update(params(user.id, end_pause_date=bad), enc, key=key), end_bad)
    assert_error(update(params(user.id, start_pause_date='bad', end_pause_date='bad'), enc, key=key),
                 start_bad)
    assert_error(update(params(user.id, start_pause_date='2020-06-30 11:01'), enc, key=key),
                 'end_pause_date must be bigger than start_pause_date')
    assert_error(update(params(user.id, start_pause_date=['2020-06-30 10:00']), enc, key=key),
                 msg('BadParameter', 'start_pause_date'))
    assert_eq(values(user.id), {}, 'nothing stored')
    assert_eq(events_since(since), [], 'event rows')


@both_encodings
def test_without_a_key(enc):
    user = new_user()
    # PHP checks the plugin and user_id first, then answers its own message.
    assert_error(api('update_user_pause_training', params(user.id), encoding=enc),
                 'Check that the username and api_key are field in the request')
    assert_error(api('update_user_pause_training', params(None), encoding=enc),
                 'user_id is required')
    # A wrong key is refused as everywhere.
    assert_error(call('update_user_pause_training', 'admin', 'c' * 32, params(user.id),
                      encoding=enc), 'Invalid API key')
    assert_eq(values(user.id), {}, 'nothing stored')


@both_encodings
def test_other_users_need_an_administrator(enc):
    user = new_user()
    other = new_user()
    assert_error(update(params(other.id), enc, who=user.username, key=user.key()),
                 msg('NotAllowed'))
    assert_error(update(params(1), enc, who='student1'), msg('NotAllowed'))
    assert_eq(values(other.id), {}, 'nothing stored')


def test_plugin_disabled():
    user = new_user()
    key = authenticate('admin', 'admin')
    body = urllib.parse.urlencode(dict(params(user.id), action='update_user_pause_training',
                                       username='admin', api_key=key)).encode()
    env = {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'application/x-www-form-urlencoded',
           'REQUEST_URI': '/main/webservices/api/v2.php',
           'SCRIPT_NAME': '/main/webservices/api/v2.php', 'QUERY_STRING': '',
           'REMOTE_ADDR': '127.0.0.1', 'HTTP_HOST': 'localhost'}
    with Pool({'pausetraining_tool_enable': 'off'}) as pool:
        status, _, answer = pool.request(env, body)
        assert_eq(status, 200, 'status')
        assert_eq(json.loads(answer), {'error': True, 'message': 'Plugin configured'}, 'answer')
        # Checked first, even without a key.
        keyless = urllib.parse.urlencode({'action': 'update_user_pause_training'}).encode()
        _, _, answer = pool.request(env, keyless)
        assert_eq(json.loads(answer), {'error': True, 'message': 'Plugin configured'}, 'keyless')
    assert_eq(values(user.id), {}, 'nothing stored')


def test_failure_half_way_leaves_nothing():
    user = new_user()
    # disable_emails = '1' is written last.
    with failing_trigger('extra_field_values', "NEW.item_id = %d AND NEW.value = '1'" % user.id):
        key = authenticate('admin', 'admin')
        since = last_event_id()
        resp = update(params(user.id), key=key)
        assert resp.status == 500, resp
        assert_eq(resp.json, {'error': True, 'message': msg('DatabaseError')}, 'envelope')
        assert_eq(values(user.id), {}, 'nothing stored')
        assert_eq(events_since(since), [], 'event rows')


def test_json_request_body():
    user = new_user()
    key = authenticate('admin', 'admin')
    data = assert_ok(api('update_user_pause_training', dict(
        params(user.id, pause_formation=True, disable_emails=0),
        username='admin', api_key=key), encoding='json'))
    assert_eq(data, [user.id], 'answer')
    assert_eq(values(user.id), {'pause_formation': '1', 'start_pause_date': '2020-06-30 10:00',
                                'end_pause_date': '2020-06-30 11:00', 'disable_emails': '0'},
              'stored values')
