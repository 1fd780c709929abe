/*
 * course_descriptions - the course's description sections (30-courses.md
 * §4.1). Course context required (ACT_COURSE).
 *
 * The base course's c_course_description rows (the session is ignored, as
 * in PHP) in the order they were written:
 *   [{"id": description_type, "title", "content", "extra_<name>": ...}]
 * id is the section type (1 description, 2 objectives, ... 8+ custom), an
 * integer column; content with every src="/ made absolute. POST fields[]
 * names course extra fields whose values (for this course, "" when none)
 * every item carries; unknown names are ignored.
 *
 * Not reproduced (docs/compat.md): the tool-access tracking row.
 * Event: access_ws_course_descriptions (course_id, POST course).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(course_descriptions, "The course's description sections", "30-courses.md §4.1",
    "Lists the context course's description sections (description, objectives, ...) in the order "
    "they were written; `fields[]` adds the course's values of those course extra fields to "
    "each.");

enum { ARG_FIELDS };
ACTION_PARAMS(course_descriptions, [ARG_FIELDS] = {"fields", FROM_POST, PK_ARRAY});
ACTION_TOOL(course_descriptions, TOOL_COURSE_DESCRIPTION);

/* $1 the course. */
DB_STATEMENT(SQL_DESCRIPTIONS, "course_descriptions.list", 1,
    "SELECT d.description_type, d.title, d.content FROM c_course_description d"
    " WHERE d.c_id = $1::int AND (d.session_id = 0 OR d.session_id IS NULL)"
    " ORDER BY d.iid");
ACTION_PREFETCH(course_descriptions, SQL_DESCRIPTIONS, call_itoa(c, c->course_param));

ACTION_ANSWER(course_descriptions,
              A_LIST(A_OBJECT(A_KEY("id", A_COLUMN_INT), A_KEY("title", A_STRING),
                              A_KEY("content", A_STRING),
                              A_MORE(A_NOTE("extra_<field>: a requested course extra field",
                                            A_TEXT)))));

action_result action_course_descriptions(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    if (!rows.result)
        return ACTION_FAILED;
    const PGresult *extra;
    if (!course_extra_values(c, c->course.id_text, c->args[ARG_FIELDS].raw, &extra))
        return ACTION_FAILED;
    const PGresult *r = rows.result;
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        struct json_object *item = reply_object(c);
        reply_set(c, item, "id", reply_value(c, FK_COLUMN_INT, PQgetvalue(r, row, 0)));
        reply_set(c, item, "title", reply_str(c, sql_value(r, row, 1)));
        reply_set(c, item, "content", reply_str(c, course_absolute_src(c, sql_value(r, row, 2))));
        course_extra_set(c, item, extra);
        reply_push(c, data, item);
    }
    course_event_post_course(c);
    return call_ok(c, data);
}
