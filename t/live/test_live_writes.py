"""Live mode's writes (live_campus = on with live_mariadb_url,
docs/live-campus.md): every write action of the action table, called once
through a pool in live mode on the fixture campus's real data, as an admin
or as the role the action needs. For each: the answer; the row MariaDB now
holds (MariaDB is the campus: a write the pool kept in PostgreSQL fails);
the same rows already in PostgreSQL when the answer arrives (read your
writes: the copy is read before MariaDB, right after the answer); every
other table MariaDB changed equal on both sides soon after (bookkeeping
rows come behind the answer); and, where a read action shows it, the next
read through the API. A write action without a case here fails the first
test. A failing write leaves MariaDB as it was.

Objects the fixture lacks are made in MariaDB first, as Chamilo's pages
make them (ids from AUTO_INCREMENT), and followed into the copy before the
call. Runs last of t/live (after test_live_write_path.py), and alone with
-k: the copy is made again first, and followed from there.
"""

import collections
import json
import os
import subprocess
import sys
import time
import urllib.parse
import uuid

import harness

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_follow as tf  # noqa: E402  (which puts t/import on the path)
import import_common as ic  # noqa: E402
from harness import Pool

TYPE_INDEPENDENT = True
STATE = {}

# The fixture's accounts (t/fixtures/README.md) and their keys.
ADMIN = ('admin', 'eb961ce55bf0ed01ddd8ba5ccf49b484', 1)
TINA = ('tina_g2', 'a101a101a101a101a101a101a101a101', 101)   # teacher of course 101
SAM = ('sam_g2', 'b102b102b102b102b102b102b102b102', 102)     # student of course 101
SUE = ('sue_g2', 'c103c103c103c103c103c103c103c103', 103)     # student of courses 101, 102
COURSE, PASSWORD_COURSE = 101, 102                           # FIXG2, FIXG2PW (secretpw)
FORUM, THREAD, ASSIGNMENT = 1001, 1001, 1001                  # in course 101
MODEL_SESSION = 101                                           # holds course 101

# Tables the pool's bookkeeping writes behind the answers (track_activity,
# log_events): equal on both sides soon after a call, not at its answer.
BOOKKEEPING = ('track_e_online', 'track_e_login', 'track_e_access', 'track_e_lastaccess',
               'track_e_course_access', 'track_e_default')
# user.last_login is the bookkeeping's too: left out of the tables' digests.
BOOKKEEPING_COLUMNS = {('user', 'last_login')}


# ------------------------------------------------------------------ the two databases

def my(query):
    """Rows of a MariaDB query written in standard SQL ("user" quoted)."""
    return ic.my("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES'); " + query)


def rows_of(rows):
    """Rows of either side as lists of str, SQL NULL as None."""
    return [[None if v in (None, 'NULL') else v for v in row] for row in rows]


def both(query):
    """(PostgreSQL's rows, MariaDB's rows) of one standard SQL query, the
    copy read first: right after an answer, the copy must already hold
    what MariaDB holds."""
    copy = rows_of(ic.pg(query))
    return copy, rows_of(my(query))


def q(value):
    """A MariaDB literal."""
    if value is None:
        return 'NULL'
    if isinstance(value, int):
        return str(value)
    return "'%s'" % str(value).replace('\\', '\\\\').replace("'", "\\'")


def my_columns(table):
    """MariaDB's columns of table but the AUTO_INCREMENT one, in order."""
    cache = STATE.setdefault('my_columns', {})
    if table not in cache:
        cache[table] = [r[0] for r in ic.my(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'chamilo'"
            " AND table_name = '%s' AND extra NOT LIKE '%%auto_increment%%'"
            " ORDER BY ordinal_position" % table)]
    return cache[table]


def my_copy_row(table, where, changes):
    """Inserts in MariaDB a copy of the row of table matching where, with
    changes ({column: value}) and a new AUTO_INCREMENT id; returns the id."""
    cols = my_columns(table)
    exprs = [q(changes[c]) if c in changes else '`%s`' % c for c in cols]
    rows = ic.my('INSERT INTO `%s` (%s) SELECT %s FROM `%s` WHERE %s; SELECT LAST_INSERT_ID()'
                 % (table, ', '.join('`%s`' % c for c in cols), ', '.join(exprs), table, where))
    return int(rows[-1][0])


def my_insert(table, values):
    """Inserts one row in MariaDB; returns its AUTO_INCREMENT id (0: none)."""
    rows = ic.my('INSERT INTO `%s` (%s) VALUES (%s); SELECT LAST_INSERT_ID()'
                 % (table, ', '.join('`%s`' % c for c in values),
                    ', '.join(q(v) for v in values.values())))
    return int(rows[-1][0])


def gtid_seqs(pos):
    """{domain: sequence number} of a GTID list."""
    seqs = {}
    for gtid in filter(None, (pos or '').split(',')):
        domain, _, seq = gtid.strip().split('-')
        seqs[domain] = int(seq)
    return seqs


def followed(timeout=10):
    """Waits until the copy holds everything MariaDB committed so far (the
    follower may be further on: bookkeeping rows keep coming)."""
    target = gtid_seqs(ic.my('SELECT @@gtid_binlog_pos')[0][0])

    def reached():
        pos = gtid_seqs(ic.pg_value('SELECT gtid_pos FROM live_follow_state'))
        return all(pos.get(k, -1) >= seq for k, seq in target.items())
    tf._wait('the follower applied %s' % target, reached, timeout)


def uniq(prefix):
    return '%s%s' % (prefix, uuid.uuid4().hex[:8])


# ------------------------------------------------------------------ digests of both sides

def shared_columns():
    """{table: [columns both sides have]} of the followed tables."""
    if 'columns' not in STATE:
        ours = collections.defaultdict(list)
        for table, col in ic.pg("SELECT c.relname, a.attname FROM pg_attribute a"
                                " JOIN pg_class c ON c.oid = a.attrelid"
                                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                                " WHERE n.nspname = 'public' AND c.relkind = 'r'"
                                " AND a.attnum > 0 AND NOT a.attisdropped"
                                " ORDER BY c.relname, a.attnum"):
            ours[table].append(col)
        theirs = collections.defaultdict(set)
        for table, col in ic.my("SELECT table_name, column_name FROM information_schema.columns"
                                " WHERE table_schema = 'chamilo'"):
            theirs[table].add(col)
        STATE['columns'] = {
            t: [c for c in cols if c in theirs[t] and (t, c) not in BOOKKEEPING_COLUMNS]
            for t, cols in ours.items() if t in theirs}
    return STATE['columns']


