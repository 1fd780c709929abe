/*
 * bookkeeping.c - see bookkeeping.h.
 */
#include "api/bookkeeping.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/strbuf.h"

/*
 * A batch is written by two statements in one transaction (and one round
 * trip), so that the rows it writes for a user are ordered with that user's
 * logout (logout.c locks the user's row before its writes):
 *
 * SQL_LOCK_USERS ($1 user[] of the visits) locks the "user" rows it can,
 * skipping those another transaction holds (SKIP LOCKED: it never waits),
 * and keeps their ids in the transaction's setting
 * chamilo.bookkeeping_users. SQL_BOOKKEEPING then runs with a snapshot
 * taken after those locks: a logout of a user locked here either committed
 * before (and is seen) or waits for this transaction (and deletes after).
 * The visit of a user whose row was not locked is written by a later batch:
 * the statement returns the ids of those users, one row each.
 */
DB_STATEMENT(SQL_LOCK_USERS, "bookkeeping.lock_users", 1,
    "SELECT set_config('chamilo.bookkeeping_users',"
    " COALESCE((SELECT array_agg(id)::text FROM (SELECT id FROM \"user\" WHERE id = ANY($1::int[])"
    "   ORDER BY id FOR NO KEY UPDATE SKIP LOCKED) locked), '{}'), true)");

/*
 * One batch of calls. Visits: $1 user[], $2 ip[], $3 campus[], $4 time[]
 * (to the microsecond), $5 course[], $6 session[], $7 track the visit?[],
 * $8 track the course?[], $9 session_lifetime (s), $17 tool[] ('' for
 * none), $18 tool access row?[] (the Referer test). Events: $10 user[],
 * $11 type[], $12 value type[], $13 value[], $14 course[], $15 session[],
 * $16 time[].
 *
 * Per user (the newest call of the batch) whose row SQL_LOCK_USERS locked:
 * already_logged_in = 'true'; track_e_online upserted, unless the user
 * logged out after the call (bookkeeping_logout: PHP records the visit
 * before the logout deletes the online row); the newest track_e_login row
 * gets a successor when its logout_date is older than the session
 * lifetime, else logout_date = the call's time; then user.last_login;
 * nothing when the user has no login row yet. Dates only advance: a batch
 * written after a newer one (another worker's) moves none back. Per (user,
 * course, session), the newest call: track_e_lastaccess updated or
 * inserted; the newest course-access row extended and counted when its
 * logout is between 30 s and 1 h old. Per (user, course, session, tool),
 * the newest call that entered the tool: its track_e_lastaccess row
 * updated or inserted (Event::event_access_tool). Every call with a course
 * context: a track_e_access row without a tool, then, for a call that
 * entered a tool from a course or index page, one with the tool. Every
 * event: a track_e_default row. Updates that
 * would rewrite what a row holds are skipped (no dead tuples for calls in
 * the same second). The rows hold the call's time to the second, as PHP
 * writes them.
 */
