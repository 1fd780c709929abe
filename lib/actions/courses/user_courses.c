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

#include "api/action_table.h"
#include "core/strbuf.h"
#include "core/urlencode.h"

/* $1 user id, $2 campus id. */
static db_stmt SQL_USER_COURSES = DB_STMT(
    "user_courses.list",
    "WITH special AS ("
    "  SELECT v.item_id AS c_id FROM extra_field_values v"
    "    JOIN extra_field f ON f.id = v.field_id"
    "   WHERE f.extra_field_type = 2 AND lower(f.variable) = 'special_course' AND v.value = '1'"
    "     AND EXISTS (SELECT 1 FROM course_rel_user m WHERE m.c_id = v.item_id)),"
    " mine AS (SELECT cu.c_id FROM course_rel_user cu WHERE cu.user_id = $1::int)"
    "SELECT c.id, c.title, c.code, c.directory, c.id IN (SELECT c_id FROM special) AS is_special,"
    "       COALESCE((SELECT string_agg(t.name, ' | ' ORDER BY t.name) FROM ("
    "           SELECT DISTINCT regexp_replace(btrim(concat_ws(' ', u.firstname, u.lastname)),"
    "                                          '\\s+', ' ', 'g') AS name"
    "             FROM course_rel_user tu JOIN \"user\" u ON u.id = tu.user_id"
    "            WHERE tu.c_id = c.id AND tu.status = 1) t), '') AS teachers"
    "  FROM course c"
    " WHERE (c.id IN (SELECT c_id FROM special) OR c.id IN (SELECT c_id FROM mine))"
    "   AND EXISTS (SELECT 1 FROM access_url_rel_course uc"
    "                WHERE uc.c_id = c.id AND uc.access_url_id = $2::int)"
    " ORDER BY is_special DESC, lower(c.title), c.id",
    2);

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
    int64_t target = call_param_int(c, FROM_REQUEST, "user_id");
    const char *user_id = target ? call_itoa(c, target) : c->user->id_text;
    if (!user_id)
        return call_fail_oom(c);

    PGresult *r = call_sql(c, &SQL_USER_COURSES, (const char *[]){user_id, c->url_id_text});
    if (!r)
        return ACTION_FAILED;
    struct json_object *data = json_object_new_array_ext(PQntuples(r));
    if (!data)
        return call_fail_oom(c);
    for (int row = 0; row < PQntuples(r); row++) {
        const char *id = PQgetvalue(r, row, 0);
        const char *directory = sql_value(r, row, 3);
        const char *picture = course_picture_url(c, directory);
        const char *url = course_home_url(c, id);
        struct json_object *course = json_object_new_object();
        if (!picture || !url || !course) {
            json_object_put(course);
            json_object_put(data);
            return call_fail_oom(c);
        }
        json_object_object_add(course, "id", json_object_new_int64(strtoll(id, NULL, 10)));
        json_object_object_add(course, "title", json_string_or_null(sql_value(r, row, 1)));
        json_object_object_add(course, "code", json_string_or_null(sql_value(r, row, 2)));
        json_object_object_add(course, "directory", json_string_or_null(directory));
        json_object_object_add(course, "urlPicture", json_object_new_string(picture));
        json_object_object_add(course, "teachers", json_object_new_string(PQgetvalue(r, row, 5)));
        json_object_object_add(course, "isSpecial",
                               json_object_new_boolean(PQgetvalue(r, row, 4)[0] == 't'));
        json_object_object_add(course, "url", json_object_new_string(url));
        json_object_array_add(data, course);
    }
    return call_ok(c, data);
}
