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

#include "api/auth.h"

#include "api/call_state.h"
#include "api/campus.h"
#include "core/chamilo_date.h"
#include "crypto/password.h"
#include "db/live.h"

/* The key check alone: $1 username, $2 the current URL when its
 * membership counts (0: single-URL, everyone belongs). Its columns are
 * those every keyed statement starts with (call.h, DB_KEYED_STATEMENT). */
DB_STATEMENT(SQL_KEY_CHECK, "auth.key_check", KEY_CHECK_PARAMS,
    "SELECT " KEY_CHECK_COLUMNS " FROM \"user\" u WHERE " KEY_CHECK_CALLER);

/* The same with the course and session the call names: $3 course id, $4
 * session id; their columns come back NULL when they name nothing. With
 * them, the caller's relation to each, for the decision on entering them
 * (contract README, "Decisions on holes"): the course_rel_user status (the
 * lowest: 1 teacher before 5 student), a subscription through a session
 * that contains the course (as a learner or coach of the course, a member
 * of the session, or its general coach), coaching the course in the
 * session context (30-courses.md §1.3: a coach only with a session
 * context; coaching some session does not make one an editor of the base
 * course), and membership of the session context. Each is an index lookup on the caller's rows. */
DB_STATEMENT(SQL_KEY_CHECK_CONTEXT, "auth.key_check_context", KEY_CHECK_PARAMS + 2,
    "SELECT " KEY_CHECK_COLUMNS ", c.id, c.code, c.directory, c.title, s.id, c.visibility,"
    " (SELECT min(cu.status) FROM course_rel_user cu"
    "   WHERE cu.c_id = c.id AND cu.user_id = u.id) AS course_status,"
    " c.id IS NOT NULL AND ("
    "   EXISTS (SELECT 1 FROM session_rel_course_rel_user x"
    "            WHERE x.user_id = u.id AND x.c_id = c.id)"
    "   OR EXISTS (SELECT 1 FROM session_rel_user su"
    "               JOIN session_rel_course sc ON sc.session_id = su.session_id"
    "              WHERE su.user_id = u.id AND sc.c_id = c.id)"
    "   OR EXISTS (SELECT 1 FROM session gs"
    "               JOIN session_rel_course sc ON sc.session_id = gs.id"
    "              WHERE gs.id_coach = u.id AND sc.c_id = c.id)) AS in_session_course,"
    " c.id IS NOT NULL AND s.id IS NOT NULL AND ("
    "   EXISTS (SELECT 1 FROM session_rel_course_rel_user x"
    "            WHERE x.user_id = u.id AND x.c_id = c.id AND x.status = 2"
    "              AND x.session_id = s.id)"
    "   OR (s.id_coach = u.id AND EXISTS (SELECT 1 FROM session_rel_course sc"
    "                                      WHERE sc.session_id = s.id AND sc.c_id = c.id)))"
    " AS is_coach,"
    " s.id IS NOT NULL AND (s.id_coach = u.id"
    "   OR EXISTS (SELECT 1 FROM session_rel_user su"
    "               WHERE su.session_id = s.id AND su.user_id = u.id)"
    "   OR EXISTS (SELECT 1 FROM session_rel_course_rel_user x"
    "               WHERE x.session_id = s.id AND x.user_id = u.id)) AS session_member"
    "  FROM \"user\" u"
    "  LEFT JOIN course c ON c.id = $3::bigint"
    "  LEFT JOIN session s ON s.id = $4::bigint"
    " WHERE " KEY_CHECK_CALLER);

enum {
    COL_ID, COL_USERNAME, COL_STATUS, COL_ACTIVE, COL_EXPIRED, COL_API_KEY, COL_IS_ADMIN,
    COL_URL_MEMBER, COL_LANGUAGE, COL_TIMEZONE,
    COL_COURSE_ID = KEY_CHECK_COLUMN_COUNT, COL_COURSE_CODE, COL_COURSE_DIRECTORY,
    COL_COURSE_TITLE, COL_SESSION_ID, COL_COURSE_VISIBILITY, COL_COURSE_STATUS,
    COL_IN_SESSION_COURSE, COL_IS_COACH, COL_SESSION_MEMBER,
};