DB_STATEMENT(SQL_BOOKKEEPING, "bookkeeping.write", 18,
    "WITH calls AS (SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::timestamp[],"
    "                                    $5::int[], $6::int[], $7::bool[], $8::bool[],"
    "                                    $17::text[], $18::bool[])"
    "   WITH ORDINALITY AS c(user_id, ip, url_id, at, c_id, session_id, visit, course, tool,"
    "                        referred, n)),"
    " newest AS (SELECT DISTINCT ON (user_id) user_id, ip, url_id, at, date_trunc('second', at) AS t"
    "   FROM calls WHERE visit ORDER BY user_id, n DESC),"
    " busy AS (SELECT v.user_id FROM newest v WHERE EXISTS (SELECT 1 FROM \"user\" u WHERE u.id = v.user_id)"
    "   AND v.user_id <> ALL (COALESCE(current_setting('chamilo.bookkeeping_users', true), '{}')::int[])),"
    " visits AS (SELECT * FROM newest WHERE user_id NOT IN (SELECT user_id FROM busy)),"
    " field AS (SELECT id FROM extra_field WHERE extra_field_type = 1"
    "   AND lower(variable) = 'already_logged_in' ORDER BY id LIMIT 1),"
    " logged_update AS (UPDATE extra_field_values v SET value = 'true', updated_at = visits.t"
    "   FROM field, visits WHERE v.field_id = field.id AND v.item_id = visits.user_id"
    "   AND v.value IS DISTINCT FROM 'true'),"
    " logged_insert AS (INSERT INTO extra_field_values (field_id, item_id, value, created_at, updated_at)"
    "   SELECT field.id, visits.user_id, 'true', visits.t, visits.t FROM field, visits"
    "   WHERE NOT EXISTS (SELECT 1 FROM extra_field_values v"
    "                      WHERE v.field_id = field.id AND v.item_id = visits.user_id)"
    "   ORDER BY visits.user_id ON CONFLICT DO NOTHING),"
    " expired AS (SELECT v.user_id, v.ip, v.t, l.login_id,"
    "   (l.logout_date IS NULL OR l.logout_date < v.t - make_interval(secs => $9::bigint)) AS is_expired"
    "   FROM visits v CROSS JOIN LATERAL (SELECT login_id, logout_date FROM track_e_login"
    "     WHERE login_user_id = v.user_id ORDER BY login_date DESC, login_id DESC LIMIT 1) l),"
    " logged_out AS (SELECT v.user_id FROM visits v JOIN bookkeeping_logout o ON o.user_id = v.user_id"
    "   WHERE o.logged_out_at > v.at),"
    " online AS (INSERT INTO track_e_online (login_user_id, login_date, user_ip, c_id, session_id, access_url_id)"
    "   SELECT user_id, t, ip, 0, 0, url_id FROM visits"
    "   WHERE user_id NOT IN (SELECT user_id FROM logged_out) ORDER BY user_id"
    "   ON CONFLICT (login_user_id) DO UPDATE SET login_date = EXCLUDED.login_date,"
    "     user_ip = EXCLUDED.user_ip, c_id = 0, session_id = 0, access_url_id = EXCLUDED.access_url_id"
    "   WHERE track_e_online.login_date <= EXCLUDED.login_date"
    "   AND (track_e_online.login_date, track_e_online.user_ip, track_e_online.c_id,"
    "          track_e_online.session_id, track_e_online.access_url_id)"
    "         IS DISTINCT FROM (EXCLUDED.login_date, EXCLUDED.user_ip, 0, 0, EXCLUDED.access_url_id)),"
    " new_login AS (INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date)"
    "   SELECT user_id, t, ip, t FROM expired WHERE is_expired ORDER BY user_id),"
    " extend_login AS (UPDATE track_e_login l SET logout_date = e.t FROM expired e"
    "   WHERE l.login_id = e.login_id AND NOT e.is_expired AND l.logout_date < e.t),"
    " last_login_user AS (UPDATE \"user\" u SET last_login = e.t FROM expired e"
    "   WHERE u.id = e.user_id AND u.last_login IS DISTINCT FROM e.t),"
    " access AS (INSERT INTO track_e_access (user_ip, access_user_id, c_id, access_date, access_session_id, access_tool)"
    "   SELECT ip, user_id, c_id, date_trunc('second', at), session_id, tool FROM"
    "     (SELECT ip, user_id, c_id, at, session_id, NULL AS tool, n, 0 AS k FROM calls WHERE course"
    "      UNION ALL SELECT ip, user_id, c_id, at, session_id, tool, n, 1 FROM calls"
    "       WHERE tool <> '' AND referred) a ORDER BY n, k),"
    " course_visits AS (SELECT DISTINCT ON (user_id, c_id, session_id) user_id, c_id, session_id,"
    "   date_trunc('second', at) AS t FROM calls WHERE course ORDER BY user_id, c_id, session_id, n DESC),"
    " last_access AS (UPDATE track_e_lastaccess a SET access_date = cv.t FROM course_visits cv"
    "   WHERE a.access_user_id = cv.user_id AND a.c_id = cv.c_id AND a.access_tool IS NULL"
    "   AND a.access_session_id = cv.session_id AND a.access_date IS DISTINCT FROM cv.t),"
    " first_access AS (INSERT INTO track_e_lastaccess (access_user_id, c_id, access_date, access_session_id, access_tool)"
    "   SELECT user_id, c_id, t, session_id, NULL FROM course_visits cv"
    "   WHERE NOT EXISTS (SELECT 1 FROM track_e_lastaccess a WHERE a.access_user_id = cv.user_id"
    "     AND a.c_id = cv.c_id AND a.access_tool IS NULL AND a.access_session_id = cv.session_id)),"
    " tool_visits AS (SELECT DISTINCT ON (user_id, c_id, session_id, tool) user_id, c_id, session_id,"
    "   tool, date_trunc('second', at) AS t FROM calls WHERE tool <> ''"
    "   ORDER BY user_id, c_id, session_id, tool, n DESC),"
    " tool_last_access AS (UPDATE track_e_lastaccess a SET access_date = tv.t FROM tool_visits tv"
    "   WHERE a.access_user_id = tv.user_id AND a.c_id = tv.c_id AND a.access_tool = tv.tool"
    "   AND a.access_session_id = tv.session_id AND a.access_date IS DISTINCT FROM tv.t),"
    " tool_first_access AS (INSERT INTO track_e_lastaccess (access_user_id, c_id, access_date,"
    "   access_session_id, access_tool)"
    "   SELECT user_id, c_id, t, session_id, tool FROM tool_visits tv"
    "   WHERE NOT EXISTS (SELECT 1 FROM track_e_lastaccess a WHERE a.access_user_id = tv.user_id"
    "     AND a.c_id = tv.c_id AND a.access_tool = tv.tool AND a.access_session_id = tv.session_id)),"
    " course_visit AS (SELECT cv.t, x.course_access_id, x.logout_course_date FROM course_visits cv"
    "   CROSS JOIN LATERAL (SELECT course_access_id, logout_course_date FROM track_e_course_access"
    "     WHERE c_id = cv.c_id AND session_id = cv.session_id AND user_id = cv.user_id"
    "     ORDER BY login_course_date DESC, course_access_id DESC LIMIT 1) x),"
    " course_visit_update AS (UPDATE track_e_course_access t"
    "   SET logout_course_date = cv.t, counter = t.counter + 1"
    "   FROM course_visit cv WHERE t.course_access_id = cv.course_access_id"
    "   AND cv.t - cv.logout_course_date > interval '30 seconds'"
    "   AND cv.t - cv.logout_course_date < interval '1 hour'),"
    " events AS (INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
    "   default_value_type, default_value, session_id)"
    "   SELECT e.user_id, e.c_id, e.t, e.type, e.value_type, e.value, e.session_id"
    "     FROM unnest($10::int[], $11::text[], $12::text[], $13::text[], $14::int[], $15::int[],"
    "                 $16::timestamp[]) WITH ORDINALITY AS e(user_id, type, value_type, value, c_id,"
    "                                                        session_id, t, n)"
    "    ORDER BY e.n)"
    "SELECT user_id FROM busy");

