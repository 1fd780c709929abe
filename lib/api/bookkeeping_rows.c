/*
 * bookkeeping_rows.c - the side effects of every authenticated call (10 §7.2) and
 * the event log.
 *
 *   visit   (steps 2-4) already_logged_in, track_e_online, track_e_login,
 *           user.last_login — when track_activity is on;
 *   course  (step 5) track_e_access, track_e_lastaccess,
 *           track_e_course_access — when also a course context is set;
 *   tool    (30 §1.8) track_e_lastaccess with the action's tool
 *           (ACTION_TOOL), and track_e_access with it when the Referer is
 *           a page of the course or the campus's index — when also the
 *           handler ran in a course context and did not refuse with
 *           call_refuse;
 *   events  (step 6) the access_ws_<action> rows the handler recorded —
 *           when log_events is on.
 * When (flow.c): a read action queues all of it after the handler
 * (bookkeeping_record_call); a write action queues its visit before its transaction,
 * writes its events inside it (bookkeeping_write_events), so that the work's own
 * events (user_created ...) go with its rollback, and queues its tool access
 * after it whatever its outcome (bookkeeping_record_tool), as PHP records it
 * before the work, outside any transaction. The queue is the worker's
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

#include <string.h>

#include "api/action_table.h"
#include "api/bookkeeping.h"
#include "api/call_state.h"
#include "core/strbuf.h"
#include "php/php_value.h"

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

/* track_e_lastaccess.access_tool of each course_tool (Chamilo's TOOL_*
 * constants). */
static const char *const TOOL_NAMES[] = {
    [TOOL_NONE] = NULL,
    [TOOL_COURSE_DESCRIPTION] = "course_description",
    [TOOL_DOCUMENT] = "document",
    [TOOL_ANNOUNCEMENT] = "announcement",
    [TOOL_CALENDAR_EVENT] = "calendar_event",
    [TOOL_NOTEBOOK] = "notebook",
    [TOOL_FORUM] = "forum",
    [TOOL_LEARNPATH] = "learnpath",
    [TOOL_LINK] = "link",
    [TOOL_STUDENT_PUBLICATION] = "student_publication",
    [TOOL_QUIZ] = "quiz",
};

/* The name of the tool whose access the call records, or NULL: the
 * action's declared tool, once its handler ran in a course context without
 * refusing as v2.php does before the action's method (call_refuse). */
static const char *tool_entered(api_call *c)
{
    const call_state *s = call_state_of(c);
    const course_tool *tool = s->action ? s->action->tool : NULL;
    if (!tool || *tool <= TOOL_NONE || *tool > TOOL_QUIZ || !s->handler_ran ||
        s->answer.refused_before_tool || !c->course.id)
        return NULL;
    return TOOL_NAMES[*tool];
}

/* True when the Referer holds WEB_COURSE_PATH + the course's directory or
 * WEB_PATH + "index", compared in lower case (ASCII, as PHP's strtolower):
 * Event::event_access_tool's test for a track_e_access row. */
static bool referred_from_campus(api_call *c)
{
    const char *referer = c->http ? c->http->referer : NULL;
    if (!referer || !*referer)
        return false;
    const char *course_page = arena_printf(c->arena, "%scourses/%s", c->web_root,
                                           c->course.directory ? c->course.directory : "");
    const char *index = arena_printf(c->arena, "%sindex", c->web_root);
    if (!course_page || !index)
        return false;
    const char *haystack = php_strtolower(c->arena, referer, strlen(referer));
    const char *course_lower = php_strtolower(c->arena, course_page, strlen(course_page));
    const char *index_lower = php_strtolower(c->arena, index, strlen(index));
    return haystack && course_lower && index_lower &&
           (strstr(haystack, course_lower) || strstr(haystack, index_lower));
}

/* What record() queues. */
enum { RECORD_VISIT = 1, RECORD_TOOL = 2, RECORD_EVENTS = 4 };

/* Queues the parts of the call's tracking in the worker's bookkeeping;
 * with bookkeeping_flush_ms = 0 writes them at once. */
static bool record(api_call *c, unsigned parts)
{
    const config *cfg = c->cfg;
    call_state *s = call_state_of(c);
    bool track = cfg->track_activity && c->user;
    bool visit = track && (parts & RECORD_VISIT);
    const char *tool = track && (parts & RECORD_TOOL) ? tool_entered(c) : NULL;
    int events = (parts & RECORD_EVENTS) && cfg->log_events ? s->answer.event_count : 0;
    if (!visit && !tool && events == 0)
        return true;

    bk_visit row = {
        .user_id = c->user ? c->user->id : 0,
        .ip = c->client_ip,
        .url_id = c->url_id,
        .course_id = c->course.id,
        .session_id = c->session_id,
        .visit = visit,
        .course = visit && c->course.id,
        .tool = tool,
        .tool_referred = tool && referred_from_campus(c),
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
    if (!bookkeeping_add(s->bookkeeping, visit || tool ? &row : NULL, rows, events))
        return call_fail_oom(c), false;
    if (cfg->bookkeeping_flush_ms == 0 && !bookkeeping_flush(s->bookkeeping, true))
        return call_fail_db(c), false;
    return true;
}

bool bookkeeping_record_visit(api_call *c)
{
    return record(c, RECORD_VISIT);
}

bool bookkeeping_record_call(api_call *c)
{
    return record(c, RECORD_VISIT | RECORD_TOOL | RECORD_EVENTS);
}

bool bookkeeping_record_tool(api_call *c)
{
    return record(c, RECORD_TOOL);
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
    call_state *s = call_state_of(c);
    const call_answer *a = &s->answer;
    if (a->event_count == 0)
        return true;
    /* One transaction, as every write (a live campus sends it to MariaDB). */
    if (!db_begin(s->db))
        return false;
    for (int i = 0; i < a->event_count; i++) {
        const api_event *e = &a->events[i];
        const char *type = event_type(c, e);
        const char *user_id = event_user(c, e);
        if (!type || !user_id)
            return call_fail_oom(c), false;
        const char *const v[] = {user_id, c->course.id_text, type, e->value_type, e->value,
                                 c->session_id_text};
        if (!call_run(c, &SQL_WRITE_EVENT, v, 6)) {
            db_rollback(s->db);
            return false;
        }
    }
    if (db_commit(s->db))
        return true;
    db_rollback(s->db);
    return false;
}
