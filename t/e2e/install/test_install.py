"""`make install` into a DESTDIR, checked file by file (the API reference page
too); the installed unit through systemd-analyze; the installed binary
started with the installed example configuration (only its socket and
database changed) against a scratch database loaded from the installed SQL;
then `make uninstall`.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import json
import os
import pwd
import re
import shutil
import subprocess
import time
import urllib.parse

import harness
from harness import ScratchDatabase, fcgi_request, give_to_stack_user, run_as_stack_user, uniq

PREFIX = '/usr/local'
DESTDIR = None
FILES = {
    'usr/local/sbin/chamilo-fcgi': 0o755,
    'usr/local/sbin/chamilo-fcgi-follow': 0o755,
    'etc/chamilo-fcgi/follow.env': 0o600,
    'usr/local/share/man/man8/chamilo-fcgi-follow.8': 0o644,
    'usr/local/lib/systemd/system/chamilo-fcgi-follow.service': 0o644,
    'etc/chamilo-fcgi/chamilo-fcgi.conf': 0o644,
    'usr/local/share/chamilo-fcgi/sql/schema.sql': 0o644,
    'usr/local/share/chamilo-fcgi/sql/demo.sql': 0o644,
    'usr/local/share/chamilo-fcgi/nginx/chamilo-fcgi.conf': 0o644,
    'usr/local/share/chamilo-fcgi/apache/chamilo-fcgi.conf': 0o644,
    'usr/local/share/man/man8/chamilo-fcgi.8': 0o644,
    'usr/local/share/man/man5/chamilo-fcgi.conf.5': 0o644,
    'usr/local/lib/systemd/system/chamilo-fcgi.service': 0o644,
    'usr/local/lib/sysusers.d/chamilo-fcgi.conf': 0o644,
    'usr/local/share/doc/chamilo-fcgi/api.html': 0o644,
    'usr/local/share/doc/chamilo-fcgi/openapi.json': 0o644,
}
UNIT = 'usr/local/lib/systemd/system/chamilo-fcgi.service'
FOLLOW_UNIT = 'usr/local/lib/systemd/system/chamilo-fcgi-follow.service'


def _make(target, destdir):
    proc = subprocess.run(['make', '--no-print-directory', '-C', harness.REPO, target,
                           'DESTDIR=' + destdir, 'PREFIX=' + PREFIX,
                           'BUILD=' + os.environ.get('BUILD', 'build')],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, 'make %s failed:\n%s%s' % (target, proc.stdout, proc.stderr)
    return proc.stdout


def _path(rel):
    return os.path.join(DESTDIR, rel)


def setup_module():
    global DESTDIR
    DESTDIR = os.path.join(harness.STACK_DIR, uniq('destdir-'))
    _make('install', DESTDIR)


def teardown_module():
    if DESTDIR:
        shutil.rmtree(DESTDIR, ignore_errors=True)


def test_every_file_is_installed_with_its_mode():
    for rel, mode in FILES.items():
        assert os.path.isfile(_path(rel)), 'missing: ' + rel
        assert_mode = os.stat(_path(rel)).st_mode & 0o777
        assert assert_mode == mode, '%s: mode %o, expected %o' % (rel, assert_mode, mode)
    migrations = sorted(os.listdir(os.path.join(harness.REPO, 'sql', 'migrations')))
    installed = sorted(os.listdir(_path('usr/local/share/chamilo-fcgi/sql/migrations')))
    assert installed == migrations, (installed, migrations)
    # The installed configuration listens where the unit and snippets expect.
    with open(_path('etc/chamilo-fcgi/chamilo-fcgi.conf'), encoding='utf-8') as f:
        assert re.search(r'^listen = /run/chamilo-fcgi/fcgi\.sock$', f.read(), re.M)


def _man_text(rel):
    proc = subprocess.run(['man', '--warnings', '-l', '-Tutf8', _path(rel)], capture_output=True,
                          timeout=60, env=dict(os.environ, MANWIDTH='200'))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == b'', 'groff warnings for %s: %s' % (rel, proc.stderr)
    # Without the overstrikes (bold, underline) and with groff's UTF-8
    # hyphens and minus signs as ASCII, for comparisons.
    text = re.sub(r'.\x08', '', proc.stdout.decode())
    return text.replace('\u2010', '-').replace('\u2212', '-')


def test_the_conf_page_documents_every_key_with_its_default():
    text = _man_text('usr/local/share/man/man5/chamilo-fcgi.conf.5')
    out = subprocess.run([_path('usr/local/sbin/chamilo-fcgi'), '--print-config'],
                         capture_output=True, text=True, timeout=30).stdout
    keys = re.findall(r'^([a-z0-9_]+) = (.*)$', out, re.M)
    assert len(keys) > 30, keys
    for key, default in keys:
        assert re.search(r'^\s+%s = %s$' % (re.escape(key), re.escape(default or '""')), text,
                         re.M), 'chamilo-fcgi.conf(5) lacks %s = %s' % (key, default)


def test_the_program_page_documents_every_option():
    text = _man_text('usr/local/share/man/man8/chamilo-fcgi.8')
    usage = subprocess.run([_path('usr/local/sbin/chamilo-fcgi'), '--help'],
                           capture_output=True, text=True, timeout=30).stdout
    options = set(re.findall(r'--[a-z-]+', usage))
    assert {'--check', '--migrate', '--print-config'} <= options, options
    for option in options:
        assert option in text, 'chamilo-fcgi(8) lacks %s' % option


def test_the_follower_page_documents_every_option_and_exit_status():
    text = _man_text('usr/local/share/man/man8/chamilo-fcgi-follow.8')
    usage = subprocess.run([_path('usr/local/sbin/chamilo-fcgi-follow'), '--help'],
                           capture_output=True, text=True, timeout=30)
    harness.assert_eq(usage.returncode, 0, usage.stderr)
    options = set(re.findall(r'--[a-z-]+', usage.stdout + usage.stderr))
    assert {'--from', '--to', '--init-gtid', '--reset', '--server-id'} <= options, options
    for option in options:
        assert option in text, 'chamilo-fcgi-follow(8) lacks %s' % option
    exit_status = text.split('EXIT STATUS')[1].split('FILES')[0]
    for status in ('0', '1', '2', '3'):
        assert re.search(r'^\s+%s\s' % status, exit_status, re.M), 'exit status %s' % status


def _verify_unit(rel, lines):
    """The installed unit rel has each of lines, passes systemd-analyze
    verify, and its exposure level is at most 2.0."""
    with open(_path(rel), encoding='utf-8') as f:
        unit = f.read()
    for line in lines:
        assert re.search('^%s$' % re.escape(line), unit, re.M), '%s lacks %s' % (rel, line)
    # systemd-analyze verify checks that the programs and man pages the unit
    # names exist: point its paths into DESTDIR, and man at the installed pages.
    name = os.path.basename(rel)
    checked = os.path.join(DESTDIR, 'verify', name)
    os.makedirs(os.path.dirname(checked), exist_ok=True)
    with open(checked, 'w', encoding='utf-8') as f:
        f.write(unit.replace(PREFIX + '/sbin/', _path('usr/local/sbin/'))
                    .replace('/etc/chamilo-fcgi/', _path('etc/chamilo-fcgi/')))
    env = dict(os.environ, MANPATH=_path('usr/local/share/man'), SYSTEMD_LOG_COLOR='0')
    proc = subprocess.run(['systemd-analyze', 'verify', checked], capture_output=True, text=True,
                          timeout=60, env=env)
    assert proc.returncode == 0 and not (proc.stdout + proc.stderr).strip(), \
        'systemd-analyze verify: %d\n%s%s' % (proc.returncode, proc.stdout, proc.stderr)
    proc = subprocess.run(['systemd-analyze', 'security', '--offline=true', checked],
                          capture_output=True, text=True, timeout=60, env=env)
    level = re.search(r'Overall exposure level for %s: ([0-9.]+)' % re.escape(name), proc.stdout)
    assert level, proc.stdout + proc.stderr
    assert float(level.group(1)) <= 2.0, 'exposure level %s:\n%s' % (level.group(1), proc.stdout)


def test_the_systemd_unit_verifies_and_is_hardened():
    _verify_unit(UNIT, (
        'User=chamilo-fcgi', 'NoNewPrivileges=yes', 'ProtectSystem=strict',
        'CapabilityBoundingSet=', 'ExecReload=/bin/kill -HUP $MAINPID',
        'ExecStart=%s/sbin/chamilo-fcgi -c /etc/chamilo-fcgi/chamilo-fcgi.conf' % PREFIX))


def test_the_follower_unit_verifies_is_hardened_and_leaves_a_resync_to_an_operator():
    # Restarted on failure, but not after exit status 3 (the copy must be
    # made again) nor 2 (follow.env not filled in).
    _verify_unit(FOLLOW_UNIT, (
        'User=chamilo-fcgi', 'NoNewPrivileges=yes', 'ProtectSystem=strict',
        'CapabilityBoundingSet=', 'Restart=on-failure', 'RestartPreventExitStatus=2 3',
        'EnvironmentFile=/etc/chamilo-fcgi/follow.env',
        'ExecStart=%s/sbin/chamilo-fcgi-follow --from ${FOLLOW_FROM} --to ${FOLLOW_TO}' % PREFIX))
    # The installed follow.env, as systemd and a shell read it, names
    # nothing but the three variables the unit and the follower use.
    with open(_path('etc/chamilo-fcgi/follow.env'), encoding='utf-8') as f:
        keys = re.findall(r'^([A-Z_]+)=', f.read(), re.M)
    harness.assert_eq(sorted(keys), ['FOLLOW_FROM', 'FOLLOW_TO', 'MYSQL_PWD'])


def _authenticate(socket_path):
    body = urllib.parse.urlencode({'action': 'authenticate', 'username': 'admin',
                                   'password': 'admin'}).encode()
    env = {'REQUEST_METHOD': 'POST', 'CONTENT_TYPE': 'application/x-www-form-urlencoded',
           'REQUEST_URI': harness.ENDPOINT, 'SCRIPT_NAME': harness.ENDPOINT, 'QUERY_STRING': '',
           'REMOTE_ADDR': '127.0.0.1', 'HTTP_HOST': 'localhost'}
    status, _, payload = fcgi_request(socket_path, env, body)
    return status, json.loads(payload)


def test_the_installed_binary_serves_with_the_installed_configuration():
    sbin = _path('usr/local/sbin/chamilo-fcgi')
    share = _path('usr/local/share/chamilo-fcgi/sql')
    with ScratchDatabase(load_schema=False) as db:
        for name in ('schema.sql', 'demo.sql'):
            with open(os.path.join(share, name), encoding='utf-8') as f:
                db.sql('SET client_min_messages = warning;\n' + f.read())
        work = os.path.join(DESTDIR, 'run')
        os.mkdir(work)
        socket_path = os.path.join(work, 'fcgi.sock')
        # The installed file as an administrator would edit it: the socket
        # and the database are the site's; every other line stays.
        with open(_path('etc/chamilo-fcgi/chamilo-fcgi.conf'), encoding='utf-8') as f:
            conf = f.read()
        conf, n1 = re.subn(r'^listen = .*$', 'listen = ' + socket_path, conf, flags=re.M)
        conf, n2 = re.subn(r'^db_conninfo = .*$', 'db_conninfo = "%s"' % db.conninfo, conf,
                           flags=re.M)
        assert n1 == 1 and n2 == 1, 'listen or db_conninfo not found in the installed file'
        conf_path = os.path.join(work, 'chamilo-fcgi.conf')
        with open(conf_path, 'w', encoding='utf-8') as f:
            f.write(conf)
        give_to_stack_user(work)

        check = run_as_stack_user([sbin, '-c', conf_path, '--check'])
        assert check.returncode == 0, check.stderr
        # The installed binary finds the installed migrations by itself.
        migrate = run_as_stack_user([sbin, '-c', conf_path, '--migrate'])
        assert migrate.returncode == 0, migrate.stderr
        assert 'applied 002-schema-version-name.sql' in migrate.stdout, migrate.stdout

        log_path = os.path.join(work, 'pool.log')
        user = harness._env().get('STACK_USER')
        kwargs = {}
        if os.geteuid() == 0 and user and user != 'root':
            kwargs.update(user=user, group=pwd.getpwnam(user).pw_gid, extra_groups=[])
        with open(log_path, 'wb') as log:
            pool = subprocess.Popen([sbin, '-c', conf_path], stdout=log, stderr=subprocess.STDOUT,
                                    cwd=work, **kwargs)
        try:
            deadline = time.monotonic() + 15
            while not os.path.exists(socket_path):
                assert pool.poll() is None, 'the installed pool exited: ' + open(log_path).read()
                assert time.monotonic() < deadline, 'no socket: ' + open(log_path).read()
                time.sleep(0.05)
            status, answer = _authenticate(socket_path)
            assert status == 200 and answer['error'] is False, answer
            assert len(answer['data']['apiKey']) == 32, answer
        finally:
            pool.terminate()
            assert pool.wait(timeout=40) == 0, open(log_path).read()


def test_the_api_reference_page_and_its_document_are_installed():
    # The document of the installed binary, and a page drawn from it that
    # names every action (t/e2e/flow/test_api_page.py opens it in a browser).
    proc = subprocess.run([_path('usr/local/sbin/chamilo-fcgi'), '--openapi'],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    with open(_path('usr/local/share/doc/chamilo-fcgi/openapi.json'), encoding='utf-8') as f:
        assert json.load(f) == json.loads(proc.stdout)
    with open(_path('usr/local/share/doc/chamilo-fcgi/api.html'), encoding='utf-8') as f:
        page = f.read()
    for path, item in json.loads(proc.stdout)['paths'].items():
        name = path.split('action=')[1]
        assert 'operation/%s"' % name in page, name
        assert item['post']['operationId'] == name


def test_make_uninstall_removes_what_install_put():
    destdir = os.path.join(harness.STACK_DIR, uniq('destdir-'))
    try:
        _make('install', destdir)
        _make('uninstall', destdir)
        left = [os.path.join(r, n) for r, _, names in os.walk(destdir) for n in names]
        assert left == [], left
        # An edited configuration survives an uninstall.
        _make('install', destdir)
        conf = os.path.join(destdir, 'etc/chamilo-fcgi/chamilo-fcgi.conf')
        with open(conf, 'a', encoding='utf-8') as f:
            f.write('workers = 8\n')
        out = _make('uninstall', destdir)
        assert 'keeping' in out, out
        left = [os.path.join(r, n) for r, _, names in os.walk(destdir) for n in names]
        assert left == [conf], left
    finally:
        shutil.rmtree(destdir, ignore_errors=True)