/* A course whose visibility lets every user of the platform in
 * (COURSE_VISIBILITY_OPEN_PLATFORM) or everybody (OPEN_WORLD). */
#define COURSE_VISIBILITY_OPEN_PLATFORM 2
_Static_assert(COL_TIMEZONE + 1 == KEY_CHECK_COLUMN_COUNT, "the key check's columns");

static void release_result(void *r)
{
    PQclear(r);
}

/* The statements of the key check's round trip. */
typedef struct key_trip {
    db_stmt *stmts[5];
    const char *const *values[5];
    int counts[5];
    int n;
    int key_check; /* the index of the statement that checks the key */
} key_trip;

static void trip_add(key_trip *t, db_stmt *stmt, const char *const *values, int count)
{
    t->stmts[t->n] = stmt;
    t->values[t->n] = values;
    t->counts[t->n] = count;
    t->n++;
}

/* Runs stmt with values (a key check statement's, or the action's keyed
 * statement with its own values, as call_sql takes them) in one round trip:
 * after the lookup of a guessed campus (the call's campus_check), and before the
 * action's prefetched statement when with_prefetch; in a live campus, after
 * the follower's lag (db/live.h), which refuses the call when the copy is
 * too old (API_ERROR_BEHIND, HTTP 503: nothing of the round trip is used,
 * the key not accepted). Returns stmt's result, tied to the arena
 * like call_sql's; the prefetched one waits in the call's plan. NULL on
 * failure, recorded, and when the guessed campus was wrong (*campus_changed:
 * nothing recorded, the results dropped). */
static PGresult *run_key_check(api_call *c, db_stmt *stmt, const char *const *values, int count,
                               bool with_prefetch, bool *campus_changed)
{
    call_state *s = call_state_of(c);
    *campus_changed = false;
    bool on_standby = db_is_standby(s->db);
    bool live = c->cfg->live_campus;
    if (!s->campus_check && !with_prefetch && !on_standby && !live)
        return call_run(c, stmt, values, count);
    key_trip t = {.n = 0};
    /* On a standby, its freshness first (db/route.h): the answers of this
     * round trip stand only when it has replayed every write this host
     * acknowledged, a key revoked or a user disabled included. */
    if (on_standby) {
        const char *const *floor;
        db_stmt *freshness = db_route_freshness(s->route, &floor);
        trip_add(&t, freshness, floor, 1);
    }
    int lag_at = t.n;
    if (live)
        trip_add(&t, db_live_lag_statement(), NULL, 0);
    int campus_at = t.n;
    if (s->campus_check)
        trip_add(&t, s->campus_check, s->campus_check_values, 3);
    /* In a pipeline, a keyed statement is sent with the key check's values
     * in front of its own (call_sql_values adds them otherwise). */
    const char *sent[CALL_MAX_VALUES];
    int sent_count = call_statement_values(c, stmt, values, count, sent);
    if (sent_count < 0)
        return call_fail_internal(c, "too many values for a keyed statement"), NULL;
    t.key_check = t.n;
    trip_add(&t, stmt, sent, sent_count);
    const char *prefetch_values[CALL_MAX_VALUES];
    if (with_prefetch) {
        int prefetch_count = call_statement_values(c, s->plan.stmt, s->plan.values,
                                                   s->plan.count, prefetch_values);
        if (prefetch_count < 0)
            return call_fail_internal(c, "too many prefetched values"), NULL;
        trip_add(&t, s->plan.stmt, prefetch_values, prefetch_count);
    }
    PGresult *results[5];
    bool ok = db_exec_pipeline(s->db, t.n, t.stmts, t.values, t.counts, results);
    for (int i = 0; i < t.n; i++)
        if (results[i] && arena_on_reset(c->arena, release_result, results[i]) != 0) {
            for (int j = i; j < t.n; j++)
                PQclear(results[j]);
            return call_fail_oom(c), NULL;
        }
    if (on_standby && (ok ? !db_route_fresh(s->route, results[0])
                          : db_route_standby_failed(s->route, s->db))) {
        /* The same round trip on the primary, without the freshness. */
        if (!call_use_primary(c))
            return NULL;
        return run_key_check(c, stmt, values, count, with_prefetch, campus_changed);
    }
    if (!ok)
        return call_fail_db(c), NULL;
    if (s->campus_check && !campus_guess_holds(c, results[campus_at])) {
        *campus_changed = true;
        return NULL;
    }
    if (live && !db_live_current(c->cfg, results[lag_at])) {
        s->answer.error = API_ERROR_BEHIND;
        return NULL;
    }
    if (with_prefetch)
        s->plan.result = results[t.n - 1];
    return results[t.key_check];
}

