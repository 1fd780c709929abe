"""t/bench/bench_actions.py, the latency bench of every read action (`make
bench-actions`), on the demo campus of the test stack: the logic, not the
figures (the bench itself needs the large campus of `make bench-data`)."""

# Answers here do not depend on php_types: the first pass runs it.
TYPE_INDEPENDENT = True

import importlib.util
import os

import harness
from harness import new_user, sql_exec, stack_binary

_spec = importlib.util.spec_from_file_location(
    'bench_actions', os.path.join(harness.REPO, 't', 'bench', 'bench_actions.py'))
bench_actions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_actions)

DEMO_COURSE = 1  # the demo course with forums, works, documents, learning paths


def test_every_read_action_of_the_table_is_declared_and_nothing_else():
    actions = bench_actions.read_actions(stack_binary())
    assert len(actions) > 50, len(actions)
    assert 'user_profile' in actions and 'save_user' not in actions
    assert bench_actions.check_declarations(actions) == ([], [])
    for name, (roles, _) in bench_actions.CALLS.items():
        assert roles and set(roles) <= set(bench_actions.ROLES), (name, roles)


def test_a_new_read_action_without_a_declaration_is_named():
    actions = dict(bench_actions.read_actions(stack_binary()), brand_new_action=([], set()))
    del actions['user_profile']
    assert bench_actions.check_declarations(actions) == (['brand_new_action'], ['user_profile'])


def test_every_read_action_answers_as_each_declared_role():
    student, teacher = new_user(), new_user(status=1)
    sql_exec('INSERT INTO course_rel_user (c_id, user_id, status, relation_type, is_tutor, sort,'
             ' user_course_cat, legal_agreement) VALUES (%s, %s, 5, 0, 0, 0, 0, 0),'
             ' (%s, %s, 1, 0, 0, 0, 0, 0)', DEMO_COURSE, student.id, DEMO_COURSE, teacher.id)
    try:
        target = bench_actions.Target(harness.BASE_URL, harness._env(),
                                      fixed={'student': student.id, 'teacher': teacher.id,
                                             'course': DEMO_COURSE, 'admin': 1})
        run, again = bench_actions.measure([target, target], stack_binary(), calls=2, seconds=1,
                                           warmup=1, rounds=2)
    finally:
        sql_exec('DELETE FROM course_rel_user WHERE c_id = %s AND user_id IN (%s, %s)',
                 DEMO_COURSE, student.id, teacher.id)
    assert run['failures'] == [] and again['failures'] == [], run['failures']
    assert [(r['action'], r['role']) for r in again['results']] == \
        [(r['action'], r['role']) for r in run['results']], 'both targets measured alike'
    measured = {(r['action'], r['role']) for r in run['results']}
    declared = {(a, role) for a, (roles, _) in bench_actions.CALLS.items() for role in roles}
    assert measured == declared, sorted(declared ^ measured)
    actions = bench_actions.read_actions(stack_binary())
    for r in run['results']:
        assert r['calls'] == 2 and 0 < r['p50_ms'] <= r['p99_ms'], r
        assert r['bytes'] > 0 or 'REDIRECT' in actions[r['action']][0], r  # a 302 has no body
    assert run['campus'] == {'student': student.id, 'teacher': teacher.id, 'course': DEMO_COURSE,
                             'admin': 1}


def test_the_callers_found_on_a_campus():
    campus = bench_actions.find_campus(env=harness._env())
    most = harness.sql_value('SELECT max(n) FROM (SELECT count(*) AS n FROM course_rel_user r'
                             ' JOIN "user" u ON u.id = r.user_id WHERE r.status = 5 AND'
                             ' u.status = 5 AND u.active = 1 GROUP BY r.user_id) c')
    assert harness.sql_value('SELECT count(*) FROM course_rel_user WHERE user_id = %s AND status = 5',
                             campus['student']) == most
    assert harness.sql_value('SELECT status FROM course_rel_user WHERE user_id = %s AND c_id = %s',
                             campus['teacher'], campus['course']) == '1'
    assert harness.sql_value('SELECT count(*) FROM admin WHERE user_id = %s', campus['admin']) == '1'


def test_the_table_compares_p99s_and_flags_misses():
    def run(*rows, failures=()):
        return {'users': 10, 'failures': list(failures),
                'results': [{'action': a, 'role': r, 'calls': 9, 'p50_ms': p50, 'p99_ms': p99,
                             'bytes': 1} for a, r, p50, p99 in rows]}
    demo = run(('a', 'student', 1.0, 2.0), ('b', 'admin', 1.0, 2.0), ('c', 'admin', 5.0, 15.0))
    large = run(('a', 'student', 1.5, 3.9), ('b', 'admin', 2.0, 4.1), ('c', 'admin', 10.0, 21.0),
                failures=[{'action': 'd', 'role': 'teacher', 'answer': 'HTTP 500'}])
    lines, misses = bench_actions.table(demo, large)
    by_action = {line.split()[0]: line for line in lines[2:]}
    assert by_action['a'].split()[-3:] == ['1.50', '1.95', 'ok'], by_action['a']
    assert by_action['b'].endswith('MISS >2x'), by_action['b']
    assert by_action['c'].endswith('MISS >20 ms'), by_action['c']
    assert 'FAILED on the large campus: d as teacher: HTTP 500' in lines
    assert misses == 3


def test_the_bookkeeping_verdict():
    lines, ok = bench_actions.bookkeeping([100, 120, 110], [101, 99, 200])
    assert ok and lines[-1].split()[-2:] == ['0.92', 'ok'], lines
    lines, ok = bench_actions.bookkeeping([100], [89])
    assert not ok and 'MISS' in lines[-1], lines
