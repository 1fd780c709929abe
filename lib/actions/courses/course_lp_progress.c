/*
 * course_lp_progress - the caller's progress in the learning paths of their
 * courses (30-courses.md §5.3):
 *
 *   [[{"module": course title, "progress": float|false,
 *      "qualification": int|float, "activeTime": int}, ...]]
 *
 * The courses are the caller's base courses of "My courses" on this campus
 * (course_rel_user, HR relations left out), the ones in a user course
 * category first. Special courses are not among them: Chamilo's list
 * (IndexManager::returnCoursesAndSessions, its "courses") holds the courses
 * by category and without category, and both leave the special courses out
 * (they are rendered apart), so a caller whose only courses are special
 * courses gets [[]], as the 1.11.32 install answered.
 *
 *   progress       the mean of the caller's progress (the view with the most
 *                  views) over the learning paths the caller may follow
 *                  (§5.2), rounded to 1 decimal; false when the course has
 *                  no learning path in the session context.
 *   qualification  the share, in percent (2 decimals), of the course's
 *                  published learning paths not hidden whose progress is 100
 *                  and whose tracked time is not zero; 0 when none.
 *   activeTime     the seconds tracked in those learning paths: consecutive
 *                  learnpath rows of track_e_access_complete with the same
 *                  learning path, per login (current_id).
 */
#include <stdlib.h>

#include "api/action.h"
#include "model/learnpath.h"

ACTION_ABOUT(course_lp_progress, "The caller's learning-path progress in each of their courses",
    "30-courses.md §5.3",
    "For each of the caller's courses on this campus, their learning-path progress, score and "
    "time spent.");

ACTION_NO_PARAMS(course_lp_progress);

/* The special courses (course extra field special_course = 1). */
#define SPECIAL_COURSE_IDS                                                                     \
    "SELECT v.item_id FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"        \
    " WHERE f.extra_field_type = 2 AND lower(f.variable) = 'special_course' AND v.value = '1'"

/* A learning path's tracked seconds for user u in course c and session
 * $3: the time between consecutive learnpath rows of one login with the
 * same learning path. */
#define LP_TRACKED_SECONDS(lp)                                                                 \
    "COALESCE((SELECT sum(EXTRACT(EPOCH FROM t.date_reg - t.previous_date))"                   \
    "           FROM (SELECT a.tool_id, a.date_reg,"                                           \
    "                        lag(a.date_reg) OVER w AS previous_date,"                         \
    "                        lag(a.tool_id) OVER w AS previous_tool_id"                        \
    "                   FROM track_e_access_complete a"                                        \
    "                  WHERE a.user_id = u.id AND a.c_id = c.id AND a.session_id = $3::int"    \
    "                    AND a.login_as = 0 AND a.current_id <> 0 AND a.tool = 'learnpath'"    \
    "                 WINDOW w AS (PARTITION BY a.current_id ORDER BY a.date_reg, a.id)) t"    \
    "          WHERE t.tool_id = " lp ".iid AND t.previous_tool_id = t.tool_id), 0)"

/* From the caller's row (the key check's): one row per course, in "My
 * courses" order; $3 session context, $4 campus. progress_sum and visible
 * count the learning paths the caller may follow, lp_count the course's
 * learning paths in the session context; completed and active_time those
 * of the published ones not hidden (published counts them). */
