"""Shared by the session-by-extra-field tests: a session field and a value."""

from harness import new_session, sql_exec, uniq


def session_field(filter_=1, display='Code'):
    variable = uniq('sess_code_')
    field = int(sql_exec('INSERT INTO extra_field (extra_field_type, field_type, variable,'
                         ' display_text, filter) VALUES (3, 1, %s, %s, %s) RETURNING id',
                         variable, display, filter_)[0][0])
    return variable, field


def tagged_session(field, value):
    session = new_session()
    sql_exec('INSERT INTO extra_field_values (field_id, item_id, value) VALUES (%s, %s, %s)',
             field, session.id, value)
    return session
