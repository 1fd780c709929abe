/*
 * user_sessions - the caller's sessions of the current campus, grouped by
 * session category (40-sessions-campuses.md §1). Any key; always the
 * caller's own.
 *
 * Answers a list of categories in order of first appearance:
 *   {"id": int|null, "name": str|null, "sessions": [
 *     {"name", "id": int, "date": "From .. to ..", "duration": str|null,
 *      "courses": [{"id", "title", "code", "directory", "pictureUrl",
 *                   "urlPicture", "teachers": "First Last | ..", "url"}]}]}
 * Sessions without a category share the {"id":null,"name":null} group.
 *
 * Which sessions: those of the campus where the caller has a course row
 * (any status) or is the general coach. Unless the caller is an admin or a
 * coach of the session, sessions whose access ended, or whose duration ran
 * out, are left out. Then the availability: sessions that are not open
 * (before their start; after their end when their visibility says so;
 * without an open course of the caller) are left out. Order: learner rows
 * first, then general-coach rows; by category name, then session name.
 *
 * Not reproduced (docs/compat.md): the configuration options that change
 * the order, and per-course session visibility (a course counts as closed
 * when its own visibility is 0 or 4).
 */
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "core/chamilo_date.h"
#include "model/course.h"
#include "model/course_api_url.h"

ACTION_ABOUT(user_sessions, "The caller's sessions, by session category",
    "40-sessions-campuses.md §1",
    "Lists the caller's sessions of the current campus grouped by category, each with its dates "
    "and its courses. Always the caller's own sessions.");

ACTION_NO_PARAMS(user_sessions);

/* The courses of session S (columns sid, id_coach) the caller u sees: those
 * where u has a row; all of them for its general coach or a DRH following
 * it; only those of campus $3. */
#define COURSE_SHOWN(sid, coach)                                                               \
    " (EXISTS (SELECT 1 FROM session_rel_course_rel_user r"                                    \
    "           WHERE r.session_id = " sid " AND r.c_id = c.id AND r.user_id = u.id)"           \
    "  OR " coach " = u.id"                                                                    \
    "  OR EXISTS (SELECT 1 FROM session_rel_user h WHERE h.session_id = " sid                  \
    "              AND h.user_id = u.id AND h.relation_type = 1))"                             \
    " AND EXISTS (SELECT 1 FROM access_url_rel_course uc"                                      \
    "              WHERE uc.c_id = c.id AND uc.access_url_id = $3::int)"

/* Carries the key check (call.h): the app lists the sessions when it
 * opens. $3 the campus. One row per (session, course); a session without a
 * course shown has one row with NULL course columns; no session at all:
 * the caller's row alone. Dates are UTC, as stored. */
