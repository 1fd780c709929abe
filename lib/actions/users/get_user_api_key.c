/*
 * get_user_api_key - one user's MsgREST key, for administrators
 * (20-users-messages.md §5.11). Gate ADMIN_KEYS: only when the setting
 * webservice_enable_adminonly_api is on, and only for platform admins.
 *
 * Query-bag (GET or `hash`) parameters: `user`, the login name (trimmed,
 * compared case-insensitively; empty or "0" -> `No data available`), and
 * `force` (FILTER_VALIDATE_BOOLEAN): create a key when the user has none.
 * Answers {"id": int, "username": as stored, "api_key": the first MsgREST
 * key, or null}. One transaction, because `force` may write.
 */
#include <string.h>

#include "api/action.h"
#include "model/api_key.h"

ACTION_ABOUT(get_user_api_key, "One user's API key", "20-users-messages.md §5.11",
    "Answers the id, login name and API key of the user `user` (a login name); `force` creates a "
    "key when the user has none.");

/* `user` is looked up only: a value the database cannot hold matches
 * nobody. An array would be cast to "Array" by PHP: refused. */
enum { ARG_USER, ARG_FORCE };
ACTION_PARAMS(get_user_api_key,
    [ARG_USER] = {"user", FROM_QUERY_BAG, PK_STRING, P_SCALAR | P_TRIM | P_LOOKUP},
    [ARG_FORCE] = {"force", FROM_QUERY_BAG, PK_FILTER_BOOL});

DB_STATEMENT(SQL_USER_BY_NAME, "get_user_api_key.user", 1,
    "SELECT id, username FROM \"user\" WHERE lower(username) = lower($1) ORDER BY id LIMIT 1");

ACTION_ANSWER(get_user_api_key, A_OBJECT(A_KEY("id", A_INT), A_KEY("username", A_TEXT),
                                         A_KEY("api_key", A_NULLABLE(A_TEXT))));

action_result action_get_user_api_key(api_call *c)
{
    const api_arg *user = &c->args[ARG_USER];
    const php_value *raw = user->raw;
    /* PHP empty() of the value as sent: "" and "0" (before trimming). */
    if (!raw || raw->len == 0 || (raw->len == 1 && raw->str[0] == '0'))
        return call_fail(c, MSG_NoData);
    /* Logged as sent; a value the database cannot hold is logged as "". */
    call_event(c, "username", param_string_acceptable(raw->str, raw->len, 0) ? raw->str : "", -1);

    if (!user->present)
        return call_fail(c, MSG_UserNotFound);
    PGresult *r = call_sql(c, &SQL_USER_BY_NAME, user->s);
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) == 0)
        return call_fail(c, MSG_UserNotFound);
    const char *user_id = PQgetvalue(r, 0, 0);

    const char *key;
    if (c->args[ARG_FORCE].i) {
        bool created;
        key = api_key_current_or_create(c, user_id, &created);
        if (!key)
            return ACTION_FAILED;
    } else if (!api_key_current(c, user_id, &key)) {
        return ACTION_FAILED;
    }

    struct json_object *data = reply_object(c);
    reply_set(c, data, "id", reply_value(c, FK_INT, user_id));
    reply_set(c, data, "username", reply_str(c, PQgetvalue(r, 0, 1)));
    reply_set(c, data, "api_key", reply_str(c, key));
    return call_ok(c, data);
}
