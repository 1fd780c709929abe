"""update_user_from_username: updates the user named by `loginname` with the
other POST fields (administrators: anyone; others: themselves), all or
nothing.

Spec: 20-users-messages.md §5.6 (keys, effects, refusals and messages), §7
(UpdateUserFromUsernameTest), §1.8.2 (extra values); spec README
"Decisions" (partial writes; profile self-updates); Rest::updateUserFromUserName.
Deviations (docs/compat.md): one transaction (PHP keeps extra values written
before an error); a non-administrator cannot change their own status,
active, expiration_date or auth_source; registration_date and values the
columns cannot hold answer "Invalid value for the parameter <key>";
expiration_date is read in the call's time zone (UTC here; flow/test_time_zones.py).
"""

from harness import (api, assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, extra_value, failing_trigger, last_event_id, msg, new_user, sql,
                     sql_exec, uniq)



def update(params, enc='urlencoded', who='admin', key=None, **kw):
    return call('update_user_from_username', who, key or authenticate(who, who), params,
                encoding=enc, **kw)


def assert_true(resp):
    assert_eq(assert_ok(resp), [True], 'data')
    assert_eq(resp.body, b'{"error":false,"data":[true]}', 'raw body')


def row(user_id, columns):
    return sql('SELECT %s FROM "user" WHERE id = %%s' % columns, user_id)[0]


def new_field():
    variable = uniq('e2e_upd_')
    sql_exec("INSERT INTO extra_field (extra_field_type, field_type, variable, display_text)"
             " VALUES (1, 1, %s, %s)", variable, variable)
    return variable


# ---------------------------------------------------------------- the PHP test

@both_encodings
def test_php_scenario(enc):
    user = new_user()
    field = new_field()
    key = authenticate('admin', 'admin')
    since = last_event_id()
    assert_true(update({'firstname': 'Santa', 'lastname': 'Claus', 'status': 1,
                        'email': 'Santa.Claus@Example.ORG',
                        'extra': [{'field_name': field, 'field_value': 'sleigh'}],
                        'loginname': user.username}, enc, key=key))
    assert_eq(row(user.id, 'firstname, lastname, status, email, email_canonical'),
              ('Santa', 'Claus', '1', 'Santa.Claus@Example.ORG', 'santa.claus@example.org'),
              'user row')
    assert_eq(extra_value(user.id, field), 'sleigh', 'extra value')
    assert_eq(events_since(since), [('access_ws_update_user_from_username', 'username', 'admin',
                                     '1', '0', '0')], 'event rows')
    assert_error(update({'firstname': 'x', 'loginname': 'santaClaus'}, enc, key=key),
                 msg('UserNotFound'))


# ---------------------------------------------------------------- every field

def test_text_fields():
    user = new_user()
    texts = {'lastname': 'Ł' * 60, 'firstname': 'Émile', 'phone': '+33 1 23', 'address': 'A & <b>',
             'official_code': 'OC-1', 'picture_uri': 'me.png', 'competences': 'c' * 5000,
             'diplomas': 'PhD', 'openarea': 'open', 'teach': 'math', 'productions': 'prod',
             'openid': 'https://id.example.org/x', 'theme': 'chamilo', 'auth_source': 'ldap'}
    assert_true(update(dict(texts, loginname=user.username)))
    assert_eq(row(user.id, ', '.join(texts)), tuple(texts.values()), 'text columns')


def test_integer_and_flag_fields():
    user = new_user()
    assert_true(update({'loginname': user.username, 'status': '17', 'creator_id': '3',
                        'hr_dept_id': '-12', 'enabled': '0', 'profile_completed': 'yes'}))
    assert_eq(row(user.id, 'status, creator_id, hr_dept_id, enabled, profile_completed'),
              ('17', '3', '-12', '0', '1'), 'columns')
    assert_true(update({'loginname': user.username, 'enabled': 'on', 'profile_completed': '0'}))
    assert_eq(row(user.id, 'enabled, profile_completed'), ('1', '0'), 'flags')


