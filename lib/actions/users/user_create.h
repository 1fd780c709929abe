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

/* The $_POST fields of the user-creating actions, with the lengths of the
 * user table and the answer PHP's validation gives. user_create_from_fields
 * checks them itself, in PHP's order (the login's availability first). */
#define USER_CREATE_PARAMS(action)                                                             \
    ACTION_PARAMS(action,                                                                      \
        {"loginname", FROM_POST, PK_STRING, P_OWN_CHECKS, 100, MSG_UserNotRegistered},                    \
        {"password", FROM_POST, PK_STRING, P_OWN_CHECKS, 0, MSG_UserNotRegistered},                       \
        {"firstname", FROM_POST, PK_STRING, P_OWN_CHECKS, 60, MSG_UserNotRegistered},                     \
        {"lastname", FROM_POST, PK_STRING, P_OWN_CHECKS, 60, MSG_UserNotRegistered},                      \
        {"email", FROM_POST, PK_STRING, P_OWN_CHECKS, 100, MSG_UserNotRegistered},                        \
        {"status", FROM_POST, PK_INT, P_OWN_CHECKS, 0, MSG_UserNotRegistered},                            \
        {"auth_source", FROM_POST, PK_STRING, P_OWN_CHECKS, 50, MSG_UserNotRegistered},                   \
        {"language", FROM_POST, PK_STRING, P_OWN_CHECKS, 40, MSG_UserNotRegistered},                      \
        {"phone", FROM_POST, PK_STRING, P_OWN_CHECKS, 30, MSG_UserNotRegistered},                         \
        {"official_code", FROM_POST, PK_STRING, P_OWN_CHECKS, 40, MSG_UserNotRegistered},                 \
        {"expiration_date", FROM_POST, PK_STRING, P_OWN_CHECKS, 0, MSG_UserNotRegistered},                \
        {"original_user_id_name", FROM_POST, PK_STRING, P_OWN_CHECKS, 255, MSG_UserNotRegistered},        \
        {"original_user_id_value", FROM_POST, PK_STRING, P_OWN_CHECKS, 0, MSG_UserNotRegistered},         \
        {"extra", FROM_POST, PK_ARRAY, P_OWN_CHECKS, 0, NULL})

/* Returns the new user's id (> 0), or 0 on failure with the error recorded
 * ("This login is not available", "User not registered.", or a database
 * error). */
int64_t user_create_from_fields(api_call *c, const php_array *fields);

/* The answer of save_user and save_user_json: [id] (a number), and the
 * access_ws_<action> event with that answer serialized, as PHP logs it. */
action_result user_create_reply(api_call *c, int64_t id);

#endif
