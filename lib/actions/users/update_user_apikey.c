/*
 * update_user_apikey - replaces a user's API key (20-users-messages.md §5.7).
 * The user itself or an administrator (gate SELF on POST user_id); one
 * transaction.
 *
 * POST user_id, current_api_key: both required, and current_api_key must be
 * the user's current key (compared exactly, in constant time), else the
 * NotAllowed text. Answers {"api_key": the key after the operation}: a new
 * one, or the old one when the user has several MsgREST keys (Chamilo then
 * changes nothing).
 */
#include <string.h>

#include "api/action_table.h"
#include "crypto/password.h"
#include "model/api_key.h"

action_result action_update_user_apikey(api_call *c)
{
    int64_t user_id = call_param_int(c, FROM_POST, "user_id");
    const php_value *given = call_param(c, FROM_POST, "current_api_key");
    if (!user_id || php_empty(given) || given->kind != PHP_STRING)
        return call_fail(c, MSG_NOT_ALLOWED);

    const char *user_id_text = call_itoa(c, user_id);
    if (!user_id_text)
        return call_fail_oom(c);
    call_event(c, "user_id", user_id_text, -1);

    const char *current;
    if (!api_key_current(c, user_id_text, &current))
        return ACTION_FAILED;
    if (!current || !secure_equals(current, strlen(current), given->str, given->len))
        return call_fail(c, MSG_NOT_ALLOWED);

    const char *key = api_key_regenerate(c, user_id_text);
    if (!key)
        return ACTION_FAILED;
    struct json_object *data = json_object_new_object();
    if (!data)
        return call_fail_oom(c);
    json_object_object_add(data, "api_key", json_object_new_string(key));
    return call_ok(c, data);
}
