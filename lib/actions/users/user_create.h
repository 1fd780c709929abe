/*
 * user_create.h - Rest::addUser, shared by save_user and
 * save_user_get_apikey and save_user_json, 20-users-messages.md §5.3.
 *
 * Reads the user fields from a PHP array (the POST bag, or a decoded JSON
 * object), checks them, and writes the user, its campus membership and its
 * extra values. Runs inside the action's transaction: a failure leaves
 * nothing behind.
 */
#ifndef CHAMILO_ACTIONS_USERS_USER_CREATE_H
#define CHAMILO_ACTIONS_USERS_USER_CREATE_H

#include "api/action.h"

/* The fields of the user-creating actions ($_POST, or save_user_json's
 * decoded object), declared once with the widths of the user table
 * (model/user_columns.h) and the answer PHP's validation gives.
 * user_create_from_fields runs each row itself (param_check), in PHP's
 * order: the login's availability first. */
enum user_create_field {
    UF_LOGINNAME, UF_PASSWORD, UF_FIRSTNAME, UF_LASTNAME, UF_EMAIL, UF_STATUS, UF_AUTH_SOURCE,
    UF_LANGUAGE, UF_PHONE, UF_OFFICIAL_CODE, UF_EXPIRATION_DATE, UF_ORIGINAL_USER_ID_NAME,
    UF_ORIGINAL_USER_ID_VALUE, UF_EXTRA, UF_COUNT
};
extern const param_def USER_CREATE_FIELDS[UF_COUNT];

/* The declaration of an action that creates a user from its $_POST. */
#define USER_CREATE_PARAMS(action) ACTION_PARAMS_TABLE(action, USER_CREATE_FIELDS, UF_COUNT)

/* Returns the new user's id (> 0), or 0 on failure with the error recorded
 * ("This login is not available", "User not registered.", or a database
 * error). */
int64_t user_create_from_fields(api_call *c, const php_array *fields);

/* The answer of save_user and save_user_json: [id] (a number), and the
 * access_ws_<action> event with that answer serialized, as PHP logs it. */
action_result user_create_reply(api_call *c, int64_t id);

#endif
