/*
 * tracking.c - the side effects of every authenticated call (10 §7.2) and
 * the event log, as ONE statement of data-modifying CTEs.
 *
 * One statement covers steps 2-6, each part switched by a parameter:
 *   visit   (steps 2-4) already_logged_in, track_e_online, track_e_login,
 *           user.last_login — when track_activity is on;
 *   course  (step 5) track_e_access, track_e_lastaccess,
 *           track_e_course_access — when also a course context is set;
 *   events  (step 6) the access_ws_<action> rows the handler recorded —
 *           when log_events is on.
 * When it runs (flow.c): a write action records the visit before its
 * transaction and writes its events inside it (events_write); a read action
 * defers everything to one call after the handler (tracking_flush), which
 * saves two statements per call. No read action reads the tracking tables,
 * so the order cannot be observed; an action that did would have to be
 * flagged ACT_WRITE or get its own flag.
 *
 * Times are UTC (the session time zone is UTC, db.c), to the second as
 * Chamilo's DATETIME columns hold them (truncated, as PHP's date() does). An update that would write what the
 * row already holds (a second call in the same second) is skipped: the rows
 * end up exactly as PHP leaves them, without the dead tuples and WAL.
 *
 * Not reproduced: the role-based course auto-subscription that PHP runs on a
 * new login row, and the disable_log_after_session_ends session field
 * (docs/compat.md).
 */
#include "api/action_table.h"
#include "api/flow.h"
#include "core/strbuf.h"

/* $1 user, $2 IP, $3 campus, $4 session_lifetime (s), $5 course (0: none),
 * $6 session, $7 record the visit?, $8 record the course access?,
 * $9..$12 the events: default_user_id[], event type[], value type[], value[].
 *
 * visit: the newest track_e_login row gets a successor when its logout_date
 * is older than the session lifetime, else logout_date = now; then
 * user.last_login = now; nothing when the user has no login row yet.
 * course: an access row; the per-course last access updated or inserted;
 * the newest course-access row extended and counted when its logout is
 * between 30 s and 1 h old (never inserted). */
DB_STATEMENT(SQL_TRACK, "tracking.record", 12,
    "WITH now_utc AS (SELECT date_trunc('second', LOCALTIMESTAMP) AS t),"
    /* visit */
    " field AS (SELECT id FROM extra_field WHERE $7::bool AND extra_field_type = 1"
    "   AND lower(variable) = 'already_logged_in' ORDER BY id LIMIT 1),"
    " logged_update AS (UPDATE extra_field_values v SET value = 'true', updated_at = now_utc.t"
    "   FROM field, now_utc WHERE v.field_id = field.id AND v.item_id = $1::int"
    "   AND v.value IS DISTINCT FROM 'true'),"
    " logged_insert AS (INSERT INTO extra_field_values (field_id, item_id, value, created_at, updated_at)"
    "   SELECT field.id, $1::int, 'true', now_utc.t, now_utc.t FROM field, now_utc"
    "   WHERE NOT EXISTS (SELECT 1 FROM extra_field_values v"
    "                      WHERE v.field_id = field.id AND v.item_id = $1::int)"
    "   ON CONFLICT DO NOTHING),"
    " online AS (INSERT INTO track_e_online (login_user_id, login_date, user_ip, c_id, session_id, access_url_id)"
    "   SELECT $1::int, now_utc.t, $2::text, 0, 0, $3::int FROM now_utc WHERE $7::bool"
    "   ON CONFLICT (login_user_id) DO UPDATE SET login_date = EXCLUDED.login_date,"
    "     user_ip = EXCLUDED.user_ip, c_id = 0, session_id = 0, access_url_id = EXCLUDED.access_url_id"
    "   WHERE (track_e_online.login_date, track_e_online.user_ip, track_e_online.c_id,"
    "          track_e_online.session_id, track_e_online.access_url_id)"
    "         IS DISTINCT FROM (EXCLUDED.login_date, EXCLUDED.user_ip, 0, 0, EXCLUDED.access_url_id)),"
    " last_login AS (SELECT login_id, logout_date FROM track_e_login"
    "   WHERE $7::bool AND login_user_id = $1::int ORDER BY login_date DESC, login_id DESC LIMIT 1),"
    " expired AS (SELECT last_login.login_id, last_login.logout_date,"
    "   (last_login.logout_date IS NULL"
    "    OR last_login.logout_date < now_utc.t - make_interval(secs => $4::bigint)) AS is_expired"
    "   FROM last_login, now_utc),"
    " new_login AS (INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)"
    "   SELECT $1::int, now_utc.t, $2::text, now_utc.t FROM expired, now_utc WHERE expired.is_expired),"
    " extend_login AS (UPDATE track_e_login l SET logout_date = now_utc.t FROM expired, now_utc"
    "   WHERE l.login_id = expired.login_id AND NOT expired.is_expired"
    "     AND l.logout_date IS DISTINCT FROM now_utc.t),"
    " last_login_user AS (UPDATE \"user\" SET last_login = now_utc.t FROM now_utc, expired"
    "   WHERE \"user\".id = $1::int AND \"user\".last_login IS DISTINCT FROM now_utc.t),"
    /* course */
    " access AS (INSERT INTO track_e_access (user_ip, access_user_id, c_id, access_date, access_session_id, access_tool)"
    "   SELECT $2::text, $1::int, $5::int, now_utc.t, $6::int, NULL FROM now_utc WHERE $8::bool),"
    " last_access AS (UPDATE track_e_lastaccess a SET access_date = now_utc.t FROM now_utc"
    "   WHERE $8::bool AND a.access_user_id = $1::int AND a.c_id = $5::int AND a.access_tool IS NULL"
    "   AND a.access_session_id = $6::int AND a.access_date IS DISTINCT FROM now_utc.t),"
    " first_access AS (INSERT INTO track_e_lastaccess (access_user_id, c_id, access_date, access_session_id, access_tool)"
    "   SELECT $1::int, $5::int, now_utc.t, $6::int, NULL FROM now_utc"
    "   WHERE $8::bool AND NOT EXISTS (SELECT 1 FROM track_e_lastaccess a WHERE a.access_user_id = $1::int"
    "     AND a.c_id = $5::int AND a.access_tool IS NULL AND a.access_session_id = $6::int)),"
    " course_visit AS (SELECT course_access_id, logout_course_date FROM track_e_course_access"
    "   WHERE $8::bool AND c_id = $5::int AND session_id = $6::int AND user_id = $1::int"
    "   ORDER BY login_course_date DESC, course_access_id DESC LIMIT 1),"
    " course_visit_update AS (UPDATE track_e_course_access t"
    "   SET logout_course_date = now_utc.t, counter = t.counter + 1"
    "   FROM course_visit, now_utc WHERE t.course_access_id = course_visit.course_access_id"
    "   AND now_utc.t - course_visit.logout_course_date > interval '30 seconds'"
    "   AND now_utc.t - course_visit.logout_course_date < interval '1 hour')"
    /* events */
    "INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
    " default_value_type, default_value, session_id)"
    " SELECT e.user_id, $5::int, now_utc.t, e.type, e.value_type, e.value, $6::int"
    "   FROM now_utc, unnest($9::int[], $10::text[], $11::text[], $12::text[])"
    "        AS e(user_id, type, value_type, value)");

