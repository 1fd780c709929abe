#!/usr/bin/env python3
"""cpu_split.py - where a bench scenario's CPU time goes, per request.

    cpu_split.py snap OUT GROUP=PID ...
        Writes to OUT the CPU time (user + system, in clock ticks) used so
        far by each GROUP: the process PID and all its descendants (a
        pool master and its workers, the postmaster and its backends, the
        nginx master and its workers), and by the whole machine
        (/proc/stat, all CPUs, idle and iowait excluded). A PID of 0 or one
        that is gone makes an empty group.

    cpu_split.py diff BEFORE AFTER REQUESTS
        Prints one line: each group's CPU time between the two snapshots in
        microseconds per request, then "rest" (the machine minus the groups:
        the load generator, kernel threads, processes that exited during
        the run) and "total" (the machine).

On a saturated machine total is about cores / rate, so a scenario's rate
is read off its split: which process would have to get cheaper, and by how
much, for the rate to rise.
"""

import json
import os
import sys

TICK_US = 1e6 / os.sysconf('SC_CLK_TCK')


def processes():
    """pid -> (ppid, ticks) for every process still readable."""
    table = {}
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % name, encoding='ascii', errors='replace') as f:
                stat = f.read()
        except OSError:
            continue
        # The command name (field 2) may hold spaces and parentheses.
        fields = stat[stat.rindex(')') + 2:].split()
        table[int(name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return table


def machine_ticks():
    with open('/proc/stat', encoding='ascii') as f:
        values = [int(v) for v in f.readline().split()[1:]]
    return sum(v for i, v in enumerate(values) if i not in (3, 4))  # idle, iowait


def group_ticks(table, root):
    """Ticks of root and its descendants."""
    if root not in table:
        return 0
    children = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += table[pid][1]
        todo.extend(children.get(pid, ()))
    return total


def snap(out, specs):
    table = processes()
    groups = {}
    for spec in specs:
        name, _, pid = spec.partition('=')
        groups[name] = group_ticks(table, int(pid or 0))
    with open(out, 'w', encoding='utf-8') as f:
        json.dump({'groups': groups, 'machine': machine_ticks()}, f)


def diff(before_path, after_path, requests):
    with open(before_path, encoding='utf-8') as f:
        before = json.load(f)
    with open(after_path, encoding='utf-8') as f:
        after = json.load(f)
    if requests <= 0:
        raise SystemExit('cpu_split: no requests')
    parts, used = [], 0
    for name, ticks in after['groups'].items():
        delta = max(0, ticks - before['groups'].get(name, 0))
        used += delta
        parts.append('%s=%.0f' % (name, delta * TICK_US / requests))
    machine = after['machine'] - before['machine']
    parts.append('rest=%.0f' % (max(0, machine - used) * TICK_US / requests))
    parts.append('total=%.0f' % (machine * TICK_US / requests))
    print(' '.join(parts))


def main(argv):
    if len(argv) >= 3 and argv[1] == 'snap':
        snap(argv[2], argv[3:])
    elif len(argv) == 5 and argv[1] == 'diff':
        diff(argv[2], argv[3], float(argv[4]))
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
