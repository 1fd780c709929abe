/*
 * tracking.c - the side effects of every authenticated call (10 §7.2) and
 * the event log.
 *
 * Each step is ONE statement made of data-modifying CTEs, so it costs one
 * round trip and is atomic on its own. All of them run in every call,
 * whatever the outcome of the action, as in PHP; configuration switches
 * track_activity (steps 2-5) and log_events (step 6) turn them off.
 *
 * Times are UTC (the session time zone is UTC, db.c), to the second as
 * Chamilo's DATETIME columns hold them. An update that would write what the
 * row already holds (a second call in the same second) is skipped: the rows
 * end up exactly as PHP leaves them, without the dead tuples and WAL.
 *
 * Not reproduced: the role-based course auto-subscription that PHP runs on a
 * new login row, and the disable_log_after_session_ends session field
 * (docs/compat.md).
 */
#include "api/action_table.h"
#include "api/flow.h"

/* Steps 2-4 for user $1 from IP $2 on campus $3, session_lifetime $4 s:
 *   - user extra field already_logged_in = 'true' (if the field exists);
 *   - track_e_online: one row per user, updated or inserted;
 *   - the newest track_e_login row: a new row when its logout_date is older
 *     than the session lifetime, else logout_date = now; then user.last_login
 *     = now. Nothing at all when the user has no login row yet. */
static db_stmt SQL_RECORD_VISIT = DB_STMT(
    "tracking.visit",
    "WITH now_utc AS (SELECT LOCALTIMESTAMP(0) AS t),"
    " field AS (SELECT id FROM extra_field"
    "   WHERE extra_field_type = 1 AND lower(variable) = 'already_logged_in' ORDER BY id LIMIT 1),"
    " logged_update AS (UPDATE extra_field_values v SET value = 'true', updated_at = now_utc.t"
    "   FROM field, now_utc WHERE v.field_id = field.id AND v.item_id = $1::int"
    "   AND v.value IS DISTINCT FROM 'true' RETURNING v.id),"
    " logged_insert AS (INSERT INTO extra_field_values (field_id, item_id, value, created_at, updated_at)"
    "   SELECT field.id, $1::int, 'true', now_utc.t, now_utc.t FROM field, now_utc"
    "   WHERE NOT EXISTS (SELECT 1 FROM extra_field_values v"
    "                      WHERE v.field_id = field.id AND v.item_id = $1::int)"
    "   ON CONFLICT DO NOTHING),"
    " online AS (INSERT INTO track_e_online (login_user_id, login_date, user_ip, c_id, session_id, access_url_id)"
    "   SELECT $1::int, now_utc.t, $2, 0, 0, $3::int FROM now_utc"
    "   ON CONFLICT (login_user_id) DO UPDATE SET login_date = EXCLUDED.login_date,"
    "     user_ip = EXCLUDED.user_ip, c_id = 0, session_id = 0, access_url_id = EXCLUDED.access_url_id"
    "   WHERE (track_e_online.login_date, track_e_online.user_ip, track_e_online.c_id,"
    "          track_e_online.session_id, track_e_online.access_url_id)"
    "         IS DISTINCT FROM (EXCLUDED.login_date, EXCLUDED.user_ip, 0, 0, EXCLUDED.access_url_id)),"
    " last_login AS (SELECT login_id, logout_date FROM track_e_login"
    "   WHERE login_user_id = $1::int ORDER BY login_date DESC, login_id DESC LIMIT 1),"
    " expired AS (SELECT last_login.login_id,"
    "   (last_login.logout_date IS NULL"
    "    OR last_login.logout_date < now_utc.t - make_interval(secs => $4::bigint)) AS is_expired"
    "   FROM last_login, now_utc),"
    " new_login AS (INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)"
    "   SELECT $1::int, now_utc.t, $2, now_utc.t FROM expired, now_utc WHERE expired.is_expired),"
    " extend_login AS (UPDATE track_e_login l SET logout_date = now_utc.t FROM expired, now_utc"
    "   WHERE l.login_id = expired.login_id AND NOT expired.is_expired"
    "     AND l.logout_date IS DISTINCT FROM now_utc.t),"
    " last_login_user AS (UPDATE \"user\" SET last_login = now_utc.t FROM now_utc, expired"
    "   WHERE \"user\".id = $1::int AND \"user\".last_login IS DISTINCT FROM now_utc.t)"
    "SELECT 1",
    4);

