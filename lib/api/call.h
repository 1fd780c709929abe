/*
 * call.h - what an action handler sees of its call, and how it answers.
 * Handlers include it through api/action.h; the dispatcher's own state of
 * the call (the answer, the prefetch plan, the campus check, the
 * connection, the bookkeeping queue) is in call_state.h, private to
 * lib/api/.
 *
 * The dispatcher (flow.c) does every check common to all actions before a
 * handler runs: the kill switch, parsing and limits, the API key, the course
 * and session context, the action's gate and flags (actions.def), and the
 * action's declared parameters (params.h), converted with PHP's rules into
 * c->args. A handler only does its own work (README, "The shape of a
 * handler").
 *
 * One error channel: a handler fails only through call_fail (a Chamilo
 * message), or by returning ACTION_FAILED after a helper (call_sql, the
 * reply_* builders, the models) recorded its error; call_failed() tells
 * whether one is recorded. A handler that returns ACTION_FAILED with
 * nothing recorded is a bug: the dispatcher logs the action's name and
 * answers the internal-error envelope (HTTP 500).
 *
 * Memory: everything hangs off c->arena and is released when the request
 * ends, including PGresults returned by call_sql() and the JSON built with
 * reply.h. A handler never frees.
 *
 * Transactions: an action flagged ACT_WRITE runs inside one transaction that
 * the dispatcher opens before the handler and commits after ACTION_OK (rolls
 * back otherwise), so a failing write action leaves nothing half done.
 */
#ifndef CHAMILO_API_CALL_H
#define CHAMILO_API_CALL_H

#include <stdbool.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "config/config.h"
#include "core/arena.h"
#include "api/messages.h"
#include "api/params.h"
#include "db/statement.h"
#include "request/request.h"

struct json_object; /* built with reply.h */

typedef enum action_result { ACTION_OK, ACTION_FAILED } action_result;

/* The authenticated caller (valid api_key). */
typedef struct api_user {
    int64_t id;
    const char *id_text; /* decimal, for SQL parameters */
    const char *username; /* as stored */
    int status;           /* user.status */
    bool is_admin;        /* has a row in `admin` */
    const char *api_key;  /* the key that validated this call */
    const char *timezone; /* the `timezone` user extra field when it names a zone
                             (chamilo_zone_exists), else NULL */
} api_user;

/* Course context (the `course` parameter). The dispatcher has checked that
 * the caller may enter the course (contract README, "Decisions on holes"):
 * a handler never checks it again, and reads the caller's relation to the
 * course from here. */
typedef struct api_course {
    int64_t id; /* 0: no course context */
    const char *id_text;
    const char *code;
    const char *directory;
    const char *title;
    int visibility;     /* course.visibility: 0 closed .. 3 open to the world */
    bool is_subscribed; /* a course_rel_user row, or through a session containing it */
    bool is_teacher;    /* course_rel_user status 1, or a platform admin */
    bool is_coach;      /* coach of the course in the session context, or that
                           session's general coach; false without a session */
} api_course;

/* A call as its handler sees it: read-only facts the dispatcher
 * established, and the arena everything of the call is allocated from. */
typedef struct api_call {
    arena *arena;
    const config *cfg;
    const http_in *http;
    const api_params *params; /* the parsed bags; handlers read c->args */
    const api_arg *args;      /* the action's declared parameters, in declaration order */

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
} api_call;

/* ---- answering ---- */

/* Success with data: a container built with reply.h (NULL encodes as []).
 * When a builder recorded an error, that error is answered instead.
 * Returns ACTION_OK, or ACTION_FAILED when an error is recorded. */
action_result call_ok(api_call *c, struct json_object *data);

/* A handled error with a message of the catalogue (messages.h), answered
 * in the call's language (call_text). Returns ACTION_FAILED. */
action_result call_fail(api_call *c, const char *message);

/* A message of the catalogue (MSG_Key) in the language the call answers in
 * (10-request-flow.md §1: the caller's, the request's ?language=, the
 * platform's), or its English text where that language has none; any
 * other string is returned as it is. Static or owned by the process: never
 * NULL, nothing to free. call_fail and call_message use it; a handler
 * uses it for a catalogue message it answers as data
 * (reply_str(c, call_text(c, MSG_UsersAdded))). */
