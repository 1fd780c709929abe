/*
 * get_courses_from_extra_field - the courses of a campus whose course extra
 * field has a value (30-courses.md §2.5). Served without a key, as PHP does.
 *
 * REQUEST extra_field_variable (a course extra field; unknown: "<variable>
 * not found"), extra_field_value (exact match), id_campus (default 0,
 * which matches no campus, as in PHP): a list of COURSE-INFO objects (§2.7)
 * by course id.
 *
 * Closed hole (docs/compat.md): without a key only courses open to the
 * world (visibility 3) are listed; with a key, platform admins see every
 * course, others the courses they may enter (open to the platform or the
 * world, or theirs through course_rel_user or a session); secrets only for
 * admins (course_info_object).
 *
 * Event: access_ws_get_courses_from_extra_field (extra_field-extra_field_value,
 * "<variable>:<value>").
 */
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "model/course_columns.h"
#include "model/user_extra.h"
#include "model/course.h"

ACTION_ABOUT(get_courses_from_extra_field,
    "The courses of a campus with a given course extra field value",
    "30-courses.md §2.5",
    "Lists the courses of the campus `id_campus` whose course extra field `extra_field_variable` "
    "has exactly the value `extra_field_value`. Without a key only courses open to the world are "
    "listed; with one, the courses the caller may enter.");

enum { ARG_VARIABLE, ARG_VALUE, ARG_ID_CAMPUS };
ACTION_PARAMS(get_courses_from_extra_field,
    [ARG_VARIABLE] = {"extra_field_variable", FROM_REQUEST, PK_STRING, P_SCALAR,
                      EXTRA_FIELD_VARIABLE_CHARS},
    [ARG_VALUE] = {"extra_field_value", FROM_REQUEST, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_ID_CAMPUS] = {"id_campus", FROM_REQUEST, PK_INT, P_SCALAR});

/* $1 variable, $2 value, $3 campus, $4 the caller's login name ("" without
 * a key). member: the caller has the course (course_rel_user or a session). */
DB_STATEMENT(SQL_COURSES, "get_courses_from_extra_field.list", 4,
    COURSES_BY_EXTRA_VALUE_SQL("$1", "$2",
        ", EXISTS (SELECT 1 FROM course_rel_user m JOIN \"user\" mu ON mu.id = m.user_id"
        "           WHERE m.c_id = c.id AND lower(mu.username) = lower($4))"
        "  OR EXISTS (SELECT 1 FROM session_rel_course_rel_user m"
        "               JOIN \"user\" mu ON mu.id = m.user_id"
        "              WHERE m.c_id = c.id AND lower(mu.username) = lower($4)) AS member",
        "AND EXISTS (SELECT 1 FROM access_url_rel_course uc WHERE uc.c_id = c.id"
        "            AND uc.access_url_id = $3::int) ORDER BY v.item_id"));
ACTION_PREFETCH(get_courses_from_extra_field, SQL_COURSES,
                c->args[ARG_VARIABLE].s ? c->args[ARG_VARIABLE].s : "",
                c->args[ARG_VALUE].s ? c->args[ARG_VALUE].s : "",
                call_itoa(c, c->args[ARG_ID_CAMPUS].i), c->username);

/* Whether the caller may see the course (see above). */
static bool visible_to_caller(api_call *c, const PGresult *r, int row)
{
    int visibility = atoi(PQgetvalue(r, row, PQfnumber(r, "visibility")));
    if (!c->user)
        return visibility == 3;
    return c->user->is_admin || visibility == 2 || visibility == 3 ||
           strcmp(PQgetvalue(r, row, PQfnumber(r, "member")), "t") == 0;
}

ACTION_ANSWER(get_courses_from_extra_field, A_LIST(A_OBJECT(COURSE_INFO_KEYS)));

action_result action_get_courses_from_extra_field(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    const char *variable = c->args[ARG_VARIABLE].s ? c->args[ARG_VARIABLE].s : "";
    const char *value = c->args[ARG_VALUE].s ? c->args[ARG_VALUE].s : "";
    if (rows.count == 0 || strcmp(PQgetvalue(r, 0, 0), "t") != 0)
        return call_fail_with(c, MSG_ExtraFieldXNotFound, variable);
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        if (PQgetisnull(r, row, 1) || !visible_to_caller(c, r, row))
            continue;
        reply_push(c, data, course_info_object(c, r, row));
    }
    call_event(c, "extra_field-extra_field_value", arena_printf(c->arena, "%s:%s", variable, value),
               -1);
    return call_ok(c, data);
}
