"""Shared by the campus action tests: calls as the administrator, and a
campus row's columns."""

from harness import authenticate, call, sql, sql_exec


def admin(action, params, enc='urlencoded', **kw):
    return call(action, 'admin', authenticate('admin', 'admin'), params, encoding=enc, **kw)


def campus_row(url_id):
    rows = sql('SELECT url, description, active, created_by FROM access_url WHERE id = %s', url_id)
    return rows[0] if rows else None


def forget_campus(url):
    """Removes a campus made by a test, by URL, with its links."""
    for (url_id,) in sql('SELECT id FROM access_url WHERE lower(url) = lower(%s)', url):
        for table in ('access_url_rel_user', 'access_url_rel_course', 'access_url_rel_session',
                      'track_e_online'):
            sql_exec('DELETE FROM %s WHERE access_url_id = %%s' % table, url_id)
        sql_exec('DELETE FROM access_url WHERE id = %s', url_id)
