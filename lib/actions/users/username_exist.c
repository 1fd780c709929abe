/*
 * username_exist - whether a login name is taken (20-users-messages.md §5.2).
 *
 * POST loginname, trimmed, compared case-insensitively. Answers [true] or
 * [false]; missing or empty gives [false].
 */
#include "api/action_table.h"
#include "model/user_login.h"

enum { ARG_LOGINNAME };
ACTION_PARAMS(username_exist, [ARG_LOGINNAME] = {"loginname", FROM_POST, PK_STRING, P_LOOKUP});

action_result action_username_exist(api_call *c)
{
    const api_arg *loginname = &c->args[ARG_LOGINNAME];
    call_event(c, "username", loginname->s, -1);

    bool exists = false;
    size_t len = 0;
    const char *trimmed = loginname->s ? php_trim(loginname->s, loginname->len, &len) : NULL;
    if (len > 0) {
        trimmed = arena_strndup(c->arena, trimmed, len);
        if (!trimmed)
            return call_fail_oom(c);
        if (!user_login_exists(c, trimmed, &exists))
            return ACTION_FAILED;
    }
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_bool(c, exists));
    return call_ok(c, data);
}
