"""The real Chamilo 1.11.32 dump, imported into the stack's (empty) database
under the running pool, then checked in both databases and through the API.

Order matters inside this file: the data checks run before the API calls,
which write tracking rows of their own.
"""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import api, assert_eq, assert_ok, authenticate, call  # noqa: E402
from import_common import (fingerprints, my, pg, pg_value, run_import,  # noqa: E402
                           shared_tables, table_counts_match)

# The fixture's README: every account and its password.
ACCOUNTS = {'admin': 'admin', 'tina_g2': 'fixpass', 'sam_g2': 'fixpass', 'sue_g2': 'fixpass',
            'alice_g2': 'alicepass', 'bob_g2': 'bobpass', 'dave_g2': 'davepass'}
RESULT = {}


def setup_module():
    RESULT['status'], RESULT['out'] = run_import('chamilo')


def test_import_succeeds_with_a_summary():
    out = RESULT['out']
    assert_eq(RESULT['status'], 0, 'exit status; output:\n' + out)
    m = re.search(r'^== done: (\d+) rows read, (\d+) written, (\d+) rejected in [\d.]+ s', out, re.M)
    assert m, 'no summary line in:\n' + out
    read, written, rejected = map(int, m.groups())
    assert_eq((written, rejected), (read, 0), 'rows written and rejected')
    # Progress: one line per table, e.g. the users.
    assert re.search(r'^\s+user\s+read\s+8\s+written\s+8\s+rejected\s+0\b', out, re.M), out


def test_row_counts_of_every_table_match_the_source():
    differ, tables = table_counts_match()
    assert len(tables) >= 70, 'only %d tables compared' % len(tables)
    assert_eq(differ, [], 'tables whose counts differ (table, source, target)')


def test_every_value_is_copied_byte_for_byte():
    # NULL next to '' and 0, PHP-serialized values, HTML, utf8mb3/utf8mb4
    # text, tinyint flags (as integers: -1 stays -1), unsigned ints, datetimes
    # (as written, no time zone shift): every column of every shared table.
    bad = []
    for table in shared_tables():
        cols, src, dst = fingerprints(table)
        if src != dst:
            bad.append('%s (columns %s): %d source rows differ from target'
                       % (table, ','.join(cols), len(set(src) ^ set(dst))))
    assert_eq(bad, [], 'tables with different values')


def test_null_and_empty_string_stay_apart():
    # bob_g2 has phone '' and tina_g2 hr_dept_id NULL next to admin's 0.
    assert_eq(pg("SELECT phone, hr_dept_id::text FROM \"user\" WHERE id IN (1, 101, 105) ORDER BY id"),
              [['000', '0'], ['555-0201', None], ['', '0']], 'phone / hr_dept_id')


