"""user_profile: the caller's own profile.

Spec: 20-users-messages.md §4.1 (shape, key order, types), §1.8.1 (name and
picture); 10-request-flow.md §9.1 (escaped slashes and non-ASCII).
Deviation (docs/compat.md): extra[].title is the field's display_text.
"""

import harness
from harness import (api, as_user, assert_eq, assert_error, assert_ok, authenticate,
                     both_encodings, call, events_since, join_session, last_event_id, new_user,
                     ordered, sql_exec, sql_value, uniq)


KEYS = ['pictureUri', 'id', 'status', 'fullName', 'username', 'officialCode', 'phone', 'extra']


@both_encodings
def test_student1(enc):
    key = authenticate('student1', 'student1')
    resp = call('user_profile', 'student1', key, encoding=enc)
    data = assert_ok(resp)
    assert_eq([k for k, _ in ordered(resp)[1][1]], KEYS, 'keys in order')
    assert_eq(data, {
        'pictureUri': harness.CAMPUS_URL + '/main/img/unknown.jpg',
        'id': 4,
        'status': 5,
        'fullName': 'Ada Lovelace',
        'username': 'student1',
        'officialCode': None,
        'phone': None,
        # Fields visible to self: nickname and interests (select multiple: the raw value).
        'extra': [{'title': 'Nickname', 'value': 'ada'},
                  {'title': 'Interests', 'value': 'music;sports'}],
    }, 'student1 profile')
    assert_eq([[k for k, _ in item] for item in ordered(resp)[1][1][7][1]],
              [['title', 'value'], ['title', 'value']], 'extra item keys')
    assert b'"pictureUri":"http:\\/\\/127.0.0.1:' in resp.body, resp.body


def test_admin():
    key = authenticate('admin', 'admin')
    data = assert_ok(call('user_profile', 'admin', key))
    assert_eq(data, {
        'pictureUri': harness.CAMPUS_URL + '/main/img/unknown.jpg',
        'id': 1, 'status': 1, 'fullName': 'John Doe', 'username': 'admin',
        'officialCode': 'ADMIN', 'phone': '555-0100', 'extra': [],
    }, 'admin profile')


def test_picture_uri():
    key = authenticate('student3', 'student3')
    data = assert_ok(call('user_profile', 'student3', key))
    assert_eq(data['pictureUri'], harness.CAMPUS_URL + '/app/upload/users/6/grace.png', 'pictureUri')
    assert_eq(data['extra'], [], 'extra')
    assert_eq(data['fullName'], 'Grace Hopper', 'fullName')


def test_extra_is_an_empty_json_array():
    user = new_user(with_key=True)
    resp = as_user(user, 'user_profile')
    data = assert_ok(resp)
    assert_eq(data['extra'], [], 'extra')
    assert resp.body.rstrip().endswith(b'"extra":[]}}'), resp.body
    # Hidden fields (already_logged_in, external ids, gcm) never show.
    assert_eq(data['officialCode'], '', 'officialCode set by save_user')
    assert_eq(data['phone'], '', 'phone set by save_user')
    assert_eq(data['id'], user.id, 'id')


def test_only_fields_visible_to_self_in_value_order():
    user = new_user(with_key=True)
    field = uniq('e2e_vis_')
    field_id = sql_value("INSERT INTO extra_field (extra_field_type, field_type, variable,"
                         " display_text, visible_to_self) VALUES (1, 1, %s, %s, 1) RETURNING id",
                         field, 'Visible ' + field)
    hidden = uniq('e2e_hid_')
    hidden_id = sql_value("INSERT INTO extra_field (extra_field_type, field_type, variable,"
                          " display_text, visible_to_self) VALUES (1, 1, %s, %s, 0) RETURNING id",
                          hidden, 'Hidden')
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value) VALUES (%s, %s, %s)",
             hidden_id, user.id, 'secret')
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value) VALUES (%s, %s, NULL)",
             field_id, user.id)
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value) VALUES (2, %s, %s)",
             user.id, 'nick')
    data = assert_ok(as_user(user, 'user_profile'))
    assert_eq(data['extra'], [{'title': 'Visible ' + field, 'value': None},
                              {'title': 'Nickname', 'value': 'nick'}], 'extra')


def test_non_ascii_name_is_escaped():
    user = new_user(with_key=True, firstname='Małgorzata', lastname='Żółć 😀')
    resp = as_user(user, 'user_profile')
    data = assert_ok(resp)
    assert_eq(data['fullName'], 'Małgorzata Żółć 😀', 'fullName')
    assert b'"fullName":"Ma\\u0142gorzata \\u017b\\u00f3\\u0142\\u0107 \\ud83d\\ude00"' in resp.body, \
        resp.body
    assert all(b < 0x80 for b in resp.body), 'non-ASCII byte in %r' % resp.body


def test_full_name_whitespace():
    user = new_user(with_key=True, firstname='  Anne  Marie ', lastname=' Smith ')
    data = assert_ok(as_user(user, 'user_profile'))
    assert_eq(data['fullName'], 'Anne Marie Smith', 'fullName (trimmed, spaces collapsed)')


def test_event_row():
    user = new_user(with_key=True)
    join_session(user.id, 1)
    since = last_event_id()
    assert_ok(as_user(user, 'user_profile', {'course': 1, 'session': 1}))
    rows = events_since(since)
    assert_eq(rows, [('access_ws_user_profile', 'username', user.username, str(user.id), '1', '1')],
              'event rows')


@both_encodings
def test_extra_parameters_are_ignored(enc):
    # The profile is always the caller's: a user_id parameter changes nothing.
    key = authenticate('student2', 'student2')
    data = assert_ok(call('user_profile', 'student2', key, {'user_id': 1, 'id': 1}, encoding=enc))
    assert_eq(data['id'], 5, 'id')


@both_encodings
def test_needs_a_valid_key(enc):
    assert_error(api('user_profile', {'username': 'student1'}, encoding=enc), 'Invalid API key')
    assert_error(api('user_profile', {'username': 'student1', 'api_key': ''}, encoding=enc),
                 'Invalid API key')
    assert_error(call('user_profile', 'student1', authenticate('student2', 'student2'),
                      encoding=enc), 'Invalid API key')
