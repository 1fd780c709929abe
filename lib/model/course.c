/*
 * course.c - the pieces the course actions share (course.h).
 */
#include <unistd.h>

#include "core/chamilo_date.h"
#include "core/urlencode.h"
#include "model/course.h"

/* The file of a course's folder, when it exists on this server: its path,
 * else NULL (also when the courses folder is unknown, or on OOM: then
 * recorded). */
static const char *course_file(api_call *c, const char *directory, const char *file)
{
    const char *root = c->cfg->sys_course_path;
    if (!directory || !*directory || !root || !*root)
        return NULL;
    const char *path = arena_printf(c->arena, "%s/%s/%s", root, directory, file);
    if (!path) {
        call_fail_oom(c);
        return NULL;
    }
    return access(path, R_OK) == 0 ? path : NULL;
}

static const char *course_file_url(api_call *c, const char *directory, const char *file)
{
    const char *url = arena_printf(c->arena, "%scourses/%s/%s", c->web_root, directory, file);
    if (!url)
        call_fail_oom(c);
    return url;
}

static const char *code_url(api_call *c, const char *path)
{
    const char *url = arena_printf(c->arena, "%smain/%s", c->web_root, path);
    if (!url)
        call_fail_oom(c);
    return url;
}

const char *course_picture_url(api_call *c, const char *directory)
{
    if (!course_file(c, directory, "course-pic85x85.png"))
        return NULL;
    return course_file_url(c, directory, "course-pic.png");
}

const char *course_list_picture_url(api_call *c, const char *directory)
{
    const char *url = course_picture_url(c, directory);
    if (url || call_failed(c))
        return url;
    return code_url(c, "img/session_default.png");
}

const char *course_home_url(api_call *c, const char *directory)
{
    const char *url = arena_printf(c->arena, "%scourses/%s/index.php?id_session=%s&gidReq=0",
                                   c->web_root, directory ? directory : "", c->session_id_text);
    if (!url)
        call_fail_oom(c);
    return url;
}

void course_cidreq_append(api_call *c, strbuf *sb, const char *origin)
{
    http_build_query_append(sb, (const char *const[]){
                                    "cidReq", c->course.code ? c->course.code : "",
                                    "id_session", c->session_id_text, "gidReq", "0",
                                    "gradebook", "0", "origin", origin ? origin : "", NULL});
}

struct json_object *course_date(api_call *c, course_date_format format, const char *stored)
{
    if (!stored || !*stored)
        return reply_str(c, NULL);
    const char *shown = NULL;
    switch (format) {
    case COURSE_DATE_SQL:
        shown = chamilo_date_sql(c->arena, stored);
        break;
    case COURSE_DATE_LONG:
        shown = chamilo_date_long(c->arena, stored);
        break;
    case COURSE_DATE_LONG_24H:
        shown = chamilo_date_long_24h(c->arena, stored);
        break;
    }
    return reply_str(c, shown);
}

/* obj[key] = column `column` of the row, of this kind. */
static void set_column(api_call *c, struct json_object *obj, const PGresult *r, int row,
                       const char *key, const char *column, field_kind kind)
{
    int col = PQfnumber(r, column);
    if (col < 0) {
        call_fail_internal(c, "course_info_object: a COURSE_INFO_COLUMNS column is missing");
        return;
    }
    reply_set(c, obj, key, reply_value(c, kind, sql_value(r, row, col)));
}

/* A course file's path and URL keys: "<key>_source" (the path or "",
 * secret) then "<key>" (its URL, or fallback). */
static void set_image(api_call *c, struct json_object *obj, const char *directory,
                      const char *source_key, const char *key, const char *file,
                      const char *fallback, bool show_paths)
{
    const char *path = course_file(c, directory, file);
    if (show_paths)
        reply_set(c, obj, source_key, reply_str(c, path ? path : ""));
    reply_set(c, obj, key, reply_str(c, path ? course_file_url(c, directory, file) : fallback));
}

