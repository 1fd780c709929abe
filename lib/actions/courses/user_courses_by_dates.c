/*
 * user_courses_by_dates - a user's courses with their tests and the tests
 * the user took between two dates (30-courses.md §2.2). Administrators
 * only.
 *
 * POST user_id, start_date, end_date (YYYY-MM-DD), all required. For each
 * course of the user as user_courses lists them (the campus's special
 * courses first, then the user's by title):
 *   {"course_code", "course_title", "visible_tests": [row...], "taken_tests"}
 * visible_tests: the exercise-grid rows a student sees (§6.4): the course's
 * active tests of the session context (or of no session), the first 20 by
 * title, but those hidden by their item property:
 *   {"0": title, "1": int attempts, "id": iid, "url": overview URL, "name": title}
 * attempts counts the CALLER's finished attempts in the context course and
 * session (PHP's quirk, kept: usually 0). taken_tests: the user's finished
 * attempts started in [start_date 00:00:00, end_date 23:59:59] per test,
 * {"0": title, ..., "avg_score": round(mean of each test's best score %)}
 * in test order, or [] when none.
 *
 * Not reproduced (docs/compat.md): HotPotatoes rows, the RRHH results
 * column, tests hidden in a session because they are hidden in the base
 * course and used in a learning path.
 * Event: access_ws_user_courses_by_dates (user_id), written first.
 */
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(user_courses_by_dates, "A user's courses with the tests taken between two dates",
    "30-courses.md §2.2",
    "For each course of `user_id` (as user_courses lists them), the tests a student sees and the "
    "tests the user took between `start_date` and `end_date` (YYYY-MM-DD).");

enum { ARG_USER_ID, ARG_START, ARG_END };
ACTION_PARAMS(user_courses_by_dates,
    [ARG_USER_ID] = {"user_id", FROM_POST, PK_INT, P_SCALAR | P_REQUIRED},
    [ARG_START] = {"start_date", FROM_POST, PK_DATE, P_SCALAR | P_REQUIRED},
    [ARG_END] = {"end_date", FROM_POST, PK_DATE, P_SCALAR | P_REQUIRED});

/* A quiz title as the grid shows it: the five HTML entities decoded, tags
 * stripped. */
#define GRID_TITLE(t)                                                                          \
    "regexp_replace(replace(replace(replace(replace(replace(" t ", '&lt;', '<'), '&gt;', '>'),"  \
    " '&quot;', '\"'), '&#039;', ''''), '&amp;', '&'), '<[^>]*>', '', 'g')"

/* $1 user, $2 first day, $3 last day, $4 campus, $5 context session, $6
 * context course, $7 the caller's login name. One row per course (kind
 * 'course'), then its grid rows ('visible') and its taken tests ('taken'). */
DB_STATEMENT(SQL_BY_DATES, "user_courses_by_dates.list", 7,
    "WITH courses AS ("
    "  SELECT c.id, c.code, c.title,"
    "         row_number() OVER (ORDER BY c.id IN " COURSE_SPECIAL_IDS_SQL " DESC,"
    "                                     lower(c.title), c.id) AS pos"
    "    FROM course c"
    "   WHERE c.id IN (" COURSE_SPECIAL_IDS_SELECT
    "                  UNION ALL SELECT m.c_id FROM course_rel_user m WHERE m.user_id = $1::int)"
    "     AND EXISTS (SELECT 1 FROM access_url_rel_course uc"
    "                  WHERE uc.c_id = c.id AND uc.access_url_id = $4::int)),"
    " me AS (SELECT (SELECT id FROM \"user\" WHERE lower(username) = lower($7)) AS id)"
    " SELECT k.pos, 0 AS part, 0 AS n, k.code, k.title, NULL::int AS quiz, NULL AS quiz_title,"
    "        NULL::bigint AS attempts, NULL::double precision AS score"
    "   FROM courses k"
    " UNION ALL"
    " SELECT k.pos, 1, page.n, k.code, k.title, page.iid, " GRID_TITLE("page.title") ","
    "        (SELECT count(*) FROM track_e_exercises te, me"
    "          WHERE te.exe_exo_id = page.iid AND te.exe_user_id = me.id AND te.c_id = $6::int"
    "            AND te.session_id = $5::int AND te.status <> 'incomplete'"
    "            AND te.orig_lp_id = 0 AND te.orig_lp_item_id = 0), NULL"
    "   FROM courses k CROSS JOIN LATERAL ("
    "     SELECT q.iid, q.title, row_number() OVER (ORDER BY q.title, q.iid) AS n FROM c_quiz q"
    "      WHERE q.c_id = k.id AND q.active = 1"
    "        AND (CASE WHEN $5::int = 0 THEN q.session_id = 0 OR q.session_id IS NULL"
    "                  ELSE q.session_id IN (0, $5::int) OR q.session_id IS NULL END)"
    "      ORDER BY q.title, q.iid LIMIT 20) page"
    "  WHERE COALESCE((SELECT ip.visibility FROM c_item_property ip"
    "                   WHERE ip.c_id = k.id AND ip.tool = 'quiz' AND ip.ref = page.iid"
    "                     AND (ip.session_id = $5::int OR ip.session_id = 0 OR ip.session_id IS NULL)"
    "                   ORDER BY ip.session_id DESC NULLS LAST, ip.lastedit_date DESC LIMIT 1),"
    "                 -1) <> 0"
    " UNION ALL"
    " SELECT k.pos, 2, row_number() OVER (PARTITION BY k.pos ORDER BY q.iid), k.code, k.title,"
    "        q.iid, q.title, NULL,"
    "        max(CASE WHEN te.exe_weighting = 0 THEN NULL"
    "                 ELSE te.exe_result / te.exe_weighting * 100 END)"
    "   FROM courses k JOIN track_e_exercises te ON te.c_id = k.id AND te.exe_user_id = $1::int"
    "   JOIN c_quiz q ON q.iid = te.exe_exo_id AND q.c_id = te.c_id"
    "  WHERE te.status = '' AND te.start_date BETWEEN $2::date AND $3::date + interval '1 day - 1 second'"
    "  GROUP BY k.pos, k.code, k.title, q.iid, q.title"
    " ORDER BY 1, 2, 3");
