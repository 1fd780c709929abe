/*
 * call.h - what an action handler sees and how it answers.
 *
 * The dispatcher (flow.c) does every check common to all actions before a
 * handler runs: the kill switch, parsing and limits, the API key, the course
 * and session context, the action's gate and flags (actions.def). A handler
 * only does its own work:
 *
 *   action_result action_user_profile(api_call *c)
 *   {
 *       PGresult *r = call_sql(c, &SQL_PROFILE, (const char *[]){c->user->id_text});
 *       if (!r)
 *           return ACTION_FAILED;            // the dispatcher answers the DB error
 *       ...
 *       return call_ok(c, data);             // data: a json-c tree, ownership passes
 *   }
 *
 * Errors are answers, not exceptions: call_fail(c, "message") returns
 * ACTION_FAILED and the dispatcher sends {"error":true,"message":...}.
 *
 * Memory: everything hangs off c->arena and is released when the request
 * ends, including PGresults returned by call_sql() and the json-c tree passed
 * to call_ok(). A handler never frees.
 *
 * Transactions: an action flagged ACT_WRITE runs inside one transaction that
 * the dispatcher opens before the handler and commits after ACTION_OK (rolls
 * back otherwise), so a failing write action leaves nothing half done.
 */
#ifndef CHAMILO_API_CALL_H
#define CHAMILO_API_CALL_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "config/config.h"
#include "core/arena.h"
#include "db/db.h"
#include "request/request.h"

typedef enum action_result { ACTION_OK, ACTION_FAILED } action_result;

/* The authenticated caller (valid api_key). */
typedef struct api_user {
    int64_t id;
    const char *id_text; /* decimal, for SQL parameters */
    const char *username; /* as stored */
    int status;           /* user.status */
    bool is_admin;        /* has a row in `admin` */
    const char *api_key;  /* the key that validated this call */
} api_user;

/* Course and session context (the `course` / `session` parameters). */
typedef struct api_course {
    int64_t id; /* 0: no course context */
    const char *id_text;
    const char *code;
    const char *directory;
    const char *title;
} api_course;

typedef struct api_event {
    const char *type; /* NULL: "access_ws_" + the action name */
    const char *value_type;
    const char *value;
    int64_t user_id; /* -1: the caller (0 when unauthenticated) */
} api_event;

#define API_MAX_EVENTS 4

typedef enum api_error_kind {
    API_ERROR_NONE,
    API_ERROR_MESSAGE,        /* a Chamilo error envelope, HTTP 200 */
    API_ERROR_DATABASE,       /* a SQL error: envelope, HTTP 500 */
    API_ERROR_UNAVAILABLE,    /* the database cannot be reached: envelope, HTTP 503 */
    API_ERROR_NO_MEMORY,      /* HTTP 500, empty body */
} api_error_kind;

typedef struct action_def action_def;

typedef struct api_call {
    arena *arena;
    const config *cfg;
    db_conn *db;
    const http_in *http;
    const api_params *params;
    const action_def *action; /* NULL until dispatch */

    /* The global parameters, extracted as 10-request-flow.md §3.3 says. */
    const char *action_name; /* NULL when missing or not a string */
    const char *username;    /* sanitized, "" when absent */
    const char *api_key;     /* sanitized, "" when absent */
    int64_t course_param;
    int64_t session_param;

    const api_user *user; /* NULL: no valid api_key */
    api_course course;
    int64_t session_id; /* 0: no session context */
    const char *session_id_text;

    /* The current campus (access URL) and its web root, with a trailing slash. */
    int64_t url_id;
    const char *url_id_text;
    const char *web_root;
    const char *client_ip;

    /* The answer. */
    struct json_object *data;
    api_error_kind error;
    const char *message;
    const char *redirect;

    api_event events[API_MAX_EVENTS];
    int event_count;
} api_call;

/* ---- answering ---- */

/* Success with data (a json-c tree; ownership passes to the call; NULL
 * encodes as []). Returns ACTION_OK. */
action_result call_ok(api_call *c, struct json_object *data);

/* A handled error with Chamilo's message text. Returns ACTION_FAILED. */
action_result call_fail(api_call *c, const char *message);

/* A redirect (HTTP 302 to url, no body). Returns ACTION_OK. */
action_result call_redirect(api_call *c, const char *url);

/* For a write action: commits what the handler wrote so far and opens a
 * new transaction for the rest. Only for a first write that must outlive a
 * later failure, as authenticate's gcm_registration_id field does in PHP.
 * Returns false (error recorded) on failure. */
bool call_commit_so_far(api_call *c);

/* Records the error of the last database call (SQL error or lost
 * connection). Returns ACTION_FAILED. */
action_result call_fail_db(api_call *c);

/* Out of memory. Returns ACTION_FAILED. */
action_result call_fail_oom(api_call *c);

/* Records an access_ws_<action> event (track_e_default) with this value
 * type and value, written by the dispatcher when the handler returns,
 * whether it succeeds or not: call it where Chamilo calls Event::addEvent,
 * so that the row exists exactly when PHP's would. value NULL is stored as
 * "". user_id -1 means the caller. */
void call_event(api_call *c, const char *value_type, const char *value, int64_t user_id);

/* The same with an explicit event type (Chamilo's LOG_* events such as
 * "user_created", written by the libraries the action calls). Unlike the
 * access_ws_ row, such an event belongs to the work: when the action's
 * transaction rolls back, it is not written. */
void call_event_typed(api_call *c, const char *type, const char *value_type, const char *value,
                      int64_t user_id);

/* ---- parameters ---- */

const php_value *call_param(const api_call *c, param_source src, const char *name);
/* The string value, or NULL when absent or an array. */
const char *call_param_str(const api_call *c, param_source src, const char *name);
/* PHP (int) of the value; 0 when absent. */
int64_t call_param_int(const api_call *c, param_source src, const char *name);

/* ---- database ---- */

/* Runs a prepared statement. The result belongs to the request (cleared at
 * its end). NULL on failure, with the error recorded in c (the handler
 * returns ACTION_FAILED). */
PGresult *call_sql(api_call *c, db_stmt *stmt, const char *const *values);

/* Column value of row, NULL for SQL NULL. */
static inline const char *sql_value(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* A PostgreSQL text[] literal of items ({"a","b\\"c"}), to pass a list as
 * one parameter ($1::text[]). NULL on OOM. */
const char *sql_text_array(api_call *c, const char *const *items, size_t count);

/* ---- small helpers ---- */

/* Decimal text of n in the arena (NULL on OOM). */
const char *call_itoa(api_call *c, int64_t n);

/* json-c string of s, or NULL (JSON null) when s is NULL. */
struct json_object *json_string_or_null(const char *s);

/* PHP's "not allowed" text, used by every permission gate. */
extern const char MSG_NOT_ALLOWED[];
/* The answer to a missing or wrong API key. */
extern const char MSG_INVALID_API_KEY[];

#endif
