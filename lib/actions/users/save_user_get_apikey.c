/*
 * save_user_get_apikey - creates a user like save_user, then gives it an API
 * key (20-users-messages.md §5.4). Administrators only; one transaction.
 * Answers {"id": int, "api_key": str}.
 */
#include "actions/users/user_create.h"
#include "api/action.h"
#include "model/api_key.h"

ACTION_ABOUT(save_user_get_apikey, "Create a user and give it an API key",
    "20-users-messages.md §5.4",
    "Creates a user as save_user does, then gives it an API key, and answers both.");

USER_CREATE_PARAMS(save_user_get_apikey);

ACTION_ANSWER(save_user_get_apikey, A_OBJECT(A_KEY("id", A_INT), A_KEY("api_key", A_TEXT)));

action_result action_save_user_get_apikey(api_call *c)
{
    int64_t id = user_create_from_fields(c, c->params->post);
    if (!id)
        return ACTION_FAILED;
    const char *id_text = call_itoa(c, id);
    const char *key = id_text ? api_key_create(c, id_text) : NULL;
    if (!key)
        return ACTION_FAILED;
    call_event(c, "user_id", id_text, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "id", reply_int(c, id));
    reply_set(c, data, "api_key", reply_str(c, key));
    return call_ok(c, data);
}
