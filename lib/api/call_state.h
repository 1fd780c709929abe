/*
 * call_state.h - the dispatcher's own state of a call, private to lib/api/.
 *
 * A call is a call_state whose first member is the api_call its handler
 * sees (call.h). The modules of the dispatcher (flow.c, auth.c, campus.c,
 * bookkeeping_rows.c, call.c, reply.c, params.c) reach the rest with
 * call_state_of(c); handlers and models include api/action.h, which does
 * not declare it, so they cannot.
 */
#ifndef CHAMILO_API_CALL_STATE_H
#define CHAMILO_API_CALL_STATE_H

#include <stddef.h>

#include <json-c/json.h>

#include "api/call.h"
#include "db/db.h"
#include "db/live_mariadb.h"
#include "db/route.h"

typedef struct action_def action_def;
typedef struct bookkeeping bookkeeping;
typedef struct translation_language translation_language;
typedef struct json_field json_field;

typedef enum api_error_kind {
    API_ERROR_NONE,
    API_ERROR_MESSAGE,        /* a Chamilo error envelope, HTTP 200 */
    API_ERROR_DATABASE,       /* a SQL error: envelope, HTTP 500 */
    API_ERROR_UNAVAILABLE,    /* the database cannot be reached: envelope, HTTP 503 */
    API_ERROR_BUSY,           /* a lock or statement timeout: envelope "retry", HTTP 503 */
    API_ERROR_BEHIND,         /* live campus: the copy lags MariaDB too far: envelope, HTTP 503 */
    API_ERROR_NO_MEMORY,      /* HTTP 500, the out-of-memory envelope */
    API_ERROR_INTERNAL,       /* a programming error (logged): HTTP 500 envelope */
} api_error_kind;

typedef struct api_event {
    const char *type; /* NULL: "access_ws_" + the action name */
    const char *value_type;
    const char *value;
    int64_t user_id; /* -1: the caller (0 when unauthenticated) */
} api_event;

#define API_MAX_EVENTS 4

/* A list answered row by row (call_ok_stream, reply.h; written by
 * stream.c once the call is otherwise done): every row of stmt run with
 * values, each mapped through fields. stmt NULL: none. */
typedef struct call_rows {
    db_stmt *stmt;
    const json_field *fields;
    size_t count;
    const char *const *values; /* the request arena's */
    int nvalues;
} call_rows;

/* What the call answers, built by the handler and the checks before it.
 * Reset as a whole (call_answer_reset) when a call is planned or run again. */
typedef struct call_answer {
    struct json_object *data;
    call_rows rows; /* data written row by row instead (stmt set) */
    api_error_kind error;
    const char *message;
    const char *redirect;
    api_event events[API_MAX_EVENTS];
    int event_count;
    bool refused_before_tool; /* call_refuse: no tool access is recorded */
} call_answer;

static inline void call_answer_reset(call_answer *a)
{
    *a = (call_answer){0};
}

/* A read action's first statement and the values it was planned with
 * (ACTION_PREFETCH), and its result once the key check's round trip
 * brought it (owned by the request arena; NULL once handed over). */
struct call_plan {
    db_stmt *stmt; /* NULL: nothing planned */
    const char *values[PLAN_MAX_VALUES];
    int count;
    PGresult *result;
};

typedef struct call_state {
    api_call call; /* first: what the handler sees */
    /* The call's connection: the primary, or for a read action called with
     * a key the worker's standby (db/route.h), until call_use_primary. */
    db_conn *db;
    db_route *route;
    bool routed; /* a read action called with a key: db_route_reader chose db */
    /* A live campus's MariaDB (live_campus on), else NULL: every key the
     * copy accepts is checked there too (auth.c). */
    live_mariadb *live;
    bookkeeping *bookkeeping; /* the worker's queue of tracking and event rows */
    const action_def *action; /* NULL until dispatch */
    /* When the campus is a guess (campus.c): the lookup that confirms it,
     * sent in the key check's round trip, and its values; NULL once
     * confirmed. */
    db_stmt *campus_check;
    const char *campus_check_values[3];
    call_plan plan;
    call_answer answer;
    /* The caller may enter the course and session the call names (auth.c;
     * true when it names none). */
    bool context_allowed;
    /* The language the call answers in (translations.h; NULL: English):
     * the request's or the platform's, then the caller's once known. */
    const translation_language *language;
    /* The handler has run (flow_run_handler): its tool's access is
     * recorded unless it refused with call_refuse. */
    bool handler_ran;
} call_state;

static inline call_state *call_state_of(api_call *c)
{
    return (call_state *)((char *)c - offsetof(call_state, call));
}

static inline const call_state *call_state_of_const(const api_call *c)
{
    return (const call_state *)((const char *)c - offsetof(call_state, call));
}

/* The call answers in language (a Chamilo folder name such as "spanish")
 * when the campus has it (translations_known); otherwise the
 * language stays what it was. NULL changes nothing. */
void call_use_language(api_call *c, const char *language);

/* The campus id whose membership the key check counts ("0": single-URL,
 * everyone belongs): $2 of the key check statements. */
const char *call_key_check_url(const api_call *c);

/* The values a statement is sent with into out (CALL_MAX_VALUES slots):
 * a keyed statement's (DB_KEYED_STATEMENT) get the key check's in front of
 * own. Returns their number, or -1 when they do not fit. */
int call_statement_values(const api_call *c, const db_stmt *stmt, const char *const *own,
                          int count, const char **out);

/* Runs stmt with values (for a keyed statement, its own values: the key
 * check's are put in front), the result tied to the arena, as call_sql
 * does for handlers but without its guard: for the dispatcher, which also
 * runs prefetched and keyed statements. NULL on failure, recorded. */
PGresult *call_run(api_call *c, db_stmt *stmt, const char *const *values, int count);

/* Moves the rest of the call to the primary connection, after its standby
 * failed or proved stale (db/route.h). False when the primary cannot be
 * reached (recorded: "database unavailable"). */
bool call_use_primary(api_call *c);

/* Plans the action's prefetched statement (its ACTION_PREFETCH) into the
 * call's plan. False on a failure of the plan itself (recorded). */
bool call_plan_prefetch(api_call *c);

#endif