def test_roles():
    user = new_user()
    assert_true(update({'loginname': user.username,
                        'roles': ['role_teacher', 'ROLE_USER', 'Role_Teacher', 'ROLE_ADMIN']}))
    assert_eq(row(user.id, 'roles')[0],
              'a:2:{i:0;s:12:"ROLE_TEACHER";i:1;s:10:"ROLE_ADMIN";}', 'roles')
    assert_true(update({'loginname': user.username, 'roles': ['ROLE_USER']}))
    assert_eq(row(user.id, 'roles')[0], 'a:0:{}', 'roles')


def test_language():
    user = new_user()
    assert_true(update({'loginname': user.username, 'language': 'spanish'}))
    assert_eq(row(user.id, 'language')[0], 'spanish', 'language')
    for bad in ('german', 'klingon', 'SPANISH', '', ['french']):
        assert_error(update({'loginname': user.username, 'language': bad}),
                     msg('LanguageUnavailable'))
    assert_eq(row(user.id, 'language')[0], 'spanish', 'language unchanged')


def test_expiration_date():
    user = new_user()
    for sent, stored in (('2031-02-03 04:05:06', '2031-02-03 04:05:06'),
                         ('2032-05-06', '2032-05-06 00:00:00'),
                         ('2033-07-08 09:10', '2033-07-08 09:10:00')):
        assert_true(update({'loginname': user.username, 'expiration_date': sent}))
        assert_eq(row(user.id, 'expiration_date')[0], stored, 'expiration for %r' % sent)
    for bad in ('soon', '2031-02-30', '', ['2031-01-01']):
        assert_error(update({'loginname': user.username, 'expiration_date': bad}),
                     msg('BadParameter', 'expiration_date'))


def test_active_logs_enable_and_disable():
    user = new_user()
    key = authenticate('admin', 'admin')
    since = last_event_id()
    assert_true(update({'loginname': user.username, 'active': '1'}, key=key))  # no change
    assert_true(update({'loginname': user.username, 'active': '0'}, key=key))
    assert_eq(row(user.id, 'active, enabled')[0:2], ('0', '1'), 'disabled, enabled untouched')
    assert_true(update({'loginname': user.username, 'active': 'yes'}, key=key))
    assert_eq(row(user.id, 'active')[0], '1', 'enabled again')
    events = [r for r in events_since(since) if r[0] != 'access_ws_update_user_from_username']
    assert_eq(events, [('user_disable', 'user_id', str(user.id), '1', '0', '0'),
                       ('user_enable', 'user_id', str(user.id), '1', '0', '0')], 'events')


def test_extra_forms():
    user = new_user()
    field = new_field()
    # A list of {field_name, field_value}; an array value is joined with ';'.
    assert_true(update({'loginname': user.username,
                        'extra': [{'field_name': 'interests', 'field_value': ['music', 'reading']},
                                  {'field_name': field.upper(), 'field_value': 'v1'}]}))
    assert_eq(extra_value(user.id, 'interests'), 'music;reading', 'interests')
    assert_eq(extra_value(user.id, field), 'v1', 'field (name matched case-insensitively)')
    # A map variable -> value.
    assert_true(update({'loginname': user.username, 'extra': {'nickname': 'nick'}}))
    assert_eq(extra_value(user.id, 'nickname'), 'nick', 'nickname')
    # Not an array, or empty: ignored.
    assert_true(update({'loginname': user.username, 'extra': 'x'}))


@both_encodings
def test_extra_failures(enc):
    user = new_user()
    assert_error(update({'loginname': user.username,
                         'extra': [{'field_name': 'no_such_field_e2e', 'field_value': 'x'}]}, enc),
                 msg('CouldNotUpdateExtraFieldValueOf',
                     'Array\n(\n    [field_name] => no_such_field_e2e\n'
                     '    [field_value] => x\n)\n'))
    assert_error(update({'loginname': user.username,
                         'extra': [{'field_name': 'nickname', 'field_value': 'a'},
                                   {'field_name': 'nickname'}]}, enc),
                 msg('CouldNotUpdateExtraFieldValueOf',
                     'Array\n(\n    [field_name] => nickname\n)\n'))
    assert_error(update({'loginname': user.username,
                         'extra': [{'field_name': 'no_such_field_e2e',
                                    'field_value': ['a', 'b']}]}, enc),
                 msg('CouldNotUpdateExtraFieldValueOf',
                     'Array\n(\n    [field_name] => no_such_field_e2e\n'
                     '    [field_value] => Array\n        (\n            [0] => a\n'
                     '            [1] => b\n        )\n\n)\n'))
    assert_error(update({'loginname': user.username, 'extra': {'no_such_field_e2e': 'x'}}, enc),
                 msg('CouldNotUpdateExtraFieldValueOf', 'no_such_field_e2e'))
    # All or nothing: the first item's write is rolled back.
    assert_eq(extra_value(user.id, 'nickname'), '<no row>', 'nickname')


