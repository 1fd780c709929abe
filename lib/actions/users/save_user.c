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
#include "api/action.h"

ACTION_ABOUT(save_user, "Create a user", "20-users-messages.md §5.3",
    "Creates a user from `loginname`, `password`, names, `email`, `status` and the other profile "
    "fields and extra fields sent, and answers the new user's id.");

/* Read by user_create_from_fields from $_POST; declared here for the
 * OpenAPI description and the fuzzer. */
USER_CREATE_PARAMS(save_user);

ACTION_ANSWER(save_user, A_NOTE("[the new user's id]", A_LIST(A_INT)));

action_result action_save_user(api_call *c)
{
    int64_t id = user_create_from_fields(c, c->params->post);
    if (!id)
        return ACTION_FAILED;
    return user_create_reply(c, id);
}
