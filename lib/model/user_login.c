#include "model/user_login.h"

DB_STATEMENT(SQL_LOGIN_EXISTS, "user_login.exists", 1,
    "SELECT EXISTS (SELECT 1 FROM \"user\" WHERE lower(username) = lower($1))");

db_stmt *user_login_exists_statement(void)
{
    return &SQL_LOGIN_EXISTS;
}

bool user_login_exists(api_call *c, const char *login, bool *exists)
{
    PGresult *r = call_sql(c, &SQL_LOGIN_EXISTS, login);
    if (!r)
        return false;
    *exists = user_login_exists_in(r);
    return true;
}

bool user_login_exists_in(const PGresult *r)
{
    return PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
}
