"""Schema migrations: `chamilo-fcgi --migrate` and the pool's refusal to start
on a schema older than the binary. Each test works on a scratch database of
the stack's cluster (harness.ScratchDatabase), never on the stack's own.
"""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import os
import pwd
import re
import shutil
import subprocess
import time

import harness
from harness import ScratchDatabase, give_to_stack_user, run_as_stack_user, stack_binary

MIGRATIONS = os.path.join(harness.REPO, 'sql', 'migrations')


def _workdir():
    return harness.scratch_workdir('migrate-')


def _conf(workdir, db):
    """A pool configuration for db, listening in workdir; returns its path."""
    return harness.scratch_conf(db, workdir)


def _migrate(conf, *extra):
    return run_as_stack_user([stack_binary(), '-c', conf, '--migrate'] + list(extra))


def _versions(db):
    out = db.sql('SELECT version, name FROM schema_version ORDER BY version')
    return [tuple(line.split('|')) for line in out.split('\n') if line]


def _newest_migration():
    numbers = [int(m.group(1)) for m in (re.match(r'(\d+)-.*\.sql$', n)
                                         for n in os.listdir(MIGRATIONS)) if m]
    return max(numbers)


def test_pool_refuses_an_old_schema_and_names_the_command():
    with ScratchDatabase() as db:
        workdir = _workdir()
        conf = _conf(workdir, db)
        proc = run_as_stack_user([stack_binary(), '-c', conf], timeout=30)
        assert proc.returncode == 1, (proc.returncode, proc.stderr)
        assert 'the database schema is at version 1' in proc.stderr, proc.stderr
        assert 'needs version %d' % _newest_migration() in proc.stderr, proc.stderr
        assert 'run: chamilo-fcgi -c %s --migrate' % conf in proc.stderr, proc.stderr
        assert not os.path.exists(os.path.join(workdir, 's.sock'))


def test_pool_refuses_a_database_without_schema_version():
    with ScratchDatabase(load_schema=False) as db:
        conf = _conf(_workdir(), db)
        proc = run_as_stack_user([stack_binary(), '-c', conf], timeout=30)
        assert proc.returncode == 1, (proc.returncode, proc.stderr)
        assert 'no schema_version table' in proc.stderr, proc.stderr
        assert '--migrate' in proc.stderr, proc.stderr
        # --migrate does not turn a foreign database into ours.
        proc = _migrate(conf)
        assert proc.returncode == 1 and 'load sql/schema.sql' in proc.stderr, proc.stderr


def test_migrate_applies_in_order_records_and_is_idempotent():
    newest = _newest_migration()
    with ScratchDatabase() as db:
        workdir = _workdir()
        conf = _conf(workdir, db)
        proc = _migrate(conf)
        assert proc.returncode == 0, proc.stderr
        applied = re.findall(r'^applied (\S+)$', proc.stdout, re.M)
        files = sorted(n for n in os.listdir(MIGRATIONS) if re.match(r'\d+-.*\.sql$', n))
        assert applied == files, (applied, files)
        # The binary expects exactly the newest migration of the repository.
        assert ('schema at version %d (this chamilo-fcgi needs %d)' % (newest, newest)
                in proc.stdout), proc.stdout
        versions = _versions(db)
        assert versions[0] == ('1', 'schema.sql'), versions
        assert versions[1:] == [(str(int(n.split('-')[0])), n) for n in files], versions

        again = _migrate(conf)
        assert again.returncode == 0, again.stderr
        assert 'applied' not in again.stdout, again.stdout
        assert _versions(db) == versions

        # Now the pool starts.
        proc = _start_pool(conf, workdir)
        try:
            deadline = time.monotonic() + 15
            while not os.path.exists(os.path.join(workdir, 's.sock')):
                assert proc.poll() is None, 'the pool exited: %s' % _log(workdir)
                assert time.monotonic() < deadline, 'no socket: %s' % _log(workdir)
                time.sleep(0.05)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _start_pool(conf, workdir):
    user = harness._env().get('STACK_USER')
    kwargs = {}
    if os.geteuid() == 0 and user and user != 'root':
        kwargs.update(user=user, group=pwd.getpwnam(user).pw_gid, extra_groups=[])
    log = open(os.path.join(workdir, 'pool.log'), 'wb')
    return subprocess.Popen([stack_binary(), '-c', conf], stdout=log, stderr=subprocess.STDOUT,
                            cwd=workdir, **kwargs)


def _log(workdir):
    with open(os.path.join(workdir, 'pool.log'), encoding='utf-8', errors='replace') as f:
        return f.read()


def test_a_failing_migration_leaves_nothing_behind():
    with ScratchDatabase() as db:
        workdir = _workdir()
        conf = _conf(workdir, db)
        folder = os.path.join(workdir, 'migrations')
        shutil.copytree(MIGRATIONS, folder)
        broken = _newest_migration() + 1
        with open(os.path.join(folder, '%03d-broken.sql' % broken), 'w', encoding='utf-8') as f:
            f.write('CREATE TABLE migration_half_done (x integer);\n'
                    'SELECT no_such_function();\n')
        give_to_stack_user(workdir)
        proc = _migrate(conf, '--migrations', folder)
        assert proc.returncode == 1, proc.stdout
        assert '%03d-broken.sql failed, nothing of it was applied' % broken in proc.stderr, \
            proc.stderr
        # The good ones before it stay applied; the broken one left no trace.
        assert _versions(db)[-1][0] == str(_newest_migration())
        tables = db.sql("SELECT count(*) FROM pg_tables WHERE tablename = 'migration_half_done'")
        assert tables.strip() == '0', tables


def test_two_files_with_one_number_are_refused():
    with ScratchDatabase() as db:
        workdir = _workdir()
        conf = _conf(workdir, db)
        folder = os.path.join(workdir, 'migrations')
        os.mkdir(folder)
        for name in ('005-a.sql', '005-b.sql'):
            with open(os.path.join(folder, name), 'w', encoding='utf-8') as f:
                f.write('SELECT 1;\n')
        give_to_stack_user(workdir)
        proc = _migrate(conf, '--migrations', folder)
        assert proc.returncode == 1, proc.stdout
        assert '005-a.sql and 005-b.sql have the same version number' in proc.stderr, proc.stderr
        assert db.sql('SELECT max(version) FROM schema_version').strip() == '1'