/* One access_ws_<action> row (Event::addEvent), inside a write action's
 * transaction. */
DB_STATEMENT(SQL_WRITE_EVENT, "tracking.event", 6,
    "INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
    " default_value_type, default_value, session_id)"
    " VALUES ($1::int, $2::int, date_trunc('second', LOCALTIMESTAMP), $3, $4, $5, $6::int)");

/* The event's type and user as stored. NULL on OOM. */
static const char *event_type(api_call *c, const api_event *e)
{
    if (e->type)
        return e->type;
    return arena_printf(c->arena, "access_ws_%s", c->action ? c->action->name : "");
}

static const char *event_user(api_call *c, const api_event *e)
{
    if (e->user_id >= 0)
        return call_itoa(c, e->user_id);
    return c->user ? c->user->id_text : "0";
}

static bool record(api_call *c, bool visit, bool with_events)
{
    const config *cfg = c->cfg;
    bool track = cfg->track_activity && c->user && visit;
    bool course = track && c->course.id;
    int events = with_events && cfg->log_events ? c->event_count : 0;
    if (!track && events == 0)
        return true;

    const char *user_ids[API_MAX_EVENTS], *types[API_MAX_EVENTS], *value_types[API_MAX_EVENTS],
        *values[API_MAX_EVENTS];
    for (int i = 0; i < events; i++) {
        user_ids[i] = event_user(c, &c->events[i]);
        types[i] = event_type(c, &c->events[i]);
        value_types[i] = c->events[i].value_type;
        values[i] = c->events[i].value;
        if (!user_ids[i] || !types[i])
            return call_fail_oom(c), false;
    }
    const char *user_array = sql_text_array(c, user_ids, (size_t)events);
    const char *type_array = sql_text_array(c, types, (size_t)events);
    const char *value_type_array = sql_text_array(c, value_types, (size_t)events);
    const char *value_array = sql_text_array(c, values, (size_t)events);
    const char *lifetime = call_itoa(c, cfg->session_lifetime);
    if (!user_array || !type_array || !value_type_array || !value_array || !lifetime)
        return call_fail_oom(c), false;
    const char *user_id = c->user ? c->user->id_text : "0";
    return call_sql(c, &SQL_TRACK, user_id, c->client_ip, c->url_id_text, lifetime,
                                     c->course.id_text, c->session_id_text, track ? "t" : "f",
                                     course ? "t" : "f", user_array, type_array,
                                     value_type_array, value_array) != NULL;
}

bool tracking_record_visit(api_call *c)
{
    return record(c, true, false);
}

bool tracking_flush(api_call *c)
{
    return record(c, true, true);
}

bool events_write(api_call *c)
{
    if (!c->cfg->log_events)
        return true;
    for (int i = 0; i < c->event_count; i++) {
        const api_event *e = &c->events[i];
        const char *type = event_type(c, e);
        const char *user_id = event_user(c, e);
        if (!type || !user_id)
            return call_fail_oom(c), false;
        if (!call_sql(c, &SQL_WRITE_EVENT, user_id, c->course.id_text, type, e->value_type, e->value,
                                       c->session_id_text))
            return false;
    }
    return true;
}
