/*
 * connexion_lookup.h - what get_user_last_connexion and
 * get_user_total_connexion_time share (25-groups-audit.md §5.2, §5.3): the
 * REQUEST parameter `user`, its checks and event, in PHP's order.
 */
#ifndef CHAMILO_ACTIONS_GROUPS_CONNEXION_LOOKUP_H
#define CHAMILO_ACTIONS_GROUPS_CONNEXION_LOOKUP_H

#include "api/action.h"

/* The declaration of `user`: REQUEST, a login name; an array is refused
 * (PHP looks up the user "Array"). */
#define CONNEXION_USER_PARAM {"user", FROM_REQUEST, PK_STRING, P_LOOKUP | P_SCALAR}

/* The login name to look up (user_lookup_login) once `user` has passed
 * PHP's checks: PHP-empty (absent, "", "0") answers "No data available";
 * otherwise the access_ws_ event (username = the value as sent) is recorded
 * before the look-up, as PHP writes it. NULL when the call has failed
 * (answer recorded). */
const char *connexion_lookup_login(api_call *c, const api_arg *user);

/* The user's row of the action's prefetched statement (one row per user
 * the login names): after connexion_lookup_login, the result with that
 * row first; NULL when the call has failed, or "User not found." when no
 * user has the login (answer recorded). */
const PGresult *connexion_lookup_user(api_call *c, const api_arg *user);

#endif
