/*
 * courses_details_by_extra_field - the courses whose course extra field has
 * a value, in detail (30-courses.md §2.3). Administrators only.
 *
 * POST field_name (a course extra field; unknown: "<field_name> not
 * found"), POST field_value (exact match), both required: an object keyed
 * by course id ([] when none), each a COURSE-INFO object (§2.7) plus
 * "count_visible_tests": the tests a student sees on the first page of the
 * course's test list (active, of the base course, the first 20 by title,
 * but those hidden by their item property).
 *
 * Not reproduced (docs/compat.md): HotPotatoes tests in the count; a value
 * of an item that is no course (PHP: an HTML error page) is left out.
 * Event: access_ws_courses_details_by_extra_field (extra_field_name,
 * field_name), written first as PHP does.
 */
#include <string.h>

#include "api/action.h"
#include "model/course_columns.h"
#include "model/user_extra.h"
#include "model/course.h"

ACTION_ABOUT(courses_details_by_extra_field,
    "The courses with a given course extra field value, in detail",
    "30-courses.md §2.3",
    "Answers, keyed by course id, the details of every course whose course extra field "
    "`field_name` has exactly the value `field_value`, with the number of tests a student sees.");

enum { ARG_FIELD_NAME, ARG_FIELD_VALUE };
ACTION_PARAMS(courses_details_by_extra_field,
    [ARG_FIELD_NAME] = {"field_name", FROM_POST, PK_STRING, P_SCALAR | P_REQUIRED,
                    EXTRA_FIELD_VARIABLE_CHARS},
    [ARG_FIELD_VALUE] = {"field_value", FROM_POST, PK_STRING, P_SCALAR | P_REQUIRED | P_LOOKUP});

/* $1 field name, $2 value. */
DB_STATEMENT(SQL_COURSES, "courses_details_by_extra_field.list", 2,
    COURSES_BY_EXTRA_VALUE_SQL("$1", "$2",
        ", (SELECT count(*) FROM (SELECT q.iid FROM c_quiz q WHERE q.c_id = c.id AND q.active = 1"
        "                            AND (q.session_id = 0 OR q.session_id IS NULL)"
        "                          ORDER BY q.title, q.iid LIMIT 20) page"
        "    WHERE COALESCE((SELECT ip.visibility FROM c_item_property ip"
        "                     WHERE ip.c_id = c.id AND ip.tool = 'quiz' AND ip.ref = page.iid"
        "                       AND (ip.session_id = 0 OR ip.session_id IS NULL)"
        "                     ORDER BY ip.lastedit_date DESC LIMIT 1), -1) <> 0)"
        "   AS count_visible_tests",
        "ORDER BY v.item_id"));
ACTION_PREFETCH(courses_details_by_extra_field, SQL_COURSES, c->args[ARG_FIELD_NAME].s,
                c->args[ARG_FIELD_VALUE].s);

ACTION_ANSWER(courses_details_by_extra_field,
              A_BY_ID(A_OBJECT(COURSE_INFO_KEYS, A_KEY("count_visible_tests", A_INT))));

action_result action_courses_details_by_extra_field(api_call *c)
{
    call_event(c, "extra_field_name", c->args[ARG_FIELD_NAME].s, -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    if (rows.count == 0 || strcmp(PQgetvalue(r, 0, 0), "t") != 0)
        return call_fail_with(c, MSG_ExtraFieldXNotFound, c->args[ARG_FIELD_NAME].s);
    struct json_object *data = NULL;
    int count = PQfnumber(r, "count_visible_tests");
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        if (PQgetisnull(r, row, 1))
            continue;
        struct json_object *course = course_info_object(c, r, row);
        reply_set(c, course, "count_visible_tests", reply_value(c, FK_INT, PQgetvalue(r, row, count)));
        if (!data)
            data = reply_object(c);
        reply_set(c, data, PQgetvalue(r, row, PQfnumber(r, "id")), course);
    }
    return call_ok(c, data ? data : reply_array(c));
}
