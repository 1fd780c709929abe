/*
 * user_courses - the courses of a user (30-courses.md §2.1). The user
 * itself or an administrator (gate SELF on REQUEST user_id, 0 = the caller).
 *
 * Lists, for the current campus, the "special" courses first (course extra
 * field special_course = '1' with at least one member: shown to everybody),
 * then the user's own courses by title, each once:
 *   {"id": int, "title", "code", "directory", "urlPicture", "teachers"
 *    ("First Last | ..."), "isSpecial": bool, "url"}
 * url opens the course home through this API with the caller's key.
 *
 * Not reproduced (docs/compat.md): the per-user course categories used to
 * sort special courses (we sort them by title), the language filter setting,
 * and PHP's course-logout bookkeeping, which is a no-op there.
 */
#include "api/action.h"
#include "model/course.h"
#include "model/course_api_url.h"

ACTION_ABOUT(user_courses, "The courses of a user", "30-courses.md §2.1",
    "Lists the campus's special courses, then the user's own courses by title, each with its "
    "code, picture, teachers and a URL that opens the course home through this API. `user_id` 0 "
    "or absent means the caller.");

enum { ARG_USER_ID };
ACTION_PARAMS(user_courses, [ARG_USER_ID] = {"user_id", FROM_REQUEST, PK_INT});

/* id is cast by the PHP ((int) course.id): a number under both runtimes. */
static const json_field COURSE[] = {
    {"id", "id", FK_INT},
    {"title", "title", FK_STRING},
    {"code", "code", FK_STRING},
    {"directory", "directory", FK_STRING},
};

/* From the caller's row, carrying the key check (call.h, DB_KEYED_STATEMENT):
 * the app lists its courses at start, and it costs one statement. $3 the
 * user whose courses are listed (0: the caller; another user is answered
 * only when the gate lets the caller see them, else the rows are dropped
 * unread), $4 the campus. The caller's row comes back once with NULL course
 * columns when there is no course. */
DB_KEYED_STATEMENT(SQL_USER_COURSES, "user_courses.list", 2,
    "x.id, x.title, x.code, x.directory, x.is_special, x.teachers",
    "LEFT JOIN LATERAL ("
    "  SELECT c.id, c.title, c.code, c.directory, c.id IN " COURSE_SPECIAL_IDS_SQL " AS is_special,"
    "         " SQL_COURSE_TEACHERS("c.id") " AS teachers"
    "    FROM course c"
    "   WHERE c.id IN (" COURSE_SPECIAL_IDS_SELECT
    "                  UNION ALL SELECT cu.c_id FROM course_rel_user cu"
    "                             WHERE cu.user_id = COALESCE(NULLIF($3::int, 0), u.id))"
    "     AND EXISTS (SELECT 1 FROM access_url_rel_course uc"
    "                  WHERE uc.c_id = c.id AND uc.access_url_id = $4::int)) x ON true",
    "ORDER BY x.is_special DESC, lower(x.title), x.id");
ACTION_PREFETCH(user_courses, SQL_USER_COURSES, call_itoa(c, c->args[ARG_USER_ID].i),
                c->url_id_text);

ACTION_ANSWER(user_courses,
              A_LIST(A_ROW_WITH(COURSE, A_KEY("urlPicture", A_STRING),
                                A_KEY("teachers", A_TEXT), A_KEY("isSpecial", A_BOOL),
                                A_KEY("url", A_STRING))));

action_result action_user_courses(api_call *c)
{
    call_event(c, "username", c->username, -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    int id = PQfnumber(r, "id"), directory = PQfnumber(r, "directory"),
        teachers = PQfnumber(r, "teachers"), is_special = PQfnumber(r, "is_special");
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        struct json_object *course = reply_row(c, r, row, FIELDS(COURSE));
        reply_set(c, course, "urlPicture",
                  reply_str(c, course_list_picture_url(c, sql_value(r, row, directory))));
        reply_set(c, course, "teachers", reply_str(c, PQgetvalue(r, row, teachers)));
        reply_set(c, course, "isSpecial", reply_value(c, FK_BOOL, PQgetvalue(r, row, is_special)));
        reply_set(c, course, "url", reply_str(c, course_api_home_url(c, PQgetvalue(r, row, id), NULL)));
        reply_push(c, data, course);
    }
    return call_ok(c, data);
}
