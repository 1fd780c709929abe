"""Messages in the campus's languages (setting chamilo_root): a second pool
(harness.Pool) reads language files that these tests write, in Chamilo's
format, into a temporary main/lang/ tree.

Spec: 10-request-flow.md §1 (interface language: the platform's, GET
`language`, the user's; every get_lang() message localized, English where a
key has no translation; the bare key as [=Key=] under server_type test),
20-users-messages.md §1.5 (texts localized with the API user's language).
README "Configuration" (chamilo_root) and docs/compat.md (Interface
language) say what differs from PHP.
"""

import contextlib
import json
import os
import shutil
import signal
import tempfile
import time

import harness
from harness import Pool, give_to_stack_user, msg, new_user, sql_exec
from harness import fcgi_form as form

SPANISH = r'''<?php /*
for more information: see languages.txt in the lang folder.
*/
$InvalidAction = "Acci\xc3\xb3n \"no\" v\u{e1}lida";
$NoCourse = 'El curso no puede ser encontrado';
$langNotAllowed = "No est" . "á autorizado";
$ANewSessionWasCreated = "Se ha creado una nueva sesión";
$SessionNameIsRequired = 'Se requiere un nombre para la sesión';
// $NoSession has no Spanish text here: English, key by key
$UnusedKey = "not kept";
$Unknown = "Desconocido";
$WrongDatasForTimeSpentOnThePlatform = "Datos 'erróneos' <del usuario>";
'''

FRENCH = '''<?php
$InvalidAction = 'Action non valide';
'''

BROKEN = '''<?php
$NoSession = "never read";
$InvalidApiKey = $Other;
'''


def _write(root, language, name, text):
    folder = os.path.join(root, 'main', 'lang', language)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), 'w', encoding='utf-8') as f:
        f.write(text)


@contextlib.contextmanager
def campus(**settings):
    """A pool whose chamilo_root is a fresh tree with Spanish, French (one of
    its files broken) and English files; yields (pool, root)."""
    root = tempfile.mkdtemp(prefix='chamilo-root-', dir=harness.STACK_DIR)
    try:
        _write(root, 'spanish', 'trad4all.inc.php', SPANISH)
        _write(root, 'french', 'trad4all.inc.php', FRENCH)
        _write(root, 'french', 'zbroken.inc.php', BROKEN)
        _write(root, 'english', 'trad4all.inc.php', "<?php $InvalidAction = 'never used';\n")
        give_to_stack_user(root)
        with Pool(dict({'chamilo_root': '"%s"' % root}, **settings)) as pool:
            yield pool, root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def answer(pool, params, query=''):
    status, _, body = pool.request(*form(params, QUERY_STRING=query))
    assert status == 200, (status, body)
    return json.loads(body)


def error_of(pool, params, query=''):
    got = answer(pool, params, query)
    assert got['error'] is True, got
    return got['message']


def speaker(language):
    user = new_user(with_key=True)
    sql_exec('UPDATE "user" SET language = %s WHERE id = %s', language, user.id)
    return user


def keyed(caller, action, **more):
    return dict({'action': action, 'username': caller.username, 'api_key': caller.key()}, **more)


def pool_log(pool):
    with open(os.path.join(pool.dir, 'pool.log'), encoding='utf-8', errors='replace') as f:
        return f.read()


def test_the_callers_language_then_the_request_then_the_platform():
    spanish, english, german = speaker('spanish'), speaker('english'), speaker('german')
    with campus(platform_language='french') as (pool, _):
        # Before the key check: the platform's language, or GET language.
        assert error_of(pool, {'action': 'nothing'}) == 'Action non valide'
        assert error_of(pool, {'action': 'nothing'}, 'language=spanish') == 'Acción "no" válida'
        assert error_of(pool, {'action': 'nothing'}, 'language=english') == msg('InvalidAction')
        # A language the campus has no files for is ignored.
        assert error_of(pool, {'action': 'nothing'}, 'language=german') == 'Action non valide'
        # After it: the caller's own language, over GET language.
        assert error_of(pool, keyed(spanish, 'nothing')) == 'Acción "no" válida'
        assert error_of(pool, keyed(spanish, 'nothing'), 'language=french') == 'Acción "no" válida'
        assert error_of(pool, keyed(english, 'nothing'), 'language=spanish') == msg('InvalidAction')
        # A caller's language without files: the request's, else the platform's.
        assert error_of(pool, keyed(german, 'nothing'), 'language=spanish') == 'Acción "no" válida'
        assert error_of(pool, keyed(german, 'nothing')) == 'Action non valide'
        # A refused key is answered before the caller is known: the platform's
        # language, and French has no InvalidApiKey: English.
        wrong = dict(keyed(spanish, 'nothing'), api_key='wrong')
        assert error_of(pool, wrong) == msg('InvalidApiKey')


