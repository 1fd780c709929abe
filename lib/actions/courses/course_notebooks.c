/*
 * course_notebooks - the caller's notes in the course (30-courses.md §4.6).
 * Course context required (ACT_COURSE).
 *
 * c_notebook rows of the caller in the course, of the session context (or
 * of no session), newest first:
 *   [{"id": int iid, "title", "description", "creationDate", "updateDate"}]
 * with the dates as FMT_LONG ("January 05, 2024 at 02:30 PM").
 *
 * Not reproduced (docs/compat.md): the tool-access tracking row.
 * Event: access_ws_course_notebooks (course_id, POST course).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(course_notebooks, "The caller's notes in the course", "30-courses.md §4.6",
    "Lists the caller's notebook entries in the context course (and session), newest first.");

ACTION_NO_PARAMS(course_notebooks);
ACTION_TOOL(course_notebooks, TOOL_NOTEBOOK);

/* $1 the course, $2 the session, $3 the caller's login name. */
DB_STATEMENT(SQL_NOTEBOOKS, "course_notebooks.list", 3,
    "SELECT n.iid, n.title, n.description, n.creation_date, n.update_date"
    "  FROM c_notebook n JOIN \"user\" u ON u.id = n.user_id AND lower(u.username) = lower($3)"
    " WHERE n.c_id = $1::int"
    "   AND (CASE WHEN $2::int <> 0 THEN n.session_id = $2::int"
    "             ELSE n.session_id = 0 OR n.session_id IS NULL END)"
    " ORDER BY n.creation_date DESC, n.iid DESC");
ACTION_PREFETCH(course_notebooks, SQL_NOTEBOOKS, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param), c->username);

ACTION_ANSWER(course_notebooks,
              A_LIST(A_OBJECT(A_KEY("id", A_INT), A_KEY("title", A_STRING),
                              A_KEY("description", A_STRING),
                              A_KEY("creationDate", A_STRING),
                              A_KEY("updateDate", A_STRING))));

action_result action_course_notebooks(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    if (!rows.result)
        return ACTION_FAILED;
    const PGresult *r = rows.result;
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        struct json_object *note = reply_object(c);
        reply_set(c, note, "id", reply_value(c, FK_INT, PQgetvalue(r, row, 0)));
        reply_set(c, note, "title", reply_str(c, sql_value(r, row, 1)));
        reply_set(c, note, "description", reply_str(c, sql_value(r, row, 2)));
        reply_set(c, note, "creationDate", course_date(c, COURSE_DATE_LONG, sql_value(r, row, 3)));
        reply_set(c, note, "updateDate", course_date(c, COURSE_DATE_LONG, sql_value(r, row, 4)));
        reply_push(c, data, note);
    }
    course_event_post_course(c);
    return call_ok(c, data);
}
