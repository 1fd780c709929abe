/*
 * course.c - the pieces the course actions share (course.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/chamilo_date.h"
#include "core/urlencode.h"
#include "crypto/password.h"
#include "model/course.h"
#include "model/user_extra.h"

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
        shown = chamilo_date_sql(c->arena, call_timezone(c), stored);
        break;
    case COURSE_DATE_LONG:
        shown = chamilo_date_long(c->arena, call_timezone(c), stored);
        break;
    case COURSE_DATE_LONG_24H:
        shown = chamilo_date_long_24h(c->arena, call_timezone(c), stored);
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
    if (secrets) {
        /* Chamilo answers the SHA-1 of the course password, null without one. */
        const char *code = sql_value(r, row, PQfnumber(r, "registration_code"));
        const char *hash = code && *code ? password_hash(c->arena, PASSWORD_SHA1, 0, code, NULL)
                                         : NULL;
        if (code && *code && !hash)
            call_fail_oom(c);
        reply_set(c, o, "registration_code", reply_str(c, hash));
    }
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

const char *course_replace_all(api_call *c, const char *text, const char *from, const char *to)
{
    size_t from_len = strlen(from);
    if (!text || !from_len || !strstr(text, from))
        return text;
    strbuf sb;
    sb_init(&sb, c->arena, strlen(text) + 64);
    for (const char *p = text, *hit; *p; p = hit + from_len) {
        hit = strstr(p, from);
        if (!hit) {
            sb_puts(&sb, p);
            break;
        }
        sb_append(&sb, p, (size_t)(hit - p));
        sb_puts(&sb, to ? to : "");
    }
    if (sb_failed(&sb))
        return call_fail_oom(c), NULL;
    return sb.data;
}

const char *course_absolute_src(api_call *c, const char *html)
{
    const char *to = arena_printf(c->arena, "src=\"%s", c->web_root);
    if (!to)
        return call_fail_oom(c), NULL;
    return course_replace_all(c, html, "src=\"/", to);
}

const char *course_size_text(api_call *c, const char *bytes)
{
    static const struct {
        double unit;
        const char *suffix;
    } UNITS[] = {{1073741824.0, "G"}, {1048576.0, "M"}, {1024.0, "k"}};
    double n = bytes ? strtod(bytes, NULL) : 0;
    const char *text = NULL;
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0] && !text; i++) {
        if (n < UNITS[i].unit)
            continue;
        char number[64];
        snprintf(number, sizeof number, "%.2f", n / UNITS[i].unit);
        char *end = number + strlen(number);
        while (end[-1] == '0')
            *--end = '\0';
        if (end[-1] == '.')
            end[-1] = '\0';
        text = arena_printf(c->arena, "%s%s", number, UNITS[i].suffix);
        if (!text)
            return call_fail_oom(c), NULL;
    }
    if (!text && !(text = arena_printf(c->arena, "%.0fB", n)))
        return call_fail_oom(c), NULL;
    return text;
}

bool course_keyed_list_init(api_call *c, course_keyed_list *list, int capacity)
{
    list->count = 0;
    list->items = arena_alloc(c->arena, sizeof *list->items * (size_t)(capacity > 0 ? capacity : 1));
    list->positions =
        arena_alloc(c->arena, sizeof *list->positions * (size_t)(capacity > 0 ? capacity : 1));
    if (!list->items || !list->positions)
        return call_fail_oom(c), false;
    return true;
}

void course_keyed_list_add(course_keyed_list *list, int position, struct json_object *item)
{
    list->items[list->count] = item;
    list->positions[list->count] = position;
    list->count++;
}

struct json_object *course_keyed_list_json(api_call *c, const course_keyed_list *list)
{
    bool dense = true;
    for (int i = 0; i < list->count && dense; i++)
        dense = list->positions[i] == i;
    struct json_object *out = dense ? reply_array(c) : reply_object(c);
    for (int i = 0; i < list->count; i++) {
        if (dense)
            reply_push(c, out, list->items[i]);
        else
            reply_set(c, out, call_itoa(c, list->positions[i]), list->items[i]);
    }
    return out;
}

/* $1 the course, $2 the names as a text[]: each known course field once
 * per name given (MySQL compares the names case-insensitively). */
DB_STATEMENT(SQL_COURSE_EXTRA, "course.extra_values", 2,
    "SELECT n.name, v.value"
    "  FROM unnest($2::text[]) WITH ORDINALITY AS n(name, pos)"
    "  JOIN extra_field f ON f.extra_field_type = 2 AND lower(f.variable) = lower(n.name)"
    "  LEFT JOIN extra_field_values v ON v.field_id = f.id AND v.item_id = $1::int"
    " ORDER BY n.pos");

bool course_extra_values(api_call *c, const char *course_id, const php_value *fields,
                         const PGresult **out)
{
    *out = NULL;
    size_t count = fields && fields->kind == PHP_ARRAY ? fields->arr->count : 0;
    const char **names = arena_alloc(c->arena, sizeof *names * (count ? count : 1));
    if (!names)
        return call_fail_oom(c), false;
    size_t n = 0;
    for (const php_entry *e = count ? fields->arr->first : NULL; e; e = e->next)
        if (e->value->kind == PHP_STRING && strlen(e->value->str) == e->value->len &&
            param_string_acceptable(e->value->str, e->value->len, EXTRA_FIELD_VARIABLE_CHARS))
            names[n++] = e->value->str;
    if (n == 0)
        return true;
    *out = call_sql(c, &SQL_COURSE_EXTRA, course_id, sql_text_array(c, names, n));
    return *out != NULL;
}

void course_extra_set(api_call *c, struct json_object *obj, const PGresult *values)
{
    for (int row = 0; values && row < PQntuples(values); row++) {
        const char *key = arena_printf(c->arena, "extra_%s", PQgetvalue(values, row, 0));
        if (!key) {
            call_fail_oom(c);
            return;
        }
        const char *value = sql_value(values, row, 1);
        reply_set(c, obj, key, reply_str(c, value ? value : ""));
    }
}

void course_event_post_course(api_call *c)
{
    call_event(c, "course_id", call_itoa(c, call_param_int(c, FROM_POST, "course")), -1);
}

bool course_caller_edits(const api_call *c)
{
    return (c->user && c->user->is_admin) || c->course.is_coach;
}

const char *course_tool_url(api_call *c, const char *page, const char *const *before,
                            const char *origin, const char *const *after)
{
    strbuf sb;
    sb_init(&sb, c->arena, 256);
    sb_puts(&sb, c->web_root);
    sb_puts(&sb, "main/");
    sb_puts(&sb, page);
    sb_putc(&sb, '?');
    if (before) {
        http_build_query_append(&sb, before);
        sb_putc(&sb, '&');
    }
    course_cidreq_append(c, &sb, origin);
    if (after) {
        sb_putc(&sb, '&');
        http_build_query_append(&sb, after);
    }
    if (sb_failed(&sb))
        return call_fail_oom(c), NULL;
    return sb.data;
}
