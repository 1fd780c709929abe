"""Every statement uses an index: on a small generated campus
(t/bench/bench-data.sql at BENCH_SCALE, in a scratch database of the
stack's cluster), `chamilo-fcgi --explain-statements` prints the generic plan
of every registered statement, and no plan may read a table that grows with
the campus by a sequential scan.

The pool runs every statement with its generic plan (plan_cache_mode =
force_generic_plan, lib/db/db.c), which does not depend on the values: the
plan checked here is the plan every call runs, so no statement needs
representative values declared beside it, and a new statement is checked
the moment it is registered.

A Seq Scan node fails unless its table is in SMALL_TABLES (fixed, small
whatever the campus: a scan of a few pages is the right plan) or the
statement and table are in WHOLE_CAMPUS_READS (the answer, or the work of a
deletion, is the whole campus). The failure names each statement, table and
the planner's row estimate.
"""

# The plans do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import json
import os
import re

import harness
from harness import ScratchDatabase, run_as_stack_user, stack_binary

# 0.1: 10,000 users, 2,000 courses, 500 sessions and classes (the
# generator's floors), 300,000 course memberships, 100,000 messages, 1,000,000 tracking
# rows; built in about a minute. The smallest scale at which every plan is
# the plan of the full campus of `make bench-data` (100,000 users): at 0.05,
# a student's 30 courses are still cheaper to check against the whole of
# access_url_rel_user than one by one.
BENCH_SCALE = '0.1'

# Tables that stay small whatever the number of users, courses and
# messages, and why.
SMALL_TABLES = {
    'access_url': 'one row per campus of the install (a handful, even multi-URL)',
    'admin': 'the platform administrators (a handful)',
    'course_category': 'the catalogue\'s categories (dozens, a few hundred at most): one or two '
                       'pages, joined by code to every course listed',
    'extra_field': 'field definitions (dozens)',
    'language': 'the languages of the platform (about 60, fixed)',
    'legal': 'terms and conditions, one row per language and version',
    'live_follow_state': 'the live campus follower\'s position and lag: one row',
    'fos_user_user_group': 'Sonata user groups, unused by Chamilo 1.11 (empty on real campuses)',
    'session_category': 'the programmes and terms that group sessions (dozens per campus)',
    'session': 'hundreds to a few thousand rows (500 for 100,000 users): up to about 25 pages, '
               'cheaper to read whole than to probe an index a dozen times; checked: with '
               '2,000 sessions delete_user switches to its indexes by itself',
    'access_url_rel_session': 'one row per session and campus, as small as session (3 pages '
                              'for 500 sessions); checked: user_sessions probes its primary '
                              'key by itself with 5,000 sessions (it still hashes the 9 pages '
                              'of 2,000)',
}

# (statement, table): statements whose answer (or, for a deletion, whose
# work) is the whole campus, where reading the whole table is the least work.
WHOLE_CAMPUS_READS = {
    ('get_users.list_of_campus', 'user'): 'the answer is every user (of a status) of the campus',
    ('get_users.list_of_campus', 'access_url_rel_user'): 'the same users, filtered by campus',
    ('get_users.extra_values', 'extra_field_values'): 'every value of the requested fields',
    ('get_users_api_keys.count', 'user'): 'counts every user of the campus',
    ('get_users_api_keys.page', 'access_url_rel_user'): 'pages through every user of the '
                                                        'campus: the campus\'s members once '
                                                        'per page',
    ('get_users_api_keys.count', 'access_url_rel_user'): 'the same users, filtered by campus',
    ('user_create.campus_counts', 'user'): 'counts the campus\'s active users and teachers '
                                           '(the hosting limits)',
    ('user_create.campus_counts', 'access_url_rel_user'): 'the same count, by campus',
    ('get_courses.list', 'course'): 'the answer is every course of the campus',
    ('get_courses.list', 'access_url_rel_course'): 'the same courses, filtered by campus',
    ('get_sessions.list', 'session_rel_course'): 'the answer is every session of the campus '
                                                 'that has a course (PHP\'s inner join): '
                                                 'their courses, once',
    ('get_sessions.list', 'course'): 'the same check, on the courses',
    ('get_groups.list', 'access_url_rel_usergroup'): 'the answer is every class of the campus',
    ('delete_campus.delete', 'access_url_rel_course'): 'deleting a campus removes every link '
                                                       'it has: its courses',
    ('delete_campus.delete', 'access_url_rel_usergroup'): 'its classes',
    ('delete_campus.delete', 'access_url_rel_user'): 'its users',
}