DB_KEYED_STATEMENT(SQL_USER_SESSIONS, "user_sessions.list", 1,
    "x.session_id, x.session_name, x.category_id, x.category_name, x.access_start_date,"
    " x.access_end_date, x.duration, x.days_left,"
    " y.id AS course_id, y.title, y.code, y.directory, y.teachers",
    "LEFT JOIN LATERAL ("
    "  SELECT s.id AS session_id, s.name AS session_name, s.session_category_id AS category_id,"
    "         sc.name AS category_name, s.access_start_date, s.access_end_date, s.duration,"
    "         s.id_coach, d.days_left, f.member"
    "    FROM (SELECT r.session_id FROM session_rel_course_rel_user r WHERE r.user_id = u.id"
    "          UNION SELECT g.id FROM session g WHERE g.id_coach = u.id) cand"
    "    JOIN session s ON s.id = cand.session_id"
    "    CROSS JOIN LATERAL (SELECT 1 FROM access_url_rel_session us"
    "                         WHERE us.access_url_id = $3::int AND us.session_id = s.id"
    "                         LIMIT 1) us" /* per candidate, by the key: few rows */
    "    LEFT JOIN session_category sc ON sc.id = s.session_category_id"
    "    LEFT JOIN session_rel_user me"
    "      ON me.session_id = s.id AND me.user_id = u.id AND me.relation_type = 0"
    "    CROSS JOIN LATERAL (SELECT"
    "        COALESCE(s.id_coach = u.id, false) AS general_coach,"
    "        EXISTS (SELECT 1 FROM session_rel_course_rel_user r"
    "                 WHERE r.session_id = s.id AND r.user_id = u.id AND r.status = 2) AS course_coach,"
    "        EXISTS (SELECT 1 FROM session_rel_course_rel_user r"
    "                 WHERE r.session_id = s.id AND r.user_id = u.id) AS member,"
    "        EXISTS (SELECT 1 FROM admin a WHERE a.user_id = u.id) AS admin,"
    "        (SELECT min(t.login_course_date) FROM track_e_course_access t"
    "          WHERE t.user_id = u.id AND t.session_id = s.id) AS first_access,"
    "        now() AT TIME ZONE 'UTC' AS now_utc,"
    "        COALESCE(s.duration, 0) + COALESCE(me.duration, 0) AS total_days) f"
    "    CROSS JOIN LATERAL (SELECT"
    "        CASE WHEN f.first_access IS NULL THEN f.total_days"
    "             ELSE round((extract(epoch FROM f.first_access) + f.total_days * 86400"
    "                         - extract(epoch FROM f.now_utc)) / 86400)::int END AS days_left,"
    "        f.general_coach OR f.course_coach AS coach,"
    "        CASE WHEN f.general_coach OR f.course_coach"
    "             THEN COALESCE(s.coach_access_start_date, s.access_start_date)"
    "             ELSE s.access_start_date END AS starts,"
    "        CASE WHEN f.general_coach OR f.course_coach"
    "             THEN COALESCE(s.coach_access_end_date, s.access_end_date)"
    "             ELSE s.access_end_date END AS ends) d"
    "    CROSS JOIN LATERAL (SELECT CASE"
    "        WHEN d.starts IS NULL AND d.ends IS NULL THEN"
    "          CASE WHEN COALESCE(s.duration, 0) > 0 AND f.first_access IS NOT NULL"
    "                    AND d.days_left <= 0 THEN s.visibility ELSE 4 END"
    "        WHEN d.starts IS NOT NULL AND f.now_utc < d.starts THEN 3"
    "        WHEN d.ends IS NULL OR f.now_utc <= d.ends THEN 4"
    "        ELSE s.visibility END AS availability) a"
    "   WHERE (f.admin OR d.coach"
    "          OR NOT ((COALESCE(s.duration, 0) > 0 AND d.days_left <= 0)"
    "                  OR (s.access_end_date IS NOT NULL AND s.access_end_date <= f.now_utc)))"
    "     AND (a.availability = 2"
    "          OR (a.availability <> 3"
    "              AND EXISTS (SELECT 1 FROM session_rel_course src JOIN course c ON c.id = src.c_id"
    "                           WHERE src.session_id = s.id AND c.visibility NOT IN (0, 4)"
    "                             AND" COURSE_SHOWN("s.id", "s.id_coach") ")))"
    ") x ON true"
    " LEFT JOIN LATERAL ("
    "  SELECT c.id, c.title, c.code, c.directory, src.position,"
    "         COALESCE((SELECT string_agg(t.name, ' | ' ORDER BY t.name) FROM ("
    "             SELECT DISTINCT regexp_replace(btrim(concat_ws(' ', coach.firstname, coach.lastname)),"
    "                                            '\\s+', ' ', 'g') AS name"
    "               FROM session_rel_course_rel_user k JOIN \"user\" coach ON coach.id = k.user_id"
    "              WHERE k.session_id = x.session_id AND k.c_id = c.id AND k.status = 2) t), '')"
    "           AS teachers"
    "    FROM session_rel_course src JOIN course c ON c.id = src.c_id"
    "   WHERE src.session_id = x.session_id AND" COURSE_SHOWN("x.session_id", "x.id_coach")
    ") y ON true",
    "ORDER BY NOT x.member, x.category_name NULLS FIRST, x.session_name, x.session_id,"
    " y.position, y.code");
ACTION_PREFETCH(user_sessions, SQL_USER_SESSIONS, c->url_id_text);

static const json_field COURSE[] = {
    {"id", "course_id", FK_COLUMN_INT},
    {"title", "title", FK_STRING},
    {"code", "code", FK_STRING},
    {"directory", "directory", FK_STRING},
};

/* An int, or null for SQL NULL (category and session ids: PHP casts them). */
static struct json_object *int_or_null(api_call *c, const char *text)
{
    return text ? reply_value(c, FK_INT, text) : reply_str(c, NULL);
}

/* The `duration` text of a session without access dates whose duration is
 * set, else NULL (JSON null). */
static const char *duration_text(api_call *c, const PGresult *r, int row)
{
    const char *duration = sql_value(r, row, PQfnumber(r, "duration"));
    if (sql_value(r, row, PQfnumber(r, "access_start_date")) ||
        sql_value(r, row, PQfnumber(r, "access_end_date")) || !duration || atoi(duration) <= 0)
        return NULL;
    const char *days = PQgetvalue(r, row, PQfnumber(r, "days_left"));
    if (days[0] == '-')
        return call_text(c, MSG_YourSessionTimeHasExpired);
    return call_message(c, MSG_SessionDurationXDaysLeft, days);
}

