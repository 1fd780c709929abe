/*
 * save_user_get_apikey - creates a user like save_user, then gives it an API
 * key (20-users-messages.md §5.4). Administrators only; one transaction.
 * Answers {"id": int, "api_key": str}.
 */
#include "actions/users/user_create.h"
#include "api/action_table.h"
#include "model/api_key.h"

action_result action_save_user_get_apikey(api_call *c)
{
    int64_t id = user_create_from_fields(c, c->params->post);
    if (!id)
        return ACTION_FAILED;
    const char *id_text = call_itoa(c, id);
    if (!id_text)
        return call_fail_oom(c);
    const char *key = api_key_create(c, id_text);
    if (!key)
        return ACTION_FAILED;
    call_event(c, "user_id", id_text, -1);
    struct json_object *data = json_object_new_object();
    if (!data)
        return call_fail_oom(c);
    json_object_object_add(data, "id", json_object_new_int64(id));
    json_object_object_add(data, "api_key", json_object_new_string(key));
    return call_ok(c, data);
}
