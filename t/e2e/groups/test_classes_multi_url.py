"""The class actions with multiple_access_urls on: a campus sees the
classes linked to it (get_groups, group_exists, get_user_sub_group,
get_group_sub_courses), add_group checks the name on its campus and links
the new class to it, delete_group removes every campus link.

Spec: 25-groups-audit.md §6.2. One pool of its own, talking FastCGI.
"""

import json

from harness import (Pool, _admin, assert_eq, drop_campus, fcgi_form, new_campus, php_int, sql,
                     sql_exec, uniq)

state = {}


def setup_module():
    host = '%s.example' % uniq('groups-')
    state['host'] = host
    state['campus'] = new_campus('http://%s/' % host)
    state['pool'] = Pool({'multiple_access_urls': 'on'}).__enter__()


def teardown_module():
    state['pool'].__exit__(None, None, None)
    sql_exec('DELETE FROM access_url_rel_usergroup WHERE access_url_id = %s', state['campus'])
    drop_campus(state['campus'])


def ask(action, params, host=None):
    form = {'action': action, 'username': 'admin', 'api_key': _admin()}
    form.update(params)
    env, body = fcgi_form(form, HTTP_HOST=host or state['host'])
    status, _, answer = state['pool'].request(env, body)
    assert status == 200, (status, answer)
    return json.loads(answer)


def data(action, params, host=None):
    answer = ask(action, params, host)
    assert answer['error'] is False, answer
    return answer['data']


def test_a_campus_sees_its_own_classes():
    name = uniq('Campus class ')
    assert_eq(data('group_exists', {'name': 'Class 3B'}), [False], 'campus 1 class elsewhere')
    assert_eq(data('group_exists', {'name': 'Class 3B'}, host='localhost'), [True], 'on campus 1')
    # The name of campus 1's class is free here.
    new_id = data('add_group', {'name': 'Class 3B'})[0]
    assert_eq(sql('SELECT access_url_id FROM access_url_rel_usergroup WHERE usergroup_id = %s',
                  new_id), [(str(state['campus']),)], 'linked to its campus')
    other = data('add_group', {'name': name})[0]
    ids = [g['id'] for g in data('get_groups', {'type': '*'})]
    assert_eq(ids, [php_int(new_id), php_int(other)], 'this campus')
    assert php_int(new_id) not in [g['id'] for g in data('get_groups', {'type': '*'},
                                                         host='localhost')], 'not on campus 1'
    assert_eq(data('group_exists', {'name': name.upper()}), [True], 'its own')
    answer = ask('add_group', {'name': name})
    assert_eq(answer['message'], '%s Already exists' % name, 'taken here')
    assert_eq(data('delete_group', {'id': new_id}), [new_id], 'deleted')
    assert_eq(data('delete_group', {'id': other}), [other], 'deleted')
    assert_eq(sql('SELECT count(*) FROM access_url_rel_usergroup WHERE usergroup_id IN (%s, %s)',
                  new_id, other), [('0',)], 'links gone')


def test_memberships_and_courses_of_the_campus_classes():
    assert_eq(data('get_user_sub_group', {'user_id': 4}), {'groups': []}, 'none here')
    assert_eq(data('get_user_sub_group', {'user_id': 4}, host='localhost'),
              {'groups': [php_int(1001), php_int(2101)]}, 'campus 1')
    assert_eq(data('get_group_sub_courses', {'id': 2101}), [], 'class not on this campus')
    assert_eq(list(data('get_group_sub_courses', {'id': 2101}, host='localhost')), ['1'],
              'campus 1')
    # The members and sessions of a class are not scoped, as in PHP.
    assert_eq(list(data('get_group_sub_users', {'id': 2101})), ['4', '5'], 'members')
    assert_eq(list(data('get_group_sub_sessions', {'id': 2101})), ['1'], 'sessions')
