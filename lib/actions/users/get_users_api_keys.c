/*
 * get_users_api_keys - a page of users with their MsgREST keys, for
 * administrators (20-users-messages.md §5.10). Gate ADMIN_KEYS: only when
 * the setting webservice_enable_adminonly_api is on, and only for platform
 * admins. One transaction, because `force` may create keys.
 *
 * Query-bag (GET or `hash`) parameters, cast as Symfony's getInt does:
 * `page` (default 1), `per_page` (default 30), `url_id` (0 = the current
 * campus), and `force` (FILTER_VALIDATE_BOOLEAN): give a key to each listed
 * user who has none.
 *
 * Users are those of the campus (access_url_rel_user) when
 * multiple_access_urls is on, else all users, any status, active or not, by
 * id. Answer:
 *   {"total": users of the campus, "list": [{"id", "username", "api_key"
 *    (null when none)}...], "length": items in list,
 *    "next": present when page * per_page < total}
 * `next` is PHP's: the script path, "?", then course, session, api_key,
 * username, page + 1, per_page and url_id (the ones that are set), without
 * `action` or `force` (a PHP bug clients live with).
 *
 * PHP sends a negative OFFSET or LIMIT to MySQL for page < 1 or per_page < 0
 * and dies with an SQL error; those values are refused here with the
 * bad-parameter message, as is a page far enough to overflow the offset.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "core/strbuf.h"
#include "core/urlencode.h"
#include "model/api_key.h"

ACTION_ABOUT(get_users_api_keys, "A page of users with their API keys",
    "20-users-messages.md §5.10",
    "Lists a page (`page`, `per_page`) of the users of the campus `url_id` with their API keys; "
    "`force` gives a key to each listed user who has none.");

enum { ARG_PAGE, ARG_PER_PAGE, ARG_FORCE, ARG_URL_ID };
ACTION_PARAMS(get_users_api_keys,
    [ARG_PAGE] = {"page", FROM_QUERY_BAG, PK_INT, P_SCALAR | P_INT64},
    [ARG_PER_PAGE] = {"per_page", FROM_QUERY_BAG, PK_INT, P_SCALAR | P_INT64},
    [ARG_FORCE] = {"force", FROM_QUERY_BAG, PK_FILTER_BOOL},
    [ARG_URL_ID] = {"url_id", FROM_QUERY_BAG, PK_INT, P_SCALAR});

/* $1 filter by campus?, $2 the campus. */
DB_STATEMENT(SQL_COUNT, "get_users_api_keys.count", 2,
    "SELECT count(*) FROM \"user\" u"
    " WHERE NOT $1::bool OR EXISTS (SELECT 1 FROM access_url_rel_user a"
    "                               WHERE a.user_id = u.id AND a.access_url_id = $2::int)");

/* $1, $2 as above, $3 offset, $4 limit. The key is the user's first
 * MsgREST row, as everywhere. */
DB_STATEMENT(SQL_PAGE, "get_users_api_keys.page", 4,
    "SELECT u.id, u.username, k.api_key FROM \"user\" u"
    " LEFT JOIN LATERAL (SELECT api_key FROM user_api_key"
    "                     WHERE user_id = u.id AND api_service = 'MsgREST'"
    "                     ORDER BY id LIMIT 1) k ON true"
    " WHERE NOT $1::bool OR EXISTS (SELECT 1 FROM access_url_rel_user a"
    "                               WHERE a.user_id = u.id AND a.access_url_id = $2::int)"
    " ORDER BY u.id OFFSET $3::bigint LIMIT $4::bigint");

/* api_get_self(): the script path as PHP_SELF holds it (repeated slashes
 * merged, as nginx does for SCRIPT_NAME), through htmlentities(). NULL on
 * OOM. */
static const char *script_path(api_call *c)
{
    const char *uri = c->http->request_uri ? c->http->request_uri : "";
    size_t len = strcspn(uri, "?#");
    strbuf sb;
    sb_init(&sb, c->arena, len + 16);
    for (size_t i = 0; i < len; i++) {
        char ch = uri[i];
        if (ch == '/' && i > 0 && uri[i - 1] == '/')
            continue;
        switch (ch) {
        case '&': sb_puts(&sb, "&amp;"); break;
        case '<': sb_puts(&sb, "&lt;"); break;
        case '>': sb_puts(&sb, "&gt;"); break;
        case '"': sb_puts(&sb, "&quot;"); break;
        case '\'': sb_puts(&sb, "&#039;"); break;
        default: sb_putc(&sb, ch);
        }
    }
    return sb_failed(&sb) ? NULL : sb.data;
}

