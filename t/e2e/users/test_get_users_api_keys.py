"""get_users_api_keys: a page of users with their MsgREST keys, for
administrators when the admin-only API is enabled.

Spec: 20-users-messages.md §5.10 (query-bag page=1, per_page=30, force,
url_id; total = users of the campus, all users without multi-URL; list by id
with {"id": int, "username", "api_key": str|null}; length; next only when
page*per_page < total, PHP_SELF + course, session, api_key, username, page+1,
per_page, url_id); 10-request-flow.md §3.5 (query bag: GET or `hash`), §6
(gate AK). Deviations (docs/compat.md): page < 1 and per_page < 0, a SQL
error in PHP, are refused with the bad-parameter message.
"""

import json
import re
import urllib.parse

from adminonly import admin_pool, ordered, pool_call
from harness import (api, assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     encodings, events_since, failing_trigger, last_event_id, msg, new_user, sql,
                     sql_exec, sql_value, uniq)

HEX32 = re.compile(r'[0-9a-f]{32}')
PATH = '/main/webservices/api/v2.php'


def users(where='TRUE', *args):
    """(id, username, first MsgREST key) of the users, by id."""
    return [{'id': int(r[0]), 'username': r[1], 'api_key': r[2]} for r in sql(
        'SELECT u.id, u.username, (SELECT api_key FROM user_api_key k WHERE k.user_id = u.id'
        " AND k.api_service = 'MsgREST' ORDER BY k.id LIMIT 1) FROM \"user\" u WHERE " + where +
        ' ORDER BY u.id', *args)]


def next_url(key, page, per_page, url_id=None, course=None):
    pairs = [('course', course), ('api_key', key), ('username', 'admin'), ('page', page),
             ('per_page', per_page), ('url_id', url_id)]
    return PATH + '?' + urllib.parse.urlencode([(k, v) for k, v in pairs if v is not None])


@encodings('urlencoded', 'multipart', 'query')
def test_first_page_with_defaults(enc):
    admin = authenticate('admin', 'admin')
    with admin_pool() as pool:
        since = last_event_id()
        resp = pool_call(pool, 'get_users_api_keys', 'admin', admin, encoding=enc)
        data = assert_ok(resp)
        everyone = users()
        assert_eq([k for k, _ in ordered(resp)][:3], ['total', 'list', 'length'], 'key order')
        assert_eq(data['total'], len(everyone), 'total: every user (multi-URL off)')
        assert_eq(data['list'], everyone[:30], 'first 30 users by id')
        assert_eq(data['length'], min(30, len(everyone)), 'length')
        for item in ordered(resp)[1][1]:
            assert_eq([k for k, _ in item], ['id', 'username', 'api_key'], 'item key order')
        if len(everyone) > 30:
            assert_eq(data['next'], next_url(admin, 2, 30), 'next')
            assert '\\/main\\/webservices\\/api\\/v2.php?' in resp.text, 'escaped slashes'
        assert_eq(events_since(since),
                  [('access_ws_get_users_api_keys', 'username', 'admin', '1', '0', '0')],
                  'event rows')


@both_encodings
def test_paging_and_next(enc):
    admin = authenticate('admin', 'admin')
    for _ in range(3):
        new_user()
    everyone = users()
    with admin_pool() as pool:
        resp = pool_call(pool, 'get_users_api_keys', 'admin', admin, encoding=enc,
                         query={'page': 2, 'per_page': 2, 'url_id': 7, 'force': '0'})
        data = assert_ok(resp)
        assert_eq(data['list'], everyone[2:4], 'users 3 and 4 by id')
        assert_eq((data['total'], data['length']), (len(everyone), 2), 'total and length')
        assert_eq(data['next'], next_url(admin, 3, 2, url_id=7), 'next carries url_id')
        # The last page has no next.
        last = (len(everyone) + 1) // 2
        data = assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin, encoding=enc,
                                   query={'page': last, 'per_page': 2}))
        assert 'next' not in data, data
        assert_eq(data['list'], everyone[(last - 1) * 2:], 'last page')
        # Beyond the end: empty list.
        data = assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin, encoding=enc,
                                   query={'page': last + 5, 'per_page': 2}))
        assert_eq((data['list'], data['length']), ([], 0), 'past the end')
        # per_page 0: nothing listed, and PHP still offers a next page.
        data = assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin, encoding=enc,
                                   query={'page': 1, 'per_page': 0}))
        assert_eq((data['list'], data['length'], data['next']),
                  ([], 0, next_url(admin, 2, 0)), 'per_page 0')
        # PHP (int) casts.
        data = assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin, encoding=enc,
                                   query={'page': '2abc', 'per_page': ' 2'}))
        assert_eq(data['list'], everyone[2:4], 'cast values')


def test_course_context_is_carried():
    admin = authenticate('admin', 'admin')
    with admin_pool() as pool:
        data = assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin,
                                   {'course': 1}, query={'per_page': 1}))
        assert_eq(data['next'], next_url(admin, 2, 1, course=1), 'next with course')