def _row_text_my(cols):
    return "CONCAT_WS(',', %s)" % ', '.join(
        "IFNULL(HEX(CAST(`%s` AS CHAR)), '-')" % c for c in cols)


def _row_text_pg(cols):
    return "concat_ws(',', %s)" % ', '.join(
        "coalesce(upper(encode(convert_to(\"%s\"::text, 'UTF8'), 'hex')), '-')" % c for c in cols)


def digests_my(tables=None):
    """{table: digest of its rows} in MariaDB (shared columns only)."""
    cols = shared_columns()
    tables = sorted(tables or cols)
    rows = ic.my('SET SESSION group_concat_max_len = 1073741824; ' + ' UNION ALL '.join(
        "SELECT '%s', COUNT(*), IFNULL(MD5(GROUP_CONCAT(r ORDER BY BINARY r SEPARATOR ';')), '')"
        " FROM (SELECT %s AS r FROM `%s`) x" % (t, _row_text_my(cols[t]), t) for t in tables))
    return {r[0]: '%s/%s' % (r[1], r[2]) for r in rows}


def digests_pg(tables=None):
    """The same digests of the copy."""
    cols = shared_columns()
    tables = sorted(tables or cols)
    rows = ic.pg(' UNION ALL '.join(
        "SELECT '%s', count(*), coalesce(md5(string_agg(r, ';' ORDER BY r COLLATE \"C\")), '')"
        " FROM (SELECT %s AS r FROM \"%s\") x" % (t, _row_text_pg(cols[t]), t) for t in tables))
    return {r[0]: '%s/%s' % (r[1], r[2]) for r in rows}


def row_differences(table):
    """(rows only MariaDB has, rows only the copy has) of table, as Counters."""
    cols = shared_columns()[table]
    mine = collections.Counter(
        r[0] for r in ic.my('SELECT %s FROM `%s`' % (_row_text_my(cols), table)))
    copy = collections.Counter(
        r[0] for r in ic.pg('SELECT %s FROM "%s"' % (_row_text_pg(cols), table)))
    return mine - copy, copy - mine


def same_as_at_start(table):
    """True when the copy differs from MariaDB in table only as it did once
    the copy was made (rows the import and the follower leave out)."""
    return row_differences(table) == STATE['baseline'].get(table, (collections.Counter(),) * 2)


# ------------------------------------------------------------------ the pool

class LiveWritePool(Pool):
    """A pool in live mode whose writes go to MariaDB, bookkeeping on."""

    def __init__(self, account=None):
        url = tf.pool_mariadb_url()
        if account:
            url = 'mysql://%s:%s@127.0.0.1:%s/chamilo' % (account + (ic.mysql_env()['MYSQL_PORT'],))
        settings = {
            'live_campus': 'on', 'live_mariadb_url': url,
            'track_activity': 'on', 'log_events': 'on',
            'webservice_enable_adminonly_api': 'on', 'workers': '2'}
        super().__init__(settings)

    def call(self, action, caller, params=None, query=None):
        """The answer's (HTTP status, JSON) of action called by caller
        ((username, key, id), or None for a public call); params go in a
        urlencoded body, query in the query string (PHP-style nesting)."""
        fields = {'action': action}
        if caller:
            fields.update(username=caller[0], api_key=caller[1])
        fields.update(params or {})
        body = urllib.parse.urlencode(harness.flatten_params(fields)).encode()
        env, _ = harness.fcgi_form({})
        env['QUERY_STRING'] = urllib.parse.urlencode(harness.flatten_params(query or {}))
        status, _, answer = self.request(env, body)
        return status, json.loads(answer)


def call(action, caller, params=None, query=None):
    return STATE['pool'].call(action, caller, params, query)


def read(action, caller, params=None):
    """The data of a read action's success."""
    status, body = call(action, caller, params)
    assert status == 200 and body.get('error') is False, (action, status, body)
    return body['data']


def shows(action, caller, params, marker, present=True):
    """The next read through the API: marker (a unique name) is in the data
    of action's answer, or (present False) is not."""
    text = json.dumps(read(action, caller, params), ensure_ascii=False)
    assert (marker in text) == present, '%s %s %r: %s' % (
        action, 'lacks' if present else 'still shows', marker, text[:2000])


def write(action, caller, params=None, query=None, tables=()):
    """Calls the write action and checks both sides around it: a success;
    the tables named changed in MariaDB; every table MariaDB changed holds
    the same rows in the copy soon after (the action's own rows are compared
    right after the answer by check()). Returns the answer's JSON."""
    before = digests_my()
    status, body = call(action, caller, params, query)
    assert status == 200 and body.get('error') is False, '%s: HTTP %d %r' % (action, status, body)
    after = digests_my()
    changed = {t for t in after if after[t] != before[t]}
    missing = set(tables) - changed
    assert not missing, '%s: MariaDB has no change in %s (changed: %s)' % (
        action, sorted(missing), sorted(changed))

    def converged():
        copy = digests_pg(changed) if changed else {}
        mine = digests_my(changed) if changed else {}
        return all(copy[t] == mine[t] or same_as_at_start(t) for t in changed)
    tf._wait('%s: the copy of %s equal to MariaDB' % (action, sorted(changed)), converged, 10)
    return body


def check(query, expected, what=''):
    """The action's rows, right after its answer: the copy holds what
    MariaDB holds (read first), and MariaDB holds expected."""
    copy, mine = both(query)
    harness.assert_eq(mine, expected, what + ' in MariaDB' if what else 'MariaDB')
    harness.assert_eq(copy, mine, (what + ': ' if what else '') + 'the copy right after the answer')


# ------------------------------------------------------------------ objects made in MariaDB

def new_user(key=False, like=106):
    """(username, key or None, id): a student as Chamilo's admin pages make
    one (a copy of dave_g2's row, same password), on campus 1."""
    name = uniq('lw_')
    uid = my_copy_row('user', 'id = %d' % like, {
        'username': name, 'username_canonical': name, 'email': name + '@example.org',
        'email_canonical': name + '@example.org', 'firstname': 'Live', 'lastname': name,
        'last_login': None})
    ic.my('UPDATE user SET user_id = id WHERE id = %d' % uid)
    my_insert('access_url_rel_user', {'access_url_id': 1, 'user_id': uid})
    api_key = None
    if key:
        api_key = uuid.uuid4().hex
        my_insert('user_api_key', {'user_id': uid, 'api_key': api_key, 'api_service': 'MsgREST',
                                   'created_date': '2026-01-01 00:00:00'})
    return name, api_key, uid


