/*
 * get_group_sub_courses - the courses a class is linked to
 * (25-groups-audit.md §3.6), for any valid key, as in PHP.
 *
 * POST id (refused when absent, 0 or not a number: PHP crashes). Answers
 * [] or an object keyed by course id, in link order, of the complete course
 * row in Chamilo's column order (integer columns: numbers under PHP 8).
 * With multiple_access_urls on, only for a class of the current campus.
 * Event: group_id = the answer's data, PHP-serialized.
 *
 * Deviation (docs/compat.md): registration_code, the course's subscription
 * password, is left out for callers who are not platform administrators.
 */
#include "actions/groups/usergroup.h"
#include "model/course_row.h"

ACTION_ABOUT(get_group_sub_courses, "The courses a class is linked to", "25-groups-audit.md §3.6",
    "Lists, keyed by course id, the courses the class `id` is linked to; the course password "
    "only for platform administrators.");

enum { ARG_ID };
ACTION_PARAMS(get_group_sub_courses, [ARG_ID] = USERGROUP_ID_PARAM);

/* $1 the class, $2 the campus (usergroup_campus). */
DB_STATEMENT(SQL_COURSES, "get_group_sub_courses.list", 2,
    "SELECT " COURSE_ROW_COLUMNS
    "  FROM usergroup_rel_course l JOIN course c ON c.id = l.course_id"
    " WHERE l.usergroup_id = $1::int AND " USERGROUP_ON_CAMPUS("l.usergroup_id", "$2")
    " ORDER BY l.id");
ACTION_PREFETCH(get_group_sub_courses, SQL_COURSES, call_itoa(c, c->args[ARG_ID].i),
                usergroup_campus(c));

/* What an administrator sees, and what everybody else does. */
static const json_field COURSE_FOR_ADMIN[] = {
    COURSE_ROW_FIELDS_BEFORE_SECRET,
    COURSE_ROW_SECRET_FIELD,
    COURSE_ROW_FIELDS_AFTER_SECRET,
};
static const json_field COURSE[] = {
    COURSE_ROW_FIELDS_BEFORE_SECRET,
    COURSE_ROW_FIELDS_AFTER_SECRET,
};

ACTION_ANSWER(get_group_sub_courses, A_BY_ID(A_ONE_OF(A_ROW(COURSE_FOR_ADMIN), A_ROW(COURSE))));

action_result action_get_group_sub_courses(api_call *c)
{
    if (c->user->is_admin)
        return usergroup_read(c, &c->args[ARG_ID], "id", FIELDS(COURSE_FOR_ADMIN));
    return usergroup_read(c, &c->args[ARG_ID], "id", FIELDS(COURSE));
}