DB_KEYED_STATEMENT(SQL_LP_PROGRESS, "course_lp_progress.list", 2,
    "x.course_id, x.title, x.lp_count, x.visible, x.progress_sum, x.published, x.completed,"
    " x.active_time",
    "LEFT JOIN LATERAL ("
    "  SELECT c.id AS course_id, c.title, cu.user_course_cat, cu.sort,"
    "         (SELECT count(*) FROM c_lp lp WHERE lp.c_id = c.id"
    "             AND lp.session_id IN ($3::int, 0)) AS lp_count,"
    "         s.visible, s.progress_sum, q.published, q.completed, q.active_time"
    "    FROM course_rel_user cu JOIN course c ON c.id = cu.c_id"
    "   CROSS JOIN LATERAL ("
    "        SELECT count(*) AS visible, COALESCE(sum(("
    "                 SELECT v.progress FROM c_lp_view v WHERE v.c_id = c.id AND v.lp_id = lp.iid"
    "                    AND v.user_id = u.id AND v.session_id = $3::int"
    "                  ORDER BY v.view_count DESC, v.iid DESC LIMIT 1)), 0) AS progress_sum"
    "          FROM c_lp lp"
    "         WHERE lp.c_id = c.id AND lp.session_id IN ($3::int, 0)"
    "           AND " LP_VISIBLE_FOR("lp", "u.id", "$3::int", "(now() AT TIME ZONE 'UTC')") ") s"
    "   CROSS JOIN LATERAL ("
    "        SELECT count(*) AS published,"
    "               count(*) FILTER (WHERE l.progress = 100 AND l.seconds > 0) AS completed,"
    "               COALESCE(sum(l.seconds), 0)::bigint AS active_time"
    "          FROM (SELECT (SELECT v.progress FROM c_lp_view v WHERE v.c_id = c.id"
    "                           AND v.lp_id = lp.iid AND v.user_id = u.id"
    "                           AND v.session_id = $3::int"
    "                         ORDER BY v.view_count DESC, v.iid DESC LIMIT 1) AS progress,"
    "                       " LP_TRACKED_SECONDS("lp") " AS seconds"
    "                  FROM c_lp lp"
    "                 WHERE lp.c_id = c.id AND lp.session_id IN ($3::int, 0)"
    "                   AND (lp.publicated_on IS NULL"
    "                        OR lp.publicated_on <= now() AT TIME ZONE 'UTC')"
    "                   AND (lp.expired_on IS NULL OR lp.expired_on >= now() AT TIME ZONE 'UTC')"
    "                   AND COALESCE((SELECT p.visibility FROM c_item_property p"
    "                                  WHERE p.c_id = c.id AND p.tool = 'learnpath'"
    "                                    AND p.ref = lp.iid"
    "                                    AND COALESCE(p.session_id, 0) IN ($3::int, 0)"
    "                                  ORDER BY COALESCE(p.session_id, 0) DESC, p.iid DESC"
    "                                  LIMIT 1), 1) <> 0) l) q"
    "   WHERE cu.user_id = u.id AND cu.relation_type <> 1"
    "     AND c.id NOT IN (" SPECIAL_COURSE_IDS ")"
    "     AND EXISTS (SELECT 1 FROM access_url_rel_course uc"
    "                  WHERE uc.c_id = c.id AND uc.access_url_id = $4::int)) x ON true",
    "ORDER BY COALESCE(x.user_course_cat, 0) = 0, x.user_course_cat, x.sort, lower(x.title),"
    " x.course_id");
ACTION_PREFETCH(course_lp_progress, SQL_LP_PROGRESS, call_itoa(c, c->session_param),
                c->url_id_text);

ACTION_ANSWER(course_lp_progress,
              A_LIST(A_LIST(A_OBJECT(
                  A_KEY("module", A_TEXT),
                  A_KEY("progress", A_NOTE("false: no learning path", A_ONE_OF(A_NUMBER, A_BOOL))),
                  A_KEY("qualification", A_NUMBER), A_KEY("activeTime", A_INT)))));

action_result action_course_lp_progress(api_call *c)
{
    call_event(c, "username", c->username, -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    int title = PQfnumber(r, "title"), lp_count = PQfnumber(r, "lp_count"),
        visible = PQfnumber(r, "visible"), progress_sum = PQfnumber(r, "progress_sum"),
        published = PQfnumber(r, "published"), completed = PQfnumber(r, "completed"),
        active_time = PQfnumber(r, "active_time");
    struct json_object *courses = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        struct json_object *entry = reply_object(c);
        reply_set(c, entry, "module", reply_str(c, PQgetvalue(r, row, title)));
        if (atoll(PQgetvalue(r, row, lp_count)) > 0) {
            long long n = atoll(PQgetvalue(r, row, visible));
            double sum = atof(PQgetvalue(r, row, progress_sum));
            /* round(mean, 1), half away from zero as PHP rounds */
            reply_set(c, entry, "progress",
                      reply_double(c, n > 0 ? (double)(long long)(sum * 10 / (double)n + 0.5) / 10
                                            : 0.0));
        } else {
            reply_set(c, entry, "progress", reply_bool(c, false));
        }
        long long done = atoll(PQgetvalue(r, row, completed)),
                  total = atoll(PQgetvalue(r, row, published));
        reply_set(c, entry, "qualification",
                  done > 0 ? reply_double(c, (double)(long long)((double)done * 10000 /
                                                                    (double)total + 0.5) / 100)
                           : reply_int(c, 0));
        reply_set(c, entry, "activeTime", reply_value(c, FK_INT, PQgetvalue(r, row, active_time)));
        reply_push(c, courses, entry);
    }
    struct json_object *data = reply_array(c);
    reply_push(c, data, courses);
    return call_ok(c, data);
}
