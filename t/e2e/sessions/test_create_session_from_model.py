"""create_session_from_model: a new session copied from a template
(administrators only).

Spec: 40-sessions-campuses.md §5 (parameters from the request bag, both
spellings of the model id, checks, what is copied, agenda option, answer
[id], event). The wiki's example sends model_session_id: accepted too.
"""

from harness import (assert_eq, assert_error, assert_ok, authenticate, both_encodings, call,
                     events_since, failing_trigger, last_event_id, msg, new_course, new_session,
                     new_user, sql, sql_exec, uniq)

ACTION = 'create_session_from_model'


def admin(params, enc='urlencoded'):
    return call(ACTION, 'admin', authenticate('admin', 'admin'), params, encoding=enc)


def template():
    """A model session: coach, description, two courses at positions 2 and 1,
    a student, an extra value and an agenda event."""
    coach = new_user(status=1)
    first, second = new_course(), new_course()
    model = new_session(courses=(first, second), users=(new_user(),))
    sql_exec("UPDATE session SET id_coach = %s, description = 'Model text', visibility = 2,"
             " show_description = 1, promotion_id = 4, access_start_date = '2024-01-01 00:00:00',"
             " access_end_date = '2024-06-30 00:00:00' WHERE id = %s", coach.id, model.id)
    sql_exec('UPDATE session_rel_course SET position = 2 WHERE session_id = %s AND c_id = %s',
             model.id, first.id)
    sql_exec('UPDATE session_rel_course SET position = 1 WHERE session_id = %s AND c_id = %s',
             model.id, second.id)
    variable = uniq('model_ef_')
    field = sql_exec('INSERT INTO extra_field (extra_field_type, field_type, variable, display_text)'
                     ' VALUES (3, 1, %s, %s) RETURNING id', variable, variable)[0][0]
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value) VALUES (%s, %s, 'model')",
             field, model.id)
    sql_exec("INSERT INTO c_calendar_event (c_id, title, start_date, end_date, session_id, all_day)"
             " VALUES (%s, 'Kick-off', '2024-01-10 09:00:00', '2024-01-10 10:00:00', %s, 0)",
             first.id, model.id)
    return model, coach, (first, second), variable


def params(model, **more):
    p = {'modelSessionId': model.id, 'sessionName': uniq('From model '),
         'startDate': '2025-01-01 00:00', 'endDate': '2025-06-30 00:00'}
    p.update(more)
    return p


@both_encodings
def test_copies_the_model(enc):
    model, coach, (first, second), variable = template()
    p = params(model, duplicateAgendaContent='true')
    since = last_event_id()
    resp = admin(p, enc)
    data = assert_ok(resp)
    new_id = data[0]
    assert_eq(resp.body.strip(), b'{"error":false,"data":[%d]}' % new_id, 'raw body')
    assert_eq(sql('SELECT name, id_coach, description, visibility, show_description, promotion_id,'
                  ' access_start_date, coach_access_end_date, nbr_courses, nbr_users'
                  ' FROM session WHERE id = %s', new_id),
              [(p['sessionName'], str(coach.id), 'Model text', '2', '1', '4', '2025-01-01 00:00:00',
                '2025-06-30 00:00:00', '2', '0')], 'session row')
    assert_eq(sql('SELECT c_id, position FROM session_rel_course WHERE session_id = %s'
                  ' ORDER BY c_id', new_id), [(str(first.id), '2'), (str(second.id), '1')],
              'courses at the model\'s positions')
    assert_eq(sql('SELECT count(*) FROM session_rel_user WHERE session_id = %s', new_id), [('0',)],
              'no learners copied')
    assert_eq(sql('SELECT v.value FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id'
                  ' WHERE v.item_id = %s AND f.variable = %s', new_id, variable), [('model',)],
              'extra value copied')
    assert_eq(sql('SELECT title, start_date, end_date, id = iid FROM c_calendar_event'
                  ' WHERE session_id = %s', new_id),
              [('Kick-off', '2025-01-10 09:00:00', '2025-01-10 10:00:00', 't')], 'agenda shifted')
    assert_eq(sql("SELECT tool, visibility FROM c_item_property WHERE session_id = %s", new_id),
              [('calendar_event', '1')], 'agenda item property')
    events = [e for e in events_since(since) if e[0] in ('session_created',
                                                         'access_ws_' + ACTION)]
    assert_eq(events, [('session_created', 'session_id', str(new_id), '1', '0', '0'),
                       ('access_ws_' + ACTION, 'session_id', str(new_id), '1', '0', '0')],
              'event rows')


def test_wiki_spelling_extra_fields_and_no_agenda():
    model, _, _, variable = template()
    p = params(model, **{'extraFields[%s]' % variable: 'mine'})
    p['model_session_id'] = p.pop('modelSessionId')
    new_id = assert_ok(admin(p))[0]
    assert_eq(sql('SELECT v.value FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id'
                  ' WHERE v.item_id = %s AND f.variable = %s', new_id, variable), [('mine',)],
              'extraFields win')
    assert_eq(sql('SELECT count(*) FROM c_calendar_event WHERE session_id = %s', new_id), [('0',)],
              'no agenda without the option')


def test_duration_model_gets_no_dates():
    model, _, _, _ = template()
    sql_exec('UPDATE session SET duration = 20 WHERE id = %s', model.id)
    new_id = assert_ok(admin(params(model)))[0]
    assert_eq(sql('SELECT duration, access_start_date, display_end_date, coach_access_start_date'
                  ' FROM session WHERE id = %s', new_id), [('20', None, None, None)], 'dates')
    resp = admin(params(model, duplicateAgendaContent='1'))
    assert_error(resp, msg('AgendaNeedsStartDates'))


def test_checks():
    model, _, _, _ = template()
    for missing in ('modelSessionId', 'sessionName', 'startDate', 'endDate'):
        p = params(model)
        del p[missing]
        assert_error(admin(p), msg('NoData'))
    assert_error(admin(params(model, sessionName='0')), msg('NoData'))
    assert_error(admin(params(model, modelSessionId=999999999)),
                 'The template session does not exist.')
    assert_error(admin(params(model, startDate='2025-01-01')), 'Invalid start date was given.')
    assert_error(admin(params(model, endDate='2024-01-01 00:00')),
                 'The first date should be before the end date')
    taken = sql('SELECT name FROM session WHERE id = %s', model.id)[0][0]
    assert_error(admin(params(model, sessionName=taken)), 'Session name already exists')


@both_encodings
def test_administrators_only_and_bad_input(enc):
    model, _, _, _ = template()
    alice = new_user()
    assert_error(call(ACTION, alice.username, alice.key(), params(model), encoding=enc),
                 msg('NotAllowed'))
    assert_error(admin({'modelSessionId': model.id, 'sessionName[]': 'x'}, enc),
                 msg('BadParameter', 'sessionName'))


def test_failing_write_leaves_nothing():
    model, _, _, _ = template()
    p = params(model, duplicateAgendaContent='1')
    with failing_trigger('c_calendar_event', 'NEW.session_id <> %d' % model.id, 'BEFORE INSERT'):
        resp = admin(p)
        assert resp.json and resp.json['error'] is True, resp.body
    assert_eq(sql('SELECT count(*) FROM session WHERE name = %s', p['sessionName']), [('0',)],
              'no session')
