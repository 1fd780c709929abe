"""save_session: creates a session (administrators only).

Spec: 40-sessions-campuses.md §3 (validations returned in id_session, row
written, campus link, events), §10 (extra fields); recording save_session
(id_session a number).
"""

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_user, sql, sql_exec,
                     uniq)

ACTION = 'save_session'
CREATED = 'A new session has been created'


def admin(params, enc='urlencoded'):
    return call(ACTION, 'admin', authenticate('admin', 'admin'), params, encoding=enc)


def base(name, coach, **more):
    params = {'name': name, 'coach_username': coach.id, 'access_start_date': '2024-01-01 00:00:00',
              'access_end_date': '2030-12-31 23:59:59', 'description': 'A session',
              'id_campus': '1'}
    params.update(more)
    return params


@both_encodings
def test_creates_the_session(enc):
    coach = new_user(status=1)
    name = uniq('Oracle Session ')
    since = last_event_id()
    resp = admin(base(name, coach), enc)
    data = assert_ok(resp)
    session_id = data['id_session']
    assert isinstance(session_id, int), data
    assert_eq(resp.body.strip(), ('{"error":false,"data":{"status":true,"message":"%s",'
                                  '"id_session":%d}}' % (CREATED, session_id)).encode(), 'raw body')
    assert_eq(sql('SELECT name, id_coach, session_admin_id, visibility, description,'
                  ' show_description, send_subscription_notification, access_start_date,'
                  ' access_end_date, display_start_date, display_end_date,'
                  ' coach_access_start_date, duration, nbr_users, nbr_courses'
                  ' FROM session WHERE id = %s', session_id),
              [(name, str(coach.id), '1', '1', 'A session', '1', '0', '2024-01-01 00:00:00',
                '2030-12-31 23:59:59', '2024-01-01 00:00:00', '2030-12-31 23:59:59', None, '0',
                '0', '0')], 'session row')
    assert_eq(sql('SELECT access_url_id FROM access_url_rel_session WHERE session_id = %s',
                  session_id), [('1',)], 'campus link')
    assert_eq([e for e in events_since(since) if e[0] != 'access_ws_authenticate'],
              [('session_created', 'session_id', str(session_id), '1', '0', '0'),
               ('access_ws_save_session', 'session_id', str(session_id), '1', '0', '0')],
              'event rows')


def test_refusals_are_returned_in_id_session():
    coach = new_user(status=1)
    taken = uniq('Taken ')
    assert_ok(admin(base(taken, coach)))
    cases = [
        (base('   ', coach), 'A name is required for the session'),
        (base(uniq('S '), coach, access_start_date='2024-01-01'), 'Invalid start date was given.'),
        (base(uniq('S '), coach, access_start_date='2024-02-30 10:00'),
         'Invalid start date was given.'),
        (base(uniq('S '), coach, access_end_date='tomorrow'), 'Invalid end date was given.'),
        (base(uniq('S '), coach, access_end_date='2023-01-01 00:00'),
         'The first date should be before the end date'),
        (base(taken.upper(), coach), 'Session name already exists'),
    ]
    for params, problem in cases:
        since = last_event_id()
        assert_eq(assert_ok(admin(params)),
                  {'status': True, 'message': CREATED, 'id_session': problem}, problem)
        assert_eq([e for e in events_since(since) if e[0] == 'access_ws_save_session'],
                  [('access_ws_save_session', 'session_id', problem, '1', '0', '0')], 'event')
    assert_eq(sql('SELECT count(*) FROM session WHERE lower(name) = lower(%s)', taken), [('1',)],
              'one session of that name')


def test_dates_optional_and_short_form():
    coach = new_user(status=1)
    data = assert_ok(admin(base(uniq('S '), coach, access_start_date='2024-05-06 07:08',
                                access_end_date='')))
    assert_eq(sql('SELECT access_start_date, access_end_date FROM session WHERE id = %s',
                  data['id_session']), [('2024-05-06 07:08:00', None)], 'dates')


def test_extra_fields():
    coach = new_user(status=1)
    text, check, date = uniq('sx_text_'), uniq('sx_check_'), uniq('sx_date_')
    ids = {}
    for variable, field_type in ((text, 1), (check, 13), (date, 6)):
        ids[variable] = sql_exec('INSERT INTO extra_field (extra_field_type, field_type, variable,'
                                 ' display_text) VALUES (3, %s, %s, %s) RETURNING id',
                                 field_type, variable, variable)[0][0]
    data = assert_ok(admin(dict(base(uniq('S '), coach), **{
        'extra[extra_%s]' % text: 'hello', 'extra[extra_%s][extra_%s]' % (check, check): '1',
        'extra[extra_%s]' % date: 'not a date'})))
    got = dict(sql('SELECT f.variable, v.value FROM extra_field_values v JOIN extra_field f'
                   ' ON f.id = v.field_id WHERE v.item_id = %s AND f.extra_field_type = 3'
                   ' AND f.variable IN (%s, %s, %s)', data['id_session'], text, check, date))
    assert_eq(got, {text: 'hello', check: '1'}, 'text and checkbox written, a bad date not')
    other = assert_ok(admin(base(uniq('S '), coach)))['id_session']
    got = dict(sql('SELECT f.variable, v.value FROM extra_field_values v JOIN extra_field f'
                   ' ON f.id = v.field_id WHERE v.item_id = %s AND f.variable IN (%s, %s)',
                   other, text, check))
    assert_eq(got, {text: '', check: '0'}, 'fields not sent are initialised')


@both_encodings
def test_administrators_only_and_bad_input(enc):
    alice = new_user()
    name = uniq('S ')
    assert_error(call(ACTION, alice.username, alice.key(), base(name, alice), encoding=enc),
                 msg('NotAllowed'))
    assert_error(admin(base(name, alice, coach_username='999999999'), enc), msg('UserNotFound'))
    assert_error(admin({'name[]': name, 'coach_username': alice.id}, enc),
                 msg('BadParameter', 'name'))
    assert_error(admin(base('x' * 151, alice), enc), msg('BadParameter', 'name'))
    assert_eq(sql('SELECT count(*) FROM session WHERE name = %s', name), [('0',)], 'nothing')


def test_failing_write_leaves_nothing():
    coach = new_user(status=1)
    name = uniq('S ')
    with failing_trigger('access_url_rel_session', 'true', 'BEFORE INSERT'):
        resp = admin(base(name, coach))
        assert resp.json and resp.json['error'] is True, resp.body
    assert_eq(sql('SELECT count(*) FROM session WHERE name = %s', name), [('0',)], 'no session')