def test_flags_are_integers_and_datetimes_unshifted():
    assert_eq(pg_value("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                       " WHERE attrelid = '\"user\"'::regclass AND attname = 'active'"),
              'smallint', 'type of user.active')
    src = my("SELECT active, registration_date, IFNULL(last_login, '-') FROM user WHERE id = 102")[0]
    dst = pg("SELECT active::text, registration_date::text, coalesce(last_login::text, '-')"
             " FROM \"user\" WHERE id = 102")[0]
    assert_eq(dst, src, 'sam_g2 active, registration_date, last_login')


def test_sequences_continue_from_the_auto_increment_counters():
    counters = {r[0]: int(r[1]) for r in my(
        "SELECT table_name, auto_increment FROM information_schema.tables"
        " WHERE table_schema = 'chamilo' AND auto_increment IS NOT NULL")}
    idents = pg("SELECT c.relname, a.attname, pg_get_serial_sequence('public.' || quote_ident(c.relname),"
                " a.attname) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND a.attidentity <> ''")
    checked, above = 0, 0
    for table, col, seq in idents:
        if table not in counters:
            continue
        last, called = pg('SELECT last_value::text, is_called::text FROM %s' % seq)[0]
        top = int(pg_value('SELECT coalesce(max("%s"), 0) FROM "%s"' % (col, table)))
        # The next id handed out: last_value (not called yet) = the counter.
        expected = max(counters[table], top + 1)
        assert_eq((int(last), called), (expected, 'false'), 'next id of %s.%s' % (table, col))
        checked += 1
        above += counters[table] > top + 1
    assert checked >= 60, checked
    # The dump was made with counters above max(id)+1 in several tables.
    assert above >= 10, 'only %d tables had a counter above max+1' % above
    assert_eq(pg_value("SELECT pg_get_serial_sequence('public.c_quiz', 'iid')"),
              'public.c_quiz_iid_seq', 'c_quiz sequence')


def test_staging_schema_and_search_path_are_gone():
    assert_eq(pg("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'chamilo_import%'"), [], 'schemas')
    assert_eq(pg("SELECT s.setconfig::text FROM pg_db_role_setting s JOIN pg_database d"
                 " ON d.oid = s.setdatabase WHERE d.datname = 'chamilo'"), [],
              'database settings left by pgloader')


def test_settings_fragment_is_a_valid_configuration():
    path = os.path.join(harness.STACK_DIR, 'imported-chamilo.conf')
    with open(path, encoding='utf-8') as f:
        text = f.read()
    for line in ('root_web = "http://localhost/"', 'multiple_access_urls = off',
                 'platform_language = "english"', 'account_valid_duration = "3660"',
                 'registration_email_required = "on"', 'split_users_upload_directory = "on"',
                 'server_type = "prod"', 'login_is_email = "off"',
                 'timezone_value = ""', 'use_users_timezone = "on"'):
        assert line in text.split('\n'), 'missing %r in:\n%s' % (line, text)
    binary = os.path.join(harness.STACK_DIR, 'bin', 'chamilo-fcgi')
    res = subprocess.run([binary, '-c', path, '--check'], capture_output=True, text=True)
    assert_eq(res.returncode, 0, 'chamilo-fcgi --check: ' + res.stderr)


# ------------------------------------------------------------------ through the API

def test_every_user_authenticates_with_the_password_they_had():
    keys = {}
    for username, password in ACCOUNTS.items():
        keys[username] = authenticate(username, password)
    # Users with a MsgREST key get that very key back (the first one stored).
    stored = {r[0]: r[1] for r in my(
        "SELECT u.username, k.api_key FROM user_api_key k JOIN user u ON u.id = k.user_id"
        " WHERE k.api_service = 'MsgREST' AND k.id = (SELECT min(id) FROM user_api_key k2"
        " WHERE k2.user_id = k.user_id AND k2.api_service = 'MsgREST')")}
    for username, key in stored.items():
        if username in keys:
            assert_eq(keys[username], key, 'api key of %s' % username)
    assert_eq(keys['tina_g2'], 'a101a101a101a101a101a101a101a101', 'tina_g2 key')
    # A wrong password still fails.
    resp = api('authenticate', {'username': 'sam_g2', 'password': 'wrong'})
    assert resp.json and resp.json.get('error') is True, resp.text


def test_imported_api_keys_work_without_authenticating():
    for user_id, username, key in my(
            "SELECT u.id, u.username, k.api_key FROM user_api_key k JOIN user u ON u.id = k.user_id"
            " WHERE k.api_service = 'MsgREST' AND u.id BETWEEN 101 AND 103"):
        data = assert_ok(call('user_profile', username, key))
        assert_eq((str(data['id']), data['username']), (user_id, username), 'profile with stored key')


def test_login_is_case_insensitive():
    # utf8mb3_unicode_ci on MariaDB: SAM_G2 logs in as sam_g2; so here.
    key = authenticate('SAM_G2', 'fixpass')
    assert_eq(key, 'b102b102b102b102b102b102b102b102', 'key of SAM_G2')
    data = assert_ok(call('user_profile', 'Sam_G2', key))
    assert_eq((data['id'], data['username']), (102, 'sam_g2'), 'profile of Sam_G2')


def test_user_profile_shows_the_imported_people():
    for uid, username, status, code, phone in my(
            "SELECT id, username, status, IFNULL(official_code, '-'), IFNULL(phone, '-')"
            " FROM user WHERE username <> 'anon'"):
        key = authenticate(username, ACCOUNTS[username])
        data = assert_ok(call('user_profile', username, key))
        got = (str(data['id']), data['username'], str(data['status']),
               '-' if data['officialCode'] is None else data['officialCode'],
               '-' if data['phone'] is None else data['phone'])
        assert_eq(got, (uid, username, status, code, phone), 'profile of %s' % username)


def test_user_courses_lists_the_imported_courses():
    # A user's own courses, plus the "special" ones (course extra field
    # special_course = 1) that everybody sees.
    special = {int(r[0]) for r in my(
        "SELECT v.item_id FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
        " WHERE f.extra_field_type = 2 AND f.variable = 'special_course' AND v.value = '1'"
        " AND EXISTS (SELECT 1 FROM course_rel_user m WHERE m.c_id = v.item_id)")}
    assert_eq(special, {101}, 'special courses of the fixture')
    for username in ('sam_g2', 'tina_g2', 'alice_g2', 'sue_g2'):
        key = authenticate(username, ACCOUNTS[username])
        uid = my("SELECT id FROM user WHERE username = '%s'" % username)[0][0]
        data = assert_ok(call('user_courses', username, key, {'user_id': uid}))
        mine = {int(r[0]) for r in my('SELECT c_id FROM course_rel_user WHERE user_id = %s' % uid)}
        got = sorted((c['id'], c['isSpecial']) for c in data)
        assert_eq(got, sorted((cid, cid in special) for cid in mine | special),
                  'courses of %s' % username)
        codes = dict(my('SELECT id, code FROM course'))
        for c in data:
            assert_eq(c['code'], codes[str(c['id'])], 'code of course %s' % c['id'])


def test_get_users_returns_the_imported_people():
    key = authenticate('admin', 'admin')
    for status in ('1', '5'):
        data = assert_ok(call('get_users', 'admin', key, {'status': status}))
        expected = sorted(my('SELECT id, username, email FROM user WHERE status = %s' % status))
        # id is an integer column: a number under php_types 8 (the default).
        assert all(isinstance(u['id'], int) for u in data), data
        got = sorted([str(u['id']), u['username'], u['email']] for u in data)
        assert_eq(got, expected, 'get_users status %s' % status)


# ------------------------------------------------------------------ not yet in the API

def test_messages_come_back_through_the_api():
    # The fixture's messages from admin to sam_g2 (102): an unread inbox copy
    # (msg_status 1), a deleted one (3), and admin's outbox copies (4).
    key = authenticate('sam_g2', ACCOUNTS['sam_g2'])
    unread = [[r[0], r[1]] for r in my(
        'SELECT id, title FROM message WHERE user_receiver_id = 102 AND msg_status = 1 ORDER BY id')]
    got = [[str(m['id']), m['title']] for m in assert_ok(call('user_messages', 'sam_g2', key,
                                                             {'last': 0}))]
    assert_eq(got, unread, 'unread inbox of sam_g2')
    assert_eq(assert_ok(call('get_count_new_messages', 'sam_g2', key))['ms_inbox'], len(unread),
              'unread count of sam_g2')
    admin = authenticate('admin', ACCOUNTS['admin'])
    sent = sorted(r[0] for r in my('SELECT id FROM message WHERE user_sender_id = 1'
                                   ' AND msg_status = 4'))
    got = sorted(str(m['id']) for m in assert_ok(call('user_messages_sent', 'admin', admin)))
    assert_eq(got, sent, 'outbox of admin')


def test_rows_of_actions_not_implemented_yet():
    # course_info, user_sessions and get_groups are not in lib/api/actions.def
    # yet: their rows are checked here with the right ids; the API checks
    # follow when the actions land (the messages are checked through the API
    # above).
    assert_eq(pg("SELECT id::text, code FROM course WHERE id = 101"), [['101', 'FIXG2']], 'course 101')
    assert_eq(pg("SELECT c_id::text FROM session_rel_course WHERE session_id = 101"), [['101']],
              'session 101 holds course 101')
    sessions = sorted(r[0] for r in my('SELECT session_id FROM session_rel_user WHERE user_id = 102'))
    assert_eq(sorted(r[0] for r in pg('SELECT session_id::text FROM session_rel_user WHERE user_id = 102')),
              sessions, 'sessions of sam_g2')
    msgs = sorted(my("SELECT id, user_sender_id, user_receiver_id, title FROM message"))
    assert_eq(len(msgs), 4, 'messages in the fixture')
    assert_eq(sorted(pg("SELECT id::text, user_sender_id::text, user_receiver_id::text, title FROM message")),
              msgs, 'messages')
    assert_eq(sorted(pg("SELECT id::text, name FROM usergroup")),
              sorted(my("SELECT id, name FROM usergroup")), 'classes')
