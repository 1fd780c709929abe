"""Time zones: timezone_value and use_users_timezone (30-courses.md §1.6,
40-sessions-campuses.md §0, 25-groups-audit.md §5.2), on second pools
(harness.Pool) whose campus is in Europe/Madrid.

Madrid is +01 in winter and +02 in summer; the clocks change on the last
Sunday of March (01:00 UTC, 02:00 becomes 03:00) and of October (01:00 UTC,
03:00 becomes 02:00). Dates are printed converted from UTC into the call's
zone and dates a client sends are read in it and stored in UTC, on both
sides of each change. A user whose own `timezone` (a user extra field) is
America/Sao_Paulo (-03 all year) gets hers when use_users_timezone is on,
the campus's when it is off. The stack's own pool (timezone_value empty:
UTC) answers as before: the other tests hold it.
"""

import json

from harness import (Pool, assert_eq, new_course, new_session, new_user, sql, sql_exec,
                     uniq)
from harness import fcgi_form as form

MADRID = {'timezone_value': 'Europe/Madrid'}


def _call(pool, caller, action, **params):
    status, _, body = pool.request(*form(dict({'action': action, 'username': caller.username,
                                                'api_key': caller.key()}, **params)))
    assert status == 200, (status, body)
    answer = json.loads(body)
    assert answer['error'] is False, answer
    return answer['data']


def _own_zone(user, zone):
    """Gives the user the `timezone` user extra field (field type 11, as
    Chamilo's install creates it) with this value."""
    sql_exec("INSERT INTO extra_field (extra_field_type, field_type, variable, display_text,"
             " visible_to_self, changeable, filter, field_order)"
             " SELECT 1, 11, 'timezone', 'Timezone', 1, 1, 0, 0 WHERE NOT EXISTS"
             " (SELECT 1 FROM extra_field WHERE extra_field_type = 1 AND variable = 'timezone')")
    sql_exec("INSERT INTO extra_field_values (field_id, item_id, value)"
             " SELECT id, %s, %s FROM extra_field WHERE extra_field_type = 1"
             " AND variable = 'timezone' ORDER BY id LIMIT 1", user.id, zone)


def _admin():
    """A new platform admin of campus 1 (the tests change its zone)."""
    user = new_user(status=1)
    sql_exec('INSERT INTO admin (user_id) VALUES (%s)', user.id)
    return user


def _sessions_of(pool, user):
    return {s['id']: s['date'] for group in _call(pool, user, 'user_sessions')
            for s in group['sessions']}


def _dated_sessions(user):
    """Two sessions of the user, each with one date on either side of a
    change of Madrid's clocks: March 30, 2025 and October 27, 2030."""
    course = new_course()
    before = new_session(courses=(course,), users=(user,))
    after = new_session(courses=(course,), users=(user,))
    for session, start, end in ((before, '2025-03-30 00:30:00', '2030-10-27 00:30:00'),
                                (after, '2025-03-30 01:30:00', '2030-10-27 01:30:00')):
        sql_exec('UPDATE session SET access_start_date = %s, access_end_date = %s WHERE id = %s',
                 start, end, session.id)
    return int(before.id), int(after.id)


def test_printed_dates_cross_both_daylight_saving_changes():
    user = new_user()
    before, after = _dated_sessions(user)
    with Pool(MADRID) as pool:
        dates = _sessions_of(pool, user)
    assert_eq(dates[before], 'From March 30, 2025 at 01:30 to October 27, 2030 at 02:30',
              'before both changes: +01, then +02')
    assert_eq(dates[after], 'From March 30, 2025 at 03:30 to October 27, 2030 at 02:30',
              'after both changes: +02, then +01')


def test_the_users_own_zone_counts_only_with_use_users_timezone():
    user = new_user()
    before, _ = _dated_sessions(user)
    _own_zone(user, 'America/Sao_Paulo')
    with Pool(dict(MADRID, use_users_timezone='on')) as pool:
        assert_eq(_sessions_of(pool, user)[before],
                  'From March 29, 2025 at 21:30 to October 26, 2030 at 21:30', "the user's zone")
    with Pool(dict(MADRID, use_users_timezone='off')) as pool:
        assert_eq(_sessions_of(pool, user)[before],
                  'From March 30, 2025 at 01:30 to October 27, 2030 at 02:30', "the campus's zone")
    # A value that names no zone is the campus's zone.
    sql_exec("UPDATE extra_field_values SET value = 'Mars/Olympus' WHERE item_id = %s"
             " AND field_id IN (SELECT id FROM extra_field WHERE extra_field_type = 1"
             " AND variable = 'timezone')", user.id)
    with Pool(dict(MADRID, use_users_timezone='on')) as pool:
        assert_eq(_sessions_of(pool, user)[before],
                  'From March 30, 2025 at 01:30 to October 27, 2030 at 02:30', 'an unknown zone')


def test_course_dates_cross_both_daylight_saving_changes():
    """FMT_LONG through the course model (course_notebooks): the same
    instants on either side of each change."""
    student = new_user()
    course = new_course(students=[student])
    for title, created, updated in (('spring', '2025-03-30 00:30:00', '2025-03-30 01:30:00'),
                                    ('autumn', '2025-10-26 00:30:00', '2025-10-26 01:30:00')):
        sql_exec("INSERT INTO c_notebook (c_id, notebook_id, user_id, course, session_id, title,"
                 " description, creation_date, update_date, status)"
                 " VALUES (%s, 0, %s, %s, 0, %s, '', %s, %s, 0)",
                 course.id, student.id, course.code, title, created, updated)
    with Pool(MADRID) as pool:
        notes = _call(pool, student, 'course_notebooks', course=course.id)
    assert_eq({n['title']: (n['creationDate'], n['updateDate']) for n in notes},
              {'spring': ('March 30, 2025 at 01:30 AM', 'March 30, 2025 at 03:30 AM'),
               'autumn': ('October 26, 2025 at 02:30 AM', 'October 26, 2025 at 02:30 AM')},
              'FMT_LONG in Madrid')


