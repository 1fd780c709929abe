/*
 * user_login.h - login names (user.username), compared case-insensitively
 * as MySQL's collation does in Chamilo.
 */
#ifndef CHAMILO_MODEL_USER_LOGIN_H
#define CHAMILO_MODEL_USER_LOGIN_H

#include "api/action.h"

/* Sets *exists to whether a user has this login name. Returns false on a
 * database error (recorded in the call). */
bool user_login_exists(api_call *c, const char *login, bool *exists);

/* The statement user_login_exists runs, with the login as its one value:
 * for an action that prefetches it (ACTION_PREFETCH), so that the lookup
 * goes with the key check; user_login_exists_in reads its result. */
db_stmt *user_login_exists_statement(void);
bool user_login_exists_in(const PGresult *r);

#endif
