#!/usr/bin/env python3
"""bench_actions.py - the latency of every read action, as a student, a
teacher and an administrator, one call at a time (`make bench-actions`).

    bench_actions.py measure --binary PATH --stack DIR --out FILE.json [--stack DIR --out FILE.json]
    bench_actions.py table DEMO.json LARGE.json
    bench_actions.py bookkeeping --demo RATE... --large RATE...

measure: reads the action table from `BINARY --list-actions` (every action
without the WRITE flag is a read action), picks the callers and the
values of the parameters from each stack's database (psql with the PG*
variables of its stack.env), then calls each read action through each
stack's front end, as each role its declaration names, one call at a time
on one kept connection per stack: a few warm-up calls, then up to N
measured calls (BENCH_ACTIONS_CALLS, default 100) or BENCH_ACTIONS_SECONDS
(default 3) of them, whichever ends first, the stacks taking turns in
BENCH_ACTIONS_ROUNDS (default 5) rounds, so that the machine's changing
load falls on every campus alike. Every answer is checked (a success
envelope, or the 302 of a redirect action): a call that fails is reported
with its answer and the action's figures are left out. Writes one JSON
file per stack: {"campus": {...}, "users": N, "results": [{"action",
"role", "calls", "p50_ms", "p99_ms", "bytes"}], "failures": [...]}.

table: the two files side by side, p50 and p99 per action and role, with
the ratio of the p99s and the targets (a p99 at most 2x the demo's, and
at most 20 ms); exit status 1 when a figure misses a target.

bookkeeping: user_profile's requests per second over 1,000 users on each
campus (rounds measured by bench-actions.sh with wrk), the medians and
their ratio; exit status 1 when the large campus is more than 10% slower.

The parameters of each read action are declared here, in CALLS: the
roles that call it and the values it is called with, whose {names} are
filled from CONTEXT (one SQL query each, run on the database measured).
A read action of the table without a declaration, or a declaration of no
read action, stops the run: a new action must be declared to be measured.

The callers: the student with the most courses (30 on the generated
campus), the first teacher of that student's first course that has one
(the course of the course actions), and the first administrator. Each
gets a MsgREST key when it has none (what authenticate would create).
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse

ROLES = ('student', 'teacher', 'admin')
ALL = ROLES
KEYED = ('student', 'teacher')

# CONTEXT: name -> SQL returning one value. {student}, {teacher}, {admin}
# and {course} may be used inside (filled as integers, never from input).
# A value the student lacks (a session, a class) is taken from another user.
CONTEXT = {
    'message': 'SELECT min(id) FROM message WHERE user_receiver_id = {student}',
    'session': 'SELECT coalesce((SELECT min(session_id) FROM session_rel_user WHERE user_id = {student}),'
               ' (SELECT min(session_id) FROM session_rel_user))',
    'announcement': 'SELECT min(id) FROM c_announcement WHERE c_id = {course}',
    'forum': 'SELECT min(forum_id) FROM c_forum_forum WHERE c_id = {course}',
    'thread': 'SELECT min(thread_id) FROM c_forum_thread WHERE c_id = {course} AND forum_id ='
              ' (SELECT min(forum_id) FROM c_forum_forum WHERE c_id = {course})',
    'forum_attachment': 'SELECT min(path) FROM c_forum_attachment WHERE c_id = {course}',
    'lp': 'SELECT min(iid) FROM c_lp WHERE c_id = {course}',
    'work': 'SELECT min(iid) FROM c_student_publication WHERE c_id = {course}'
            ' AND parent_id = 0 AND filetype = \'folder\'',
    'document': 'SELECT min(iid) FROM c_document WHERE c_id = {course} AND filetype = \'file\'',
    'folder': 'SELECT coalesce(min(iid), 0) FROM c_document WHERE c_id = {course} AND filetype = \'folder\'',
    'student_name': 'SELECT username FROM "user" WHERE id = {student}',
    'teacher_name': 'SELECT username FROM "user" WHERE id = {teacher}',
    'class': 'SELECT coalesce((SELECT min(usergroup_id) FROM usergroup_rel_user WHERE user_id = {student}),'
             ' (SELECT min(usergroup_id) FROM usergroup_rel_user))',
    'quiz': 'SELECT min(iid) FROM c_quiz WHERE c_id = {course}',
    'nickname': 'SELECT min(value) FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id'
                ' WHERE f.variable = \'nickname\' AND f.extra_field_type = 1',
}

# CALLS: read action -> (roles, parameters). A course action (COURSE flag)
# gets course={course} and session=0 unless its parameters say otherwise.
CALLS = {
    'user_messages': (ALL, {'last': 0}),
    'user_messages_received': (ALL, {}),
    'user_messages_sent': (ALL, {}),
    'get_count_new_messages': (ALL, {}),
    'message_users': (ALL, {'q': 'zzq'}),
    'view_message': (('student',), {'message': '{message}'}),
    'user_courses': (ALL, {}),
    'user_courses_by_dates': (('admin',), {'user_id': '{student}', 'start_date': '2020-01-01',
                                           'end_date': '2030-01-01'}),
    'user_sessions': (ALL, {}),
    'view_user_profile': (ALL, {'user_id': '{student}'}),
    'user_profile': (ALL, {}),
    'users_profiles_by_extra_field': (('admin',), {'field_name': 'nickname',
                                                   'field_value': '{nickname}'}),
    'view_my_courses': (ALL, {}),
    'view_course_home': (ALL, {}),
    'course_info': (ALL, {}),
    'course_descriptions': (ALL, {}),
    'course_documents': (ALL, {'dir_id': '{folder}'}),
    'course_announcements': (ALL, {}),
    'course_announcement': (ALL, {'announcement': '{announcement}'}),
    'course_agenda': (ALL, {}),
    'course_notebooks': (ALL, {}),
    'course_forumcategories': (ALL, {}),
    'course_forum': (ALL, {'forum': '{forum}'}),
    'course_forumthread': (ALL, {'forum': '{forum}', 'thread': '{thread}'}),
    'course_learnpaths': (ALL, {}),
    'course_learnpath': (ALL, {'lp_id': '{lp}'}),
    'course_lp_progress': (ALL, {}),
    'course_links': (ALL, {}),
    'course_works': (ALL, {}),
    'course_exercises': (ALL, {}),
    'courses_details_by_extra_field': (('admin',), {'field_name': 'special_course', 'field_value': '1'}),
    'download_forum_attachment': (ALL, {'path': '{forum_attachment}'}),
    'get_work_students_without_publications': (('teacher', 'admin'), {'work': '{work}'}),
    'get_work_users': (('teacher', 'admin'), {'work': '{work}'}),
    'get_work_list': (ALL, {'work': '{work}'}),
    'get_work_student_list': (('teacher', 'admin'), {'work': '{work}'}),
    'download_work_folder': (('teacher', 'admin'), {'work': '{work}'}),
    'download_work_comment_attachment': (ALL, {'comment': 1}),  # a redirect: no look-up
    'download_work': (('teacher', 'admin'), {'work': '{work}'}),
    'view_document_in_frame': (ALL, {'document': '{document}'}),
    'view_quiz_tool': (ALL, {}),
    'view_survey_tool': (ALL, {}),
    'get_users': (('admin',), {'status': 5}),
    'username_exist': (ALL, {'loginname': '{teacher_name}'}),
    'get_user_sub_group': (ALL, {'user_id': '{student}'}),
    'get_courses': (ALL, {}),
    'get_courses_from_extra_field': (ALL, {'extra_field_variable': 'special_course',
                                           'extra_field_value': '1'}),
    'get_session_from_extra_field': (ALL, {'field_name': 'external_session_code',
                                           'field_value': 'ENG-CLUB'}),
    'get_sessions': (('admin',), {}),
    'get_users_subscribed_to_course': (ALL, {}),
    'get_users_subscribed_to_session': (('admin',), {'id_session': '{session}', 'move_info': 0}),
    'get_course_quiz_mdl_compat': (ALL, {}),
    'check_conditional_login': (ALL, {}),
    'get_legal_conditions': (ALL, {}),
    'get_test_updates_list': (('admin',), {}),
    'get_test_average_results_list': (('admin',), {'ids': ['{quiz}']}),
    'get_groups': (('admin',), {'type': 0}),
    'group_exists': (ALL, {'name': 'No such class'}),
    'get_group_sub_users': (ALL, {'id': '{class}'}),
    'get_group_sub_courses': (ALL, {'id': '{class}'}),
    'get_group_sub_sessions': (ALL, {'id': '{class}'}),
    'get_user_info_from_username': (ALL, {'loginname': '{student_name}'}),
    'get_user_last_connexion': (ALL, {'user': '{student_name}'}),
    'get_user_total_connexion_time': (ALL, {'user': '{student_name}'}),
    'get_user_progress_and_time_in_session': (ALL, {'user_id': '{student}', 'session_id': '{session}'}),
    'get_session_info_from_extra_field': (ALL, {'field_name': 'external_session_code',
                                                'field_value': 'ENG-CLUB'}),
    'get_audit_items': (('admin',), {'event_type': 'access_ws_user_profile', 'user_id': '{student}',
                                     'limit': 10}),
}

# The callers, found in the database.
ROLE_SQL = {
    'student': 'SELECT r.user_id FROM course_rel_user r JOIN "user" u ON u.id = r.user_id'
               ' WHERE r.status = 5 AND u.status = 5 AND u.active = 1'
               ' GROUP BY r.user_id ORDER BY count(*) DESC, r.user_id LIMIT 1',
    'course': 'SELECT min(s.c_id) FROM course_rel_user s WHERE s.user_id = {student}'
              ' AND EXISTS (SELECT 1 FROM course_rel_user t WHERE t.c_id = s.c_id AND t.status = 1)',
    'teacher': 'SELECT min(user_id) FROM course_rel_user WHERE c_id = {course} AND status = 1',
    'admin': 'SELECT min(a.user_id) FROM admin a JOIN "user" u ON u.id = a.user_id WHERE u.active = 1',
}


def stack_env(stack_dir):
    """The KEY=VALUE pairs of a stack's stack.env (t/stack/stack.sh up)."""
    env = {}
    with open(os.path.join(stack_dir, 'stack.env'), encoding='utf-8') as f:
        for line in f:
            key, sep, value = line.rstrip('\n').partition('=')
            if sep:
                env[key] = value
    return env


