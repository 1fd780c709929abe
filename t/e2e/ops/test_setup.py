"""Setting up, as `make run` and `make test` do: t/stack/apt-get.sh (the
apt-get of t/stack/deps.sh) waits while another package manager holds its
locks, and t/stack/stack.sh brings a stack up on a machine whose CPUs are
busy.

apt-get runs for real, on an apt state of its own (package lists, cache,
a copy of the dpkg status; no sources, so no network): the locks it waits
for are the ones a fresh machine's unattended upgrades hold.
"""

# Nothing here depends on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import harness
from harness import assert_eq, free_tcp_port

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
APT_GET = os.path.join(REPO, 't', 'stack', 'apt-get.sh')
STACK = os.path.join(REPO, 't', 'stack', 'stack.sh')
WAITING = 'apt-get.sh: another package manager is at work'


class AptState:
    """A private apt state in a temporary folder; .env runs apt-get on it."""

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix='apt-state.')
        for sub in ('state/lists/partial', 'cache/archives/partial', 'dpkg', 'log',
                    'sources.list.d'):
            os.makedirs(os.path.join(self.dir, sub))
        shutil.copy('/var/lib/dpkg/status', os.path.join(self.dir, 'dpkg', 'status'))
        open(os.path.join(self.dir, 'sources.list'), 'w').close()
        conf = os.path.join(self.dir, 'apt.conf')
        with open(conf, 'w', encoding='utf-8') as f:
            for key, path in (('Dir::State', 'state'), ('Dir::State::status', 'dpkg/status'),
                              ('Dir::Cache', 'cache'), ('Dir::Log', 'log'),
                              ('Dir::Etc::SourceList', 'sources.list'),
                              ('Dir::Etc::SourceParts', 'sources.list.d')):
                f.write('%s "%s";\n' % (key, os.path.join(self.dir, path)))
        self.env = dict(os.environ, APT_CONFIG=conf, DEBIAN_FRONTEND='noninteractive')
        return self

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def __exit__(self, *exc):
        shutil.rmtree(self.dir, ignore_errors=True)
        return False


class HeldLock:
    """The POSIX lock apt takes on path (fcntl), held by this process until
    release() or `seconds` have passed."""

    def __init__(self, path, seconds=None):
        self.file = open(path, 'w')
        fcntl.lockf(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.timer = threading.Timer(seconds, self.release) if seconds else None
        if self.timer:
            self.timer.start()

    def release(self):
        if not self.file.closed:
            fcntl.lockf(self.file, fcntl.LOCK_UN)
            self.file.close()


def apt_get(state, args, wait=60):
    started = time.monotonic()
    proc = subprocess.run([APT_GET] + args, env=dict(state.env, APT_LOCK_WAIT=str(wait)),
                          capture_output=True, text=True, timeout=120)
    return proc, time.monotonic() - started


def test_apt_get_waits_for_a_held_lock_and_says_so_once():
    # apt-get update takes the package lists' lock, apt-get install the
    # dpkg frontend lock (here: a package that is already installed, so
    # nothing is installed).
    with AptState() as state:
        for lock, args in ((('state', 'lists', 'lock'), ['update', '-qq']),
                           (('dpkg', 'lock-frontend'), ['install', '-y', '-qq', 'make'])):
            held = HeldLock(state.path(*lock), seconds=2)
            try:
                proc, elapsed = apt_get(state, args)
            finally:
                held.release()
            assert_eq(proc.returncode, 0, '%s: status (stderr %r)' % (args[0], proc.stderr))
            assert elapsed >= 1.5, '%s returned after %.1fs, before the lock was free' % (
                args[0], elapsed)
            lines = proc.stderr.splitlines()
            assert_eq(len([l for l in lines if l.startswith(WAITING)]), 1,
                      '%s: one waiting message in %r' % (args[0], lines))
            assert state.path(*lock) in proc.stderr, proc.stderr
            # Without a lock held: no message.
            proc, _ = apt_get(state, args)
            assert_eq((proc.returncode, proc.stderr), (0, ''), '%s, lock free' % args[0])


def test_apt_get_gives_up_when_the_time_is_up():
    with AptState() as state:
        held = HeldLock(state.path('dpkg', 'lock-frontend'))
        try:
            proc, elapsed = apt_get(state, ['install', '-y', '-qq', 'make'], wait=3)
        finally:
            held.release()
    assert_eq(proc.returncode, 100, 'apt-get\'s status (stderr %r)' % proc.stderr)
    # APT_LOCK_WAIT counts whole seconds (bash's SECONDS): 3 is more than 2.
    assert 2 <= elapsed < 30, elapsed
    lines = proc.stderr.splitlines()
    assert_eq(len([l for l in lines if l.startswith(WAITING)]), 1, 'one message: %r' % lines)
    assert any(l.startswith('E: ') and 'lock-frontend' in l for l in lines), (
        'apt-get\'s own message: %r' % lines)


def burn_cpus(seconds):
    """A busy process per CPU, and one more, each ending by itself after
    `seconds` whatever happens to the test."""
    code = 'import time\nend = time.monotonic() + %f\nwhile time.monotonic() < end: pass\n' % seconds
    return [subprocess.Popen([sys.executable, '-c', code]) for _ in range((os.cpu_count() or 1) + 1)]


def test_stack_comes_up_under_cpu_load():
    # stack.sh writes the pid of `( exec setsid ... chamilo-fcgi ... ) &`
    # and checks that it is alive at once: before its exec is done that
    # process still shows stack.sh's command line (or an empty one). The
    # binary is given through BUILD, not on the command line, so that
    # stack.sh's own command line does not mention chamilo-fcgi.
    state = os.path.join(harness.STACK_DIR, 'up-under-load')
    port = free_tcp_port()
    env = dict(os.environ, BUILD=os.path.join(harness.STACK_DIR, 'bin'), STACK_TIMEOUT='60',
               WORKERS='2')

    def stack(*args):
        return subprocess.run([STACK] + list(args), env=env, capture_output=True, text=True,
                              timeout=180)

    burners = []
    try:
        proc = stack('up', state, str(port))
        assert_eq(proc.returncode, 0, 'first start (stderr %r)' % proc.stderr[-2000:])
        burners = burn_cpus(30)
        deadline = time.monotonic() + 15
        starts = 0
        while starts < 3 or time.monotonic() < deadline:
            proc = stack('down', state)
            assert_eq(proc.returncode, 0, 'down (stderr %r)' % proc.stderr[-2000:])
            proc = stack('up', state, str(port))
            starts += 1
            assert_eq(proc.returncode, 0, 'start %d under load (stderr %r)'
                      % (starts, proc.stderr[-2000:]))
            url = 'http://127.0.0.1:%d/main/webservices/api/v2.php' % port
            with urllib.request.urlopen(urllib.request.Request(url, data=b'action=x'),
                                        timeout=30) as resp:
                assert_eq(resp.status, 200, 'an answer from the pool')
            if starts >= 20:
                break
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
        stack('destroy', state)