# ---------------------------------------------------------------- keys and refusals

@both_encodings
def test_keys_are_case_insensitive_and_globals_ignored(enc):
    user = new_user()
    key = authenticate('admin', 'admin')
    assert_true(call('update_user_from_username', 'admin', key,
                     [('FirstName', 'Upper'), ('LOGINNAME', user.username),
                      ('loginname', 'ignored-second'), ('LastName', 'Case')], encoding=enc))
    assert_eq(row(user.id, 'firstname, lastname'), ('Upper', 'Case'), 'names')


@both_encodings
def test_unsupported_keys(enc):
    user = new_user()
    field = new_field()
    key = authenticate('admin', 'admin')
    for name in ('password', 'salt', 'email_canonical', 'username_canonical', 'locked', 'expired',
                 'credentials_expired', 'credentials_expire_at', 'expires_at', 'last_login',
                 'created_at', 'updated_at', 'confirmation_token', 'password_requested_at',
                 'course', 'session', 'user_id', 'Password', 'Foo'):
        since = last_event_id()
        # Everything before the unsupported key is undone.
        assert_error(update([('loginname', user.username), ('firstname', 'Changed'),
                             ('extra', {field: name}), (name, '1')], enc, key=key),
                     msg('UnsupportedUpdateOf', name))
        assert_eq(events_since(since), [], 'event rows')
    assert_eq(row(user.id, 'firstname')[0], 'F' + user.username, 'firstname unchanged')
    assert_eq(extra_value(user.id, field), '<no row>', 'extra value')


def test_registration_date_is_refused_after_the_other_keys():
    user = new_user()
    assert_error(update([('loginname', user.username), ('registration_date', '2020-01-01'),
                         ('firstname', 'x')]), msg('BadParameter', 'registration_date'))
    assert_error(update([('loginname', user.username), ('registration_date', '2020-01-01'),
                         ('password', 'x')]), msg('UnsupportedUpdateOf', 'password'))
    assert_eq(row(user.id, 'firstname')[0], 'F' + user.username, 'firstname unchanged')


@both_encodings
def test_values_the_columns_cannot_hold(enc):
    user = new_user()
    for name, value in (('firstname', ['a']), ('firstname', 'x' * 61), ('email', 'e' * 101),
                        ('status', 'abc'), ('status', ''), ('status', '1.5'),
                        ('status', '99999999999'), ('hr_dept_id', '40000'),
                        ('creator_id', ['1']), ('roles', 'ROLE_ADMIN'), ('roles', [['x']]),
                        ('phone', b'\xff\xfe')):
        assert_error(update({'loginname': user.username, name: value}, enc),
                     msg('BadParameter', name))
    assert_eq(row(user.id, 'firstname, status'), ('F' + user.username, '5'), 'unchanged')


@both_encodings
def test_no_data(enc):
    user = new_user()
    key = authenticate('admin', 'admin')
    # Everything in the query string: $_POST is empty.
    assert_error(api('update_user_from_username', {'username': 'admin', 'api_key': key,
                                                   'loginname': user.username,
                                                   'firstname': 'x'}, encoding='query'), 'NoData')
    assert_error(update({'firstname': 'x'}, enc, key=key), msg('NoData'))
    assert_error(update({'loginname': ['a']}, enc, key=key), msg('BadParameter', 'loginname'))
    for login in ('', 'no-such-user-e2e', b'\xff'):
        assert_error(update({'loginname': login}, enc, key=key), msg('UserNotFound'))


