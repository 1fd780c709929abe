/*
 * auth.c - API key validation and the course/session context
 * (10-request-flow.md §4, §4.2), in one round trip.
 *
 * Differences from Rest::validate (docs/compat.md):
 *   - a user without a MsgREST key is refused; PHP creates a predictable key
 *     during validation, which let anyone who knows a user id log in;
 *   - keys are compared exactly and in constant time (PHP: loose !=);
 *   - disabled (active = 0) and expired accounts are refused;
 *   - with multiple_access_urls on, a user who is not a platform admin must
 *     belong to the current URL (access_url_rel_user), as Chamilo's web
 *     login requires (README "Decisions"); PHP never checks it.
 * Legitimate clients notice none of this: their key exists (authenticate
 * created it) and is compared to itself.
 */
#include <stdlib.h>
#include <string.h>

#include "api/flow.h"
#include "crypto/password.h"

/* $1 username, $2 course id, $3 session id, $4 the current URL when its
 * membership counts (0: single-URL, everyone belongs). The course and
 * session columns come back NULL when the parameter is 0 or names nothing. */
DB_STATEMENT(SQL_VALIDATE_KEY, "auth.validate_key", 4,
    "SELECT u.id, u.username, u.status, u.active,"
    "       u.expiration_date IS NOT NULL AND u.expiration_date <= LOCALTIMESTAMP AS expired,"
    "       (SELECT k.api_key FROM user_api_key k"
    "         WHERE k.user_id = u.id AND k.api_service = 'MsgREST' ORDER BY k.id LIMIT 1),"
    "       EXISTS (SELECT 1 FROM admin a WHERE a.user_id = u.id) AS is_admin,"
    "       c.id, c.code, c.directory, c.title, s.id,"
    "       $4::int = 0 OR EXISTS (SELECT 1 FROM access_url_rel_user m"
    "                               WHERE m.user_id = u.id AND m.access_url_id = $4::int)"
    "  FROM \"user\" u"
    "  LEFT JOIN course c ON c.id = $2::bigint"
    "  LEFT JOIN session s ON s.id = $3::bigint"
    " WHERE lower(u.username) = lower($1)");

enum {
    COL_ID, COL_USERNAME, COL_STATUS, COL_ACTIVE, COL_EXPIRED, COL_API_KEY, COL_IS_ADMIN,
    COL_COURSE_ID, COL_COURSE_CODE, COL_COURSE_DIRECTORY, COL_COURSE_TITLE, COL_SESSION_ID,
    COL_URL_MEMBER,
};

static void release_result(void *r)
{
    PQclear(r);
}

/* The key check and the action's prefetched statement in one round trip
 * (call.h, ACTION_PREFETCH). Returns the key check's result, tied to the
 * arena like call_sql's; the other waits in c->prefetch.result. NULL on
 * failure, recorded. */
static PGresult *validate_with_prefetch(api_call *c, const char *course, const char *session,
                                       const char *url)
{
    const char *const key_values[] = {c->username, course, session, url};
    db_stmt *const stmts[] = {&SQL_VALIDATE_KEY, c->prefetch.stmt};
    const char *const *const values[] = {key_values, c->prefetch.values};
    const int counts[] = {4, c->prefetch.count};
    PGresult *results[2];
    if (!db_exec_pipeline(c->db, 2, stmts, values, counts, results))
        return call_fail_db(c), NULL;
    for (int i = 0; i < 2; i++)
        if (arena_on_reset(c->arena, release_result, results[i]) != 0)
            return call_fail_oom(c), NULL;
    c->prefetch.result = results[1];
    return results[0];
}

bool auth_validate_key(api_call *c)
{
    if (!*c->username)
        return call_fail(c, MSG_InvalidApiKey), false;

    const char *course = call_itoa(c, c->course_param);
    const char *session = call_itoa(c, c->session_param);
    const char *url = c->cfg->multiple_access_urls ? c->url_id_text : "0";
    if (!course || !session)
        return call_fail_oom(c), false;
    PGresult *r = c->prefetch.stmt
                      ? validate_with_prefetch(c, course, session, url)
                      : call_sql(c, &SQL_VALIDATE_KEY, c->username, course, session, url);
    if (!r)
        return false;
    if (PQntuples(r) != 1)
        return call_fail(c, MSG_InvalidApiKey), false;

    const char *stored = sql_value(r, 0, COL_API_KEY);
    bool active = strcmp(PQgetvalue(r, 0, COL_ACTIVE), "1") == 0;
    bool expired = strcmp(PQgetvalue(r, 0, COL_EXPIRED), "t") == 0;
    bool is_admin = strcmp(PQgetvalue(r, 0, COL_IS_ADMIN), "t") == 0;
    bool member = is_admin || strcmp(PQgetvalue(r, 0, COL_URL_MEMBER), "t") == 0;
    if (!stored || !active || expired || !member ||
        !secure_equals(stored, strlen(stored), c->api_key, strlen(c->api_key)))
        return call_fail(c, MSG_InvalidApiKey), false;

    api_user *u = arena_calloc(c->arena, 1, sizeof *u);
    if (!u)
        return call_fail_oom(c), false;
    u->id_text = PQgetvalue(r, 0, COL_ID);
    u->id = strtoll(u->id_text, NULL, 10);
    u->username = PQgetvalue(r, 0, COL_USERNAME);
    u->status = (int)strtol(PQgetvalue(r, 0, COL_STATUS), NULL, 10);
    u->is_admin = is_admin;
    u->api_key = stored;
    c->user = u;

    if (!PQgetisnull(r, 0, COL_COURSE_ID)) {
        c->course.id_text = PQgetvalue(r, 0, COL_COURSE_ID);
        c->course.id = strtoll(c->course.id_text, NULL, 10);
        c->course.code = PQgetvalue(r, 0, COL_COURSE_CODE);
        c->course.directory = sql_value(r, 0, COL_COURSE_DIRECTORY);
        c->course.title = sql_value(r, 0, COL_COURSE_TITLE);
    }
    if (!PQgetisnull(r, 0, COL_SESSION_ID)) {
        c->session_id_text = PQgetvalue(r, 0, COL_SESSION_ID);
        c->session_id = strtoll(c->session_id_text, NULL, 10);
    }
    return true;
}
