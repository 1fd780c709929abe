"""t/bench/cpu_split.py, the per-request CPU split of `make bench`, on a
process tree of known cost: a parent that sleeps and a grandchild that
spins."""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True


import os
import re
import subprocess
import sys
import tempfile
import time

import harness

SPLIT = os.path.join(harness.REPO, 't', 'bench', 'cpu_split.py')

# Forks a child that spins for the given seconds, waits for it, then sleeps
# until its stdin closes: the spinning is the parent's descendant's.
TREE = r'''
import os, sys, time
spin = float(sys.argv[1])
pid = os.fork()
if pid == 0:
    end = time.process_time() + spin
    while time.process_time() < end:
        pass
    os._exit(0)
print('ready', flush=True)
sys.stdin.read()
os.waitpid(pid, 0)
'''


def _split(*args):
    proc = subprocess.run([sys.executable, SPLIT, *args], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_a_group_counts_its_descendants_and_rest_is_the_machine_minus_the_groups():
    folder = tempfile.mkdtemp(dir=harness.STACK_DIR or None)
    before, after = os.path.join(folder, 'before.json'), os.path.join(folder, 'after.json')
    tree = subprocess.Popen([sys.executable, '-c', TREE, '0.5'], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert tree.stdout.readline().strip() == 'ready'
        _split('snap', before, 'app=%d' % tree.pid, 'gone=0')
        # The spinning child is still running: its time lands between the
        # snapshots only while it is alive, so wait for it to finish its
        # work but not exit (its parent has not reaped it yet).
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            children = open('/proc/%d/task/%d/children' % (tree.pid, tree.pid)).read().split()
            if not children:
                break
            state = open('/proc/%s/stat' % children[0]).read().rsplit(')', 1)[1].split()[0]
            if state == 'Z':
                break
            time.sleep(0.05)
        _split('snap', after, 'app=%d' % tree.pid, 'gone=0')
    finally:
        tree.stdin.close()
        tree.wait(timeout=10)
    line = _split('diff', before, after, '2').strip()
    m = re.fullmatch(r'app=(\d+) gone=(\d+) rest=(\d+) total=(\d+)', line)
    assert m, line
    app, gone, rest, total = (int(v) for v in m.groups())
    assert gone == 0, line
    # 0.5 s of CPU over 2 requests: about 250,000 µs each (the child spun
    # before the first snapshot too, so at most that much).
    assert 100_000 <= app <= 260_000, line
    # Per-process and machine times are sampled apart: equal within a tick.
    assert total >= 0.9 * app and rest == max(0, total - app), line


def test_without_requests_it_refuses():
    folder = tempfile.mkdtemp(dir=harness.STACK_DIR or None)
    snap = os.path.join(folder, 'snap.json')
    _split('snap', snap, 'app=%d' % os.getpid())
    proc = subprocess.run([sys.executable, SPLIT, 'diff', snap, snap, '0'],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode != 0 and 'no requests' in proc.stderr, (proc.stdout, proc.stderr)