def test_login_is_trimmed_and_case_insensitive():
    user = new_user()
    assert_true(update({'loginname': '  %s \n' % user.username.upper(), 'firstname': 'Trim'}))
    assert_eq(row(user.id, 'firstname')[0], 'Trim', 'firstname')


# ---------------------------------------------------------------- permissions

@both_encodings
def test_users_update_themselves_only(enc):
    user = new_user()
    other = new_user()
    assert_true(update({'loginname': user.username, 'firstname': 'Self', 'phone': '1'}, enc,
                       who=user.username, key=user.key()))
    assert_eq(row(user.id, 'firstname, phone'), ('Self', '1'), 'self update')
    assert_error(update({'loginname': other.username, 'firstname': 'Hack'}, enc,
                        who=user.username, key=user.key()), msg('NotAllowed'))
    assert_error(update({'loginname': 'admin', 'firstname': 'Hack'}, enc, who='teacher'),
                 msg('NotAllowed'))
    assert_eq(row(other.id, 'firstname')[0], 'F' + other.username, 'other unchanged')


@both_encodings
def test_self_cannot_change_locked_fields(enc):
    user = new_user()
    for name, value in (('status', '1'), ('active', '0'), ('expiration_date', '2040-01-01'),
                        ('auth_source', 'ldap')):
        assert_error(update({'loginname': user.username, 'firstname': 'No', name: value}, enc,
                            who=user.username, key=user.key()), msg('NotAllowed'))
    assert_eq(row(user.id, 'firstname, status, active, expiration_date, auth_source'),
              ('F' + user.username, '5', '1', None, 'platform'), 'unchanged')
    # Sending the stored values is fine (a profile form sends them all).
    assert_true(update({'loginname': user.username, 'status': '5', 'active': '1',
                        'auth_source': 'platform', 'firstname': 'Yes'}, enc,
                       who=user.username, key=user.key()))
    assert_eq(row(user.id, 'firstname')[0], 'Yes', 'firstname')


@both_encodings
def test_needs_a_valid_key(enc):
    user = new_user()
    assert_error(api('update_user_from_username', {'username': 'admin',
                                                   'loginname': user.username,
                                                   'firstname': 'x'}, encoding=enc),
                 'Invalid API key')


# ---------------------------------------------------------------- atomicity

def test_failure_at_save_leaves_nothing():
    user = new_user()
    field = new_field()
    with failing_trigger('"user"', "NEW.id = %d AND NEW.firstname = 'boom'" % user.id,
                         when='BEFORE UPDATE'):
        key = authenticate('admin', 'admin')
        since = last_event_id()
        resp = update({'loginname': user.username, 'active': '0', 'firstname': 'boom',
                       'extra': [{'field_name': field, 'field_value': 'v'}]}, key=key)
        assert resp.status == 500, resp
        assert_eq(resp.json, {'error': True, 'message': msg('DatabaseError')}, 'envelope')
        assert_eq(row(user.id, 'firstname, active'), ('F' + user.username, '1'), 'user row')
        assert_eq(extra_value(user.id, field), '<no row>', 'extra value')
        assert_eq([r for r in events_since(since) if r[0] != 'access_ws_update_user_from_username'],
                  [], 'user_disable event')


def test_json_request_body():
    # 1.11.32: a JSON body fills $_POST; nested lists stay arrays.
    user = new_user()
    field = new_field()
    key = authenticate('admin', 'admin')
    assert_true(api('update_user_from_username', {
        'username': 'admin', 'api_key': key, 'loginname': user.username, 'firstname': 'Jason',
        'status': 1, 'enabled': False, 'roles': ['role_teacher'],
        'extra': [{'field_name': field, 'field_value': 'from json'}]}, encoding='json'))
    assert_eq(row(user.id, 'firstname, status, enabled, roles'),
              ('Jason', '1', '0', 'a:1:{i:0;s:12:"ROLE_TEACHER";}'), 'user row')
    assert_eq(extra_value(user.id, field), 'from json', 'extra value')
