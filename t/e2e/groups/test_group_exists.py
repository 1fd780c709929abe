"""group_exists: [true] / [false] for a class name, any valid key.

Spec: 25-groups-audit.md §3.2, §2.5; recording group_exists.
"""

from harness import (api, as_user, assert_eq, assert_error, assert_ok, both_encodings,
                     events_since, last_event_id, msg, new_class, new_user, sql, sql_exec, uniq)


def exists(user, name, enc='urlencoded'):
    params = {} if name is None else {'name': name}
    resp = as_user(user, 'group_exists', params, encoding=enc)
    return assert_ok(resp)


@both_encodings
def test_names_compared_as_mysql_does(enc):
    user = new_user()
    assert_eq(exists(user, 'Class 3B', enc), [True], 'exact')
    assert_eq(exists(user, 'class 3b', enc), [True], 'case')
    assert_eq(exists(user, 'Class 3B   ', enc), [True], 'trailing spaces')
    assert_eq(exists(user, ' Class 3B', enc), [False], 'leading spaces count')
    assert_eq(exists(user, uniq('no class '), enc), [False], 'unknown')
    empty_name = bool(sql("SELECT 1 FROM usergroup WHERE name = ''"))
    assert_eq(exists(user, None, enc), [empty_name], 'absent is ""')


def test_only_the_campus_classes_with_multiple_urls():
    # Without multiple_access_urls every class counts, linked or not.
    klass = new_class()
    user = new_user()
    sql_exec('DELETE FROM access_url_rel_usergroup WHERE usergroup_id = %s', klass.id)
    assert_eq(exists(user, klass.name), [True], 'single campus')


@both_encodings
def test_needs_a_key(enc):
    assert_error(api('group_exists', {'name': 'Class 3B'}, encoding=enc), msg('InvalidApiKey'))


def test_event_before():
    user = new_user()
    user.key()
    since = last_event_id()
    exists(user, 'Class 3B ')
    exists(user, None)
    assert_eq(events_since(since), [
        ('access_ws_group_exists', 'groupname', 'Class 3B ', str(user.id), '0', '0'),
        ('access_ws_group_exists', 'groupname', '', str(user.id), '0', '0')], 'events')