def new_course():
    """(id, code) of a course copied from FIXG2PW, on campus 1, taught by tina_g2."""
    code = uniq('LW').upper()
    cid = my_copy_row('course', 'id = %d' % PASSWORD_COURSE, {
        'code': code, 'directory': code, 'visual_code': code, 'title': 'Live ' + code,
        'registration_code': ''})
    my_insert('access_url_rel_course', {'c_id': cid, 'access_url_id': 1})
    my_insert('course_rel_user', {'user_id': TINA[2], 'c_id': cid, 'relation_type': 0,
                                  'status': 1, 'is_tutor': 0, 'sort': 1, 'user_course_cat': 0})
    return cid, code


def new_session(course=COURSE):
    """The id of a session copied from session 103, holding course."""
    sid = my_copy_row('session', 'id = 103', {'name': uniq('Live session '), 'nbr_users': 0,
                                              'nbr_courses': 1})
    my_insert('access_url_rel_session', {'access_url_id': 1, 'session_id': sid})
    my_insert('session_rel_course', {'session_id': sid, 'c_id': course, 'nbr_users': 0,
                                     'position': 0})
    return sid


def new_group(members=()):
    """The id of a class copied from the fixture's class, with members."""
    gid = my_copy_row('usergroup', 'id = 1', {'name': uniq('Live class ')})
    for uid in members:
        my_insert('usergroup_rel_user', {'user_id': uid, 'usergroup_id': gid, 'relation_type': 0})
    return gid


def new_message(receiver=SAM[2], status=1):
    """The id of an inbox copy of a message from admin to receiver."""
    return my_insert('message', {'user_sender_id': 1, 'user_receiver_id': receiver,
                                 'msg_status': status, 'send_date': '2026-11-30 10:00:00',
                                 'title': uniq('Live message '), 'content': 'Text',
                                 'group_id': 0, 'parent_id': 0,
                                 'update_date': '2026-11-30 10:00:00'})


def new_submission(**changes):
    """The id of an active submission of sue_g2 to the fixture's assignment
    (a copy of essay.txt, id = iid as Chamilo writes it)."""
    iid = my_copy_row('c_student_publication', 'iid = 1002',
                      dict({'active': 1, 'user_id': SUE[2], 'title': uniq('live_') + '.txt'},
                           **changes))
    ic.my('UPDATE c_student_publication SET id = iid WHERE iid = %d' % iid)
    return iid


# ------------------------------------------------------------------ setup

def setup_module():
    STATE['proc'] = tf.follow_a_fresh_copy()
    followed()
    mine, copy = digests_my(), digests_pg()
    STATE['baseline'] = {t: row_differences(t) for t in mine if mine[t] != copy[t]}
    STATE['pool'] = LiveWritePool().__enter__()


def teardown_module():
    tf.stop_pool_and_follower(STATE)


def write_actions():
    """The write actions of the binary's action table."""
    out = subprocess.run([os.path.join(harness.STACK_DIR, 'bin', 'chamilo-fcgi'), '--list-actions'],
                         capture_output=True, text=True, check=True).stdout
    return [a['name'] for a in json.loads(out) if 'WRITE' in a['flags']]


def test_every_write_action_has_a_live_case():
    actions = write_actions()
    assert len(actions) >= 49, actions
    for name in actions:
        assert callable(globals().get('test_' + name)), 'no live case for %s' % name


# ------------------------------------------------------------------ users

def test_authenticate():
    name, _, uid = new_user()
    followed()
    body = write('authenticate', None, {'username': name, 'password': 'davepass'},
                 tables=['user_api_key'])
    key = body['data']['apiKey']
    check("SELECT api_key FROM user_api_key WHERE user_id = %d AND api_service = 'MsgREST'" % uid,
          [[key]], 'the new key')
    harness.assert_eq(read('user_profile', (name, key))['username'], name)


def test_gcm_id():
    user = new_user(key=True)
    followed()
    value = uniq('REG-')
    write('gcm_id', user, {'registration_id': value}, tables=['extra_field_values'])
    check("SELECT v.value FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
          " WHERE f.variable = 'gcm_registration_id' AND f.extra_field_type = 1"
          " AND v.item_id = %d" % user[2], [[value]], 'the registration id')


def test_logout():
    user = new_user(key=True)
    followed()
    read('user_profile', user)  # a visit: the bookkeeping makes the online row
    tf._wait('the visit recorded in MariaDB', lambda: my(
        'SELECT 1 FROM track_e_online WHERE login_user_id = %d' % user[2]), 10)
    followed()
    write('logout', user, tables=['track_e_online'])
    online = 'SELECT count(*) FROM track_e_online WHERE login_user_id = %d' % user[2]
    check(online, [['0']], 'the online row')
    # The logout call's own bookkeeping, behind the answer, must not put
    # the caller back online.
    time.sleep(1)
    followed()
    check(online, [['0']], 'the online row once the bookkeeping is written')


def test_save_user():
    name = uniq('lw_')
    body = write('save_user', ADMIN, {'loginname': name, 'password': 'pw-' + name,
                                      'firstname': 'Saved', 'lastname': 'User',
                                      'email': name + '@example.org', 'status': 5},
                 tables=['user', 'access_url_rel_user'])
    uid = body['data'][0]
    check('SELECT id, username, firstname, status, active FROM "user" WHERE username = \'%s\''
          % name, [[str(uid), name, 'Saved', '5', '1']], 'the user')
    check('SELECT access_url_id FROM access_url_rel_user WHERE user_id = %d' % uid, [['1']],
          'on campus 1')
    harness.assert_eq(read('get_user_info_from_username', ADMIN, {'loginname': name})['id'], uid,
                      'read back')


def test_save_user_get_apikey():
    name = uniq('lw_')
    body = write('save_user_get_apikey', ADMIN,
                 {'loginname': name, 'password': 'pw-' + name, 'firstname': 'Keyed',
                  'lastname': 'User', 'email': name + '@example.org', 'status': 5},
                 tables=['user', 'user_api_key'])
    uid, key = body['data']['id'], body['data']['api_key']
    check('SELECT username FROM "user" WHERE id = %d' % uid, [[name]], 'the user')
    check("SELECT api_key FROM user_api_key WHERE user_id = %d" % uid, [[key]], 'the key')
    harness.assert_eq(read('user_profile', (name, key))['username'], name)


def test_save_user_json():
    name = uniq('lw_')
    fields = {'loginname': name, 'password': 'pw-' + name, 'firstname': 'Json',
              'lastname': 'User', 'email': name + '@example.org', 'status': 5}
    body = write('save_user_json', ADMIN, {'json': json.dumps(fields)}, tables=['user'])
    check('SELECT id, firstname FROM "user" WHERE username = \'%s\'' % name,
          [[str(body['data'][0]), 'Json']], 'the user')
    harness.assert_eq(read('username_exist', ADMIN, {'loginname': name}), [True], 'read back')