def psql(query, env=None):
    """One value (text, or None for NULL or no row) from the database of the
    PG* variables of env (a stack's stack.env), else of the environment."""
    env = dict(os.environ, **(env or {}))
    argv = ['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', query]
    user = env.get('STACK_USER', '')
    if os.getuid() == 0 and user not in ('', 'root'):  # PostgreSQL's sockets are the stack user's
        argv = ['setpriv', '--reuid=' + user, '--regid=' + user, '--clear-groups'] + argv
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=600, env=env)
    if proc.returncode != 0:
        raise SystemExit('bench-actions: psql failed on %s: %s' % (query, proc.stderr.strip()))
    out = proc.stdout.rstrip('\n')
    return out if out != '' else None


def read_actions(binary):
    """{name: (flags, names of the parameters read from the query string)}
    of the actions without the WRITE flag, from the table."""
    table = json.loads(subprocess.run([binary, '--list-actions'], capture_output=True, text=True,
                                      timeout=60, check=True).stdout)
    return {a['name']: (a['flags'], {p['name'] for p in a['params'] if p['source'] == 'GET'})
            for a in table if 'WRITE' not in a['flags']}


def check_declarations(actions):
    """The names of the read actions without a declaration and of the
    declarations of no read action (both empty: the table and CALLS agree)."""
    return sorted(set(actions) - set(CALLS)), sorted(set(CALLS) - set(actions))