typedef struct queued_visit {
    int64_t user_id, url_id, course_id, session_id;
    bool visit, course, tool_referred;
    char *ip;
    char *tool; /* NULL: no tool entered */
    char time[27]; /* "YYYY-MM-DD HH:MM:SS.ffffff", UTC: the call's order with a logout */
} queued_visit;

typedef struct queued_event {
    int64_t user_id, course_id, session_id;
    char *type, *value_type, *value;
    char time[20];
} queued_event;

struct bookkeeping {
    const config *cfg;
    db_conn *db;
    arena *scratch; /* the array literals of one write, reset after it */
    queued_visit *visits;
    size_t visit_count, visit_cap;
    queued_event *events;
    size_t event_count, event_cap;
    size_t calls;            /* calls queued (with a visit or events) */
    long long oldest_ms;     /* monotonic time of the oldest queued call */
    /* After a write that failed and kept its batch: not before this
     * monotonic time (0: no failure pending), and the wait before the
     * attempt after it, doubled on each failure. */
    long long retry_at_ms;
    int backoff_ms;
};

/* The waits between attempts at a batch that met a lock or a timeout. */
#define RETRY_MIN_MS 100
#define RETRY_MAX_MS 5000

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void utc_now(char out[20])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

/* The same to the microsecond: "YYYY-MM-DD HH:MM:SS.ffffff". */
static void utc_now_us(char out[27])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, 27, "%Y-%m-%d %H:%M:%S", &tm);
    unsigned us = (unsigned)(ts.tv_nsec / 1000) % 1000000u;
    snprintf(out + n, 27 - n, ".%06u", us);
}