def test_update_user_from_username():
    name, _, uid = new_user()
    followed()
    write('update_user_from_username', ADMIN,
          {'loginname': name, 'firstname': 'Changed', 'phone': '555-0101'}, tables=['user'])
    check('SELECT firstname, phone FROM "user" WHERE id = %d' % uid, [['Changed', '555-0101']],
          'the user')
    harness.assert_eq(read('get_user_info_from_username', ADMIN, {'loginname': name})['firstname'],
                      'Changed', 'read back')


def test_update_user_apikey():
    user = new_user(key=True)
    followed()
    body = write('update_user_apikey', user, {'user_id': user[2], 'current_api_key': user[1]},
                 tables=['user_api_key'])
    key = body['data']['api_key']
    assert key != user[1], body
    check("SELECT api_key FROM user_api_key WHERE user_id = %d AND api_service = 'MsgREST'"
          % user[2], [[key]], 'the key')
    harness.assert_eq(read('user_profile', (user[0], key))['username'], user[0])
    harness.assert_eq(call('user_profile', user),
                      (200, {'error': True, 'message': harness.msg('InvalidApiKey')}), 'old key')


def test_delete_user():
    name, _, uid = new_user(key=True)
    followed()
    body = write('delete_user', ADMIN, {'user_id': uid},
                 tables=['user', 'user_api_key', 'access_url_rel_user'])
    harness.assert_eq(body['data'], {'status': True})
    check('SELECT count(*) FROM "user" WHERE id = %d' % uid, [['0']], 'the user')
    check('SELECT count(*) FROM user_api_key WHERE user_id = %d' % uid, [['0']], 'the keys')
    harness.assert_eq(read('username_exist', ADMIN, {'loginname': name}), [False], 'read back')


def test_get_users_api_keys():
    name, _, uid = new_user()
    followed()
    body = write('get_users_api_keys', ADMIN, query={'force': 1, 'per_page': 100000},
                 tables=['user_api_key'])
    listed = {int(u['id']): u['api_key'] for u in body['data']['list']}
    assert listed.get(uid), body
    check("SELECT api_key FROM user_api_key WHERE user_id = %d AND api_service = 'MsgREST'" % uid,
          [[listed[uid]]], 'the key given')
    harness.assert_eq(read('user_profile', (name, listed[uid]))['username'], name)


def test_get_user_api_key():
    name, _, uid = new_user()
    followed()
    body = write('get_user_api_key', ADMIN, query={'user': name, 'force': 1},
                 tables=['user_api_key'])
    key = body['data']['api_key'] if isinstance(body['data'], dict) else None
    assert key, body
    check("SELECT api_key FROM user_api_key WHERE user_id = %d AND api_service = 'MsgREST'" % uid,
          [[key]], 'the key given')
    harness.assert_eq(read('user_profile', (name, key))['username'], name)


def test_update_user_pause_training():
    # The PauseTraining plugin's install makes its four user fields.
    for variable in ('pause_formation', 'start_pause_date', 'end_pause_date', 'disable_emails'):
        if not ic.my("SELECT id FROM extra_field WHERE extra_field_type = 1 AND variable = '%s'"
                     % variable):
            my_insert('extra_field', {'extra_field_type': 1, 'field_type': 1, 'variable': variable,
                                      'display_text': variable, 'visible_to_self': 0,
                                      'changeable': 0, 'filter': 0,
                                      'created_at': '2026-01-01 00:00:00'})
    name, _, uid = new_user()
    followed()
    write('update_user_pause_training', ADMIN,
          {'user_id': uid, 'pause_formation': 1, 'start_pause_date': '2027-01-01 10:00',
           'end_pause_date': '2027-02-01 10:00', 'disable_emails': 1},
          tables=['extra_field_values'])
    check("SELECT f.variable, v.value FROM extra_field_values v JOIN extra_field f"
          " ON f.id = v.field_id WHERE v.item_id = %d AND f.extra_field_type = 1"
          " AND f.variable IN ('pause_formation', 'start_pause_date', 'end_pause_date',"
          " 'disable_emails') ORDER BY f.variable" % uid,
          [['disable_emails', '1'], ['end_pause_date', '2027-02-01 10:00'],
           ['pause_formation', '1'], ['start_pause_date', '2027-01-01 10:00']], 'the values')


def test_update_condition_accepted():
    user = new_user(key=True)
    followed()
    write('update_condition_accepted', user, {'legal_accept_type': '1:14'},
          tables=['extra_field_values'])
    copy, mine = both("SELECT v.value FROM extra_field_values v JOIN extra_field f"
                      " ON f.id = v.field_id WHERE f.variable = 'legal_accept'"
                      " AND f.extra_field_type = 1 AND v.item_id = %d" % user[2])
    assert len(mine) == 1 and mine[0][0].startswith('1:14:'), mine
    harness.assert_eq(copy, mine, 'the copy right after the answer')


# ------------------------------------------------------------------ messages

def new_messages(user):
    return read('get_count_new_messages', user)['ms_inbox']


def test_set_message_read():
    user = new_user(key=True)
    mid = new_message(user[2])
    followed()
    unread = new_messages(user)
    write('set_message_read', user, {'message_id': mid}, tables=['message'])
    check('SELECT msg_status FROM message WHERE id = %d' % mid, [['0']], 'read')
    harness.assert_eq(new_messages(user), unread - 1, 'read back')


def test_user_message_read():
    user = new_user(key=True)
    mid = new_message(user[2])
    followed()
    unread = new_messages(user)
    body = write('user_message_read', user, {'messages': [mid]}, tables=['message'])
    harness.assert_eq(body['data'], {str(mid): True})
    check('SELECT msg_status FROM message WHERE id = %d' % mid, [['0']], 'read')
    harness.assert_eq(new_messages(user), unread - 1, 'read back')


def test_user_message_unread():
    user = new_user(key=True)
    mid = new_message(user[2], status=0)
    followed()
    unread = new_messages(user)
    body = write('user_message_unread', user, {'messages': [mid]}, tables=['message'])
    harness.assert_eq(body['data'], {str(mid): True})
    check('SELECT msg_status FROM message WHERE id = %d' % mid, [['1']], 'unread')
    harness.assert_eq(new_messages(user), unread + 1, 'read back')