/* The key check's row: the action's keyed statement when it can carry it
 * (then it is the call's only statement), else a key check statement,
 * pipelined with the action's prefetched statement if it has one; a
 * guessed campus is confirmed in the same round trip. NULL on failure,
 * recorded, or when the guessed campus was wrong (*campus_changed). */
static PGresult *key_check_result(api_call *c, bool with_context, bool *campus_changed)
{
    call_plan *plan = &call_state_of(c)->plan;
    db_stmt *planned = plan->stmt;
    *campus_changed = false;
    if (planned && planned->carries_key_check && !with_context) {
        PGresult *r = run_key_check(c, planned, plan->values, plan->count, false, campus_changed);
        plan->result = r; /* the handler's call_prefetched gets it */
        if (!r || PQntuples(r) > 0)
            return r;
        /* No row: no such user, or the action's joins found nothing for
         * this one (DB_KEYED_STATEMENT's contract): the key check says. */
        return call_sql(c, &SQL_KEY_CHECK, c->username, call_key_check_url(c));
    }
    bool with_prefetch = planned != NULL;
    const char *url = call_key_check_url(c);
    if (!with_context)
        return run_key_check(c, &SQL_KEY_CHECK, (const char *const[]){c->username, url}, 2,
                             with_prefetch, campus_changed);
    const char *course = call_itoa(c, c->course_param);
    const char *session = call_itoa(c, c->session_param);
    if (!course || !session)
        return NULL;
    return run_key_check(c, &SQL_KEY_CHECK_CONTEXT,
                         (const char *const[]){c->username, url, course, session}, 4,
                         with_prefetch, campus_changed);
}

static auth_outcome validate_key(api_call *c);

/* In a live campus, MariaDB's half of the check is sent first, so that its
 * round trip overlaps the copy's (db/live_mariadb.h); validate_key reads
 * it where the copy accepted the key, and it is dropped on every other
 * way out. */
auth_outcome auth_validate_key(api_call *c)
{
    live_mariadb *live = call_state_of(c)->live;
    if (live && *c->username)
        live_mariadb_key_send(live, c->username);
    auth_outcome outcome = validate_key(c);
    if (live)
        live_mariadb_key_discard(live);
    return outcome;
}