bookkeeping *bookkeeping_create(const config *cfg, db_conn *db)
{
    bookkeeping *bk = calloc(1, sizeof *bk);
    if (!bk)
        return NULL;
    bk->cfg = cfg;
    bk->db = db;
    bk->scratch = arena_create(64 * 1024);
    if (!bk->scratch) {
        free(bk);
        return NULL;
    }
    return bk;
}

/* Frees the visits from index keep on and every event; calls = the visits
 * kept. */
static void clear_from(bookkeeping *bk, size_t keep)
{
    for (size_t i = keep; i < bk->visit_count; i++) {
        free(bk->visits[i].ip);
        free(bk->visits[i].tool);
    }
    for (size_t i = 0; i < bk->event_count; i++) {
        free(bk->events[i].type);
        free(bk->events[i].value_type);
        free(bk->events[i].value);
    }
    bk->visit_count = bk->calls = keep;
    bk->event_count = 0;
}

static void clear(bookkeeping *bk)
{
    clear_from(bk, 0);
}

void bookkeeping_destroy(bookkeeping *bk)
{
    if (!bk)
        return;
    if (bk->calls)
        bookkeeping_flush(bk, true);
    if (bk->calls)
        log_warn("bookkeeping: %zu calls' rows not written before the worker stopped", bk->calls);
    clear(bk);
    free(bk->visits);
    free(bk->events);
    arena_destroy(bk->scratch);
    free(bk);
}

static bool grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 32;
    while (n < need)
        n *= 2;
    void *p = realloc(*items, n * size);
    if (!p)
        return false;
    *items = p;
    *cap = n;
    return true;
}

bool bookkeeping_add(bookkeeping *bk, const bk_visit *visit, const bk_event *events, int count)
{
    if (!visit && count == 0)
        return true;
    if (!grow((void **)&bk->visits, &bk->visit_cap, bk->visit_count + 1, sizeof *bk->visits) ||
        !grow((void **)&bk->events, &bk->event_cap, bk->event_count + (size_t)count,
              sizeof *bk->events))
        return false;
    char now[20];
    utc_now(now);
    if (visit) {
        queued_visit *v = &bk->visits[bk->visit_count];
        *v = (queued_visit){.user_id = visit->user_id, .url_id = visit->url_id,
                            .course_id = visit->course_id, .session_id = visit->session_id,
                            .visit = visit->visit, .course = visit->course,
                            .tool_referred = visit->tool_referred,
                            .ip = strdup(visit->ip ? visit->ip : ""),
                            .tool = visit->tool ? strdup(visit->tool) : NULL};
        if (!v->ip || (visit->tool && !v->tool)) {
            free(v->ip);
            free(v->tool);
            return false;
        }
        utc_now_us(v->time);
        bk->visit_count++;
    }
    for (int i = 0; i < count; i++) {
        queued_event *e = &bk->events[bk->event_count];
        *e = (queued_event){.user_id = events[i].user_id, .course_id = events[i].course_id,
                            .session_id = events[i].session_id,
                            .type = strdup(events[i].type),
                            .value_type = strdup(events[i].value_type ? events[i].value_type : ""),
                            .value = strdup(events[i].value ? events[i].value : "")};
        if (!e->type || !e->value_type || !e->value) {
            free(e->type);
            free(e->value_type);
            free(e->value);
            return false;
        }
        memcpy(e->time, now, sizeof now);
        bk->event_count++;
    }
    if (bk->calls++ == 0)
        bk->oldest_ms = monotonic_ms();
    return true;
}

int bookkeeping_due_in_ms(const bookkeeping *bk)
{
    if (!bk || bk->calls == 0)
        return -1;
    long long now = monotonic_ms();
    if (bk->retry_at_ms) /* a failed batch waits for its next attempt, even when full */
        return bk->retry_at_ms <= now ? 0 : (int)(bk->retry_at_ms - now);
    long long due = bk->oldest_ms + bk->cfg->bookkeeping_flush_ms - now;
    return due <= 0 || bk->calls >= (size_t)bk->cfg->bookkeeping_batch ? 0 : (int)due;
}

/* ---- PostgreSQL array literals ---- */

typedef enum { ITEM_NUMBER, ITEM_TEXT } item_kind;