def test_delete_user_message():
    mid = new_message()
    title = my('SELECT title FROM message WHERE id = %d' % mid)[0][0]
    followed()
    shows('user_messages', SAM, {'last': 0}, title)
    write('delete_user_message', SAM, {'message_id': mid}, tables=['message'])
    check('SELECT msg_status FROM message WHERE id = %d' % mid, [['3']], 'deleted')
    shows('user_messages', SAM, {'last': 0}, title, present=False)


def test_save_user_message():
    subject = uniq('Live subject ')
    write('save_user_message', SAM, {'receivers': [SUE[2]], 'subject': subject, 'text': 'Hello'},
          tables=['message'])
    check("SELECT user_sender_id, user_receiver_id, msg_status FROM message"
          " WHERE title = '%s' ORDER BY msg_status" % subject,
          [['102', '103', '1'], ['102', '103', '4']], 'the inbox and outbox copies')
    shows('user_messages', SUE, {'last': 0}, subject)


# ------------------------------------------------------------------ course tools

def test_save_course_notebook():
    title = uniq('Live note ')
    body = write('save_course_notebook', SAM, {'course': COURSE, 'title': title, 'text': 'Note'},
                 tables=['c_notebook', 'c_item_property'])
    iid = body['data']['registered']
    check('SELECT notebook_id, user_id, title FROM c_notebook WHERE iid = %d' % iid,
          [[str(iid), '102', title]], 'the note')
    shows('course_notebooks', SAM, {'course': COURSE}, title)


def test_save_forum_thread():
    title = uniq('Live thread ')
    body = write('save_forum_thread', SAM, {'course': COURSE, 'forum': FORUM, 'title': title,
                                           'text': 'First post'},
                 tables=['c_forum_thread', 'c_forum_post', 'c_item_property'])
    thread = body['data']['registered']
    check('SELECT thread_title, forum_id, thread_poster_id FROM c_forum_thread'
          ' WHERE c_id = %d AND thread_id = %d' % (COURSE, thread),
          [[title, str(FORUM), '102']], 'the thread')
    check('SELECT post_title FROM c_forum_post WHERE c_id = %d AND thread_id = %d'
          % (COURSE, thread), [[title]], 'its first post')
    shows('course_forum', SAM, {'course': COURSE, 'forum': FORUM}, title)


def test_save_forum_post():
    title = uniq('Live post ')
    write('save_forum_post', SAM, {'course': COURSE, 'forum': FORUM, 'thread': THREAD,
                                   'title': title, 'text': 'A reply'},
          tables=['c_forum_post', 'c_forum_thread', 'c_item_property'])
    check("SELECT poster_id, thread_id, forum_id FROM c_forum_post WHERE post_title = '%s'"
          % title, [['102', str(THREAD), str(FORUM)]], 'the post')
    copy, mine = both("SELECT t.thread_last_post FROM c_forum_thread t WHERE t.c_id = %d"
                      " AND t.thread_id = %d" % (COURSE, THREAD))
    post = my("SELECT iid FROM c_forum_post WHERE post_title = '%s'" % title)
    harness.assert_eq(mine, post, 'the thread\'s last post in MariaDB')
    harness.assert_eq(copy, mine, 'the copy right after the answer')
    shows('course_forumthread', SAM, {'course': COURSE, 'forum': FORUM, 'thread': THREAD}, title)


def test_set_thread_notify():
    user = new_user(key=True)
    my_insert('course_rel_user', {'user_id': user[2], 'c_id': COURSE, 'relation_type': 0,
                                  'status': 5, 'is_tutor': 0, 'sort': 1, 'user_course_cat': 0})
    followed()
    write('set_thread_notify', user, {'course': COURSE, 'thread': THREAD},
          tables=['c_forum_notification'])
    check('SELECT thread_id FROM c_forum_notification WHERE c_id = %d AND user_id = %d'
          % (COURSE, user[2]), [[str(THREAD)]], 'the subscription')


def test_put_course_work_visibility():
    shown = my('SELECT accepted FROM c_student_publication WHERE c_id = %d AND id = %d'
               % (COURSE, ASSIGNMENT))[0][0]
    status = 0 if shown == '1' else 1
    write('put_course_work_visibility', TINA, {'course': COURSE, 'work': ASSIGNMENT,
                                               'status': status},
          tables=['c_student_publication', 'c_item_property'])
    check('SELECT accepted FROM c_student_publication WHERE c_id = %d AND id = %d'
          % (COURSE, ASSIGNMENT), [[str(status)]], 'the assignment')
    check("SELECT visibility FROM c_item_property WHERE c_id = %d AND tool = 'work' AND ref = %d"
          " AND session_id IS NULL" % (COURSE, ASSIGNMENT), [[str(status)]], 'its item property')


def test_delete_work_student_item():
    item = new_submission()
    followed()
    body = write('delete_work_student_item', TINA, {'course': COURSE, 'work': item},
                 tables=['c_student_publication'])
    harness.assert_eq(body['data'], {'message': harness.msg('TheDocumentHasBeenDeleted')})
    check('SELECT active FROM c_student_publication WHERE iid = %d' % item, [['2']], 'deleted')


def test_delete_work_corrections():
    item = new_submission(url_correction='corrections/live.pdf', title_correction='corr')
    followed()
    write('delete_work_corrections', TINA, {'course': COURSE, 'work': ASSIGNMENT},
          tables=['c_student_publication'])
    check('SELECT url_correction, title_correction FROM c_student_publication WHERE iid = %d'
          % item, [['', '']], 'the correction removed')


# ------------------------------------------------------------------ courses

def test_save_course():
    code = uniq('LWS').upper()
    body = write('save_course', ADMIN, {'title': 'Live saved ' + code, 'wanted_code': code,
                                        'remove_campus_id_from_wanted_code': 1},
                 tables=['course', 'access_url_rel_course', 'course_rel_user'])
    cid = int(body['data']['id'])
    check('SELECT code, title FROM course WHERE id = %d' % cid,
          [[body['data']['code_course'], 'Live saved ' + code]], 'the course')
    check('SELECT user_id, status FROM course_rel_user WHERE c_id = %d' % cid, [['1', '1']],
          'its teacher')
    check('SELECT access_url_id FROM access_url_rel_course WHERE c_id = %d' % cid, [['1']],
          'on campus 1')
    shows('get_courses', ADMIN, {}, body['data']['code_course'])


def test_delete_course():
    cid, code = new_course()
    followed()
    write('delete_course', ADMIN, {'course_id': cid},
          tables=['course', 'course_rel_user', 'access_url_rel_course'])
    check('SELECT count(*) FROM course WHERE id = %d' % cid, [['0']], 'the course')
    check('SELECT count(*) FROM course_rel_user WHERE c_id = %d' % cid, [['0']], 'its members')
    shows('get_courses', ADMIN, {}, code, present=False)