/* Step 5 for user $1, course $2, session $3, IP $4: Event::accessCourse
 * (an access row; the per-course last access, updated or inserted) and
 * Event::eventCourseLoginUpdate (the newest course-access row of the user in
 * that course and session: when its logout is between 30 s and 1 h old, it
 * is extended and counted; never inserted). */
static db_stmt SQL_RECORD_COURSE_ACCESS = DB_STMT(
    "tracking.course_access",
    "WITH now_utc AS (SELECT LOCALTIMESTAMP(0) AS t),"
    " access AS (INSERT INTO track_e_access (user_ip, access_user_id, c_id, access_date, access_session_id, access_tool)"
    "   SELECT $4, $1::int, $2::int, now_utc.t, $3::int, NULL FROM now_utc),"
    " last_update AS (UPDATE track_e_lastaccess a SET access_date = now_utc.t FROM now_utc"
    "   WHERE a.access_user_id = $1::int AND a.c_id = $2::int AND a.access_tool IS NULL"
    "   AND a.access_session_id = $3::int RETURNING a.access_id),"
    " last_insert AS (INSERT INTO track_e_lastaccess (access_user_id, c_id, access_date, access_session_id, access_tool)"
    "   SELECT $1::int, $2::int, now_utc.t, $3::int, NULL FROM now_utc"
    "   WHERE NOT EXISTS (SELECT 1 FROM track_e_lastaccess a WHERE a.access_user_id = $1::int"
    "     AND a.c_id = $2::int AND a.access_tool IS NULL AND a.access_session_id = $3::int)),"
    " newest AS (SELECT course_access_id, logout_course_date FROM track_e_course_access"
    "   WHERE c_id = $2::int AND session_id = $3::int AND user_id = $1::int"
    "   ORDER BY login_course_date DESC, course_access_id DESC LIMIT 1)"
    "UPDATE track_e_course_access t SET logout_course_date = now_utc.t, counter = t.counter + 1"
    "  FROM newest, now_utc WHERE t.course_access_id = newest.course_access_id"
    "   AND now_utc.t - newest.logout_course_date > interval '30 seconds'"
    "   AND now_utc.t - newest.logout_course_date < interval '1 hour'",
    4);

/* One access_ws_<action> row (Event::addEvent). */
static db_stmt SQL_WRITE_EVENT = DB_STMT(
    "tracking.event",
    "INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
    " default_value_type, default_value, session_id)"
    " VALUES ($1::int, $2::int, LOCALTIMESTAMP(0), $3, $4, $5, $6::int)",
    6);

bool tracking_record_visit(api_call *c)
{
    const char *lifetime = call_itoa(c, c->cfg->session_lifetime);
    if (!lifetime)
        return call_fail_oom(c), false;
    return call_sql(c, &SQL_RECORD_VISIT,
                    (const char *[]){c->user->id_text, c->client_ip, c->url_id_text, lifetime}) !=
           NULL;
}

bool tracking_record_course_access(api_call *c)
{
    return call_sql(c, &SQL_RECORD_COURSE_ACCESS,
                    (const char *[]){c->user->id_text, c->course.id_text, c->session_id_text,
                                     c->client_ip}) != NULL;
}

bool events_write(api_call *c)
{
    if (!c->cfg->log_events || !c->action)
        return true;
    const char *action_type = arena_printf(c->arena, "access_ws_%s", c->action->name);
    if (!action_type)
        return call_fail_oom(c), false;
    for (int i = 0; i < c->event_count; i++) {
        const api_event *e = &c->events[i];
        const char *type = e->type ? e->type : action_type;
        const char *user_id = e->user_id >= 0 ? call_itoa(c, e->user_id)
                              : c->user       ? c->user->id_text
                                              : "0";
        if (!user_id)
            return call_fail_oom(c), false;
        if (!call_sql(c, &SQL_WRITE_EVENT,
                      (const char *[]){user_id, c->course.id_text, type, e->value_type, e->value,
                                       c->session_id_text}))
            return false;
    }
    return true;
}
