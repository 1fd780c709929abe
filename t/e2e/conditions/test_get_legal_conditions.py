"""get_legal_conditions: the newest terms and conditions for the caller's
language.

Spec: 20-users-messages.md §6 (newest `legal` row by version for the user's
language, else the platform language, else english; every column; {{sessions}}
replaced; none -> []); 50-schema.md §3.22 (the column order of a real install,
which we follow where 20 §6 lists language_id second; docs/compat.md); LegalManager::get_last_condition
and replaceTags (strpos as a truth value: a tag at position 0 stays).
Integer columns are read by plain SQL: php_int().
"""

import json
import random

from harness import (api, as_user, assert_eq, assert_error, assert_ok, both_encodings, call,
                     events_since, last_event_id, msg, new_session, new_user, ordered, php_int,
                     sql, sql_exec, sql_value, uniq)

KEYS = ['id', 'date', 'content', 'type', 'changes', 'version', 'language_id']


def language(folder):
    """A fresh language row (so the test owns every legal row of it)."""
    return int(sql_exec("INSERT INTO language (original_name, english_name, isocode, dokeos_folder,"
                        " available) VALUES (%s, %s, 'xx', %s, 1) RETURNING id",
                        folder, folder, folder)[0][0])


def legal(language_id, version, content, changes='', type_=0, date=1767225600):
    return int(sql_exec('INSERT INTO legal (date, content, type, changes, version, language_id)'
                        ' VALUES (%s, %s, %s, %s, %s, %s) RETURNING id',
                        date, content, type_, changes, version, language_id)[0][0])


def user_with_language(folder):
    user = new_user()
    sql_exec('UPDATE "user" SET language = %s WHERE id = %s', folder, user.id)
    return user


def pairs(resp):
    return ordered(resp)[1][1]


@both_encodings
def test_newest_version_of_the_user_language(enc):
    folder = uniq('lang')
    lang = language(folder)
    legal(lang, 1, '<p>old</p>')
    newest = legal(lang, 3, '<p>Terms v3</p>', changes='More rules', type_=1, date=1767312000)
    legal(lang, 2, '<p>middle</p>')
    user = user_with_language(folder)
    user.key()  # authenticate first: its event row is not this action's
    since = last_event_id()
    resp = as_user(user, 'get_legal_conditions', encoding=enc)
    data = assert_ok(resp)
    assert_eq([k for k, _ in pairs(resp)], KEYS, 'keys in table order')
    assert_eq(data, {'id': php_int(newest), 'language_id': php_int(lang),
                     'date': php_int(1767312000), 'content': '<p>Terms v3</p>',
                     'type': php_int(1), 'changes': 'More rules', 'version': php_int(3)},
              'newest terms')
    assert_eq(events_since(since),
              [('access_ws_get_legal_conditions', 'username', user.username, str(user.id),
                '0', '0')], 'event rows')


def test_falls_back_to_english():
    # The user's language has no terms, or is no language at all: the
    # platform language of the stack (english) gives the demo's english terms.
    empty = uniq('lang')
    language(empty)
    english = sql_value("SELECT id FROM legal WHERE language_id = 1"
                        " ORDER BY version DESC NULLS LAST, id DESC LIMIT 1")
    for folder in (empty, 'nosuchlang', None):
        user = user_with_language(folder)
        data = assert_ok(as_user(user, 'get_legal_conditions'))
        assert_eq((data['id'], data['language_id']), (php_int(english), php_int(1)),
                  'english terms for language %r' % (folder,))


def test_no_terms_at_all_gives_an_empty_list():
    # Inside a transaction that the test rolls back would be nicer; the
    # stack's data is shared, so move the terms aside and put them back.
    saved = sql('SELECT id, language_id FROM legal WHERE language_id IN (1, 2)')
    sql_exec('UPDATE legal SET language_id = -language_id WHERE language_id IN (1, 2)')
    try:
        user = user_with_language('spanish')
        resp = as_user(user, 'get_legal_conditions')
        assert_eq(assert_ok(resp), [], 'no terms')
        assert_eq(json.loads(resp.body)['data'], [], 'an empty JSON list')
    finally:
        sql_exec('UPDATE legal SET language_id = -language_id WHERE language_id IN (-1, -2)')
    assert_eq(sql('SELECT id, language_id FROM legal WHERE language_id IN (1, 2)'), saved,
              'terms restored')


def test_demo_english_terms():
    # sql/demo.sql: english terms version 2 with the session list.
    data = assert_ok(call('get_legal_conditions', 'student1', _key('student1')))
    assert_eq(data['version'], php_int(2), 'demo version')
    assert_eq(data['language_id'], php_int(1), 'english')
    assert_eq(data['content'],
              '<p>Terms of use, version 2.</p><p>Your sessions: Session list<ul>'
              '<li>Spring 2026</li><ul></p>', 'sessions replaced')


def test_demo_spanish_terms_for_a_spanish_user():
    user = user_with_language('spanish')
    data = assert_ok(as_user(user, 'get_legal_conditions'))
    assert_eq(data['language_id'], php_int(2), 'spanish terms')
    assert_eq(data['content'], '<p>Condiciones de uso.</p>', 'content')


def test_sessions_tag():
    folder = uniq('lang')
    lang = language(folder)
    user = user_with_language(folder)
    legal(lang, 1, 'A {{sessions}} B {{sessions}}')
    # No session: the tag becomes "".
    assert_eq(assert_ok(as_user(user, 'get_legal_conditions'))['content'], 'A  B ', 'no sessions')
    first = new_session(users=[user])
    second = new_session(users=[user])
    names = [r[0] for r in sql('SELECT name FROM session WHERE id IN (%s, %s) ORDER BY name, id',
                               first.id, second.id)]
    listing = 'Session list<ul>' + ''.join('<li>%s</li>' % n for n in names) + '<ul>'
    assert_eq(assert_ok(as_user(user, 'get_legal_conditions'))['content'],
              'A %s B %s' % (listing, listing), 'every tag replaced')
    # A tag at the very start is left alone (PHP's strpos() == 0 is false).
    legal(lang, 2, '{{sessions}} first')
    assert_eq(assert_ok(as_user(user, 'get_legal_conditions'))['content'], '{{sessions}} first',
              'tag at position 0')


def test_null_content_and_version():
    folder = uniq('lang')
    lang = language(folder)
    user = user_with_language(folder)
    numbered = legal(lang, 1, 'numbered')
    sql_exec('INSERT INTO legal (date, content, type, changes, version, language_id)'
             ' VALUES (1, NULL, 0, %s, NULL, %s)', '', lang)
    # NULL versions sort last (MySQL's DESC order).
    assert_eq(assert_ok(as_user(user, 'get_legal_conditions'))['id'], php_int(numbered),
              'numbered version first')
    sql_exec('DELETE FROM legal WHERE id = %s', numbered)
    data = assert_ok(as_user(user, 'get_legal_conditions'))
    assert_eq((data['content'], data['version']), (None, None), 'NULL columns')


@both_encodings
def test_needs_a_valid_key(enc):
    assert_error(api('get_legal_conditions', {'username': 'student1'}, encoding=enc),
                 msg('InvalidApiKey'))
    assert_error(call('get_legal_conditions', 'student1', 'x', encoding=enc),
                 msg('InvalidApiKey'))


_keys = {}


def _key(username):
    from harness import authenticate
    if username not in _keys:
        _keys[username] = authenticate(username, username)
    return _keys[username]