def test_subscribe_user_to_course():
    name, _, uid = new_user()
    followed()
    write('subscribe_user_to_course', ADMIN, {'course_id': PASSWORD_COURSE, 'user_id': uid,
                                              'status': 5},
          tables=['course_rel_user'])
    check('SELECT status FROM course_rel_user WHERE c_id = %d AND user_id = %d'
          % (PASSWORD_COURSE, uid), [['5']], 'the enrolment')
    members = read('get_users_subscribed_to_course', ADMIN, {'course': PASSWORD_COURSE})
    assert uid in [int(m['user_id']) for m in members], members


def test_subscribe_user_to_course_password():
    user = new_user(key=True)
    followed()
    write('subscribe_user_to_course_password', user, {'code': 'FIXG2PW', 'password': 'secretpw'},
          tables=['course_rel_user'])
    check('SELECT status FROM course_rel_user WHERE c_id = %d AND user_id = %d'
          % (PASSWORD_COURSE, user[2]), [['5']], 'the enrolment')
    shows('get_users_subscribed_to_course', ADMIN, {'course': PASSWORD_COURSE}, user[0])


def test_unsubscribe_user_from_course():
    name, _, uid = new_user()
    my_insert('course_rel_user', {'user_id': uid, 'c_id': PASSWORD_COURSE, 'relation_type': 0,
                                  'status': 5, 'is_tutor': 0, 'sort': 1, 'user_course_cat': 0})
    followed()
    write('unsubscribe_user_from_course', ADMIN, {'course_id': PASSWORD_COURSE, 'user_id': uid},
          tables=['course_rel_user'])
    check('SELECT count(*) FROM course_rel_user WHERE c_id = %d AND user_id = %d'
          % (PASSWORD_COURSE, uid), [['0']], 'the enrolment')
    shows('get_users_subscribed_to_course', ADMIN, {'course': PASSWORD_COURSE}, name,
          present=False)


# ------------------------------------------------------------------ sessions and campuses

def test_save_session():
    name = uniq('Live saved session ')
    body = write('save_session', ADMIN, {'name': name, 'coach_username': TINA[2],
                                         'access_start_date': '2027-01-01 00:00:00',
                                         'access_end_date': '2027-12-31 23:59:59'},
                 tables=['session'])
    sid = body['data']['id_session']
    check('SELECT id, id_coach FROM session WHERE name = \'%s\'' % name,
          [[str(sid), str(TINA[2])]], 'the session')
    # No read action lists a session without courses (get_sessions needs one).


def test_create_session_from_model():
    name = uniq('Live model copy ')
    body = write('create_session_from_model', ADMIN,
                 {'modelSessionId': MODEL_SESSION, 'sessionName': name,
                  'startDate': '2027-01-01 00:00:00', 'endDate': '2027-12-31 23:59:59'},
                 tables=['session', 'session_rel_course'])
    sid = body['data'][0]
    check("SELECT id FROM session WHERE name = '%s'" % name, [[str(sid)]], 'the session')
    check('SELECT c_id FROM session_rel_course WHERE session_id = %d' % sid, [[str(COURSE)]],
          'its course')
    shows('get_sessions', ADMIN, {}, name)


def test_update_session():
    sid = new_session()
    followed()
    name, description = uniq('Live renamed '), uniq('Live description ')
    write('update_session', ADMIN, {'session_id': str(sid), 'name': name,
                                    'description': description}, tables=['session'])
    check('SELECT name, description FROM session WHERE id = %d' % sid, [[name, description]],
          'the session')
    shows('get_sessions', ADMIN, {}, name)


def test_add_courses_session():
    sid = new_session()
    followed()
    write('add_courses_session', ADMIN, {'id_session': sid, 'list_courses': [PASSWORD_COURSE]},
          tables=['session_rel_course'])
    check('SELECT c_id FROM session_rel_course WHERE session_id = %d' % sid,
          [[str(PASSWORD_COURSE)]], 'the session\'s courses')


def _session_users_case(action, params_of):
    sid = new_session()
    name, _, uid = new_user()
    followed()
    write(action, ADMIN, params_of(sid, name, uid),
          tables=['session_rel_user', 'session_rel_course_rel_user'])
    check('SELECT user_id FROM session_rel_user WHERE session_id = %d' % sid, [[str(uid)]],
          'the session\'s users')
    check('SELECT user_id, c_id FROM session_rel_course_rel_user WHERE session_id = %d' % sid,
          [[str(uid), str(COURSE)]], 'in its course')
    shows('get_users_subscribed_to_session', ADMIN, {'id_session': sid, 'move_info': 0}, name)


def test_add_users_session():
    _session_users_case('add_users_session',
                        lambda sid, name, uid: {'id_session': sid, 'list_users': [uid]})


def test_subscribe_users_to_session():
    _session_users_case('subscribe_users_to_session',
                        lambda sid, name, uid: {'id_session': sid, 'list_users': [uid]})


def test_subscribe_user_to_session_from_username():
    _session_users_case('subscribe_user_to_session_from_username',
                        lambda sid, name, uid: {'sessionId': sid, 'loginname': name})


def test_unsubscribe_users_from_session():
    sid = new_session()
    name, _, uid = new_user()
    my_insert('session_rel_user', {'session_id': sid, 'user_id': uid, 'relation_type': 0,
                                   'duration': 0, 'registered_at': '2026-11-30 10:00:00'})
    my_insert('session_rel_course_rel_user', {'user_id': uid, 'session_id': sid, 'c_id': COURSE,
                                              'visibility': 1, 'status': 0})
    followed()
    write('unsubscribe_users_from_session', ADMIN, {'id_session': sid, 'list_users': [uid]},
          tables=['session_rel_user', 'session_rel_course_rel_user'])
    check('SELECT count(*) FROM session_rel_user WHERE session_id = %d' % sid, [['0']],
          'the session\'s users')
    check('SELECT count(*) FROM session_rel_course_rel_user WHERE session_id = %d' % sid,
          [['0']], 'in its course')
    shows('get_users_subscribed_to_session', ADMIN, {'id_session': sid, 'move_info': 0}, name,
          present=False)


def test_add_campus():
    url = 'http://%s.example.org/' % uniq('live')
    body = write('add_campus', ADMIN, {'url': url, 'description': 'Live campus', 'active': 1},
                 tables=['access_url'])
    check("SELECT id, description, active FROM access_url WHERE url = '%s'" % url,
          [[str(body['data']['id_campus']), 'Live campus', '1']], 'the campus')


