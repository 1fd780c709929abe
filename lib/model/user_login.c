#include "model/user_login.h"

static db_stmt SQL_LOGIN_EXISTS = DB_STMT(
    "user_login.exists",
    "SELECT EXISTS (SELECT 1 FROM \"user\" WHERE lower(username) = lower($1))", 1);

bool user_login_exists(api_call *c, const char *login, bool *exists)
{
    PGresult *r = call_sql(c, &SQL_LOGIN_EXISTS, (const char *[]){login});
    if (!r)
        return false;
    *exists = PQgetvalue(r, 0, 0)[0] == 't';
    return true;
}