ACTION_PREFETCH(user_courses_by_dates, SQL_BY_DATES, call_itoa(c, c->args[ARG_USER_ID].i),
                c->args[ARG_START].s, c->args[ARG_END].s, c->url_id_text,
                call_itoa(c, c->session_param), call_itoa(c, c->course_param), c->username);

/* PHP's round() to an integer: halves away from zero. */
static double php_round(double x)
{
    return x >= 0 ? (double)(int64_t)(x + 0.5) : -(double)(int64_t)(0.5 - x);
}

/* The grid's overview URL (ExerciseLib: no learning-path parameters, hence
 * the "&&"). */
static const char *overview_url(api_call *c, const char *code, const char *iid)
{
    const char *url = arena_printf(c->arena,
                                   "%smain/exercise/overview.php?cidReq=%s&id_session=%s&gidReq=0"
                                   "&&exerciseId=%s",
                                   c->web_root, code, call_itoa(c, c->session_param), iid);
    return url ? url : (call_fail_oom(c), NULL);
}

ACTION_ANSWER(
    user_courses_by_dates,
    A_LIST(A_OBJECT(
        A_KEY("course_code", A_STRING), A_KEY("course_title", A_STRING),
        A_KEY("visible_tests",
              A_LIST(A_OBJECT(A_KEY("0", A_STRING), A_KEY("1", A_INT),
                              A_KEY("id", A_COLUMN_INT), A_KEY("url", A_STRING),
                              A_KEY("name", A_STRING)))),
        A_KEY("taken_tests",
              A_NOTE("\"0\", \"1\", ...: the tests' titles", 
                     A_ONE_OF(A_EMPTY, A_OBJECT(A_KEY("avg_score", A_NUMBER),
                                                A_MORE(A_STRING))))))));

action_result action_user_courses_by_dates(api_call *c)
{
    call_event(c, "user_id", call_itoa(c, c->args[ARG_USER_ID].i), -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c);) {
        const char *pos = PQgetvalue(r, row, 0), *code = PQgetvalue(r, row, 3);
        struct json_object *course = reply_object(c), *visible = reply_array(c);
        struct json_object *taken = NULL;
        double total = 0;
        int taken_count = 0;
        reply_set(c, course, "course_code", reply_str(c, code));
        reply_set(c, course, "course_title", reply_str(c, sql_value(r, row, 4)));
        for (row++; row < rows.count && strcmp(PQgetvalue(r, row, 0), pos) == 0; row++) {
            const char *part = PQgetvalue(r, row, 1), *iid = PQgetvalue(r, row, 5);
            const char *title = sql_value(r, row, 6);
            if (part[0] == '1') {
                struct json_object *test = reply_object(c);
                reply_set(c, test, "0", reply_str(c, title));
                reply_set(c, test, "1", reply_value(c, FK_INT, PQgetvalue(r, row, 7)));
                reply_set(c, test, "id", reply_value(c, FK_COLUMN_INT, iid));
                reply_set(c, test, "url", reply_str(c, overview_url(c, code, iid)));
                reply_set(c, test, "name", reply_str(c, title));
                reply_push(c, visible, test);
            } else {
                if (!taken)
                    taken = reply_object(c);
                reply_set(c, taken, call_itoa(c, taken_count), reply_str(c, title));
                total += PQgetisnull(r, row, 8) ? 0 : strtod(PQgetvalue(r, row, 8), NULL);
                taken_count++;
            }
        }
        if (taken)
            reply_set(c, taken, "avg_score", reply_double(c, php_round(total / taken_count)));
        reply_set(c, course, "visible_tests", visible);
        reply_set(c, course, "taken_tests", taken ? taken : reply_array(c));
        reply_push(c, data, course);
    }
    return call_ok(c, data);
}
