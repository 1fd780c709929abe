/*
 * save_user - creates a user (20-users-messages.md §5.3). Administrators
 * only; one transaction.
 *
 * POST loginname, password, firstname, lastname, email, status,
 * auth_source, language, phone, expiration_date, original_user_id_name /
 * original_user_id_value, extra[i][field_name|field_value]. Answers
 * [new user id] (a number).
 */
#include "actions/users/user_create.h"
#include "api/action_table.h"
#include "json/php_json.h"

action_result action_save_user(api_call *c)
{
    int64_t id = user_create_from_fields(c, c->params->post);
    if (!id)
        return ACTION_FAILED;
    struct json_object *data = json_object_new_array();
    if (!data)
        return call_fail_oom(c);
    json_object_array_add(data, json_object_new_int64(id));
    /* PHP logs the whole answer, [id], serialized. */
    const char *logged = php_serialize(c->arena, data);
    if (!logged) {
        json_object_put(data);
        return call_fail_oom(c);
    }
    call_event(c, "user_id", logged, -1);
    return call_ok(c, data);
}
