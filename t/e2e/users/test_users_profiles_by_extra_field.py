"""users_profiles_by_extra_field: profiles of the users with a given extra
field value, keyed by user id (administrators only).

Spec: 20-users-messages.md §4.3 (POST field_name, field_value, active; object
keyed by id, [] when empty; inactive users dropped with active=1; orphan
values skipped), Rest::getUsersProfilesByExtraField (profile fields and
types, as user_profile: recording user_profile_admin), v2.php (event
extra_field_name). Demo: sql/demo.sql, field `department`.
Deviations (docs/compat.md): missing or array field_name/field_value answer
"Invalid value for the parameter <name>" (PHP crashes); names and values are
compared case-insensitively, accents significant.
"""

import harness
from harness import last_event_id, events_since, uniq
from harness import (api, assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     msg, new_user, sql_exec)


def unknown():
    return harness.BASE_URL + '/main/img/unknown.jpg'


def profile(user_id, status, full_name, username, official_code=None, phone=None, picture=None):
    return {'pictureUri': (harness.BASE_URL + '/app/upload/users/%d/%s' % (user_id, picture))
            if picture else unknown(),
            'id': user_id, 'status': status, 'fullName': full_name, 'username': username,
            'officialCode': official_code, 'phone': phone}


TEACHER = profile(3, 1, 'Marie Curie', 'teacher', 'T001')
STUDENT1 = profile(4, 5, 'Ada Lovelace', 'student1')
STUDENT3 = profile(6, 5, 'Grace Hopper', 'student3', picture='grace.png')
DISABLED = profile(7, 5, 'Dis Abled', 'disabled')


def search(params, enc='urlencoded', who='admin'):
    return call('users_profiles_by_extra_field', who, authenticate(who, who), params, encoding=enc)


@both_encodings
def test_profiles_keyed_by_id(enc):
    resp = search({'field_name': 'department', 'field_value': 'physics'}, enc)
    data = assert_ok(resp)
    assert isinstance(data, dict), data
    assert_eq(list(data.keys()), ['3', '4', '6', '7'], 'keys in id order')
    assert_eq(data, {'3': TEACHER, '4': STUDENT1, '6': STUDENT3, '7': DISABLED}, 'profiles')
    for item in data.values():
        assert_eq(list(item.keys()), ['pictureUri', 'id', 'status', 'fullName', 'username',
                                      'officialCode', 'phone'], 'key order')
    # Raw JSON: escaped slashes, numbers for id and status under both runtimes.
    assert b'"4":{"pictureUri":"http:\\/\\/' in resp.body, resp.body
    assert b'"id":4,"status":5,"fullName":"Ada Lovelace"' in resp.body, resp.body


@both_encodings
def test_active_only(enc):
    data = assert_ok(search({'field_name': 'department', 'field_value': 'Physics', 'active': 1},
                            enc))
    assert_eq(list(data.keys()), ['3', '4', '6'], 'active users only')


def test_active_is_compared_loosely_with_one():
    for active in ('1', ' 1', '01', '1.0', '1e0', '+1'):
        data = assert_ok(search({'field_name': 'department', 'field_value': 'physics',
                                 'active': active}))
        assert_eq(list(data.keys()), ['3', '4', '6'], 'active=%r' % active)
    for active in ('0', '', '2', 'yes', 'true', '0x1', ['1']):
        data = assert_ok(search({'field_name': 'department', 'field_value': 'physics',
                                 'active': active}))
        assert_eq(list(data.keys()), ['3', '4', '6', '7'], 'active=%r' % (active,))


def test_case_insensitive_name_and_value():
    data = assert_ok(search({'field_name': 'DEPARTMENT', 'field_value': 'CHEMISTRY'}))
    assert_eq(data, {'5': profile(5, 5, 'Alan Turing', 'student2')}, 'student2')


@both_encodings
def test_empty_results_are_lists(enc):
    for params in ({'field_name': 'department', 'field_value': 'Biology'},
                   {'field_name': 'no_such_field', 'field_value': 'Physics'},
                   {'field_name': '', 'field_value': ''},
                   {'field_name': 'department', 'field_value': 'Phys'},
                   {'field_name': 'department', 'field_value': 'Physics\udcff'.encode(
                       'utf-8', 'surrogateescape')}):
        resp = search(params, enc)
        assert_eq(assert_ok(resp), [], 'data for %r' % (params,))
        assert_eq(resp.body, b'{"error":false,"data":[]}', 'raw body')


def test_existing_demo_nickname():
    assert_eq(assert_ok(search({'field_name': 'nickname', 'field_value': 'ada'})),
              {'4': STUDENT1}, 'nickname ada')


def test_new_user_and_orphan_value():
    user = new_user(status=1, firstname='Ruth', lastname='Bader', phone='555-7777')
    value = uniq('e2e-dept-')
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value)"
             " SELECT id, %s, %s FROM extra_field WHERE variable = 'department'", user.id, value)
    # A value whose user was deleted (PHP crashes on it): skipped.
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value)"
             " SELECT id, 987654321, %s FROM extra_field WHERE variable = 'department'", value)
    data = assert_ok(search({'field_name': 'department', 'field_value': value}))
    assert_eq(data, {str(user.id): profile(user.id, 1, 'Ruth Bader', user.username,
                                           official_code='', phone='555-7777')}, 'profiles')


def test_event_row():
    key = authenticate('admin', 'admin')
    since = last_event_id()
    assert_ok(call('users_profiles_by_extra_field', 'admin', key,
                   {'field_name': 'department', 'field_value': 'Physics'}))
    assert_eq([r for r in events_since(since) if r[0] == 'access_ws_users_profiles_by_extra_field'],
              [('access_ws_users_profiles_by_extra_field', 'extra_field_name', 'department', '1',
                '0', '0')], 'event rows')


@both_encodings
def test_not_allowed_for_non_admins(enc):
    for who in ('teacher', 'student1'):
        assert_error(search({'field_name': 'department', 'field_value': 'Physics'}, enc, who),
                     msg('NotAllowed'))


@both_encodings
def test_missing_or_array_parameters(enc):
    assert_error(search({'field_value': 'Physics'}, enc), msg('BadParameter', 'field_name'))
    assert_error(search({'field_name': 'department'}, enc), msg('BadParameter', 'field_value'))
    assert_error(search({}, enc), msg('BadParameter', 'field_name'))
    assert_error(search({'field_name': ['department'], 'field_value': 'Physics'}, enc),
                 msg('BadParameter', 'field_name'))
    assert_error(search({'field_name': 'department', 'field_value': ['Physics']}, enc),
                 msg('BadParameter', 'field_value'))


def test_parameters_in_query_string_are_ignored():
    key = authenticate('admin', 'admin')
    assert_error(call('users_profiles_by_extra_field', 'admin', key,
                      query={'field_name': 'department', 'field_value': 'Physics'}),
                 msg('BadParameter', 'field_name'))


@both_encodings
def test_needs_a_valid_key(enc):
    assert_error(api('users_profiles_by_extra_field',
                     {'username': 'admin', 'field_name': 'department', 'field_value': 'Physics'},
                     encoding=enc), 'Invalid API key')


def test_json_request_body():
    key = authenticate('admin', 'admin')
    data = assert_ok(api('users_profiles_by_extra_field', {
        'username': 'admin', 'api_key': key, 'field_name': 'department', 'field_value': 'physics',
        'active': 1}, encoding='json'))
    assert_eq(list(data.keys()), ['3', '4', '6'], 'keys')
