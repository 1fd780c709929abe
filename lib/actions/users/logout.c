/*
 * logout - ends the caller's platform visit (20-users-messages.md §2.2,
 * 50-schema.md §6 step 6). The API key stays valid.
 *
 * Effects: the newest track_e_login row gets logout_date = now; the caller's
 * track_e_online rows are deleted; with a course context, the course visit
 * (track_e_course_access) is closed: the row opened within the session
 * lifetime (capped at one hour) is extended and counted, or a new one-shot
 * row is written. Answers {"status": true}.
 */
#include "api/action.h"

ACTION_ABOUT(logout, "End the caller's platform visit", "20-users-messages.md §2.2",
    "Closes the caller's newest login record, removes them from the who-is-online list and, with "
    "a course context, closes the course visit. The API key stays valid. Answers {\"status\": "
    "true}.");

ACTION_NO_PARAMS(logout);

/* $1 user id. The caller's row is locked first (every write below reads
 * `caller`), and the logout's time kept to the microsecond: the bookkeeping
 * behind the answers locks the same row, so a visit it writes is either
 * written before this logout or compared with its time (bookkeeping.c). */
DB_STATEMENT(SQL_END_VISIT, "logout.end_visit", 1,
    "WITH caller AS (SELECT id FROM \"user\" WHERE id = $1::int FOR NO KEY UPDATE),"
    " newest AS (SELECT login_id FROM track_e_login, caller WHERE login_user_id = caller.id"
    "   ORDER BY login_date DESC, login_id DESC LIMIT 1),"
    " closed AS (UPDATE track_e_login l SET logout_date = date_trunc('second', LOCALTIMESTAMP) FROM newest"
    "   WHERE l.login_id = newest.login_id),"
    " marked AS (INSERT INTO bookkeeping_logout (user_id, logged_out_at)"
    "   SELECT id, clock_timestamp()::timestamp FROM caller"
    "   ON CONFLICT (user_id) DO UPDATE SET logged_out_at = EXCLUDED.logged_out_at)"
    "DELETE FROM track_e_online WHERE login_user_id = (SELECT id FROM caller)");

/* $1 user id, $2 course id, $3 session id, $4 IP, $5 lifetime in seconds
 * (Event::courseLogout). */
DB_STATEMENT(SQL_END_COURSE_VISIT, "logout.end_course_visit", 5,
    "WITH now_utc AS (SELECT date_trunc('second', LOCALTIMESTAMP) AS t),"
    " recent AS (SELECT course_access_id FROM track_e_course_access, now_utc"
    "   WHERE user_id = $1::int AND c_id = $2::int AND session_id = $3::int"
    "     AND login_course_date > now_utc.t - make_interval(secs => $5::bigint)"
    "   ORDER BY login_course_date DESC, course_access_id DESC LIMIT 1),"
    " extended AS (UPDATE track_e_course_access t SET logout_course_date = now_utc.t,"
    "   counter = t.counter + 1 FROM recent, now_utc"
    "   WHERE t.course_access_id = recent.course_access_id RETURNING t.course_access_id)"
    "INSERT INTO track_e_course_access (c_id, user_id, login_course_date, logout_course_date,"
    " counter, session_id, user_ip)"
    " SELECT $2::int, $1::int, now_utc.t, now_utc.t, 1, $3::int, $4 FROM now_utc"
    " WHERE NOT EXISTS (SELECT 1 FROM recent)");

ACTION_ANSWER(logout, A_OBJECT(A_KEY("status", A_BOOL)));

action_result action_logout(api_call *c)
{
    call_event(c, "username", c->username, -1);
    if (!call_sql(c, &SQL_END_VISIT, c->user->id_text))
        return ACTION_FAILED;
    if (c->course.id) {
        /* Chamilo caps the window at one hour when the session lifetime is
         * unset or longer than a day. */
        long lifetime = c->cfg->session_lifetime;
        if (lifetime <= 0 || lifetime > 86400)
            lifetime = 3600;
        if (!call_sql(c, &SQL_END_COURSE_VISIT, c->user->id_text, c->course.id_text,
                      c->session_id_text, c->client_ip, call_itoa(c, lifetime)))
            return ACTION_FAILED;
    }
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, true));
    return call_ok(c, data);
}