/* Rest::generateUrl for the next page. NULL on OOM. */
static const char *next_page_url(api_call *c, int64_t page, int64_t per_page, int64_t url_id)
{
    const char *path = script_path(c);
    const char *next = call_itoa(c, page + 1);
    const char *size = call_itoa(c, per_page);
    const char *campus = url_id ? call_itoa(c, url_id) : NULL;
    if (!path || !next || !size || (url_id && !campus))
        return NULL;
    strbuf sb;
    sb_init(&sb, c->arena, 160);
    sb_puts(&sb, path);
    sb_putc(&sb, '?');
    http_build_query_append(&sb, (const char *const[]){
        "course", c->course.id ? c->course.id_text : NULL,
        "session", c->session_id ? c->session_id_text : NULL,
        "api_key", c->user->api_key,
        "username", c->user->username,
        "page", next,
        "per_page", size,
        "url_id", campus,
        NULL});
    return sb_failed(&sb) ? NULL : sb.data;
}

ACTION_ANSWER(get_users_api_keys,
              A_OBJECT(A_KEY("total", A_INT),
                       A_KEY("list", A_LIST(A_OBJECT(A_KEY("id", A_INT), A_KEY("username", A_TEXT),
                                                     A_KEY("api_key", A_NULLABLE(A_TEXT))))),
                       A_KEY("length", A_INT), A_KEY_OPT("next", A_TEXT)));

action_result action_get_users_api_keys(api_call *c)
{
    call_event(c, "username", c->username, -1);
    const api_arg *args = c->args;
    int64_t page = args[ARG_PAGE].raw ? args[ARG_PAGE].i : 1;
    int64_t per_page = args[ARG_PER_PAGE].raw ? args[ARG_PER_PAGE].i : 30;
    int64_t url_id = args[ARG_URL_ID].i;
    bool force = args[ARG_FORCE].i != 0;

    int64_t offset;
    if (page < 1 || __builtin_mul_overflow(page - 1, per_page, &offset))
        return call_fail_with(c, MSG_BadParameter, "page");
    if (per_page < 0)
        return call_fail_with(c, MSG_BadParameter, "per_page");

    const char *by_campus = c->cfg->multiple_access_urls ? "true" : "false";
    const char *campus = url_id ? call_itoa(c, url_id) : c->url_id_text;
    PGresult *count = call_sql(c, &SQL_COUNT, by_campus, campus);
    if (!count)
        return ACTION_FAILED;
    int64_t total = strtoll(PQgetvalue(count, 0, 0), NULL, 10);
    PGresult *r = call_sql(c, &SQL_PAGE, by_campus, campus, call_itoa(c, offset),
                           call_itoa(c, per_page));
    if (!r)
        return ACTION_FAILED;

    struct json_object *list = reply_array(c);
    for (int row = 0; row < PQntuples(r); row++) {
        const char *user_id = PQgetvalue(r, row, 0);
        const char *key = sql_value(r, row, 2);
        if (!key && force) {
            bool created;
            key = api_key_current_or_create(c, user_id, &created);
            if (!key)
                return ACTION_FAILED;
        }
        struct json_object *item = reply_object(c);
        reply_set(c, item, "id", reply_value(c, FK_INT, user_id));
        reply_set(c, item, "username", reply_str(c, PQgetvalue(r, row, 1)));
        reply_set(c, item, "api_key", reply_str(c, key));
        reply_push(c, list, item);
    }

    struct json_object *data = reply_object(c);
    reply_set(c, data, "total", reply_int(c, total));
    reply_set(c, data, "list", list);
    reply_set(c, data, "length", reply_int(c, PQntuples(r)));
    int64_t shown;
    if (!__builtin_mul_overflow(page, per_page, &shown) && shown < total) {
        const char *next = next_page_url(c, page, per_page, url_id);
        if (!next)
            return call_fail_oom(c);
        reply_set(c, data, "next", reply_str(c, next));
    }
    return call_ok(c, data);
}