static auth_outcome validate_key(api_call *c)
{
    if (!*c->username)
        return call_fail(c, MSG_InvalidApiKey), AUTH_REFUSED;

    bool with_context = c->course_param || c->session_param;
    bool campus_changed;
    PGresult *r = key_check_result(c, with_context, &campus_changed);
    if (campus_changed)
        return AUTH_CAMPUS_CHANGED;
    if (!r)
        return AUTH_REFUSED;
    /* One row per user (lower(username) is unique); a keyed statement
     * repeats the caller's on each of its rows: row 0 is the caller. */
    if (PQntuples(r) < 1)
        return call_fail(c, MSG_InvalidApiKey), AUTH_REFUSED;

    const char *stored = sql_value(r, 0, COL_API_KEY);
    bool active = strcmp(PQgetvalue(r, 0, COL_ACTIVE), "1") == 0;
    bool expired = strcmp(PQgetvalue(r, 0, COL_EXPIRED), "t") == 0;
    bool is_admin = strcmp(PQgetvalue(r, 0, COL_IS_ADMIN), "t") == 0;
    bool member = is_admin || strcmp(PQgetvalue(r, 0, COL_URL_MEMBER), "t") == 0;
    if (!stored || !active || expired || !member ||
        !secure_equals(stored, strlen(stored), c->api_key, strlen(c->api_key)))
        return call_fail(c, MSG_InvalidApiKey), AUTH_REFUSED;
    /* A live campus: the copy may be a moment behind MariaDB, where a key
     * is revoked or an account disabled; MariaDB has the last word. */
    live_mariadb *live = call_state_of(c)->live;
    if (live) {
        live_key_verdict verdict =
            live_mariadb_key_verdict(live, PQgetvalue(r, 0, COL_ID), c->api_key);
        if (verdict == LIVE_KEY_UNREACHABLE) {
            call_state_of(c)->answer.error = API_ERROR_UNAVAILABLE;
            return AUTH_REFUSED;
        }
        if (verdict == LIVE_KEY_REFUSED)
            return call_fail(c, MSG_InvalidApiKey), AUTH_REFUSED;
    }

    api_user *u = arena_calloc(c->arena, 1, sizeof *u);
    if (!u)
        return call_fail_oom(c), AUTH_REFUSED;
    u->id_text = PQgetvalue(r, 0, COL_ID);
    u->id = strtoll(u->id_text, NULL, 10);
    u->username = PQgetvalue(r, 0, COL_USERNAME);
    u->status = (int)strtol(PQgetvalue(r, 0, COL_STATUS), NULL, 10);
    u->is_admin = is_admin;
    u->api_key = stored;
    /* Read only where it counts; a value that names no zone is left out,
     * so the call keeps timezone_value (docs/compat.md). */
    const char *zone = sql_value(r, 0, COL_TIMEZONE);
    if (c->cfg->use_users_timezone && zone && *zone && chamilo_zone_exists(zone))
        u->timezone = zone;
    c->user = u;
    call_use_language(c, sql_value(r, 0, COL_LANGUAGE));

    if (!with_context)
        return AUTH_OK;
    bool allowed = true;
    if (!PQgetisnull(r, 0, COL_COURSE_ID)) {
        api_course *course = &c->course;
        course->id_text = PQgetvalue(r, 0, COL_COURSE_ID);
        course->id = strtoll(course->id_text, NULL, 10);
        course->code = PQgetvalue(r, 0, COL_COURSE_CODE);
        course->directory = sql_value(r, 0, COL_COURSE_DIRECTORY);
        course->title = sql_value(r, 0, COL_COURSE_TITLE);
        course->visibility = (int)strtol(PQgetvalue(r, 0, COL_COURSE_VISIBILITY), NULL, 10);
        const char *status = sql_value(r, 0, COL_COURSE_STATUS);
        course->is_subscribed =
            status || strcmp(PQgetvalue(r, 0, COL_IN_SESSION_COURSE), "t") == 0;
        course->is_teacher = is_admin || (status && strcmp(status, "1") == 0);
        course->is_coach = strcmp(PQgetvalue(r, 0, COL_IS_COACH), "t") == 0;
        allowed = is_admin || course->is_subscribed || course->is_coach ||
                  course->visibility >= COURSE_VISIBILITY_OPEN_PLATFORM;
    }
    if (!PQgetisnull(r, 0, COL_SESSION_ID)) {
        c->session_id_text = PQgetvalue(r, 0, COL_SESSION_ID);
        c->session_id = strtoll(c->session_id_text, NULL, 10);
        allowed = allowed && (is_admin || strcmp(PQgetvalue(r, 0, COL_SESSION_MEMBER), "t") == 0);
    }
    call_state_of(c)->context_allowed = allowed;
    return AUTH_OK;
}
