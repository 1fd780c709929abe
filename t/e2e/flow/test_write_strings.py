"""Every write action against strings the database cannot store: no write
action lets invalid UTF-8, a NUL byte or an over-long value reach SQL.

For each write action of the table (`chamilo-fcgi --list-actions`) and each
of its declared string parameters: invalid UTF-8, a NUL byte, and one
character more than the declared max_len (10000 characters when none is
declared), sent by an administrator with the other parameters valid-looking.
Every answer is a JSON envelope with HTTP 200 (never the 500 of an SQL
error), and a refused value writes nothing the caller can see: no user named
after it. The caller is a fresh administrator, so that logout and key
changes hit nobody else.
"""

# Answers here do not depend on php_types.
TYPE_INDEPENDENT = True

import json
import os
import subprocess

import harness
from harness import call, new_user, sql, sql_exec, uniq

# ANY: read raw by the handler (update_user_from_username's fields, gcm_id ...).
STRING_KINDS = ('STRING', 'TEXT', 'DATE', 'ANY')


def _write_actions():
    out = subprocess.run([os.path.join(harness.STACK_DIR, 'bin', 'chamilo-fcgi'),
                          '--list-actions'], capture_output=True, check=True, timeout=30).stdout
    return [a for a in json.loads(out) if 'WRITE' in a['flags']]


def _bad_values(param):
    over = (param['max_len'] or 9999) + 1
    return {'invalid UTF-8': b'ok\xc0\xae', 'NUL': b'ok\x00junk', 'over-long': b'a' * over}


def test_every_write_action_refuses_strings_the_database_cannot_hold():
    admin = new_user(status=1)
    sql_exec('INSERT INTO admin (user_id) VALUES (%s)', admin.id)
    actions = _write_actions()
    assert len(actions) >= 15, [a['name'] for a in actions]
    checked = 0
    bad = []
    for action in actions:
        for param in action['params']:
            if param['kind'] not in STRING_KINDS:
                continue
            for what, value in _bad_values(param).items():
                login = uniq('ws')
                # Plausible values for the rest, so the handler gets to the field.
                params = {'loginname': login, 'password': 'Write-pass-123', 'firstname': 'W',
                          'lastname': 'S', 'email': login + '@example.org', 'status': 5,
                          'user_id': admin.id}
                if action['name'] == 'update_user_from_username':
                    params['loginname'] = admin.username  # the user it updates
                params[param['name']] = value
                for enc in ('urlencoded', 'multipart'):
                    resp = call(action['name'], admin.username, admin.key(), params, encoding=enc)
                    checked += 1
                    if resp.status != 200 or not isinstance(resp.json, dict) or \
                            not isinstance(resp.json.get('error'), bool):
                        bad.append('%s %s=%s [%s]: %r' % (action['name'], param['name'], what,
                                                          enc, resp))
                    elif param['name'] == 'loginname' and resp.json['error'] is False and \
                            what != 'over-long' and action['name'] != 'update_user_from_username':
                        bad.append('%s accepted %s in loginname' % (action['name'], what))
                # A refused login name leaves no user behind.
                if param['name'] == 'loginname':
                    assert sql('SELECT id FROM "user" WHERE username LIKE %s', 'ok%%junk') == []
    # Nothing was stored cut short at the NUL (update_user_from_username
    # updates the caller's own row here).
    row = sql('SELECT username, firstname, lastname, email, phone, address, official_code,'
              ' auth_source, language FROM "user" WHERE id = %s', admin.id)[0]
    assert 'ok' not in row, row
    print('write strings: %d calls over %d write actions' % (checked, len(actions)))
    assert checked > 50, checked
    assert not bad, '\n'.join(bad[:10])
