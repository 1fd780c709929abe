"""The statement registry: every DB_STATEMENT of the program prepares on a
database built from sql/schema.sql, names are unique and each declared
parameter count is PostgreSQL's (chamilo-fcgi --check-statements).
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import os
import re
import subprocess

import harness


def test_every_statement_prepares_with_its_declared_parameters():
    binary = os.path.join(harness.STACK_DIR, 'bin', 'chamilo-fcgi')
    conf = os.path.join(harness.STACK_DIR, 'chamilo-fcgi.conf')
    proc = subprocess.run([binary, '-c', conf, '--check-statements'], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, 'problems:\n%s%s' % (proc.stdout, proc.stderr)
    m = re.search(r'^(\d+) statements, 0 problems$', proc.stdout, re.M)
    assert m, proc.stdout
    # Every DB_STATEMENT in the sources is in the registry.
    declared = 0
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'lib')
    for dirpath, _, files in os.walk(root):
        for name in files:
            if name.endswith('.c'):
                with open(os.path.join(dirpath, name), encoding='utf-8') as f:
                    declared += len(re.findall(r'^DB_(?:KEYED_)?STATEMENT\(', f.read(), re.M))
    assert int(m.group(1)) == declared, (m.group(1), declared)