def _save_session(pool, admin, start, end):
    data = _call(pool, admin, 'save_session', name=uniq('tz session '), coach_username=admin.id,
                 access_start_date=start, access_end_date=end, description='', id_campus='1')
    assert isinstance(data['id_session'], int), data
    return sql('SELECT access_start_date, access_end_date, display_start_date, display_end_date'
               ' FROM session WHERE id = %s', data['id_session'])[0]


def test_dates_read_cross_both_daylight_saving_changes():
    admin = _admin()
    with Pool(MADRID) as pool:
        # March 29/30, 2025: 09:00 is 08:00 UTC the day before the change,
        # 07:00 UTC on it; 02:30 on the day was skipped: it is 03:30 +02.
        assert_eq(_save_session(pool, admin, '2025-03-29 09:00', '2025-03-30 09:00'),
                  ('2025-03-29 08:00:00', '2025-03-30 07:00:00',
                   '2025-03-29 08:00:00', '2025-03-30 07:00:00'), 'March')
        assert_eq(_save_session(pool, admin, '2025-03-30 01:59:59', '2025-03-30 02:30')[:2],
                  ('2025-03-30 00:59:59', '2025-03-30 01:30:00'), 'the skipped hour')
        # October 25/26, 2025: 09:00 is 07:00 UTC, then 08:00 UTC; 02:30
        # happened twice: the second time, +01.
        assert_eq(_save_session(pool, admin, '2025-10-25 09:00', '2025-10-26 09:00')[:2],
                  ('2025-10-25 07:00:00', '2025-10-26 08:00:00'), 'October')
        assert_eq(_save_session(pool, admin, '2025-10-26 00:30', '2025-10-26 02:30')[:2],
                  ('2025-10-25 22:30:00', '2025-10-26 01:30:00'), 'the repeated hour')
        # update_session reads its dates the same way.
        session = new_session()
        _call(pool, admin, 'update_session', session_id=session.id,
              access_start_date='2025-10-25 09:00', access_end_date='2025-10-26 09:00',
              display_start_date='2025-03-30 09:00')
        assert_eq(sql('SELECT access_start_date, access_end_date, display_start_date'
                      ' FROM session WHERE id = %s', session.id)[0],
                  ('2025-10-25 07:00:00', '2025-10-26 08:00:00', '2025-03-30 07:00:00'),
                  'update_session')
        # save_user's expiration_date.
        login = uniq('e2etz')
        ids = _call(pool, admin, 'save_user', loginname=login, password=login,
                    email=login + '@example.org', firstname='Time', lastname='Zone', status=5,
                    expiration_date='2031-03-30 12:00')
        assert_eq(sql('SELECT expiration_date FROM "user" WHERE id = %s', ids[0]),
                  [('2031-03-30 10:00:00',)], 'expiration_date, +02 in 2031')
        # update_user_from_username's, the day before the change of 2031.
        assert_eq(_call(pool, admin, 'update_user_from_username', loginname=login,
                        expiration_date='2031-03-29 12:00'), [True], 'updated')
        assert_eq(sql('SELECT expiration_date FROM "user" WHERE id = %s', ids[0]),
                  [('2031-03-29 11:00:00',)], 'expiration_date, +01')


def test_dates_read_in_the_callers_own_zone():
    admin = _admin()
    _own_zone(admin, 'America/Sao_Paulo')
    with Pool(dict(MADRID, use_users_timezone='on')) as pool:
        assert_eq(_save_session(pool, admin, '2025-03-30 09:00', '2025-10-26 09:00')[:2],
                  ('2025-03-30 12:00:00', '2025-10-26 12:00:00'), "the caller's zone")
    with Pool(dict(MADRID, use_users_timezone='off')) as pool:
        assert_eq(_save_session(pool, admin, '2025-03-30 09:00', '2025-10-26 09:00')[:2],
                  ('2025-03-30 07:00:00', '2025-10-26 08:00:00'), "the campus's zone")


def test_last_connexion_is_the_day_in_the_callers_zone():
    admin = _admin()
    user = new_user()
    sql_exec("INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)"
             " VALUES (%s, '2025-10-25 22:30:00', '127.0.0.1', NULL)", user.id)
    with Pool(MADRID) as pool:
        data = _call(pool, admin, 'get_user_last_connexion', user=user.username)
    assert_eq(data['last_connexion_date'], 'Oct 26, 2025', '00:30 in Madrid')
    _own_zone(admin, 'America/Sao_Paulo')
    with Pool(dict(MADRID, use_users_timezone='on')) as pool:
        data = _call(pool, admin, 'get_user_last_connexion', user=user.username)
    assert_eq(data['last_connexion_date'], 'Oct 25, 2025', "19:30 in the caller's zone")


def test_a_zone_the_machine_does_not_know_stops_the_start():
    try:
        with Pool({'timezone_value': 'Mars/Olympus'}):
            started = True
    except RuntimeError:
        started = False
    assert not started, 'a pool started with timezone_value = Mars/Olympus'
