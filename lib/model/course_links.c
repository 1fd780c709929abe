/*
 * course_links.c - see course_links.h.
 */
#include "model/course_links.h"

#include <unistd.h>

#include "core/strbuf.h"
#include "core/urlencode.h"

const char *course_picture_url(api_call *c, const char *directory, const char *checked)
{
    const char *root = c->cfg->sys_course_path;
    if (directory && *directory && root && *root) {
        const char *file = arena_printf(c->arena, "%s/%s/%s", root, directory, checked);
        if (file && access(file, R_OK) == 0)
            return arena_printf(c->arena, "%scourses/%s/course-pic.png", c->web_root, directory);
    }
    return arena_printf(c->arena, "%smain/img/session_default.png", c->web_root);
}

const char *course_home_url(api_call *c, const char *course_id, const char *session_id)
{
    strbuf sb;
    sb_init(&sb, c->arena, 160);
    sb_puts(&sb, c->web_root);
    sb_puts(&sb, "main/webservices/api/v2.php?");
    http_build_query_append(&sb, (const char *const[]){"action", "view_course_home", "api_key",
                                                       c->user->api_key, "username",
                                                       c->user->username, "course", course_id,
                                                       "session", session_id, NULL});
    return sb_failed(&sb) ? NULL : sb.data;
}
