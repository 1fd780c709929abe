"""get_group_sub_sessions: the sessions a class is linked to, keyed by
session id, any valid key.

Spec: 25-groups-audit.md §3.7.
"""

from harness import (_admin, api, as_user, assert_eq, assert_error, assert_ok, both_encodings,
                     call, events_since, last_event_id, msg, new_class, new_session, new_user,
                     php_int, sql_exec, sql_value)


def sessions(klass_id, enc='urlencoded', user=None):
    if user is None:
        return call('get_group_sub_sessions', 'admin', _admin(), {'id': klass_id}, encoding=enc)
    return as_user(user, 'get_group_sub_sessions', {'id': klass_id}, encoding=enc)


@both_encodings
def test_the_session_rows(enc):
    data = assert_ok(sessions(2101, enc, user=new_user()))
    assert_eq(data, {'1': {'session_id': php_int(1), 'name': 'Spring 2026',
                           'description': sql_value('SELECT description FROM session WHERE id = 1'),
                           'nbr_users': php_int(sql_value('SELECT nbr_users FROM session'
                                                          ' WHERE id = 1')),
                           'nbr_courses': php_int(2)}}, 'data')
    assert_eq(list(data['1']), ['session_id', 'name', 'description', 'nbr_users', 'nbr_courses'],
              'keys')


def test_link_order():
    a, b = new_session(), new_session()
    klass = new_class()
    sql_exec('INSERT INTO usergroup_rel_session (usergroup_id, session_id)'
             ' VALUES (%s, %s), (%s, %s)',
             klass.id, b.id, klass.id, a.id)
    assert_eq(list(assert_ok(sessions(klass.id))), [str(b.id), str(a.id)], 'order')


@both_encodings
def test_empty_and_bad_id(enc):
    assert_eq(assert_ok(sessions(new_class().id, enc)), [], 'no session')
    for value in ('', 'abc', '0', ['1']):
        assert_error(sessions(value, enc), msg('BadParameter', 'id'))
    assert_error(api('get_group_sub_sessions', {'id': 2101}, encoding=enc), msg('InvalidApiKey'))


def test_event_is_the_serialized_answer():
    _admin()
    since = last_event_id()
    data = assert_ok(sessions(2101))
    value = sql_value('SELECT default_value FROM track_e_default WHERE default_id > %s', since)
    assert value.startswith('a:1:{i:1;a:5:{s:10:"session_id";'), value
    assert 's:4:"name";s:11:"Spring 2026";' in value, value
