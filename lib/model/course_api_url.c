/*
 * course_api_url.c - see course_api_url.h.
 */
#include "model/course_api_url.h"

#include "core/strbuf.h"
#include "core/urlencode.h"

const char *course_api_home_url(api_call *c, const char *course_id, const char *session_id)
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
