/*
 * get_user_info_from_username - a user's id, names, e-mail and active flag
 * by login name (25-groups-audit.md §5.1) [1.11.32].
 *
 * POST loginname, trimmed and compared case-insensitively. PHP-empty
 * (absent, "", "0") answers "No data available". Answers
 * {"id", "firstname", "lastname", "email", "username", "active"}: id is the
 * number PHP casts from the legacy column user.user_id (0 when NULL);
 * firstname and lastname are both null when either is; active is an
 * integer column (1 under PHP 8, "1" under 7.4). An unknown login name
 * answers the same object with every value null, as PHP does.
 *
 * Deviation (docs/compat.md): a valid key is required (gate KEY); PHP
 * answers anybody, which lets anonymous callers harvest e-mail addresses.
 * Event after the answer is built: access_ws_get_user_info_from_username,
 * username = the loginname as sent.
 */
#include "api/action.h"
#include "model/user_lookup.h"

ACTION_ABOUT(get_user_info_from_username,
    "A user's id, names, e-mail and active flag by login name",
    "25-groups-audit.md §5.1",
    "Answers the id, names, e-mail, login name and active flag of the user whose login name is "
    "`loginname`; an unknown login name answers every value null.");

enum { ARG_LOGINNAME };
ACTION_PARAMS(get_user_info_from_username,
    [ARG_LOGINNAME] = {"loginname", FROM_POST, PK_STRING, P_LOOKUP});

DB_STATEMENT(SQL_USER_INFO, "get_user_info_from_username.user", 1,
    "SELECT COALESCE(u.user_id, 0) AS id,"
    "       CASE WHEN u.lastname IS NULL THEN NULL ELSE u.firstname END AS firstname,"
    "       CASE WHEN u.firstname IS NULL THEN NULL ELSE u.lastname END AS lastname,"
    "       u.email, u.username, u.active"
    "  FROM \"user\" u WHERE " USER_LOOKUP_WHERE);
ACTION_PREFETCH(get_user_info_from_username, SQL_USER_INFO,
                user_lookup_login(c, &c->args[ARG_LOGINNAME]));

static const json_field USER_INFO[] = {
    {"id", "id", FK_INT},
    {"firstname", "firstname", FK_STRING},
    {"lastname", "lastname", FK_STRING},
    {"email", "email", FK_STRING},
    {"username", "username", FK_STRING},
    {"active", "active", FK_COLUMN_INT},
};

ACTION_ANSWER(get_user_info_from_username,
              A_ONE_OF(A_ROW(USER_INFO), A_NOTE("an unknown login name", A_ROW_NULLS(USER_INFO))));

action_result action_get_user_info_from_username(api_call *c)
{
    const api_arg *loginname = &c->args[ARG_LOGINNAME];
    if (!loginname->present || (loginname->len == 1 && loginname->s[0] == '0'))
        return call_fail(c, MSG_NoData);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    struct json_object *data;
    if (rows.count > 0) {
        data = reply_row(c, r, 0, FIELDS(USER_INFO));
    } else {
        data = reply_object(c);
        for (size_t i = 0; i < sizeof USER_INFO / sizeof USER_INFO[0]; i++)
            reply_set(c, data, USER_INFO[i].key, reply_str(c, NULL));
    }
    call_event(c, "username", loginname->s, -1);
    return call_ok(c, data);
}