static void put_item(strbuf *sb, const char *s, item_kind kind)
{
    if (kind == ITEM_NUMBER) {
        sb_puts(sb, s);
        return;
    }
    sb_put_array_text(sb, s);
}

/* The literal of one column of the visits or events, built by get(i). */
#define ARRAY_OF(bk, sb, n, kind, expr)                                                         \
    do {                                                                                       \
        sb_init(&(sb), (bk)->scratch, 64);                                                     \
        sb_putc(&(sb), '{');                                                                   \
        for (size_t i = 0; i < (n); i++) {                                                     \
            if (i)                                                                             \
                sb_putc(&(sb), ',');                                                           \
            put_item(&(sb), (expr), (kind));                                                   \
        }                                                                                      \
        sb_putc(&(sb), '}');                                                                   \
    } while (0)

/* Decimal text of n, valid until the next call (ARRAY_OF uses each at once). */
static const char *num(int64_t n)
{
    static char buf[24];
    snprintf(buf, sizeof buf, "%" PRId64, n);
    return buf;
}

/* A failure that a later attempt may not meet: a lock or statement
 * timeout, a lost lock race, a lost connection, a prepared statement gone
 * stale (prepared again by the next attempt). */
static bool is_transient(const db_conn *db)
{
    return db_connection_lost(db) || db_contention(db) ||
           strcmp(db_sqlstate(db), "26000") == 0 || strcmp(db_sqlstate(db), "0A000") == 0;
}

/* The most calls kept across failed attempts; beyond, a failed batch is
 * dropped (logged) rather than grown without bound. */
static size_t kept_calls_max(const bookkeeping *bk)
{
    size_t twice = 2 * (size_t)bk->cfg->bookkeeping_batch;
    return twice > 100000 ? twice : 100000;
}

/* Puts the next attempt at what is queued off: 100 ms after the first
 * failure, twice as long after each further one, 5 s at most. */
static void retry_later(bookkeeping *bk)
{
    bk->backoff_ms = bk->backoff_ms ? bk->backoff_ms * 2 : RETRY_MIN_MS;
    if (bk->backoff_ms > RETRY_MAX_MS)
        bk->backoff_ms = RETRY_MAX_MS;
    bk->retry_at_ms = monotonic_ms() + bk->backoff_ms;
}

static int by_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* After a written batch: the calls of the users the statement skipped (their
 * "user" row was locked) stay queued, each user's newest visit only (the
 * only one the statement reads), without its course and tool rows and
 * events, which were written. Everything else is freed. */
static void keep_busy_visits(bookkeeping *bk, const PGresult *busy)
{
    size_t nbusy = (size_t)PQntuples(busy);
    size_t *picked = nbusy ? malloc(nbusy * sizeof *picked) : NULL;
    size_t kept = 0;
    if (nbusy && !picked)
        log_error("bookkeeping: out of memory; the visits of %zu users whose row was locked "
                  "are dropped", nbusy);
    for (size_t b = 0; picked && b < nbusy; b++) {
        int64_t user_id = strtoll(PQgetvalue(busy, (int)b, 0), NULL, 10);
        for (size_t i = bk->visit_count; i-- > 0;) {
            if (bk->visits[i].visit && bk->visits[i].user_id == user_id) {
                picked[kept++] = i; /* the user's newest visit */
                break;
            }
        }
    }
    /* Each picked visit to the front, in queue order; the visit it swaps
     * with goes past the kept ones (picked[k] >= k, and no earlier swap
     * touched picked[k]). */
    if (kept)
        qsort(picked, kept, sizeof *picked, by_index);
    for (size_t k = 0; k < kept; k++) {
        queued_visit v = bk->visits[k];
        bk->visits[k] = bk->visits[picked[k]];
        bk->visits[picked[k]] = v;
        bk->visits[k].course = false;
        free(bk->visits[k].tool);
        bk->visits[k].tool = NULL;
        bk->visits[k].tool_referred = false;
    }
    free(picked);
    clear_from(bk, kept);
    bk->oldest_ms = monotonic_ms();
}

