"""Replays the real answers of Chamilo 1.11.32 on PHP 8.2
(docs/contract/recordings/php82-1.11.32.jsonl) for every recorded step whose
action chamilo-fcgi serves, in the recorded order, and compares the answers:
status, the envelope, key order, JSON types, and the values (after the values
that differ between two installs are mapped: keys, ids, the campus URL, dates,
the recording's tag).

A step is left out when its action is not served yet, when it needs data
that only such an action makes (a course, a session, a class), or when its
answer lists the whole campus (only the rows the replay made are compared
then). Recorded PHP crashes (HTTP 500, empty body) become envelopes here
(docs/compat.md): only their status is not compared.
"""

# The recordings are PHP 8's answers: the first pass (php_types = 8) runs it.
TYPE_INDEPENDENT = True

import json
import os
import re

import harness
from harness import api, uniq

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
RECORDINGS = os.path.join(REPO, 'docs', 'contract', 'recordings', 'php82-1.11.32.jsonl')
RECORDED_URL = 'http://127.0.0.1:18500'
HEX32 = re.compile(r'^[0-9a-f]{32}$')
DATE = re.compile(r'^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$')
# Keys whose values are ids of rows, which differ between installs: their
# type is compared, and where an id of the replay's own users is known, the
# value too.
ID_KEYS = {'id', 'user_id', 'real_id'}
# Ids of rows the replay makes that no later step names (a session, a
# campus): only their type is compared.
NEW_ROW_KEYS = {'id_session', 'id_campus'}
# Answers that list the whole campus: only the rows with the replay's tag.
WHOLE_CAMPUS = {'get_users_status5', 'get_users_all_extra', 'user_messages_sent_admin',
                'get_groups_all', 'get_courses', 'get_courses_campus1', 'get_sessions',
                'get_sessions_extra_fields'}
# Session extra fields of sql/demo.sql that the recorded install did not have:
# every new session has a value for them (40-sessions-campuses.md §10).
DEMO_SESSION_FIELDS = {'external_session_code'}
# Lists whose recorded rows are the course the replay's save_course makes.
NEEDS_THE_COURSE = {'get_courses', 'get_courses_campus1'}
# user_courses lists the demo's special course (WELCOME) for everybody
# besides the replay's own.
NEEDS_OTHER_ACTIONS = {'user_courses_admin_for_alice', 'user_courses_alice_self',
                       'err_bad_type_user_courses_user_id'}
# Answers about a session (and its course) that earlier steps make: left out
# until the replay has made them.
NEEDS_VALUES = {'user_sessions_alice': ('session_id', 'course_id'),
                'get_sessions': ('session_id', 'course_id'),
                'get_sessions_extra_fields': ('session_id', 'course_id')}


def _served():
    with open(os.path.join(REPO, 'lib', 'api', 'actions.def'), encoding='utf-8') as f:
        return set(re.findall(r'^ACTION\((\w+),', f.read(), re.M))


