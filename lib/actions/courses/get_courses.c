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
#include "model/course_row.h"

ACTION_ABOUT(get_courses, "Every course of a campus", "30-courses.md §2.4",
    "Lists the courses of the campus `id_campus` (default: the current one) by title, every "
    "column as stored; the course password only for platform administrators.");

enum { ARG_ID_CAMPUS };
ACTION_PARAMS(get_courses, [ARG_ID_CAMPUS] = {"id_campus", FROM_POST, PK_INT, P_SCALAR});

/* $1 the campus. */
DB_STATEMENT(SQL_COURSES, "get_courses.list", 1,
    "SELECT " COURSE_ROW_COLUMNS
    "  FROM course c JOIN access_url_rel_course uc ON uc.c_id = c.id"
    " WHERE uc.access_url_id = $1::int"
    " ORDER BY c.title, c.id");

/* The campus listed: POST id_campus when given, else the current one. */
static const char *campus(api_call *c)
{
    return c->args[ARG_ID_CAMPUS].present ? call_itoa(c, c->args[ARG_ID_CAMPUS].i) : c->url_id_text;
}
ACTION_PREFETCH(get_courses, SQL_COURSES, campus(c));

/* The course row, then real_id (= id). */
static const json_field COURSE_FOR_ADMIN[] = {
    COURSE_ROW_FIELDS_BEFORE_SECRET,
    COURSE_ROW_SECRET_FIELD,
    COURSE_ROW_FIELDS_AFTER_SECRET,
    {"real_id", "id", FK_COLUMN_INT},
};
static const json_field COURSE[] = {
    COURSE_ROW_FIELDS_BEFORE_SECRET,
    COURSE_ROW_FIELDS_AFTER_SECRET,
    {"real_id", "id", FK_COLUMN_INT},
};

ACTION_ANSWER(get_courses, A_LIST(A_ONE_OF(A_ROW(COURSE_FOR_ADMIN), A_ROW(COURSE))));

action_result action_get_courses(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    if (!rows.result)
        return ACTION_FAILED;
    call_event(c, "id_campus", campus(c), -1);
    return call_ok(c, c->user->is_admin ? reply_rows(c, rows.result, FIELDS(COURSE_FOR_ADMIN))
                                        : reply_rows(c, rows.result, FIELDS(COURSE)));
}
