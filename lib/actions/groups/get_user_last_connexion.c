/*
 * get_user_last_connexion - the date of a user's last login
 * (25-groups-audit.md §5.2) [1.11.32]. Any valid key, as in PHP.
 *
 * REQUEST user: a login name, trimmed, compared case-insensitively.
 * PHP-empty answers "No data available"; an unknown user "User not
 * found." (the event is written in both cases but the first). Answers
 * {"id": int, "username": the stored login, "last_connexion_date"}: the
 * login_date of the user's newest track_e_login row in the caller's time
 * zone (call_timezone: the caller's, not the user's), as English
 * dateFormatShort ("Mar 05, 2025", no time of day), or false without one.
 *
 * The rows read are the bookkeeping's, written behind the answers within
 * bookkeeping_flush_ms (docs/compat.md): a login made by a call that has
 * just been answered may not be counted yet.
 */
#include "actions/groups/connexion_lookup.h"
#include "core/chamilo_date.h"
#include "model/user_lookup.h"

ACTION_ABOUT(get_user_last_connexion, "The date of a user's last login", "25-groups-audit.md §5.2",
    "Answers the id, login name and date of the last login of the user `user` (a login name), or "
    "false when they never logged in.");

enum { ARG_USER };
ACTION_PARAMS(get_user_last_connexion, [ARG_USER] = CONNEXION_USER_PARAM);

DB_STATEMENT(SQL_LAST_CONNEXION, "get_user_last_connexion.user", 1,
    "SELECT u.id, u.username,"
    "       (SELECT l.login_date FROM track_e_login l"
    "         WHERE l.login_user_id = u.id ORDER BY l.login_date DESC LIMIT 1) AS last_login"
    "  FROM \"user\" u WHERE " USER_LOOKUP_WHERE);
ACTION_PREFETCH(get_user_last_connexion, SQL_LAST_CONNEXION,
                user_lookup_login(c, &c->args[ARG_USER]));

ACTION_ANSWER(get_user_last_connexion,
              A_OBJECT(A_KEY("id", A_INT), A_KEY("username", A_STRING),
                       A_KEY("last_connexion_date",
                             A_NOTE("false: never", A_ONE_OF(A_TEXT, A_BOOL)))));

action_result action_get_user_last_connexion(api_call *c)
{
    const PGresult *r = connexion_lookup_user(c, &c->args[ARG_USER]);
    if (!r)
        return ACTION_FAILED;
    const char *last = sql_value(r, 0, 2);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "id", reply_value(c, FK_INT, sql_value(r, 0, 0)));
    reply_set(c, data, "username", reply_str(c, sql_value(r, 0, 1)));
    reply_set(c, data, "last_connexion_date",
              last ? reply_str(c, chamilo_date_short(c->arena, call_timezone(c), last))
                   : reply_bool(c, false));
    return call_ok(c, data);
}