def test_edit_campus():
    cid = my_insert('access_url', {'url': 'http://%s.example.org/' % uniq('live'),
                                   'description': 'Before', 'active': 1, 'created_by': 1,
                                   'tms': '2026-11-30 10:00:00'})
    followed()
    url = 'http://%s.example.org/' % uniq('edited')
    write('edit_campus', ADMIN, {'id': cid, 'url': url, 'description': 'After', 'active': 0},
          tables=['access_url'])
    check('SELECT url, description, active FROM access_url WHERE id = %d' % cid,
          [[url, 'After', '0']], 'the campus')


def test_delete_campus():
    # A campus in use: a user and a course of campus 1 given to it too.
    cid = my_insert('access_url', {'url': 'http://%s.example.org/' % uniq('live'),
                                   'description': 'Doomed', 'active': 1, 'created_by': 1,
                                   'tms': '2026-11-30 10:00:00'})
    my_insert('access_url_rel_user', {'access_url_id': cid, 'user_id': SUE[2]})
    my_insert('access_url_rel_course', {'c_id': PASSWORD_COURSE, 'access_url_id': cid})
    followed()
    body = write('delete_campus', ADMIN, {'id': cid},
                 tables=['access_url', 'access_url_rel_user', 'access_url_rel_course'])
    harness.assert_eq(body['data']['status'], True)
    check('SELECT count(*) FROM access_url WHERE id = %d' % cid, [['0']], 'the campus')
    check('SELECT (SELECT count(*) FROM access_url_rel_user WHERE access_url_id = %d)'
          ' + (SELECT count(*) FROM access_url_rel_course WHERE access_url_id = %d)' % (cid, cid),
          [['0']], 'its links')
    check('SELECT count(*) FROM access_url_rel_user WHERE access_url_id = 1 AND user_id = %d'
          % SUE[2], [['1']], 'the user kept on campus 1')


# ------------------------------------------------------------------ classes

def test_add_group():
    name = uniq('Live class ')
    body = write('add_group', ADMIN, {'name': name, 'description': 'Made live'},
                 tables=['usergroup'])
    check("SELECT id, group_type FROM usergroup WHERE name = '%s'" % name,
          [[str(body['data'][0]), '0']], 'the class')
    harness.assert_eq(read('group_exists', ADMIN, {'name': name}), [True], 'read back')


def test_delete_group():
    gid = new_group(members=[SUE[2]])
    name = my('SELECT name FROM usergroup WHERE id = %d' % gid)[0][0]
    followed()
    write('delete_group', ADMIN, {'id': gid}, tables=['usergroup', 'usergroup_rel_user'])
    check('SELECT count(*) FROM usergroup WHERE id = %d' % gid, [['0']], 'the class')
    harness.assert_eq(read('group_exists', ADMIN, {'name': name}), [False], 'read back')
    check('SELECT count(*) FROM usergroup_rel_user WHERE usergroup_id = %d' % gid, [['0']],
          'its members')


def test_add_group_sub_user():
    gid = new_group()
    name, _, uid = new_user()
    followed()
    write('add_group_sub_user', ADMIN, {'group_id': gid, 'user_id': uid},
          tables=['usergroup_rel_user'])
    check('SELECT user_id FROM usergroup_rel_user WHERE usergroup_id = %d' % gid,
          [[str(uid)]], 'the member')
    shows('get_group_sub_users', ADMIN, {'id': gid}, name)


def test_delete_group_sub_user():
    name, _, uid = new_user()
    gid = new_group(members=[uid])
    followed()
    shows('get_group_sub_users', ADMIN, {'id': gid}, name)
    write('delete_group_sub_user', ADMIN, {'group_id': gid, 'user_id': uid},
          tables=['usergroup_rel_user'])
    check('SELECT count(*) FROM usergroup_rel_user WHERE usergroup_id = %d' % gid, [['0']],
          'the member')
    shows('get_group_sub_users', ADMIN, {'id': gid}, name, present=False)


def test_add_group_sub_course():
    name, _, uid = new_user()
    gid = new_group(members=[uid])
    followed()
    write('add_group_sub_course', ADMIN, {'group_id': gid, 'course_id': PASSWORD_COURSE},
          tables=['usergroup_rel_course', 'course_rel_user'])
    check('SELECT course_id FROM usergroup_rel_course WHERE usergroup_id = %d' % gid,
          [[str(PASSWORD_COURSE)]], 'the link')
    check('SELECT status FROM course_rel_user WHERE c_id = %d AND user_id = %d'
          % (PASSWORD_COURSE, uid), [['5']], 'the member enrolled')
    shows('get_group_sub_courses', ADMIN, {'id': gid}, 'FIXG2PW')


def test_delete_group_sub_course():
    name, _, uid = new_user()
    gid = new_group(members=[uid])
    my_insert('usergroup_rel_course', {'usergroup_id': gid, 'course_id': PASSWORD_COURSE})
    my_insert('course_rel_user', {'user_id': uid, 'c_id': PASSWORD_COURSE, 'relation_type': 0,
                                  'status': 5, 'is_tutor': 0, 'sort': 1, 'user_course_cat': 0})
    followed()
    write('delete_group_sub_course', ADMIN, {'group_id': gid, 'course_id': PASSWORD_COURSE},
          tables=['usergroup_rel_course', 'course_rel_user'])
    check('SELECT count(*) FROM usergroup_rel_course WHERE usergroup_id = %d' % gid, [['0']],
          'the link')
    check('SELECT count(*) FROM course_rel_user WHERE c_id = %d AND user_id = %d'
          % (PASSWORD_COURSE, uid), [['0']], 'the member unenrolled')
    shows('get_group_sub_courses', ADMIN, {'id': gid}, 'FIXG2PW', present=False)


def test_add_group_sub_session():
    name, _, uid = new_user()
    gid = new_group(members=[uid])
    sid = new_session()
    followed()
    write('add_group_sub_session', ADMIN, {'group_id': gid, 'session_id': sid},
          tables=['usergroup_rel_session', 'session_rel_user'])
    check('SELECT session_id FROM usergroup_rel_session WHERE usergroup_id = %d' % gid,
          [[str(sid)]], 'the link')
    check('SELECT user_id FROM session_rel_user WHERE session_id = %d' % sid, [[str(uid)]],
          'the member subscribed')
    shows('get_group_sub_sessions', ADMIN, {'id': gid},
          my('SELECT name FROM session WHERE id = %d' % sid)[0][0])


