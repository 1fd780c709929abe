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
#include <stdlib.h>
#include <unistd.h>

#include "api/action.h"
#include "core/strbuf.h"
#include "core/urlencode.h"
#include "model/course_teachers.h"

enum { ARG_USER_ID };
ACTION_PARAMS(user_courses, [ARG_USER_ID] = {"user_id", FROM_REQUEST, PK_INT});

/* id is cast by the PHP ((int) course.id): a number under both runtimes. */
static const json_field COURSE[] = {
    {"id", "id", FK_INT},
    {"title", "title", FK_STRING},
    {"code", "code", FK_STRING},
    {"directory", "directory", FK_STRING},
};

/* The campus's "special" courses: course extra field special_course = '1',
 * with at least one member. */
#define SPECIAL_COURSES                                                                        \
    "SELECT v.item_id FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"        \
    " WHERE f.extra_field_type = 2 AND lower(f.variable) = 'special_course' AND v.value = '1'"  \
    "   AND EXISTS (SELECT 1 FROM course_rel_user m WHERE m.c_id = v.item_id)"

/* From the caller's row, carrying the key check (call.h, DB_KEYED_STATEMENT):
 * the app lists its courses at start, and it costs one statement. $3 the
 * user whose courses are listed (0: the caller; another user is answered
 * only when the gate lets the caller see them, else the rows are dropped
 * unread), $4 the campus. The caller's row comes back once with NULL course
 * columns when there is no course. */
DB_KEYED_STATEMENT(SQL_USER_COURSES, "user_courses.list", 2,
    "x.id, x.title, x.code, x.directory, x.is_special, x.teachers",
    "LEFT JOIN LATERAL ("
    "  SELECT c.id, c.title, c.code, c.directory, c.id IN (" SPECIAL_COURSES ") AS is_special,"
    "         " SQL_COURSE_TEACHERS("c.id") " AS teachers"
    "    FROM course c"
    "   WHERE c.id IN (" SPECIAL_COURSES
    "                  UNION ALL SELECT cu.c_id FROM course_rel_user cu"
    "                             WHERE cu.user_id = COALESCE(NULLIF($3::int, 0), u.id))"
    "     AND EXISTS (SELECT 1 FROM access_url_rel_course uc"
    "                  WHERE uc.c_id = c.id AND uc.access_url_id = $4::int)) x ON true",
    "ORDER BY x.is_special DESC, lower(x.title), x.id");
ACTION_PREFETCH(user_courses, SQL_USER_COURSES, call_itoa(c, c->args[ARG_USER_ID].i),
                c->url_id_text);

/* WEB_COURSE_PATH/<dir>/course-pic.png when the 85x85 thumbnail exists in
 * the course folder, else the platform's default picture. */
static const char *course_picture_url(api_call *c, const char *directory)
{
    const char *root = c->cfg->sys_course_path;
    if (directory && *directory && root && *root) {
        const char *thumb = arena_printf(c->arena, "%s/%s/course-pic85x85.png", root, directory);
        if (thumb && access(thumb, R_OK) == 0)
            return arena_printf(c->arena, "%scourses/%s/course-pic.png", c->web_root, directory);
    }
    return arena_printf(c->arena, "%smain/img/session_default.png", c->web_root);
}

static const char *course_home_url(api_call *c, const char *course_id)
{
    strbuf sb;
    sb_init(&sb, c->arena, 160);
    sb_puts(&sb, c->web_root);
    sb_puts(&sb, "main/webservices/api/v2.php?");
    http_build_query_append(&sb, (const char *const[]){"action", "view_course_home", "api_key",
                                                       c->user->api_key, "username",
                                                       c->user->username, "course", course_id,
                                                       NULL});
    return sb_failed(&sb) ? NULL : sb.data;
}

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
                  reply_str(c, course_picture_url(c, sql_value(r, row, directory))));
        reply_set(c, course, "teachers", reply_str(c, PQgetvalue(r, row, teachers)));
        reply_set(c, course, "isSpecial", reply_value(c, FK_BOOL, PQgetvalue(r, row, is_special)));
        reply_set(c, course, "url", reply_str(c, course_home_url(c, PQgetvalue(r, row, id))));
        reply_push(c, data, course);
    }
    return call_ok(c, data);
}
