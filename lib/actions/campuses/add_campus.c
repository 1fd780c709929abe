/*
 * add_campus - creates a campus, an access URL (40-sessions-campuses.md
 * §13.1). Administrators only (docs/compat.md: PHP lets any key do it);
 * one transaction.
 *
 * POST url (a '/' appended when missing), description, active. A campus
 * whose URL is the same (compared as the campus lookup compares Hosts,
 * case-insensitively, slash appended) answers {"status":false,
 * "id_campus":0}; else {"status":true,"id_campus":"<new id>"} (a string,
 * as PDO's last insert id). The new campus is served at once: a request
 * whose Host matches its URL resolves to it (lib/api/campus.c).
 */
#include "actions/campuses/campus_form.h"
#include "api/action.h"

ACTION_ABOUT(add_campus, "Create a campus (access URL)", "40-sessions-campuses.md §13.1",
    "Creates a campus for `url` (a '/' appended when missing) with `description` and `active`, "
    "served at once, and answers its id; a URL already used answers status false.");

enum { ARG_URL, ARG_DESCRIPTION, ARG_ACTIVE };
ACTION_PARAMS(add_campus, CAMPUS_FORM_PARAMS);

/* Two calls for the same URL are serialized by the advisory lock (held to
 * the end of the transaction): one inserts, the other sees its row. No row
 * returned: the URL is taken. */
DB_STATEMENT(SQL_INSERT_CAMPUS, "add_campus.insert", 4,
    "WITH lock AS (SELECT pg_advisory_xact_lock(hashtext('access_url:' || lower($1))))"
    " INSERT INTO access_url (url, description, active, created_by, tms)"
    " SELECT $1, $2, $3::int, $4::int, date_trunc('second', now() AT TIME ZONE 'UTC') FROM lock"
    "  WHERE NOT EXISTS (SELECT 1 FROM access_url WHERE lower(url) = lower($1))"
    " RETURNING id");

ACTION_ANSWER(add_campus,
              A_OBJECT(A_KEY("status", A_BOOL),
                       A_KEY("id_campus", A_NOTE("the new id as a string; 0 when refused",
                                                 A_ONE_OF(A_TEXT, A_INT)))));

action_result action_add_campus(api_call *c)
{
    const char *url = campus_url_with_slash(c, c->args[ARG_URL].s);
    if (!url)
        return ACTION_FAILED;
    const char *description = c->args[ARG_DESCRIPTION].s ? c->args[ARG_DESCRIPTION].s : "";
    PGresult *r = call_sql(c, &SQL_INSERT_CAMPUS, url, description,
                           call_itoa(c, c->args[ARG_ACTIVE].i), c->user->id_text);
    if (!r)
        return ACTION_FAILED;
    bool created = PQntuples(r) == 1;
    call_event(c, "campus_id", created ? PQgetvalue(r, 0, 0) : "0", -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, created));
    reply_set(c, data, "id_campus", created ? reply_str(c, PQgetvalue(r, 0, 0)) : reply_int(c, 0));
    return call_ok(c, data);
}