static struct json_object *session_object(api_call *c, const PGresult *r, int row,
                                          struct json_object **courses)
{
    struct json_object *session = reply_object(c);
    reply_set(c, session, "name", reply_str(c, sql_value(r, row, PQfnumber(r, "session_name"))));
    reply_set(c, session, "id", int_or_null(c, sql_value(r, row, PQfnumber(r, "session_id"))));
    reply_set(c, session, "date",
              reply_str(c, chamilo_date_range(c->arena, call_timezone(c),
                                              sql_value(r, row, PQfnumber(r, "access_start_date")),
                                              sql_value(r, row, PQfnumber(r, "access_end_date")))));
    reply_set(c, session, "duration", reply_str(c, duration_text(c, r, row)));
    *courses = reply_array(c);
    reply_set(c, session, "courses", *courses);
    return session;
}

static struct json_object *course_object(api_call *c, const PGresult *r, int row,
                                         const char *session_id)
{
    struct json_object *course = reply_row(c, r, row, FIELDS(COURSE));
    const char *picture = course_list_picture_url(c, sql_value(r, row, PQfnumber(r, "directory")));
    reply_set(c, course, "pictureUrl", reply_str(c, picture));
    reply_set(c, course, "urlPicture", reply_str(c, picture));
    reply_set(c, course, "teachers", reply_str(c, PQgetvalue(r, row, PQfnumber(r, "teachers"))));
    reply_set(c, course, "url",
              reply_str(c, course_api_home_url(c, PQgetvalue(r, row, PQfnumber(r, "course_id")),
                                               session_id)));
    return course;
}

ACTION_ANSWER(
    user_sessions,
    A_LIST(A_OBJECT(
        A_KEY("id", A_NULLABLE(A_INT)), A_KEY("name", A_STRING),
        A_KEY("sessions",
              A_LIST(A_OBJECT(
                  A_KEY("name", A_STRING), A_KEY("id", A_NULLABLE(A_INT)),
                  A_KEY("date", A_STRING), A_KEY("duration", A_STRING),
                  A_KEY("courses", A_LIST(A_ROW_WITH(COURSE, A_KEY("pictureUrl", A_STRING),
                                                     A_KEY("urlPicture", A_STRING),
                                                     A_KEY("teachers", A_TEXT),
                                                     A_KEY("url", A_STRING))))))))));

action_result action_user_sessions(api_call *c)
{
    call_event(c, "username", c->username, -1);
    sql_rows found = call_prefetched(c);
    const PGresult *r = found.result;
    if (!r)
        return ACTION_FAILED;
    int rows = found.count;
    int session_col = PQfnumber(r, "session_id"), category_col = PQfnumber(r, "category_id"),
        course_col = PQfnumber(r, "course_id");
    /* Categories in order of first appearance: their ids ("" for none) and
     * session lists. */
    const char **category_ids = arena_calloc(c->arena, (size_t)rows + 1, sizeof *category_ids);
    struct json_object **category_sessions =
        arena_calloc(c->arena, (size_t)rows + 1, sizeof *category_sessions);
    if (!category_ids || !category_sessions)
        return call_fail_oom(c);
    int categories = 0;
    struct json_object *data = reply_array(c), *courses = NULL;
    const char *current = NULL;
    for (int row = 0; row < rows && !call_failed(c); row++) {
        const char *session_id = PQgetvalue(r, row, session_col);
        if (!current || strcmp(current, session_id) != 0) {
            current = session_id;
            const char *category = sql_value(r, row, category_col);
            const char *key = category ? category : "";
            int k = 0;
            while (k < categories && strcmp(category_ids[k], key) != 0)
                k++;
            if (k == categories) {
                struct json_object *group = reply_object(c);
                reply_set(c, group, "id", int_or_null(c, category));
                reply_set(c, group, "name",
                          reply_str(c, category ? sql_value(r, row, PQfnumber(r, "category_name"))
                                                : NULL));
                category_ids[k] = key;
                category_sessions[k] = reply_array(c);
                reply_set(c, group, "sessions", category_sessions[k]);
                reply_push(c, data, group);
                categories++;
            }
            reply_push(c, category_sessions[k], session_object(c, r, row, &courses));
        }
        if (!PQgetisnull(r, row, course_col))
            reply_push(c, courses, course_object(c, r, row, session_id));
    }
    return call_ok(c, data);
}
