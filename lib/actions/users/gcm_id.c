/*
 * gcm_id - stores the caller's push-notification registration id in the
 * user extra field gcm_registration_id (20-users-messages.md §2.1).
 *
 * POST registration_id (sanitized; missing stores NULL). The field is
 * created by authenticate; without it nothing is stored. Always answers
 * {"status": true}, whatever the write did, as PHP does.
 */
#include "api/action_table.h"
#include "model/user_extra.h"

action_result action_gcm_id(api_call *c)
{
    const php_value *raw = call_param(c, FROM_POST, "registration_id");
    const char *registration_id = NULL;
    if (raw) {
        php_value *clean = xss_sanitize(c->arena, raw);
        if (!clean)
            return call_fail_oom(c);
        /* An array has no string form; PHP would store "Array". */
        registration_id = clean->kind == PHP_STRING ? clean->str : "Array";
    }
    call_event(c, "gcm_id", registration_id, -1);
    if (user_extra_set(c, c->user->id_text, "gcm_registration_id", registration_id) ==
        USER_EXTRA_ERROR)
        return ACTION_FAILED;
    struct json_object *data = json_object_new_object();
    if (!data)
        return call_fail_oom(c);
    json_object_object_add(data, "status", json_object_new_boolean(1));
    return call_ok(c, data);
}