def find_campus(fixed=None, env=None):
    """{'student', 'course', 'teacher', 'admin': id, then the CONTEXT names:
    text}; fixed: ids chosen by the caller instead of the queries."""
    campus = dict(fixed or {})
    for name in ('student', 'course', 'teacher', 'admin'):
        if name not in campus:
            value = psql(ROLE_SQL[name].format(**campus), env)
            if value is None:
                raise SystemExit('bench-actions: no %s found in the database' % name)
            campus[name] = int(value)
    for name, query in CONTEXT.items():
        campus[name] = psql(query.format(**campus), env)
    return campus


def role_key(user_id, env=None):
    """The user's newest MsgREST key, created when it has none."""
    key = psql('SELECT api_key FROM user_api_key WHERE user_id = %d AND api_service = \'MsgREST\''
               ' ORDER BY id DESC LIMIT 1' % user_id, env)
    if key is None:
        key = psql('INSERT INTO user_api_key (user_id, api_key, api_service, created_date)'
                   ' VALUES (%d, md5(\'bench-actions-\' || %d), \'MsgREST\', LOCALTIMESTAMP)'
                   ' RETURNING api_key' % (user_id, user_id), env)
    return key


def fill(value, campus):
    if isinstance(value, list):
        return [fill(v, campus) for v in value]
    if isinstance(value, str):
        return value.format(**{k: ('' if v is None else v) for k, v in campus.items()})
    return str(value)


