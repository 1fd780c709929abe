/*
 * save_user_json - creates a user like save_user, from a JSON object sent
 * in the POST field `json` (20-users-messages.md §5.5). Administrators
 * only; one transaction.
 *
 * The object supplies save_user's fields (loginname, password, firstname,
 * lastname, email, status, ..., "extra": [{"field_name", "field_value"}]),
 * decoded as PHP's json_decode($json, true) does; its strings are not
 * sanitized. Answers [new user id] (a number).
 *
 * `json` absent, not decodable, the document null → "No data available",
 * as in PHP. A document that is not an object or a list (a number, a
 * string, true), which PHP passes on to a crash, and an array sent as
 * `json` (json[]=...), which PHP crashes on, get the same answer. A document
 * beyond the request limits (max_params values, max_nesting_depth levels,
 * max_key_length keys) is "Invalid value for the parameter json".
 */
#include "actions/users/user_create.h"
#include "api/action.h"

ACTION_ABOUT(save_user_json, "Create a user from a JSON object", "20-users-messages.md §5.5",
    "Creates a user as save_user does from the fields of the JSON object sent in `json`, and "
    "answers the new user's id.");

enum { ARG_JSON };
ACTION_PARAMS(save_user_json,
    [ARG_JSON] = {"json", FROM_POST, PK_STRING, P_SCALAR, 0, MSG_NoData});

ACTION_ANSWER(save_user_json, A_NOTE("[the new user's id]", A_LIST(A_INT)));

action_result action_save_user_json(api_call *c)
{
    const api_arg *json = &c->args[ARG_JSON];
    if (!json->s)
        return call_fail(c, MSG_NoData);
    /* The request's limits bound the document too (PHP: depth 512 only). */
    const parse_limits limits = {.max_params = c->cfg->max_params,
                                 .max_key_length = c->cfg->max_key_length,
                                 .max_depth = c->cfg->max_nesting_depth};
    php_value *fields;
    parse_status st = json_decode_value(c->arena, json->s, json->len, &limits, &fields);
    if (st == PARSE_NO_MEMORY)
        return call_fail_oom(c);
    if (st != PARSE_OK)
        return call_fail_with(c, MSG_BadParameter, "json");
    if (!fields || fields->kind != PHP_ARRAY)
        return call_fail(c, MSG_NoData);
    int64_t id = user_create_from_fields(c, fields->arr);
    if (!id)
        return ACTION_FAILED;
    return user_create_reply(c, id);
}