def test_each_key_falls_back_to_english():
    spanish = speaker('spanish')
    with campus() as (pool, _):
        # Concatenation and the $langKey form count as Chamilo's get_lang reads them.
        assert error_of(pool, keyed(spanish, 'user_profile', course=10 ** 9)) == \
            'El curso no puede ser encontrado'
        assert error_of(pool, keyed(spanish, 'user_profile', session=10 ** 9)) == msg('NoSession')
        # The platform (english by default) answers the catalogue's English.
        assert error_of(pool, {'action': 'nothing'}) == msg('InvalidAction')


def test_answers_with_data_carry_the_translated_messages():
    user = speaker('spanish')
    sql_exec('INSERT INTO admin (user_id) VALUES (%s)', user.id)
    with campus() as (pool, _):
        got = answer(pool, keyed(user, 'save_session', name='   ', coach_username=user.id))
    assert got == {'error': False, 'data': {
        'status': True, 'message': 'Se ha creado una nueva sesión',
        'id_session': 'Se requiere un nombre para la sesión'}}, got


def test_texts_inside_html_are_translated_then_escaped():
    # get_user_total_connexion_time's marker for a negative total: the icon's
    # alt and title are the translation, HTML-escaped as Chamilo prints them.
    caller = speaker('spanish')
    user = new_user()
    sql_exec("INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)"
             " VALUES (%s, '2025-01-01 10:00:00', '127.0.0.1', '2025-01-01 09:00:00')", user.id)
    with campus() as (pool, _):
        got = answer(pool, keyed(caller, 'get_user_total_connexion_time', user=user.username))
    marker = got['data']['total_connexion_time']
    escaped = 'Datos &#039;erróneos&#039; &lt;del usuario&gt;'
    assert marker.startswith('Desconocido<img align="absmiddle"'), marker
    assert marker.endswith(' alt="%s" title="%s"  />' % (escaped, escaped)), marker


def test_a_file_that_does_not_parse_is_logged_and_skipped():
    french = speaker('french')
    with campus() as (pool, root):
        broken = os.path.join(root, 'main', 'lang', 'french', 'zbroken.inc.php')
        lines = [line for line in pool_log(pool).splitlines() if broken in line]
        assert len(lines) == 1, lines
        assert 'skipped: line 3: expected a quoted string' in lines[0], lines
        # Its entry before the error does not count either; the other file does.
        assert error_of(pool, keyed(french, 'user_profile', session=10 ** 9)) == msg('NoSession')
        assert error_of(pool, keyed(french, 'nothing')) == 'Action non valide'


def test_sighup_reads_the_files_again():
    spanish = speaker('spanish')
    with campus(workers='2') as (pool, root):
        assert error_of(pool, keyed(spanish, 'nothing')) == 'Acción "no" válida'
        _write(root, 'spanish', 'trad4all.inc.php',
               SPANISH.replace('$InvalidAction = "Acci', '$InvalidAction = "Nueva acci'))
        _write(root, 'french', 'zbroken.inc.php', "<?php $InvalidAction = 'Corrigé';\n")
        give_to_stack_user(root)
        loads = pool_log(pool).count('] info: language files of ')
        os.kill(pool.proc.pid, signal.SIGHUP)
        deadline = time.monotonic() + 10
        while pool_log(pool).count('] info: language files of ') == loads:
            assert time.monotonic() < deadline, pool_log(pool)
            time.sleep(0.05)
        # Each worker reads them again before its next request.
        for _ in range(4):
            assert error_of(pool, keyed(spanish, 'nothing')) == 'Nueva acción "no" válida'
            assert error_of(pool, {'action': 'nothing'}, 'language=french') == 'Corrigé'
        # A SIGHUP for logrotate alone reads nothing again.
        os.kill(pool.proc.pid, signal.SIGHUP)
        deadline = time.monotonic() + 10
        while ': unchanged' not in pool_log(pool):
            assert time.monotonic() < deadline, pool_log(pool)
            time.sleep(0.05)
        assert error_of(pool, keyed(spanish, 'nothing')) == 'Nueva acción "no" válida'


def test_bare_keys_show_as_key_markup_under_server_type_test():
    # get_lang of a key with no text in any language: the key itself, or
    # [=Key=] under server_type test (10 §1), with or without chamilo_root.
    plugin_off = {'action': 'update_user_pause_training'}
    with campus(server_type='test', pausetraining_tool_enable='off') as (pool, _):
        assert error_of(pool, plugin_off) == '[=Plugin configured=]'
        assert error_of(pool, plugin_off, 'language=spanish') == '[=Plugin configured=]'
    with Pool({'server_type': 'test', 'pausetraining_tool_enable': 'off'}) as pool:
        assert error_of(pool, plugin_off) == '[=Plugin configured=]'
    with campus(pausetraining_tool_enable='off') as (pool, _):
        assert error_of(pool, plugin_off) == msg('PluginConfigured')
