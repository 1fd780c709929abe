/*
 * user_lookup.h - a user named by a login name a client typed: the value
 * trimmed as PHP's trim() does, then compared with user.username
 * case-insensitively (the MySQL collation Chamilo relies on).
 */
#ifndef CHAMILO_MODEL_USER_LOOKUP_H
#define CHAMILO_MODEL_USER_LOOKUP_H

#include "api/action.h"

/* The login name as looked up: the argument trimmed, "" when it is absent,
 * not a string or blank. The text is the call's (its arena). NULL only on
 * OOM, recorded in the call. */
const char *user_lookup_login(api_call *c, const api_arg *arg);

/* The SQL condition that finds the user named by $1 (a value from
 * user_lookup_login) in "user" u, served by the unique index on
 * lower(username). */
#define USER_LOOKUP_WHERE "lower(u.username) = lower($1)"

#endif
