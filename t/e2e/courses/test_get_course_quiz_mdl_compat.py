"""get_course_quiz_mdl_compat (30-courses.md §6.1): the course's quizzes as one
Moodle-style section, answered without the envelope (pretty-printed JSON,
text/html, no CORS header, as v2.php echoes it), while refusals keep the
envelope. The demo course ENGLISH101 (1) has 'Vocabulary' (2301, active,
two finished attempts of student1, one of student2) and 'Archived test'
(2302, inactive); its quiz tool is visible on the course home."""

import json

import harness
from harness import (assert_eq, assert_error, authenticate, both_encodings, call, events_since,
                     last_event_id, msg, sql_exec)

from course_common import assert_denied_to_a_stranger, read

ACTION = 'get_course_quiz_mdl_compat'


def raw(resp):
    """The raw answer's JSON, after checking its form."""
    assert_eq(resp.status, 200, 'HTTP status')
    assert resp.headers.get('Content-Type', '').startswith('text/html'), resp.headers
    assert 'Access-Control-Allow-Origin' not in resp.headers, resp.headers
    text = resp.body.decode('utf-8')
    assert text.startswith('[\n    {\n        "id": '), text[:80]
    return json.loads(text, object_pairs_hook=lambda pairs: [list(p) for p in pairs])


def module(iid, title, completion):
    web = harness.CAMPUS_URL + '/'
    return [['id', iid],
            ['url', web + 'main/exercise/overview.php?cidReq=ENGLISH101&id_session=0&gidReq=0'
             '&&exerciseId=%d' % iid],
            ['name', title], ['instance', 1], ['visible', 1], ['uservisible', True],
            ['visibleoncoursepage', 0], ['modicon', web + 'main/img/icons/22/quiz.png'],
            ['modname', 'quiz'], ['modplural', 'Tests'], ['availability', None], ['indent', 0],
            ['onclick', ''], ['afterlink', None], ['customdata', ''], ['noviewlink', False],
            ['completion', completion]]


def section(modules, visible=True):
    return [[['id', 1], ['name', 'Tests'], ['visible', 1 if visible else 0], ['summary', ''],
             ['summaryformat', 1], ['section', 1], ['hiddenbynumsections', 0],
             ['uservisible', visible], ['modules', modules]]]


@both_encodings
def test_a_learner_sees_the_active_quizzes_and_their_completion(enc):
    resp = read(ACTION, 'student1', enc=enc)
    assert b'"url": "http:\\/\\/' in resp.body, 'slashes escaped as PHP does: %r' % resp.body[:300]
    assert_eq(raw(resp), section([module(2301, 'Vocabulary', 1)]), 'student1')
    # student3 is no member of ENGLISH101, which is open to the platform.
    assert_eq(raw(read(ACTION, 'student3', enc=enc)), section([module(2301, 'Vocabulary', 0)]),
              'student3')


def test_an_editor_sees_every_quiz_not_deleted():
    assert_eq(raw(read(ACTION, 'admin')),
              section([module(2302, 'Archived test', 1), module(2301, 'Vocabulary', 1)]),
              'admin')


def test_the_tool_visibility_and_a_quiz_hidden_from_learners():
    try:
        sql_exec("UPDATE c_tool SET visibility = 0 WHERE c_id = 1 AND link = 'exercise/exercise.php'"
                 " AND COALESCE(session_id, 0) = 0")
        sql_exec("UPDATE c_item_property SET visibility = 0 WHERE iid = 2320")
        assert_eq(raw(read(ACTION, 'student1')), section([], visible=False), 'hidden')
        assert_eq(raw(read(ACTION, 'admin'))[0][-1][1][1][0], ['id', 2301], 'editors still see it')
    finally:
        sql_exec("UPDATE c_tool SET visibility = 1 WHERE c_id = 1"
                 " AND link = 'exercise/exercise.php' AND COALESCE(session_id, 0) = 0")
        sql_exec("UPDATE c_item_property SET visibility = 1 WHERE iid = 2320")


@both_encodings
def test_refusals_keep_the_envelope(enc):
    key = authenticate('student1', 'student1')
    resp = call(ACTION, 'student1', key, {}, encoding=enc)
    assert_eq(resp.headers.get('Content-Type'), 'application/json', 'Content-Type')
    assert_error(resp, msg('NoCourse'))
    assert_error(call(ACTION, 'student1', key, {'course': 'abc'}, encoding=enc), msg('NoCourse'))
    assert_error(call(ACTION, 'student1', 'wrong' + key, {'course': 1}, encoding=enc),
                 msg('InvalidApiKey'))
    assert_denied_to_a_stranger(ACTION)


def test_its_event():
    since = last_event_id()
    raw(read(ACTION, 'student2'))
    rows = [r[:3] for r in events_since(since) if r[0] == 'access_ws_' + ACTION]
    assert_eq(rows, [('access_ws_' + ACTION, 'course_id', '1')], 'event rows')
