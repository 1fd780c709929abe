/*
 * username_exist - whether a login name is taken (20-users-messages.md §5.2).
 *
 * POST loginname, trimmed, compared case-insensitively. Answers [true] or
 * [false]; missing or empty gives [false].
 */
#include <string.h>

#include "api/action_table.h"
#include "model/user_login.h"

action_result action_username_exist(api_call *c)
{
    const char *loginname = call_param_str(c, FROM_POST, "loginname");
    call_event(c, "username", loginname, -1);

    bool exists = false;
    if (loginname) {
        /* PHP trim(): " \t\n\r\0\x0B" at both ends. */
        size_t len = strlen(loginname);
        while (len && strchr(" \t\n\r\v", loginname[len - 1]))
            len--;
        size_t start = 0;
        while (start < len && strchr(" \t\n\r\v", loginname[start]))
            start++;
        if (len > start) {
            const char *trimmed = arena_strndup(c->arena, loginname + start, len - start);
            if (!trimmed)
                return call_fail_oom(c);
            if (!user_login_exists(c, trimmed, &exists))
                return ACTION_FAILED;
        }
    }
    struct json_object *data = json_object_new_array();
    if (!data)
        return call_fail_oom(c);
    json_object_array_add(data, json_object_new_boolean(exists));
    return call_ok(c, data);
}
