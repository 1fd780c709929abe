/*
 * update_user_apikey - replaces a user's API key (20-users-messages.md §5.7).
 * The user itself or an administrator (gate SELF on POST user_id); one
 * transaction.
 *
 * POST user_id, current_api_key: both required, and current_api_key must be
 * the user's current key (compared exactly, in constant time, under the
 * user's row lock: of concurrent calls with one key, one succeeds), else the
 * NotAllowed text. Answers {"api_key": the key after the operation}: a new
 * one, or the old one when the user has several MsgREST keys (Chamilo then
 * changes nothing).
 */
#include <string.h>

#include "api/action.h"
#include "crypto/password.h"
#include "model/api_key.h"

ACTION_ABOUT(update_user_apikey, "Replace a user's API key", "20-users-messages.md §5.7",
    "Replaces the API key of `user_id` when `current_api_key` is its current key, and answers "
    "the key after the operation.");

/* Both POST; a key that cannot be stored text is never the current one. */
enum { ARG_USER_ID, ARG_CURRENT_API_KEY };
ACTION_PARAMS(update_user_apikey,
    [ARG_USER_ID] = {"user_id", FROM_POST, PK_INT},
    [ARG_CURRENT_API_KEY] = {"current_api_key", FROM_POST, PK_STRING, P_LOOKUP});

ACTION_ANSWER(update_user_apikey, A_OBJECT(A_KEY("api_key", A_TEXT)));

action_result action_update_user_apikey(api_call *c)
{
    int64_t user_id = c->args[ARG_USER_ID].i;
    const api_arg *given = &c->args[ARG_CURRENT_API_KEY];
    if (!user_id || !given->present || strcmp(given->s, "0") == 0)
        return call_fail(c, MSG_NotAllowed);

    const char *user_id_text = call_itoa(c, user_id);
    if (!user_id_text)
        return ACTION_FAILED;
    call_event(c, "user_id", user_id_text, -1);

    const char *current;
    if (!api_key_current_for_update(c, user_id_text, &current))
        return ACTION_FAILED;
    if (!current || !secure_equals(current, strlen(current), given->s, given->len))
        return call_fail(c, MSG_NotAllowed);

    const char *key = api_key_regenerate(c, user_id_text);
    if (!key)
        return ACTION_FAILED;
    struct json_object *data = reply_object(c);
    reply_set(c, data, "api_key", reply_str(c, key));
    return call_ok(c, data);
}