def test_force_creates_missing_keys():
    admin = authenticate('admin', 'admin')
    user = new_user()
    position = int(sql_value('SELECT count(*) FROM "user" WHERE id <= %s', user.id))
    with admin_pool() as pool:
        data = assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin,
                                   query={'page': position, 'per_page': 1}))
        assert_eq(data['list'], [{'id': user.id, 'username': user.username, 'api_key': None}],
                  'no key without force')
        data = assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin,
                                   query={'page': position, 'per_page': 1, 'force': 'on'}))
        [item] = data['list']
        assert HEX32.fullmatch(item['api_key'] or ''), item
        assert_eq(sql("SELECT api_key FROM user_api_key WHERE user_id = %s", user.id),
                  [(item['api_key'],)], 'created key stored')
        # Users that have a key keep it.
        assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin,
                            query={'page': position, 'per_page': 1, 'force': 'yes'}))
        assert_eq(sql("SELECT api_key FROM user_api_key WHERE user_id = %s", user.id),
                  [(item['api_key'],)], 'still one key')


def test_hash_and_post_body():
    admin = authenticate('admin', 'admin')
    everyone = users()
    with admin_pool() as pool:
        data = assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin,
                                   query={'hash': json.dumps({'page': 2, 'per_page': 1})}))
        assert_eq(data['list'], everyone[1:2], 'paging from hash')
        # POST values are not read.
        data = assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin,
                                   {'page': 2, 'per_page': 1}))
        assert_eq(data['list'], everyone[:30], 'defaults')


def test_multiple_access_urls():
    admin = authenticate('admin', 'admin')
    campus = int(sql_exec("INSERT INTO access_url (url, description, active, created_by)"
                          " VALUES (%s, '', 1, 1) RETURNING id",
                          'http://%s.example.org/' % uniq('keys'))[0][0])
    user = new_user()
    sql_exec('INSERT INTO access_url_rel_user (access_url_id, user_id) VALUES (%s, %s)',
             campus, user.id)
    try:
        with admin_pool(multiple_access_urls='on') as pool:
            data = assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin,
                                       query={'url_id': campus}))
            assert_eq((data['total'], data['list']),
                      (1, [{'id': user.id, 'username': user.username, 'api_key': None}]),
                      'users of the campus')
            data = assert_ok(pool_call(pool, 'get_users_api_keys', 'admin', admin))
            on_one = users('u.id IN (SELECT user_id FROM access_url_rel_user'
                           ' WHERE access_url_id = 1)')
            assert_eq(data['total'], len(on_one), 'users of the current campus')
            assert_eq(data['list'], on_one[:30], 'listed')
    finally:
        sql_exec('DELETE FROM access_url_rel_user WHERE access_url_id = %s', campus)
        sql_exec('DELETE FROM access_url WHERE id = %s', campus)


@both_encodings
def test_bad_paging(enc):
    admin = authenticate('admin', 'admin')
    with admin_pool() as pool:
        for query, name in (({'page': 0}, 'page'), ({'page': -1}, 'page'), ({'page': 'abc'}, 'page'),
                            ({'page': ''}, 'page'), ({'page': ['2']}, 'page'),
                            ({'per_page': -5}, 'per_page'), ({'per_page': ['1']}, 'per_page'),
                            ({'url_id': ['1']}, 'url_id'),
                            ({'page': 2 ** 62, 'per_page': 1000}, 'page')):
            assert_error(pool_call(pool, 'get_users_api_keys', 'admin', admin, query=query,
                                   encoding=enc), msg('BadParameter', name))


@both_encodings
def test_not_allowed(enc):
    admin = authenticate('admin', 'admin')
    user = new_user(status=1)
    since = last_event_id()
    assert_error(call('get_users_api_keys', 'admin', admin, encoding=enc), msg('NotAllowed'))
    with admin_pool() as pool:
        assert_error(pool_call(pool, 'get_users_api_keys', user.username, user.key(),
                               query={'force': '1'}, encoding=enc), msg('NotAllowed'))
    assert_eq([e for e in events_since(since) if e[0] == 'access_ws_get_users_api_keys'], [],
              'no event row')
    assert_error(api('get_users_api_keys', {'username': 'admin'}, encoding=enc),
                 msg('InvalidApiKey'))


def test_force_is_all_or_nothing():
    """A database error while creating the second key rolls back the first."""
    admin = authenticate('admin', 'admin')
    first, second = new_user(), new_user()
    upto = int(sql_value('SELECT count(*) FROM "user" WHERE id <= %s', second.id))
    with failing_trigger('user_api_key', 'NEW.user_id = %d' % second.id, when='BEFORE INSERT'):
        with admin_pool() as pool:
            resp = pool_call(pool, 'get_users_api_keys', 'admin', admin,
                             query={'page': 1, 'per_page': upto, 'force': '1'})
        assert resp.status == 500, resp
        assert_eq(resp.json, {'error': True,
                              'message': 'An error has occured. Please contact your system'
                                         ' administrator.'}, 'envelope')
        assert_eq(sql('SELECT user_id FROM user_api_key WHERE user_id IN (%s, %s)',
                      first.id, second.id), [], 'no key kept')
