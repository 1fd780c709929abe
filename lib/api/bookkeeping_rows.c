/*
 * bookkeeping_rows.c - the side effects of every authenticated call (10 §7.2) and
 * the event log.
 *
 *   visit   (steps 2-4) already_logged_in, track_e_online, track_e_login,
 *           user.last_login — when track_activity is on;
 *   course  (step 5) track_e_access, track_e_lastaccess,
 *           track_e_course_access — when also a course context is set;
 *   events  (step 6) the access_ws_<action> rows the handler recorded —
 *           when log_events is on.
 * When (flow.c): a read action queues all of it after the handler
 * (bookkeeping_record_call); a write action queues its visit before its transaction
 * and writes its events inside it (bookkeeping_write_events), so that the work's own
 * events (user_created ...) go with its rollback. The queue is the worker's
 * bookkeeping (bookkeeping.h): one statement for a batch of calls, written
 * behind the answers (or with each call when bookkeeping_flush_ms = 0). No
 * action reads the tracking tables, so the order cannot be observed.
 *
 * Times are UTC to the second, as Chamilo's DATETIME columns hold them
 * (truncated, as PHP's date() does). An update that would write what the
 * row already holds (a second call in the same second) is skipped: the rows
 * end up exactly as PHP leaves them, without the dead tuples and WAL.
 *
 * Not reproduced: the role-based course auto-subscription that PHP runs on a
 * new login row, and the disable_log_after_session_ends session field
 * (docs/compat.md).
 */
#include "api/bookkeeping_rows.h"

#include "api/action_table.h"
#include "api/bookkeeping.h"
#include "api/call_state.h"
#include "core/strbuf.h"

/* One access_ws_<action> row (Event::addEvent), inside a write action's
 * transaction. */
DB_STATEMENT(SQL_WRITE_EVENT, "tracking.event", 6,
    "INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
    " default_value_type, default_value, session_id)"
    " VALUES ($1::int, $2::int, date_trunc('second', LOCALTIMESTAMP), $3, $4, $5, $6::int)");

/* The event's type and user as stored. NULL on OOM. */
static const char *event_type(api_call *c, const api_event *e)
{
    if (e->type)
        return e->type;
    const action_def *act = call_state_of(c)->action;
    return arena_printf(c->arena, "access_ws_%s", act ? act->name : "");
}

static const char *event_user(api_call *c, const api_event *e)
{
    if (e->user_id >= 0)
        return call_itoa(c, e->user_id);
    return c->user ? c->user->id_text : "0";
}

/* Queues the call's visit (and, with_events, its events) in the worker's
 * bookkeeping; with bookkeeping_flush_ms = 0 writes them at once. */
static bool record(api_call *c, bool with_events)
{
    const config *cfg = c->cfg;
    call_state *s = call_state_of(c);
    bool track = cfg->track_activity && c->user;
    int events = with_events && cfg->log_events ? s->answer.event_count : 0;
    if (!track && events == 0)
        return true;

    bk_visit visit = {
        .user_id = c->user ? c->user->id : 0,
        .ip = c->client_ip,
        .url_id = c->url_id,
        .course_id = c->course.id,
        .session_id = c->session_id,
        .visit = track,
        .course = track && c->course.id,
    };
    bk_event rows[API_MAX_EVENTS];
    for (int i = 0; i < events; i++) {
        const api_event *e = &s->answer.events[i];
        const char *type = event_type(c, e);
        if (!type)
            return call_fail_oom(c), false;
        rows[i] = (bk_event){
            .user_id = e->user_id >= 0 ? e->user_id : (c->user ? c->user->id : 0),
            .type = type,
            .value_type = e->value_type,
            .value = e->value,
            .course_id = c->course.id,
            .session_id = c->session_id,
        };
    }
    if (!bookkeeping_add(s->bookkeeping, track ? &visit : NULL, rows, events))
        return call_fail_oom(c), false;
    if (cfg->bookkeeping_flush_ms == 0 && !bookkeeping_flush(s->bookkeeping, true))
        return call_fail_db(c), false;
    return true;
}

bool bookkeeping_record_visit(api_call *c)
{
    return record(c, false);
}

bool bookkeeping_record_call(api_call *c)
{
    return record(c, true);
}

bool bookkeeping_commit_events(api_call *c)
{
    call_state *s = call_state_of(c);
    int n = c->cfg->log_events ? s->answer.event_count : 0;
    _Static_assert(API_MAX_EVENTS <= DB_COMMIT_MAX_STATEMENTS, "events and COMMIT in one round trip");
    db_stmt *stmts[API_MAX_EVENTS];
    const char *const *values[API_MAX_EVENTS];
    int counts[API_MAX_EVENTS];
    for (int i = 0; i < n; i++) {
        const api_event *e = &s->answer.events[i];
        const char **v = arena_alloc(c->arena, 6 * sizeof *v);
        const char *type = event_type(c, e);
        const char *user_id = event_user(c, e);
        if (!v || !type || !user_id)
            return call_fail_oom(c), false;
        v[0] = user_id;
        v[1] = c->course.id_text;
        v[2] = type;
        v[3] = e->value_type;
        v[4] = e->value;
        v[5] = c->session_id_text;
        stmts[i] = &SQL_WRITE_EVENT;
        values[i] = v;
        counts[i] = 6;
    }
    return db_commit_with(s->db, n, stmts, values, counts);
}

bool bookkeeping_write_events(api_call *c)
{
    if (!c->cfg->log_events)
        return true;
    const call_answer *a = &call_state_of(c)->answer;
    for (int i = 0; i < a->event_count; i++) {
        const api_event *e = &a->events[i];
        const char *type = event_type(c, e);
        const char *user_id = event_user(c, e);
        if (!type || !user_id)
            return call_fail_oom(c), false;
        const char *const v[] = {user_id, c->course.id_text, type, e->value_type, e->value,
                                 c->session_id_text};
        if (!call_run(c, &SQL_WRITE_EVENT, v, 6))
            return false;
    }
    return true;
}