struct json_object *course_info_object(api_call *c, const PGresult *r, int row)
{
    bool secrets = c->user && c->user->is_admin;
    const char *directory = sql_value(r, row, PQfnumber(r, "directory"));
    struct json_object *o = reply_object(c);
    set_column(c, o, r, row, "id", "code", FK_STRING);
    set_column(c, o, r, row, "real_id", "id", FK_COLUMN_INT);
    set_column(c, o, r, row, "code", "code", FK_STRING);
    set_column(c, o, r, row, "name", "title", FK_STRING);
    set_column(c, o, r, row, "title", "title", FK_STRING);
    set_column(c, o, r, row, "official_code", "visual_code", FK_STRING);
    set_column(c, o, r, row, "visual_code", "visual_code", FK_STRING);
    set_column(c, o, r, row, "sysCode", "code", FK_STRING);
    set_column(c, o, r, row, "path", "directory", FK_STRING);
    set_column(c, o, r, row, "directory", "directory", FK_STRING);
    set_column(c, o, r, row, "creation_date", "creation_date", FK_STRING);
    set_column(c, o, r, row, "titular", "tutor_name", FK_STRING);
    set_column(c, o, r, row, "tutor_name", "tutor_name", FK_STRING);
    set_column(c, o, r, row, "language", "course_language", FK_STRING);
    struct json_object *link = reply_object(c);
    set_column(c, link, r, row, "url", "department_url", FK_STRING);
    set_column(c, link, r, row, "name", "department_name", FK_STRING);
    reply_set(c, o, "extLink", link);
    set_column(c, o, r, row, "categoryCode", "cat_code", FK_STRING);
    set_column(c, o, r, row, "category_code", "category_code", FK_STRING);
    set_column(c, o, r, row, "categoryName", "cat_name", FK_STRING);
    set_column(c, o, r, row, "visibility", "visibility", FK_COLUMN_INT);
    set_column(c, o, r, row, "subscribe_allowed", "subscribe", FK_COLUMN_INT);
    set_column(c, o, r, row, "subscribe", "subscribe", FK_COLUMN_INT);
    set_column(c, o, r, row, "unsubscribe", "unsubscribe", FK_COLUMN_INT);
    set_column(c, o, r, row, "course_language", "course_language", FK_STRING);
    set_column(c, o, r, row, "activate_legal", "activate_legal", FK_COLUMN_INT);
    set_column(c, o, r, row, "legal", "legal", FK_STRING);
    set_column(c, o, r, row, "show_score", "show_score", FK_COLUMN_INT);
    set_column(c, o, r, row, "department_name", "department_name", FK_STRING);
    set_column(c, o, r, row, "department_url", "department_url", FK_STRING);
    if (secrets)
        set_column(c, o, r, row, "registration_code", "registration_hash", FK_STRING);
    set_column(c, o, r, row, "disk_quota", "disk_quota", FK_COLUMN_INT);
    reply_set(c, o, "course_public_url",
              reply_str(c, course_file_url(c, directory ? directory : "", "index.php")));
    if (secrets) {
        const char *root = c->cfg->sys_course_path;
        reply_set(c, o, "course_sys_path",
                  reply_str(c, arena_printf(c->arena, "%s/%s/", root ? root : "",
                                            directory ? directory : "")));
    }
    set_column(c, o, r, row, "add_teachers_to_sessions_courses",
               "add_teachers_to_sessions_courses", FK_COLUMN_INT);
    set_image(c, o, directory, "course_image_source", "course_image", "course-pic85x85.png",
              code_url(c, "img/icons/48/course.png"), secrets);
    set_image(c, o, directory, "course_image_large_source", "course_image_large",
              "course-pic.png", code_url(c, "img/session_default.png"), secrets);
    set_image(c, o, directory, "course_email_image_source", "course_email_image",
              "course-email-pic-cropped.png", NULL, secrets);
    set_image(c, o, directory, "course_email_image_large_source", "course_email_image_large",
              "course-email-pic.png", NULL, secrets);
    return call_failed(c) ? NULL : o;
}