bool bookkeeping_flush(bookkeeping *bk, bool force)
{
    if (!bk || bk->calls == 0 || (!force && bookkeeping_due_in_ms(bk) != 0))
        return true;
    strbuf col[18];
    size_t nv = bk->visit_count, ne = bk->event_count;
    const queued_visit *v = bk->visits;
    const queued_event *e = bk->events;
    ARRAY_OF(bk, col[0], nv, ITEM_NUMBER, num(v[i].user_id));
    ARRAY_OF(bk, col[1], nv, ITEM_TEXT, v[i].ip);
    ARRAY_OF(bk, col[2], nv, ITEM_NUMBER, num(v[i].url_id));
    ARRAY_OF(bk, col[3], nv, ITEM_TEXT, v[i].time);
    ARRAY_OF(bk, col[4], nv, ITEM_NUMBER, num(v[i].course_id));
    ARRAY_OF(bk, col[5], nv, ITEM_NUMBER, num(v[i].session_id));
    ARRAY_OF(bk, col[6], nv, ITEM_NUMBER, v[i].visit ? "t" : "f");
    ARRAY_OF(bk, col[7], nv, ITEM_NUMBER, v[i].course ? "t" : "f");
    ARRAY_OF(bk, col[9], ne, ITEM_NUMBER, num(e[i].user_id));
    ARRAY_OF(bk, col[10], ne, ITEM_TEXT, e[i].type);
    ARRAY_OF(bk, col[11], ne, ITEM_TEXT, e[i].value_type);
    ARRAY_OF(bk, col[12], ne, ITEM_TEXT, e[i].value);
    ARRAY_OF(bk, col[13], ne, ITEM_NUMBER, num(e[i].course_id));
    ARRAY_OF(bk, col[14], ne, ITEM_NUMBER, num(e[i].session_id));
    ARRAY_OF(bk, col[15], ne, ITEM_TEXT, e[i].time);
    ARRAY_OF(bk, col[16], nv, ITEM_TEXT, v[i].tool ? v[i].tool : "");
    ARRAY_OF(bk, col[17], nv, ITEM_NUMBER, v[i].tool_referred ? "t" : "f");
    char lifetime[24];
    snprintf(lifetime, sizeof lifetime, "%ld", bk->cfg->session_lifetime);
    bool built = true;
    const char *values[18];
    for (int i = 0; i < 18; i++) {
        if (i == 8) {
            values[i] = lifetime;
            continue;
        }
        built = built && !sb_failed(&col[i]);
        values[i] = col[i].data;
    }
    if (!built) {
        log_error("bookkeeping: out of memory; %zu calls' rows dropped", bk->calls);
        clear(bk);
        arena_reset(bk->scratch);
        return false;
    }
    /* Two workers' batches may lock the same tracking rows in another order:
     * a deadlock aborts one transaction, which then runs again at once. */
    db_stmt *const stmts[] = {&SQL_LOCK_USERS, &SQL_BOOKKEEPING};
    const char *lock_values[] = {values[0]};
    const char *const *const all_values[] = {lock_values, values};
    const int counts[] = {1, 18};
    PGresult *results[2];
    bool written = false;
    for (int attempt = 0; attempt < 3 && !written; attempt++) {
        written = db_exec_bounded(bk->db, 2, stmts, all_values, counts, results,
                                  bk->cfg->bookkeeping_lock_timeout_ms);
        if (!written && strcmp(db_sqlstate(bk->db), "40P01") != 0 &&
            strcmp(db_sqlstate(bk->db), "40001") != 0)
            break;
    }
    arena_reset(bk->scratch);
    if (written) {
        keep_busy_visits(bk, results[1]);
        PQclear(results[0]);
        PQclear(results[1]);
        if (bk->calls) /* users whose row is held: not again at once */
            retry_later(bk);
        else
            bk->retry_at_ms = bk->backoff_ms = 0;
        return true;
    }
    if (is_transient(bk->db) && bk->calls <= kept_calls_max(bk)) {
        /* The rows are kept and written by a later attempt. */
        retry_later(bk);
        log_warn("bookkeeping: could not write %zu calls' rows yet (%s); next attempt in %d ms",
                 bk->calls, db_error(bk->db), bk->backoff_ms);
        return true;
    }
    log_warn("bookkeeping: could not write %zu calls' rows: %s; dropped", bk->calls,
             db_error(bk->db));
    clear(bk);
    bk->retry_at_ms = bk->backoff_ms = 0;
    return false;
}
