/*
 * course_learnpaths - the learning paths of the course the caller may follow,
 * by category (30-courses.md §5.1, §5.2):
 *
 *   [{"id": int category iid (0: "Without category"), "name",
 *     "learnpaths": [{"id": int lp iid, "title", "progress": int, "url"}]}]
 *
 * Categories without a learning path left are not listed. A learning path
 * is left out (for everybody, administrators included, as in PHP) when its
 * item property (the session context's, else the base course's) hides or
 * deletes it, when its category is hidden or restricted to other users,
 * when the caller has not completed its prerequisite, or outside its
 * publication window (publicated_on < now < expired_on when both are set).
 * progress is the caller's first view of it in the session context (0
 * without one). url opens it through this API: v2.php?hash=<JSON of action
 * course_learnpath, lp_id, course, session, api_key, username>, the caller's
 * key inside as in PHP.
 */
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "model/learnpath.h"
#include "request/request.h"

ACTION_ABOUT(course_learnpaths, "The course's learning paths the caller may follow, by category",
    "30-courses.md §5.1",
    "Lists the context course's learning-path categories with the learning paths the caller may "
    "follow now, each with the caller's progress and a URL that opens it through this API.");

ACTION_NO_PARAMS(course_learnpaths);
ACTION_TOOL(course_learnpaths, TOOL_LEARNPATH);

/* $1 course, $2 session context, $3 the caller's username. One row per
 * learning path shown, in category order (the pseudo category first), then
 * display_order and name. */
DB_STATEMENT(SQL_LEARNPATHS, "course_learnpaths.list", 3,
    "WITH me AS (SELECT u.id FROM \"user\" u WHERE lower(u.username) = lower($3)"
    "             ORDER BY u.id LIMIT 1),"
    " cat AS (SELECT 0 AS iid, 'Without category'::text AS name, 0 AS position, 0 AS rank"
    "         UNION ALL"
    "         SELECT c.iid, c.name, c.position, 1 FROM c_lp_category c WHERE c.c_id = $1::int),"
    " now_utc AS (SELECT now() AT TIME ZONE 'UTC' AS at)"
    " SELECT cat.iid AS category_id, cat.name AS category_name, lp.iid AS lp_id,"
    "        lp.name AS lp_name, COALESCE(v.progress, 0) AS progress"
    "   FROM cat CROSS JOIN me CROSS JOIN now_utc"
    "   JOIN c_lp lp ON lp.c_id = $1::int AND lp.session_id IN ($2::int, 0)"
    "                AND COALESCE(lp.category_id, 0) = cat.iid"
    "   LEFT JOIN LATERAL (SELECT v.progress FROM c_lp_view v"
    "                       WHERE v.c_id = $1::int AND v.lp_id = lp.iid AND v.user_id = me.id"
    "                         AND v.session_id = $2::int ORDER BY v.iid LIMIT 1) v ON true"
    "  WHERE " LP_VISIBLE_FOR("lp", "me.id", "$2::int", "now_utc.at")
    "    AND NOT (lp.publicated_on IS NOT NULL AND lp.expired_on IS NOT NULL"
    "             AND NOT (now_utc.at > lp.publicated_on AND now_utc.at < lp.expired_on))"
    "  ORDER BY cat.rank, cat.position, cat.iid, lp.display_order, lp.name, lp.iid");
ACTION_PREFETCH(course_learnpaths, SQL_LEARNPATHS, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param), c->username);

static const json_field LEARNPATH[] = {
    {"id", "lp_id", FK_INT},
};

ACTION_ANSWER(course_learnpaths,
              A_LIST(A_OBJECT(A_KEY("id", A_INT), A_KEY("name", A_TEXT),
                              A_KEY("learnpaths",
                                    A_LIST(A_ROW_WITH(LEARNPATH, A_KEY("title", A_STRING),
                                                      A_KEY("progress", A_INT),
                                                      A_KEY("url", A_STRING)))))));

action_result action_course_learnpaths(api_call *c)
{
    call_event(c, "username", c->username, -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    int category_id = PQfnumber(r, "category_id"), category_name = PQfnumber(r, "category_name"),
        lp_id = PQfnumber(r, "lp_id"), lp_name = PQfnumber(r, "lp_name"),
        progress = PQfnumber(r, "progress");
    struct json_object *data = reply_array(c), *learnpaths = NULL;
    const char *current = NULL;
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        const char *category = PQgetvalue(r, row, category_id);
        if (!current || strcmp(current, category) != 0) {
            struct json_object *entry = reply_object(c);
            reply_set(c, entry, "id", reply_value(c, FK_INT, category));
            reply_set(c, entry, "name", reply_str(c, PQgetvalue(r, row, category_name)));
            learnpaths = reply_array(c);
            reply_set(c, entry, "learnpaths", learnpaths);
            reply_push(c, data, entry);
            current = category;
        }
        const char *name = PQgetvalue(r, row, lp_name);
        const char *title = xss_sanitize_str(c->arena, name, strlen(name), NULL);
        if (!title)
            return call_fail_oom(c);
        struct json_object *lp = reply_row(c, r, row, FIELDS(LEARNPATH));
        reply_set(c, lp, "title", reply_str(c, title));
        reply_set(c, lp, "progress", reply_value(c, FK_INT, PQgetvalue(r, row, progress)));
        reply_set(c, lp, "url",
                  reply_str(c, learnpath_url(c, strtoll(PQgetvalue(r, row, lp_id), NULL, 10))));
        reply_push(c, learnpaths, lp);
    }
    return call_ok(c, data);
}
