"""get_groups: the classes and social groups of the campus, for
administrators.

Spec: 25-groups-audit.md §3.1; recording get_groups_all.
"""

from harness import (_admin, as_user, assert_eq, assert_error, assert_ok, both_encodings, call,
                     events_since, last_event_id, msg, new_class, new_user, php_int, sql_exec)


def groups(params=None, enc='urlencoded'):
    return assert_ok(call('get_groups', 'admin', _admin(), params, encoding=enc))


def by_id(data):
    return {g['id']: g for g in data}


@both_encodings
def test_classes_by_default(enc):
    data = groups(None, enc)
    assert_eq(by_id(data)[php_int(2101)], {
        'id': php_int(2101), 'name': 'Class 3B', 'description': 'Students of 3B',
        'visibility': '1', 'type': php_int(0), 'type_name': 'class', 'visibility_name': 'open'},
        'Class 3B')
    assert_eq(list(by_id(data)[php_int(2101)]),
              ['id', 'name', 'description', 'visibility', 'type', 'type_name', 'visibility_name'],
              'key order')
    assert_eq(by_id(data)[php_int(2102)]['description'], None, 'NULL description')
    assert_eq(by_id(data)[php_int(2102)]['visibility_name'], 'closed', 'visibility 2')
    assert all(g['type'] == php_int(0) for g in data), data
    assert_eq([g["id"] for g in data], sorted((g["id"] for g in data), key=int), "by id")


def test_type_is_compared_as_mysql_does():
    social = [g['id'] for g in groups({'type': '1'})]
    assert php_int(1001) in social and php_int(2101) not in social, social
    assert_eq([g['id'] for g in groups({'type': '1abc'})], social, '"1abc" is 1')
    assert_eq([g['id'] for g in groups({'type': ' 1'})], social, '" 1" is 1')
    assert_eq(groups({'type': '1.5'}), [], '"1.5" matches nothing')
    classes = [g['id'] for g in groups({'type': ''})]
    assert_eq([g['id'] for g in groups({'type': 'abc'})], classes, 'not a number is 0')
    everything = [g['id'] for g in groups({'type': '*'})]
    assert set(social) | set(classes) <= set(everything), everything


def test_names_absent_when_the_value_has_none():
    klass = new_class()
    sql_exec("UPDATE usergroup SET group_type = 5, visibility = '' WHERE id = %s", klass.id)
    group = by_id(groups({'type': '5'}))[php_int(klass.id)]
    assert_eq(list(group), ['id', 'name', 'description', 'visibility', 'type'], 'keys')
    sql_exec("UPDATE usergroup SET visibility = ' 2 ' WHERE id = %s", klass.id)
    assert_eq(by_id(groups({'type': '5'}))[php_int(klass.id)]['visibility_name'], 'closed',
              'PHP == takes " 2 " as 2')
    sql_exec('DELETE FROM access_url_rel_usergroup WHERE usergroup_id = %s;'
             ' DELETE FROM usergroup WHERE id = %s', klass.id, klass.id)


@both_encodings
def test_administrators_only(enc):
    student = new_user()
    assert_error(as_user(student, 'get_groups', encoding=enc), msg('NotAllowed'))


def test_event_before():
    _admin()
    since = last_event_id()
    groups({'type': '*'})
    assert_eq(events_since(since), [('access_ws_get_groups', 'username', 'admin', '1', '0', '0')],
              'events')
