/*
 * get_courses - every course of a campus, as stored (30-courses.md §2.4).
 * Any valid key.
 *
 * POST id_campus (default: the current campus). The course rows of that
 * campus (access_url_rel_course) ordered by title, every column in
 * Chamilo's column order plus real_id (= id); integer columns typed as
 * read by plain SQL (numbers under PHP 8, strings under 7.4), dates as
 * "YYYY-MM-DD HH:MM:SS".
 *
 * Closed hole (docs/compat.md): registration_code, the course password in
 * clear text, is answered to platform admins only.
 *
 * Event: access_ws_get_courses (id_campus, the campus listed).
 */
#include "api/action.h"

enum { ARG_ID_CAMPUS };
ACTION_PARAMS(get_courses, [ARG_ID_CAMPUS] = {"id_campus", FROM_POST, PK_INT, P_SCALAR});

#define TIMESTAMP(col) "to_char(c." col ", 'YYYY-MM-DD HH24:MI:SS') AS " col

/* $1 the campus. */
DB_STATEMENT(SQL_COURSES, "get_courses.list", 1,
    "SELECT c.id, c.room_id, c.title, c.code, c.directory, c.course_language, c.description,"
    "       c.category_code, c.visibility, c.show_score, c.tutor_name, c.visual_code,"
    "       c.department_name, c.department_url, c.disk_quota, " TIMESTAMP("last_visit") ","
    "       " TIMESTAMP("last_edit") ", " TIMESTAMP("creation_date") ","
    "       " TIMESTAMP("expiration_date") ", c.subscribe, c.unsubscribe, c.registration_code,"
    "       c.legal, c.activate_legal, c.add_teachers_to_sessions_courses, c.course_type_id"
    "  FROM course c JOIN access_url_rel_course uc ON uc.c_id = c.id"
    " WHERE uc.access_url_id = $1::int"
    " ORDER BY c.title, c.id");

/* The campus listed: POST id_campus when given, else the current one. */
static const char *campus(api_call *c)
{
    return c->args[ARG_ID_CAMPUS].present ? call_itoa(c, c->args[ARG_ID_CAMPUS].i) : c->url_id_text;
}
ACTION_PREFETCH(get_courses, SQL_COURSES, campus(c));

#define COURSE_FIELDS_BEFORE_SECRET                                                            \
    {"id", "id", FK_COLUMN_INT}, {"room_id", "room_id", FK_COLUMN_INT},                        \
        {"title", "title", FK_STRING}, {"code", "code", FK_STRING},                            \
        {"directory", "directory", FK_STRING}, {"course_language", "course_language", FK_STRING}, \
        {"description", "description", FK_STRING},                                             \
        {"category_code", "category_code", FK_STRING},                                         \
        {"visibility", "visibility", FK_COLUMN_INT}, {"show_score", "show_score", FK_COLUMN_INT}, \
        {"tutor_name", "tutor_name", FK_STRING}, {"visual_code", "visual_code", FK_STRING},     \
        {"department_name", "department_name", FK_STRING},                                     \
        {"department_url", "department_url", FK_STRING},                                       \
        {"disk_quota", "disk_quota", FK_COLUMN_INT}, {"last_visit", "last_visit", FK_STRING},  \
        {"last_edit", "last_edit", FK_STRING}, {"creation_date", "creation_date", FK_STRING},  \
        {"expiration_date", "expiration_date", FK_STRING},                                     \
        {"subscribe", "subscribe", FK_COLUMN_INT}, {"unsubscribe", "unsubscribe", FK_COLUMN_INT}
#define COURSE_FIELDS_AFTER_SECRET                                                             \
    {"legal", "legal", FK_STRING}, {"activate_legal", "activate_legal", FK_COLUMN_INT},        \
        {"add_teachers_to_sessions_courses", "add_teachers_to_sessions_courses", FK_COLUMN_INT}, \
        {"course_type_id", "course_type_id", FK_COLUMN_INT}, {"real_id", "id", FK_COLUMN_INT}

static const json_field COURSE_FOR_ADMIN[] = {
    COURSE_FIELDS_BEFORE_SECRET,
    {"registration_code", "registration_code", FK_STRING},
    COURSE_FIELDS_AFTER_SECRET,
};
static const json_field COURSE[] = {COURSE_FIELDS_BEFORE_SECRET, COURSE_FIELDS_AFTER_SECRET};

action_result action_get_courses(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    if (!rows.result)
        return ACTION_FAILED;
    call_event(c, "id_campus", campus(c), -1);
    return call_ok(c, c->user->is_admin ? reply_rows(c, rows.result, FIELDS(COURSE_FOR_ADMIN))
                                        : reply_rows(c, rows.result, FIELDS(COURSE)));
}