def _steps():
    with open(RECORDINGS, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def _action(step):
    form = step.get('form_template') or []
    return dict((k, v) for k, v in form).get('action')


class Replay:
    def __init__(self):
        self.tag = uniq('g')[:12]
        self.vars = {'admin': 'admin', 'admin_pass': 'admin', 'tag': self.tag}
        self.ids = {}      # recorded user id -> ours
        self.msg_ids = {}  # recorded message id -> ours
        self.course_ids = {}  # recorded course id -> ours
        self.session_ids = {}  # recorded session id -> ours
        self.keys = {}  # recorded API key -> ours
        self.group_ids = {}  # recorded class id -> ours
        # The administrator's own data is the install's, not the API's: the
        # recording's texts for it stand for our demo admin's.
        first, last, phone, code = harness.sql(
            'SELECT firstname, lastname, phone, official_code FROM "user" WHERE id = 1')[0]
        self.admin_texts = {'Super Admin': '%s %s' % (first, last), 'Super': first,
                            'Admin': last, '000': phone, 'ADMIN': code}

    def known(self, step):
        """Whether every variable of the step's template is known (a step
        that needs a course or user made by an action not served yet waits)."""
        return all(m in self.vars
                   for _, v in step['form_template'] for m in re.findall(r'\{(\w+)\}', v))

    def fill(self, text):
        return re.sub(r'\{(\w+)\}', lambda m: str(self.vars[m.group(1)]), text)

    def made(self, name):
        """Whether the data the step's answer is about has been made."""
        return all(v in self.vars for v in NEEDS_VALUES.get(name, ()))

    def send(self, step):
        form = [(k, self.fill(v)) for k, v in step['form_template']]
        enc = step['request'].get('encoding') or 'urlencoded'
        return api(None, form, encoding=enc)

    def learn(self, name, recorded, ours):
        """Variables later steps use, from this step's answers."""
        if name == 'authenticate_admin':
            self.vars['admin_key'] = ours['data']['apiKey']
        elif name == 'add_group' and not ours['error']:
            self.vars['group_id'] = ours['data'][0]
            self.group_ids[recorded['data'][0]] = ours['data'][0]
        elif name == 'authenticate_alice':
            self.vars['alice_key'] = ours['data']['apiKey']
            self.keys[recorded['data']['apiKey']] = ours['data']['apiKey']
        elif name == 'save_session' and not ours['error']:
            self.vars['session_id'] = ours['data']['id_session']
            self.session_ids[recorded['data']['id_session']] = ours['data']['id_session']
        elif re.match(r'save_user_(alice|bob|carol)', name) and not ours['error']:
            who = name.split('_')[2]
            self.vars['%s_id' % who] = ours['data'][0]
            self.ids[recorded['data'][0]] = ours['data'][0]
        elif name == 'save_course' and not ours['error']:
            self.vars['course_id'] = ours['data']['id']
            self.vars['course_code'] = ours['data']['code_course']

    def learn_before(self, name, recorded, ours):
        """Ids the comparison of this very step needs."""
        if name == 'save_course' and not recorded['error'] and not ours['error']:
            self.course_ids[recorded['data']['id']] = ours['data']['id']
        if name == 'user_messages_alice' and recorded['data'] and ours['data']:
            self.vars['msg_id'] = ours['data'][0]['id']
            self.msg_ids[recorded['data'][0]['id']] = ours['data'][0]['id']
        self.ids.setdefault(1, 1)  # admin is user 1 in both


def _normalize_text(replay, text):
    text = text.replace(RECORDED_URL, harness.CAMPUS_URL).replace('g1', replay.tag)
    text = text.replace('G1', replay.tag.upper())
    text = replay.admin_texts.get(text, text)
    # The admin's name inside a list of names (TEACHERS).
    text = text.replace('Super Admin | ', replay.admin_texts['Super Admin'] + ' | ')
    # A course home URL: the caller's key, the course and the session.
    text = re.sub(r'api_key=([0-9a-f]{32})', lambda m: 'api_key=%s' % replay.keys.get(
        m.group(1), m.group(1)), text)
    text = re.sub(r'(view_course_home&.*course=)(\d+)(&session=)(\d+)', lambda m: '%s%s%s%s' % (
        m.group(1), replay.course_ids.get(int(m.group(2)), m.group(2)), m.group(3),
        replay.session_ids.get(int(m.group(4)), m.group(4))), text)
    # A message's id inside its URL.
    return re.sub(r'view_message\.php\?type=(\d)&id=(\d+)',
                  lambda m: 'view_message.php?type=%s&id=%s' % (
                      m.group(1), replay.msg_ids.get(int(m.group(2)), m.group(2))), text)


def _compare(replay, rec, ours, path):
    """Differences between the recorded value and ours, as strings."""
    if type(rec) is not type(ours):
        return ['%s: type %s, ours %s (%r vs %r)' % (path, type(rec).__name__,
                                                     type(ours).__name__, rec, ours)]
    if isinstance(rec, dict):
        if all(k.isdigit() for k in rec) and all(k.isdigit() for k in ours):
            keyed = replay.msg_ids if 'message' in path else replay.ids
            rec_keys = [str(keyed.get(int(k), k)) for k in rec]
            if rec_keys != list(ours):
                return ['%s: keys %r, ours %r' % (path, rec_keys, list(ours))]
            return [d for k, (rk, ok) in enumerate(zip(rec, ours))
                    for d in _compare(replay, rec[rk], ours[ok], '%s.%s' % (path, ok))]
        if list(rec) != list(ours):
            return ['%s: keys %r, ours %r' % (path, list(rec), list(ours))]
        out = []
        for key in rec:
            sub = '%s.%s' % (path, key)
            if key in NEW_ROW_KEYS and type(rec[key]) is type(ours[key]):
                continue
            if key == 'id' and isinstance(rec[key], int) and (
                    re.search(r'\.sessions\[\d+\]$', path) or path.split('.')[0].startswith(
                        'get_sessions')):
                # A session's id (user_sessions, get_sessions).
                mapped = replay.session_ids.get(rec[key])
                if mapped != ours[key]:
                    out.append('%s: session id %r (ours should be %r), ours %r' % (
                        sub, rec[key], mapped, ours[key]))
                continue
            if key in ('id', 'real_id') and isinstance(rec[key], int) and (
                    'course' in path.split('.')[0] or re.search(r'\.courses\[\d+\]$', path)):
                # A course's id (save_course, course_info, get_courses).
                mapped = replay.course_ids.get(rec[key])
                if mapped != ours[key]:
                    out.append('%s: course id %r (ours should be %r), ours %r' % (
                        sub, rec[key], mapped, ours[key]))
                continue
            if key in ID_KEYS and isinstance(rec[key], int):
                # A user's id where the object is a user, else a message's.
                inner = path.split('.', 1)[1] if '.' in path else ''
                users = key == 'user_id' or 'message' not in path or re.search(
                    r'(sender|receiver)', inner)
                mapped = (replay.ids if users else replay.msg_ids).get(rec[key])
                if path.startswith('get_groups'):  # a list of classes
                    mapped = replay.group_ids.get(rec[key])
                if mapped is not None and mapped != ours[key]:
                    out.append('%s: id %r (ours should be %r), ours %r' % (sub, rec[key], mapped,
                                                                          ours[key]))
                continue
            out += _compare(replay, rec[key], ours[key], sub)
        return out
    if isinstance(rec, list):
        if len(rec) != len(ours):
            return ['%s: %d items, ours %d' % (path, len(rec), len(ours))]
        return [d for i, (a, b) in enumerate(zip(rec, ours))
                for d in _compare(replay, a, b, '%s[%d]' % (path, i))]
    if isinstance(rec, str):
        if HEX32.match(rec) and HEX32.match(ours):
            return []
        if DATE.match(rec) and DATE.match(ours):
            return []
        rec = _normalize_text(replay, rec)
        if rec != ours:
            return ['%s: %r, ours %r' % (path, rec, ours)]
    return []


def _only_tagged(replay, data):
    """The rows of a whole-campus list that the replay made."""
    return [row for row in data if replay.tag in json.dumps(row)]


def test_replay_the_recordings_of_the_actions_served():
    if harness.PHP_TYPES != '8':
        return
    served = _served()
    replay = Replay()
    compared, problems = [], []
    for step in _steps():
        name = step['step']
        action = _action(step)
        if not step.get('form_template') and name.startswith('err_') is False:
            continue  # no template: GET/JSON/hash variants, covered by the flow tests
        if action is not None and action not in served:
            continue
        if name in NEEDS_OTHER_ACTIONS or not replay.made(name):
            continue
        if step.get('form_template') and not replay.known(step):
            continue
        if name in NEEDS_THE_COURSE and 'course_id' not in replay.vars:
            continue
        if not step.get('form_template') and action is None and step['request'].get('encoding') in (
                'json', 'none'):
            continue
        resp = replay.send(step)
        body = step['body']
        if step['status'] == 500 and body == '':
            # A PHP crash: ours is an error envelope (docs/compat.md).
            if not (resp.json and resp.json.get('error') is True):
                problems.append('%s: PHP crashed; ours %d %r' % (name, resp.status, resp.body[:100]))
            compared.append(name)
            continue
        if resp.status != step['status']:
            problems.append('%s: status %d, ours %d' % (name, step['status'], resp.status))
            continue
        recorded = json.loads(body)
        ours = resp.json
        if ours is None:
            problems.append('%s: not JSON: %r' % (name, resp.body[:100]))
            continue
        replay.learn_before(name, recorded, ours)
        if name in WHOLE_CAMPUS:
            rec_rows = [r for r in recorded['data'] if 'g1' in json.dumps(r)]
            our_rows = _only_tagged(replay, ours['data'])
            for row in our_rows:
                if 'extra_fields' in row:  # the demo's session fields: not in the recorded install
                    row['extra_fields'] = [f for f in row['extra_fields']
                                           if f['variable'] not in DEMO_SESSION_FIELDS]
            problems += _compare(replay, rec_rows, our_rows, name + '.data')
        else:
            problems += _compare(replay, recorded, ours, name)
        replay.learn(name, recorded, ours)
        compared.append(name)
    assert len(compared) >= 25, compared
    assert not problems, 'differences from the recordings:\n' + '\n'.join(problems)
