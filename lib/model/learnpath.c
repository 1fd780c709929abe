#include "model/learnpath.h"

#include "core/strbuf.h"
#include "core/urlencode.h"

const char *learnpath_url(api_call *c, int64_t lp_id)
{
    struct json_object *hash = reply_object(c);
    reply_set(c, hash, "action", reply_str(c, "course_learnpath"));
    reply_set(c, hash, "lp_id", reply_int(c, lp_id));
    reply_set(c, hash, "course", reply_int(c, c->course.id));
    reply_set(c, hash, "session", reply_int(c, c->session_id));
    reply_set(c, hash, "api_key", reply_str(c, c->user->api_key));
    reply_set(c, hash, "username", reply_str(c, c->user->username));
    const char *json = call_failed(c) ? NULL : reply_json_text(c, hash);
    if (!json)
        return NULL;
    strbuf url;
    sb_init(&url, c->arena, 320);
    sb_printf(&url, "%smain/webservices/api/v2.php?", c->web_root);
    http_build_query_append(&url, (const char *const[]){"hash", json, NULL});
    if (sb_failed(&url)) {
        call_fail_oom(c);
        return NULL;
    }
    return url.data;
}