def test_delete_group_sub_session():
    name, _, uid = new_user()
    gid = new_group(members=[uid])
    sid = new_session()
    my_insert('usergroup_rel_session', {'usergroup_id': gid, 'session_id': sid})
    my_insert('session_rel_user', {'session_id': sid, 'user_id': uid, 'relation_type': 0,
                                   'duration': 0, 'registered_at': '2026-11-30 10:00:00'})
    followed()
    write('delete_group_sub_session', ADMIN, {'group_id': gid, 'session_id': sid},
          tables=['usergroup_rel_session', 'session_rel_user'])
    check('SELECT count(*) FROM usergroup_rel_session WHERE usergroup_id = %d' % gid, [['0']],
          'the link')
    check('SELECT count(*) FROM session_rel_user WHERE session_id = %d' % sid, [['0']],
          'the member unsubscribed')
    shows('get_group_sub_sessions', ADMIN, {'id': gid},
          my('SELECT name FROM session WHERE id = %d' % sid)[0][0], present=False)


# ------------------------------------------------------------------ around the writes

def test_the_answer_waits_for_the_follower():
    user = new_user(key=True)
    mid = new_message(user[2])
    followed()
    # The follower's own row locked for a while: it can apply nothing (its
    # position is written in each transaction it applies), so the answer
    # may come only once the lock is gone.
    hold = 1.5
    locker = subprocess.Popen(
        ['psql', '-X', '-q', '-d', ic.conninfo('chamilo'), '-c',
         'BEGIN; SELECT 1 FROM live_follow_state FOR UPDATE; SELECT pg_sleep(%s); COMMIT;' % hold],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        tf._wait('the follower\'s row locked', lambda: ic.pg_value(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'") == '1', 5)
        locked = time.monotonic()
        status, body = call('set_message_read', user, {'message_id': mid})
        answered = time.monotonic() - locked
    finally:
        locker.wait(timeout=30)
    harness.assert_eq((status, body), (200, {'error': False, 'data': {'status': True}}))
    assert answered > hold - 0.3, 'answered %.2f s into a %.1f s lock of the follower' % (
        answered, hold)
    check('SELECT msg_status FROM message WHERE id = %d' % mid, [['0']], 'read')


def test_ids_mariadb_handed_out_after_the_copy_are_not_taken_again():
    # Chamilo's pages go on creating rows (AUTO_INCREMENT) after the copy
    # was made: the pool's new rows take other ids.
    made = [new_user()[2] for _ in range(3)]
    messages = [new_message(SUE[2]) for _ in range(3)]
    followed()
    name = uniq('lw_')
    body = write('save_user', ADMIN, {'loginname': name, 'password': 'pw-' + name,
                                      'firstname': 'After', 'lastname': 'Copy',
                                      'email': name + '@example.org', 'status': 5},
                 tables=['user'])
    assert body['data'][0] not in made, (body, made)
    check('SELECT username FROM "user" WHERE id = %d' % body['data'][0], [[name]], 'the user')
    subject = uniq('Live after copy ')
    write('save_user_message', SAM, {'receivers': [SUE[2]], 'subject': subject, 'text': 'x'},
          tables=['message'])
    ids = [int(r[0]) for r in my("SELECT id FROM message WHERE title = '%s'" % subject)]
    assert len(ids) == 2 and not set(ids) & set(messages), (ids, messages)
    check("SELECT count(*) FROM message WHERE title = '%s'" % subject, [['2']], 'the copies')


def unchanged_tables():
    """The digests of MariaDB's tables but the bookkeeping's: a failing call
    keeps its event rows (as PHP keeps the ones logged before a failure)."""
    return digests_my([t for t in shared_columns() if t not in BOOKKEEPING])


def test_a_failing_write_leaves_mariadb_unchanged():
    name, key, uid = user = new_user(key=True)
    taken = my('SELECT name FROM usergroup WHERE id = 1')[0][0]
    followed()
    # A first call: its bookkeeping records the user's first login
    # (already_logged_in, an extra field value) before the refusals.
    read('user_profile', user)
    tf._wait('the first login recorded', lambda: my(
        "SELECT 1 FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
        " WHERE f.variable = 'already_logged_in' AND v.item_id = %d" % uid), 10)
    refusals = [
        ('save_user', ADMIN, {'loginname': name, 'password': 'x', 'firstname': 'A',
                              'lastname': 'B', 'email': 'a@example.org', 'status': 5},
         {'error': True, 'message': harness.msg('UserNameNotAvailable')}),
        ('update_user_apikey', user, {'user_id': uid, 'current_api_key': 'not-the-key'},
         {'error': True, 'message': harness.msg('NotAllowed')}),
        ('subscribe_user_to_course', user, {'course_id': COURSE, 'user_id': uid, 'status': 1},
         {'error': True, 'message': harness.msg('NotAllowed')}),
        ('add_group', ADMIN, {'name': taken},
         {'error': True, 'message': harness.msg('XAlreadyExists', taken)}),
        # Refused with a success envelope, as PHP answers it.
        ('delete_user', ADMIN, {'user_id': ADMIN[2]}, {'error': False, 'data': {'status': False}}),
    ]
    for action, caller, params, expected in refusals:
        before = unchanged_tables()
        status, body = call(action, caller, params)
        harness.assert_eq((status, body), (200, expected), action)
        harness.assert_eq(unchanged_tables(), before, 'MariaDB after the refused %s' % action)


def test_a_write_mariadb_refuses_leaves_nothing_on_either_side():
    # An account that may write the note but not its item property: the
    # MariaDB transaction fails half-way and must leave neither row.
    account = ('live_pool_notes', 'live_pool_notes_pw')
    grants = ['c_notebook', 'user', 'extra_field_values'] + list(BOOKKEEPING)
    ic.my("CREATE USER IF NOT EXISTS '%s'@'127.0.0.1' IDENTIFIED BY '%s';"
          " GRANT SELECT ON chamilo.* TO '%s'@'127.0.0.1';" % (account[0], account[1], account[0])
          + ''.join(" GRANT INSERT, UPDATE, DELETE ON chamilo.`%s` TO '%s'@'127.0.0.1';"
                    % (t, account[0]) for t in grants))
    title = uniq('Live refused note ')
    before = unchanged_tables()
    with LiveWritePool(account) as pool:
        status, body = pool.call('save_course_notebook', SAM,
                                 {'course': COURSE, 'title': title, 'text': 'x'})
    assert body.get('error') is True, (status, body)
    check("SELECT count(*) FROM c_notebook WHERE title = '%s'" % title, [['0']], 'the note')
    harness.assert_eq(unchanged_tables(), before, 'MariaDB after the refused write')
