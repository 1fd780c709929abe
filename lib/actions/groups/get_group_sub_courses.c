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

enum { ARG_ID };
ACTION_PARAMS(get_group_sub_courses, [ARG_ID] = USERGROUP_ID_PARAM);

/* $1 the class, $2 the campus (usergroup_campus). */
DB_STATEMENT(SQL_COURSES, "get_group_sub_courses.list", 2,
    "SELECT c.id, c.room_id, c.title, c.code, c.directory, c.course_language, c.description,"
    "       c.category_code, c.visibility, c.show_score, c.tutor_name, c.visual_code,"
    "       c.department_name, c.department_url, c.disk_quota, c.last_visit, c.last_edit,"
    "       c.creation_date, c.expiration_date, c.subscribe, c.unsubscribe, c.registration_code,"
    "       c.legal, c.activate_legal, c.add_teachers_to_sessions_courses, c.course_type_id"
    "  FROM usergroup_rel_course l JOIN course c ON c.id = l.course_id"
    " WHERE l.usergroup_id = $1::int AND " USERGROUP_ON_CAMPUS("l.usergroup_id", "$2")
    " ORDER BY l.id");
ACTION_PREFETCH(get_group_sub_courses, SQL_COURSES, call_itoa(c, c->args[ARG_ID].i),
                usergroup_campus(c));

#define COURSE_FIELDS_BEFORE_CODE                                                              \
    {"id", "id", FK_COLUMN_INT}, {"room_id", "room_id", FK_COLUMN_INT},                         \
    {"title", "title", FK_STRING}, {"code", "code", FK_STRING},                                 \
    {"directory", "directory", FK_STRING}, {"course_language", "course_language", FK_STRING},   \
    {"description", "description", FK_STRING}, {"category_code", "category_code", FK_STRING},   \
    {"visibility", "visibility", FK_COLUMN_INT}, {"show_score", "show_score", FK_COLUMN_INT},   \
    {"tutor_name", "tutor_name", FK_STRING}, {"visual_code", "visual_code", FK_STRING},         \
    {"department_name", "department_name", FK_STRING},                                         \
    {"department_url", "department_url", FK_STRING},                                           \
    {"disk_quota", "disk_quota", FK_COLUMN_INT}, {"last_visit", "last_visit", FK_STRING},       \
    {"last_edit", "last_edit", FK_STRING}, {"creation_date", "creation_date", FK_STRING},       \
    {"expiration_date", "expiration_date", FK_STRING},                                         \
    {"subscribe", "subscribe", FK_COLUMN_INT}, {"unsubscribe", "unsubscribe", FK_COLUMN_INT}
#define COURSE_FIELDS_AFTER_CODE                                                               \
    {"legal", "legal", FK_STRING}, {"activate_legal", "activate_legal", FK_COLUMN_INT},         \
    {"add_teachers_to_sessions_courses", "add_teachers_to_sessions_courses", FK_COLUMN_INT},   \
    {"course_type_id", "course_type_id", FK_COLUMN_INT}

/* What an administrator sees, and what everybody else does. */
static const json_field COURSE_FOR_ADMIN[] = {
    COURSE_FIELDS_BEFORE_CODE,
    {"registration_code", "registration_code", FK_STRING},
    COURSE_FIELDS_AFTER_CODE,
};
static const json_field COURSE[] = {COURSE_FIELDS_BEFORE_CODE, COURSE_FIELDS_AFTER_CODE};

action_result action_get_group_sub_courses(api_call *c)
{
    if (usergroup_id_refused(c, &c->args[ARG_ID]))
        return ACTION_FAILED;
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    struct json_object *data = c->user->is_admin
        ? usergroup_rows_by_key(c, r, "id", FIELDS(COURSE_FOR_ADMIN))
        : usergroup_rows_by_key(c, r, "id", FIELDS(COURSE));
    return usergroup_answer_rows(c, data);
}
