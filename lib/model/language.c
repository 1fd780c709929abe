/*
 * language.c - see language.h.
 */
#include "model/language.h"

DB_STATEMENT(SQL_LANGUAGE_AVAILABLE, "language.available", 1,
    "SELECT EXISTS (SELECT 1 FROM language WHERE dokeos_folder = $1::text AND available = 1)");

bool language_available(api_call *c, const char *folder, bool *available)
{
    PGresult *r = call_sql(c, &SQL_LANGUAGE_AVAILABLE, folder);
    if (!r)
        return false;
    *available = PQgetvalue(r, 0, 0)[0] == 't';
    return true;
}