const char *call_text(api_call *c, const char *message);

/* The same for a refusal that v2.php makes before it calls the action's
 * method (a parameter it requires, a role it checks): the call records no
 * access to its tool (ACTION_TOOL). Any other failure of the handler comes
 * after the method recorded it, as in PHP. */
action_result call_refuse(api_call *c, const char *message);

/* A catalogue message, in the call's language (call_text), with its "%s"
 * filled, in order, by values (never a
 * printf format: a value may hold '%'; messages.def). In the arena; NULL
 * on OOM (recorded). A value NULL because a builder failed fills nothing. */
const char *call_message_values(api_call *c, const char *message, const char *const *values,
                                int count);
#define call_message(c, message, ...)                                                          \
    call_message_values((c), (message), (const char *const[]){__VA_ARGS__},                    \
                        (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

/* call_fail with such a message:
 * call_fail_with(c, MSG_BadParameter, "user_id"). Returns ACTION_FAILED. */
#define call_fail_with(c, message, ...) call_fail((c), call_message((c), (message), __VA_ARGS__))

/* A programming error: logged with the action's name, answered with the
 * internal-error envelope. Returns ACTION_FAILED. */
action_result call_fail_internal(api_call *c, const char *what);

/* A redirect (HTTP 302 to url, no body). Returns ACTION_OK. */
action_result call_redirect(api_call *c, const char *url);

/* True when an error is recorded: the call answers it whatever the
 * handler returns. */
bool call_failed(const api_call *c);

/* For a write action: commits what the handler wrote so far and opens a
 * new transaction for the rest. Only for a first write that must outlive a
 * later failure, as authenticate's gcm_registration_id field does in PHP,
 * and only for one that can run twice: a write whose connection is lost
 * before its final COMMIT runs again from the start (flow_run_handler).
 * Returns false (error recorded) on failure. */
bool call_commit_so_far(api_call *c);

/* For a write action whose whole work is its event rows: commits now
 * without waiting for the WAL flush (synchronous_commit off for this
 * transaction), so that the answer does not wait for the disk. Returns
 * false (error recorded) on failure. */
bool call_commit_without_flush(api_call *c);

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

/* PHP (int) of a top-level parameter (0 when absent), for the dispatcher's
 * gates. Handlers read their declared parameters, c->args. */
int64_t call_param_int(const api_call *c, param_source src, const char *name);

/* ---- database ---- */

/* Runs a prepared statement with its values, counted by the macro and
 * checked against the statement's declaration (a mismatch is an internal
 * error, logged):
 *
 *     PGresult *r = call_sql(c, &SQL_LIST, c->user->id_text);
 *     PGresult *r = call_sql0(c, &SQL_ALL);            // no parameters
 *
 * Values are text (NULL = SQL NULL). The result belongs to the request
 * (cleared at its end). NULL on failure, with the error recorded in c (the
 * handler returns ACTION_FAILED). A value that is NULL because an arena
 * allocation failed is caught too: the builders record the OOM first.
 * The action's prefetched statement and keyed statements are read with
 * call_prefetched(), never here (an internal error). */
PGresult *call_sql_values(api_call *c, db_stmt *stmt, const char *const *values, int count);
#define call_sql(c, stmt, ...)                                                                 \
    call_sql_values((c), (stmt), (const char *const[]){__VA_ARGS__},                            \
                    (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))
#define call_sql0(c, stmt) call_sql_values((c), (stmt), NULL, 0)

/* The rows of a result as a handler reads them. */
typedef struct sql_rows {
    const PGresult *result; /* NULL: the statement failed, the error is recorded */
    int count;              /* the rows to read, 0 .. count-1 */
} sql_rows;

/* The result of the action's prefetched statement (ACTION_PREFETCH), with
 * the values it was planned with: the dispatcher sent it in the key
 * check's round trip, or it runs now (a call whose key was checked on its
 * own, or a call without a key). For a keyed statement (DB_KEYED_STATEMENT)
 * the caller's row alone, which stands for an empty list, is not counted.
 * Reading it twice runs it twice. */
sql_rows call_prefetched(api_call *c);

/* The plan an ACTION_PREFETCH declaration fills (call_state.h). */
typedef struct call_plan call_plan;
#define PLAN_MAX_VALUES 8
/* Records stmt and its count values (at most PLAN_MAX_VALUES, copied) as
 * the plan. False (error recorded) when a value is NULL because an arena
 * allocation failed. */
bool call_plan_set(api_call *c, call_plan *p, db_stmt *stmt, const char *const *values,
                   int count);

/* Declares a read action's first statement, beside its handler, with the
 * values it runs with:
 *
 *     ACTION_PREFETCH(user_messages, SQL_INBOX, call_itoa(c, c->args[ARG_LAST].i));
 *     ACTION_PREFETCH(user_profile, SQL_PROFILE);      // a keyed statement, no own values
 *
 * The values may use only what is known before the key is checked: the
 * global parameters (c->username, c->course_param, ...), the campus, the
 * configuration and the action's declared parameters (c->args: read before
 * the key check for such an action; when one is refused, nothing is
 * planned). Not c->user, not c->course. The dispatcher sends the statement
 * with the key check in one round trip, or, for a keyed statement, alone in
 * place of the key check; the handler reads it with call_prefetched(c),
 * without restating anything. A write action cannot prefetch (its
 * statements belong to its transaction). */
#define ACTION_PREFETCH(action, statement_, ...)                                                     \
    static bool action##_prefetch_plan(api_call *c, call_plan *p)                              \
    {                                                                                          \
        const char *const planned_[] = {NULL, __VA_ARGS__}; /* [0]: none may be planned */     \
        _Static_assert(sizeof planned_ / sizeof planned_[0] - 1 <= PLAN_MAX_VALUES,             \
                       "too many prefetched values");                                          \
        return call_plan_set(c, p, &(statement_), planned_ + 1,                                \
                             (int)(sizeof planned_ / sizeof planned_[0]) - 1);                 \
    }                                                                                          \
    bool (*const action_##action##_prefetch)(api_call *, call_plan *) = action##_prefetch_plan

/*
 * The course tool an action works in (30-courses.md §1.8), declared beside
 * its handler:
 *
 *   ACTION_TOOL(course_documents, TOOL_DOCUMENT);
 *
 * The dispatcher records the caller's access to it (never the handler):
 * once the handler has run in a course context, unless it refused with
 * call_refuse, it upserts track_e_lastaccess (user, course, session, tool)
 * and, when the Referer is a page of the course (WEB_COURSE_PATH + its
 * directory) or the campus's index (WEB_PATH + "index"), compared without
 * case, inserts a track_e_access row with the tool; both with the call's
 * other tracking, behind the answer (bookkeeping_rows.c). An action
 * without a declaration records no tool.
 */
typedef enum course_tool {
    TOOL_NONE,
    TOOL_COURSE_DESCRIPTION,
    TOOL_DOCUMENT,
    TOOL_ANNOUNCEMENT,
    TOOL_CALENDAR_EVENT,
    TOOL_NOTEBOOK,
    TOOL_FORUM,
    TOOL_LEARNPATH,
    TOOL_LINK,
    TOOL_STUDENT_PUBLICATION,
    TOOL_QUIZ,
} course_tool;

#define ACTION_TOOL(action, tool_) const course_tool action_##action##_tool = (tool_)

/*
 * A read statement that carries the API key check: one statement, one
 * executor start and one round trip for the whole call. For a read action
 * whose first statement starts from the caller's own row ("user" u), which
 * is the case of every "my ..." action (profile, messages, courses):
 *
 *     DB_KEYED_STATEMENT(SQL_PROFILE, "user_profile.get", 0,
 *         "u.firstname, u.lastname, x.value",                 // the action's columns
 *         "LEFT JOIN extra_field_values x ON x.item_id = u.id", // joined to u
 *         "ORDER BY x.id");                                   // after the WHERE
 *     ACTION_PREFETCH(user_profile, SQL_PROFILE);
 *
 * The statement is SELECT <key check columns>, <columns> FROM "user" u
 * <joins> WHERE <u is the caller> <rest>. $1 and $2 are the key check's
 * (the caller's username, the campus whose membership counts); the
 * action's own values are $3, $4, ... (own_params of them), and its
 * ACTION_PREFETCH gives only those. Its columns come after
 * KEY_CHECK_COLUMN_COUNT; read them by name (the key check's are named
 * key_*).
 *
 * Contract: the statement returns at least one row when the caller exists
 * (join with LEFT JOIN; one that returns none is still answered right, but
 * costs the key check a second round trip), and the first of its own
 * columns is NULL only on the caller's row alone, which stands for an
 * empty list: call_prefetched() does not count that row, so no handler
 * tests for it. A keyed statement is always its action's prefetch. When the
 * call names a course or session (their context is checked with the key),
 * the key check runs on its own and the keyed columns are ignored.
 */
#define KEY_CHECK_PARAMS 2
#define CALL_MAX_VALUES 32 /* the most values a keyed statement is sent with */
#define KEY_CHECK_COLUMN_COUNT 10
#define KEY_CHECK_COLUMNS                                                                      \
    "u.id AS key_user_id, u.username AS key_username, u.status AS key_status,"                 \
    " u.active AS key_active,"                                                                 \
    " u.expiration_date IS NOT NULL AND u.expiration_date <= LOCALTIMESTAMP AS key_expired,"   \
    " (SELECT k.api_key FROM user_api_key k"                                                   \
    "   WHERE k.user_id = u.id AND k.api_service = 'MsgREST' ORDER BY k.id LIMIT 1)"           \
    "   AS key_api_key,"                                                                       \
    " EXISTS (SELECT 1 FROM admin a WHERE a.user_id = u.id) AS key_is_admin,"                  \
    " $2::int = 0 OR EXISTS (SELECT 1 FROM access_url_rel_user m"                              \
    "                        WHERE m.user_id = u.id AND m.access_url_id = $2::int)"            \
    "   AS key_url_member,"                                                                    \
    " u.language AS key_language,"                                                             \
    " (SELECT v.value FROM extra_field f"                                                      \
    "    JOIN extra_field_values v ON v.field_id = f.id AND v.item_id = u.id"                  \
    "   WHERE f.extra_field_type = 1 AND lower(f.variable) = 'timezone'"                       \
    "   ORDER BY f.id LIMIT 1) AS key_timezone"
#define KEY_CHECK_CALLER "lower(u.username) = lower($1)"

#define DB_KEYED_STATEMENT(var, name_, own_params_, columns_, joins_, rest_)                    \
    static db_stmt var = {.name = (name_),                                                     \
                          .sql = "SELECT " KEY_CHECK_COLUMNS ", " columns_                     \
                                 " FROM \"user\" u " joins_ " WHERE " KEY_CHECK_CALLER " " rest_, \
                          .nparams = KEY_CHECK_PARAMS + (own_params_),                         \
                          .slot = -1,                                                          \
                          .carries_key_check = true};                                          \
    DB_REGISTER(var)

/* Column value of row, NULL for SQL NULL. */
static inline const char *sql_value(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* A PostgreSQL text[] literal of items ({"a","b\\"c"}), to pass a list as
 * one parameter ($1::text[]). NULL on OOM. */
const char *sql_text_array(api_call *c, const char *const *items, size_t count);

/* ---- small helpers ---- */

/* Decimal text of n in the arena (NULL on OOM, recorded in the call). */
const char *call_itoa(api_call *c, int64_t n);

/* The time zone of the call's dates (api_get_timezone, 30-courses.md
 * §1.6): the caller's own zone when use_users_timezone is on and the
 * caller has one, else timezone_value ("" = UTC). Dates are printed in it
 * and dates a client sends are read in it (core/chamilo_date.h). */
const char *call_timezone(const api_call *c);

#endif
