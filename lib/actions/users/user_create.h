/*
 * user_create.h - Rest::addUser, shared by save_user and
 * save_user_get_apikey (and later save_user_json), 20-users-messages.md §5.3.
 *
 * Reads the user fields from a PHP array (the POST bag, or a decoded JSON
 * object), checks them, and writes the user, its campus membership and its
 * extra values. Runs inside the action's transaction: a failure leaves
 * nothing behind.
 */
#ifndef CHAMILO_ACTIONS_USERS_USER_CREATE_H
#define CHAMILO_ACTIONS_USERS_USER_CREATE_H

#include "api/call.h"

/* Returns the new user's id (> 0), or 0 on failure with the error recorded
 * ("This login is not available", "User not registered.", or a database
 * error). */
int64_t user_create_from_fields(api_call *c, const php_array *fields);

#endif
