/*
 * username_exist - whether a login name is taken (20-users-messages.md §5.2).
 *
 * POST loginname, trimmed, compared case-insensitively. Answers [true] or
 * [false]; missing or empty gives [false].
 */
#include "api/action.h"
#include "model/user_login.h"

ACTION_ABOUT(username_exist, "Whether a login name is taken", "20-users-messages.md §5.2",
    "Answers [true] when a user has the login name `loginname` (trimmed, compared "
    "case-insensitively), else [false].");

enum { ARG_LOGINNAME };
ACTION_PARAMS(username_exist, [ARG_LOGINNAME] = {"loginname", FROM_POST, PK_STRING, P_LOOKUP});

/* The login name as looked up: trimmed, "" when missing or empty; NULL on
 * OOM (recorded). */
static const char *looked_up_login(api_call *c)
{
    const api_arg *loginname = &c->args[ARG_LOGINNAME];
    size_t len = 0;
    const char *trimmed = loginname->s ? php_trim(loginname->s, loginname->len, &len) : NULL;
    const char *login = len > 0 ? arena_strndup(c->arena, trimmed, len) : "";
    if (!login)
        call_fail_oom(c);
    return login;
}

/* The lookup goes with the key check, in one round trip (an empty name is
 * looked up for nothing there, and never asked for). */
ACTION_PREFETCH(username_exist, *user_login_exists_statement(), looked_up_login(c));

ACTION_ANSWER(username_exist, A_LIST(A_BOOL));

action_result action_username_exist(api_call *c)
{
    call_event(c, "username", c->args[ARG_LOGINNAME].s, -1);
    const char *login = looked_up_login(c);
    if (!login)
        return ACTION_FAILED;
    bool exists = false;
    if (*login) {
        sql_rows lookup = call_prefetched(c);
        if (!lookup.result)
            return ACTION_FAILED;
        exists = user_login_exists_in(lookup.result);
    }
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_bool(c, exists));
    return call_ok(c, data);
}