def plan_nodes(node):
    """The node and every node below it (subplans and init plans included:
    EXPLAIN lists them under Plans)."""
    yield node
    for child in node.get('Plans', []):
        yield from plan_nodes(child)


def seq_scan_violations(statement, plan):
    """[(statement, table, estimated rows)] of the plan's sequential scans
    that neither list allows."""
    found = []
    for node in plan_nodes(plan[0]['Plan']):
        if node.get('Node Type') != 'Seq Scan':
            continue
        table = node.get('Relation Name')
        if table in SMALL_TABLES or (statement, table) in WHOLE_CAMPUS_READS:
            continue
        found.append((statement, table, node.get('Plan Rows')))
    return found


def _registered_statement_count():
    """DB_STATEMENT and DB_KEYED_STATEMENT declarations in lib/."""
    count = 0
    for dirpath, _, files in os.walk(os.path.join(harness.REPO, 'lib')):
        for name in files:
            if name.endswith('.c'):
                with open(os.path.join(dirpath, name), encoding='utf-8') as f:
                    count += len(re.findall(r'^DB_(?:KEYED_)?STATEMENT\(', f.read(), re.M))
    return count


def _psql_file(db, path, *variables):
    env = harness._env()
    cmd = ['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', env['PGHOST'],
           '-p', env['PGPORT'], '-U', env['PGUSER'], '-d', db.name, '-f', '-']
    for v in variables:
        cmd[1:1] = ['-v', v]
    with open(path, encoding='utf-8') as f:
        proc = run_as_stack_user(cmd, input=f.read(), timeout=900)
    assert proc.returncode == 0, 'psql -f %s failed: %s' % (path, proc.stderr[-2000:])
    return proc.stdout


def test_the_checker_sees_nested_seq_scans_and_honours_the_lists():
    plan = [{'Plan': {'Node Type': 'Nested Loop', 'Plans': [
        {'Node Type': 'Index Scan', 'Relation Name': 'user'},
        {'Node Type': 'Hash', 'Plans': [
            {'Node Type': 'Seq Scan', 'Relation Name': 'message', 'Plan Rows': 9}]},
        {'Node Type': 'Seq Scan', 'Relation Name': 'admin', 'Plan Rows': 1},
        {'Node Type': 'Seq Scan', 'Relation Name': 'user', 'Plan Rows': 5,
         'Subplan Name': 'SubPlan 1'}]}}]
    assert seq_scan_violations('x.y', plan) == [('x.y', 'message', 9), ('x.y', 'user', 5)]
    assert seq_scan_violations('get_users.list_of_campus', plan) == [
        ('get_users.list_of_campus', 'message', 9)]


def test_no_statement_reads_a_growing_table_by_a_sequential_scan():
    with ScratchDatabase() as db:
        conf = harness.scratch_conf(db, harness.scratch_workdir('plans-'))
        _psql_file(db, os.path.join(harness.REPO, 'sql', 'demo.sql'))
        proc = run_as_stack_user([stack_binary(), '-c', conf, '--migrate'], timeout=120)
        assert proc.returncode == 0, proc.stderr
        progress = _psql_file(db, os.path.join(harness.REPO, 't', 'bench', 'bench-data.sql'),
                              'scale=' + BENCH_SCALE)
        assert 'bench-data: done' in progress, progress
        users = int(db.sql('SELECT count(*) FROM "user"').strip())
        assert users >= 2000, users

        proc = run_as_stack_user([stack_binary(), '-c', conf, '--explain-statements'],
                                 timeout=300)
        assert proc.returncode == 0, proc.stderr
        plans = [json.loads(line) for line in proc.stdout.splitlines() if line]
        names = [p['statement'] for p in plans]
        assert len(names) == len(set(names)) == _registered_statement_count(), len(names)

        violations = []
        for p in plans:
            violations += seq_scan_violations(p['statement'], p['plan'])
        assert not violations, (
            'sequential scans of tables that grow with the campus (statement: table, '
            'estimated rows):\n' + '\n'.join('  %s: %s (%s rows)' % v for v in violations))
