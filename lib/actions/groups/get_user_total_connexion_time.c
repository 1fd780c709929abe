/*
 * get_user_total_connexion_time - the time a user has spent on the
 * platform, ever (25-groups-audit.md §5.3) [1.11.32]. Any valid key, as
 * in PHP.
 *
 * REQUEST user, its checks and event as get_user_last_connexion's.
 * Answers {"id": int, "username", "total_connexion_time": "HH:MM:SS"}: the
 * sum over the user's track_e_login rows of logout_date - login_date in
 * whole seconds (rows without a logout count nothing), hours with as many
 * digits as needed ("100:00:00"). With multiple_access_urls on, only a
 * user of the current campus has a sum (others: "00:00:00"). A negative
 * sum (clock trouble in the data) answers Chamilo's marker: "Unknown" and
 * its information icon.
 *
 * The rows read are the bookkeeping's, written behind the answers within
 * bookkeeping_flush_ms (docs/compat.md).
 */
#include <inttypes.h>
#include <stdlib.h>

#include "actions/groups/connexion_lookup.h"
#include "model/html.h"
#include "model/user_lookup.h"

ACTION_ABOUT(get_user_total_connexion_time, "The time a user has spent on the platform",
    "25-groups-audit.md §5.3",
    "Answers the id, login name and total time (\"HH:MM:SS\") the user `user` (a login name) has "
    "been logged in, over all their logins.");

enum { ARG_USER };
ACTION_PARAMS(get_user_total_connexion_time, [ARG_USER] = CONNEXION_USER_PARAM);

/* $2: the campus whose members have a sum, 0 = every user. */
DB_STATEMENT(SQL_TOTAL_TIME, "get_user_total_connexion_time.user", 2,
    "SELECT u.id, u.username,"
    "       CASE WHEN $2::int = 0 OR EXISTS (SELECT 1 FROM access_url_rel_user m"
    "                 WHERE m.user_id = u.id AND m.access_url_id = $2::int)"
    "       THEN (SELECT COALESCE(sum(EXTRACT(EPOCH FROM l.logout_date - l.login_date)), 0)::bigint"
    "               FROM track_e_login l"
    "              WHERE l.login_user_id = u.id AND l.logout_date IS NOT NULL)"
    "       ELSE 0 END AS seconds"
    "  FROM \"user\" u WHERE " USER_LOOKUP_WHERE);

static const char *campus_filter(const api_call *c)
{
    return c->cfg->multiple_access_urls ? c->url_id_text : "0";
}

ACTION_PREFETCH(get_user_total_connexion_time, SQL_TOTAL_TIME,
                user_lookup_login(c, &c->args[ARG_USER]), campus_filter(c));

/* Chamilo's "wrong data" marker (api_time_to_hms of a negative time):
 * "Unknown" and the information icon titled with
 * WrongDatasForTimeSpentOnThePlatform, HTML-escaped, both in the call's
 * language. NULL on OOM. */
static const char *unknown_time(api_call *c)
{
    const char *why = call_text(c, MSG_WrongDatasForTimeSpentOnThePlatform);
    strbuf sb;
    sb_init(&sb, c->arena, 256);
    sb_puts(&sb, call_text(c, MSG_Unknown));
    sb_puts(&sb, "<img align=\"absmiddle\" hspace=\"3px\" src=\"");
    sb_puts(&sb, c->web_root);
    sb_puts(&sb, "main/img/info2.gif\" alt=\"");
    html_escape_append(&sb, why);
    sb_puts(&sb, "\" title=\"");
    html_escape_append(&sb, why);
    sb_puts(&sb, "\"  />");
    return sb_failed(&sb) ? NULL : sb.data;
}

ACTION_ANSWER(get_user_total_connexion_time,
              A_OBJECT(A_KEY("id", A_INT), A_KEY("username", A_STRING),
                       A_KEY("total_connexion_time", A_STRING)));

action_result action_get_user_total_connexion_time(api_call *c)
{
    const PGresult *r = connexion_lookup_user(c, &c->args[ARG_USER]);
    if (!r)
        return ACTION_FAILED;
    long long seconds = strtoll(PQgetvalue(r, 0, 2), NULL, 10);
    const char *total = seconds < 0
        ? unknown_time(c)
        : arena_printf(c->arena, "%02lld:%02lld:%02lld", seconds / 3600, seconds % 3600 / 60,
                       seconds % 60);
    if (!total)
        return call_fail_oom(c);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "id", reply_value(c, FK_INT, sql_value(r, 0, 0)));
    reply_set(c, data, "username", reply_str(c, sql_value(r, 0, 1)));
    reply_set(c, data, "total_connexion_time", reply_str(c, total));
    return call_ok(c, data);
}