def request_of(action, flags, from_get, role, campus, keys, usernames):
    """(query string, urlencoded body) of one call: the parameters the
    action reads from the query string there, the others in the body."""
    query, pairs = [], [('action', action), ('username', usernames[role]), ('api_key', keys[role])]
    params = CALLS[action][1]
    if 'COURSE' in flags and 'course' not in params:
        pairs += [('course', str(campus['course'])), ('session', '0')]
    for name, value in params.items():
        value = fill(value, campus)
        into = query if name in from_get else pairs
        if isinstance(value, list):
            into += [('%s[%d]' % (name, i), v) for i, v in enumerate(value)]
        else:
            into.append((name, value))
    return urllib.parse.urlencode(query), urllib.parse.urlencode(pairs)


def answer_ok(status, body, flags):
    if 'REDIRECT' in flags and status == 302:
        return True
    if status != 200:
        return False
    if 'RAW' in flags:
        return not body.startswith(b'{"error":true')
    return body.startswith(b'{"error":false')


def percentile(sorted_ms, p):
    """The nearest-rank percentile of sorted values."""
    rank = max(1, -(-len(sorted_ms) * p // 100))
    return sorted_ms[int(rank) - 1]


class Target:
    """One campus measured: its front end (base URL), the PG* variables of
    its database (env; None: the environment's), the callers and values found
    there, and a kept connection."""

    def __init__(self, base, env=None, fixed=None):
        self.env = env
        self.campus = find_campus(fixed, env)
        self.keys = {r: role_key(self.campus[r], env) for r in ROLES}
        self.usernames = {r: psql('SELECT username FROM "user" WHERE id = %d' % self.campus[r], env)
                          for r in ROLES}
        url = urllib.parse.urlsplit(base)
        self.path = url.path.rstrip('/') + '/main/webservices/api/v2.php'
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)

    def call(self, query, body):
        """(status, body, milliseconds) of one call."""
        t0 = time.perf_counter()
        self.conn.request('POST', self.path + ('?' + query if query else ''), body,
                          {'Content-Type': 'application/x-www-form-urlencoded'})
        resp = self.conn.getresponse()
        answer = resp.read()
        elapsed = (time.perf_counter() - t0) * 1000
        if resp.getheader('Connection', '').lower() == 'close':
            self.conn.close()
        return resp.status, answer, elapsed


def measure(targets, binary, calls, seconds, warmup=3, rounds=1, only=None):
    """One run per Target: every declared (action, role), warmup calls, then
    up to calls calls or seconds of them on each target, interleaved: the
    targets take turns, rounds times, so that a change in the machine's load
    falls on both alike."""
    actions = read_actions(binary)
    undeclared, unknown = check_declarations(actions)
    if undeclared or unknown:
        raise SystemExit('bench-actions: read actions without a declaration in CALLS: %s;'
                         ' declarations of no read action: %s' % (undeclared, unknown))
    runs = [{'results': [], 'failures': []} for _ in targets]
    per_round = max(1, -(-calls // rounds))
    for action in sorted(actions):
        if only and action not in only:
            continue
        flags, from_get = actions[action]
        for role in CALLS[action][0]:
            requests = [request_of(action, flags, from_get, role, t.campus, t.keys, t.usernames)
                        for t in targets]
            samples = [[] for _ in targets]
            sizes = [0] * len(targets)
            failed = [None] * len(targets)
            spent = [0.0] * len(targets)
            for rnd in range(-1, rounds):  # round -1: the warm-up calls
                for i, t in enumerate(targets):
                    if failed[i]:
                        continue
                    started = time.monotonic()
                    for _ in range(warmup if rnd < 0 else per_round):
                        status, answer, elapsed = t.call(*requests[i])
                        if not answer_ok(status, answer, flags):
                            failed[i] = 'HTTP %d %s' % (status, answer[:300].decode('utf-8', 'replace'))
                            break
                        if rnd >= 0:
                            samples[i].append(elapsed)
                            sizes[i] = len(answer)
                            if spent[i] + time.monotonic() - started > seconds * (rnd + 1) / rounds \
                                    and len(samples[i]) >= 5:
                                break
                    if rnd >= 0:
                        spent[i] += time.monotonic() - started
            for i in range(len(targets)):
                if failed[i]:
                    runs[i]['failures'].append({'action': action, 'role': role, 'answer': failed[i]})
                    continue
                ordered = sorted(samples[i])
                runs[i]['results'].append({'action': action, 'role': role, 'calls': len(ordered),
                                           'p50_ms': round(percentile(ordered, 50), 3),
                                           'p99_ms': round(percentile(ordered, 99), 3),
                                           'bytes': sizes[i]})
    for t, run in zip(targets, runs):
        t.conn.close()
        run['campus'] = {k: t.campus[k] for k in ('student', 'course', 'teacher', 'admin')}
        run['users'] = int(psql('SELECT count(*) FROM "user"', t.env))
    return runs


P99_RATIO_MAX = 2.0
P99_MS_MAX = 20.0


def table(demo, large):
    """The lines of the side-by-side table and the number of misses."""
    index = {(r['action'], r['role']): r for r in demo['results']}
    lines = ['%-40s %-7s %9s %9s %9s %9s %7s %7s %s' % ('action', 'role', 'demo p50', 'demo p99',
                                                        'large p50', 'large p99', 'ratio', 'ratio',
                                                        'target'),
             '%-40s %-7s %9s %9s %9s %9s %7s %7s' % ('', '', '(%d users)' % demo['users'], '',
                                                     '(%d users)' % large['users'], '', 'p50', 'p99')]
    misses = 0
    for r in sorted(large['results'], key=lambda r: (r['action'], ROLES.index(r['role']))):
        d = index.get((r['action'], r['role']))
        ratio = r['p99_ms'] / d['p99_ms'] if d and d['p99_ms'] > 0 else None
        ratio50 = r['p50_ms'] / d['p50_ms'] if d and d['p50_ms'] > 0 else None
        miss = []
        if ratio is not None and ratio > P99_RATIO_MAX:
            miss.append('>%gx' % P99_RATIO_MAX)
        if r['p99_ms'] > P99_MS_MAX:
            miss.append('>%g ms' % P99_MS_MAX)
        misses += bool(miss)
        lines.append('%-40s %-7s %9s %9s %9.2f %9.2f %7s %7s %s' % (
            r['action'], r['role'], '%.2f' % d['p50_ms'] if d else '-',
            '%.2f' % d['p99_ms'] if d else '-', r['p50_ms'], r['p99_ms'],
            '%.2f' % ratio50 if ratio50 is not None else '-',
            '%.2f' % ratio if ratio is not None else '-', 'MISS ' + ' '.join(miss) if miss else 'ok'))
    for name, run in (('demo', demo), ('large', large)):
        for f in run['failures']:
            misses += 1
            lines.append('FAILED on the %s campus: %s as %s: %s' % (name, f['action'], f['role'],
                                                                   f['answer']))
    return lines, misses


BOOKKEEPING_LOSS_MAX = 0.10


def bookkeeping(demo_rates, large_rates):
    """The lines comparing user_profile's throughput over 1,000 users on the
    two campuses (medians of the rounds), and whether the large campus
    keeps within BOOKKEEPING_LOSS_MAX of the demo's."""
    def median(rates):
        rates = sorted(rates)
        mid = len(rates) // 2
        return rates[mid] if len(rates) % 2 else (rates[mid - 1] + rates[mid]) / 2
    demo, large = median(demo_rates), median(large_rates)
    ok = large >= demo * (1 - BOOKKEEPING_LOSS_MAX)
    return ['user_profile, 1000 users in turn (the bookkeeping writes), req/s, median of %d rounds:'
            % len(demo_rates),
            '  demo campus  %8.0f  (%s)' % (demo, ' '.join('%.0f' % r for r in demo_rates)),
            '  large campus %8.0f  (%s)' % (large, ' '.join('%.0f' % r for r in large_rates)),
            '  large / demo %8.2f  %s' % (large / demo if demo else 0,
                                          'ok' if ok else 'MISS: more than %d%% slower'
                                          % (BOOKKEEPING_LOSS_MAX * 100))], ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = ap.add_subparsers(dest='command', required=True)
    m = sub.add_parser('measure')
    m.add_argument('--binary', required=True)
    m.add_argument('--stack', action='append', required=True,
                   help='a stack folder (its stack.env), once per campus')
    m.add_argument('--out', action='append', required=True, help='one per --stack, in order')
    m.add_argument('--calls', type=int, default=int(os.environ.get('BENCH_ACTIONS_CALLS', '100')))
    m.add_argument('--seconds', type=float, default=float(os.environ.get('BENCH_ACTIONS_SECONDS', '3')))
    m.add_argument('--rounds', type=int, default=int(os.environ.get('BENCH_ACTIONS_ROUNDS', '5')))
    m.add_argument('--only', nargs='*')
    t = sub.add_parser('table')
    t.add_argument('demo')
    t.add_argument('large')
    b = sub.add_parser('bookkeeping')
    b.add_argument('--demo', type=float, nargs='+', required=True)
    b.add_argument('--large', type=float, nargs='+', required=True)
    args = ap.parse_args()
    if args.command == 'bookkeeping':
        lines, ok = bookkeeping(args.demo, args.large)
        print('\n'.join(lines))
        return 0 if ok else 1
    if args.command == 'measure':
        if len(args.stack) != len(args.out):
            ap.error('one --out per --stack')
        targets = []
        for folder in args.stack:
            env = stack_env(folder)
            targets.append(Target(env['BASE_URL'], env))
        runs = measure(targets, args.binary, args.calls, args.seconds, rounds=args.rounds,
                       only=args.only)
        failed = 0
        for folder, out, run in zip(args.stack, args.out, runs):
            with open(out, 'w', encoding='utf-8') as f:
                json.dump(run, f, indent=1)
            for fail in run['failures']:
                failed = 1
                print('bench-actions: %s: %s as %s failed: %s'
                      % (folder, fail['action'], fail['role'], fail['answer']), file=sys.stderr)
        return failed
    with open(args.demo, encoding='utf-8') as f:
        demo = json.load(f)
    with open(args.large, encoding='utf-8') as f:
        large = json.load(f)
    lines, misses = table(demo, large)
    print('\n'.join(lines))
    print('%d of %d figures miss a target (p99 at most %gx the demo\'s and %g ms)'
          % (misses, len(large['results']), P99_RATIO_MAX, P99_MS_MAX))
    return 1 if misses else 0


if __name__ == '__main__':
    sys.exit(main())
