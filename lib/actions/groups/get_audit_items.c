/*
 * get_audit_items - the event log (track_e_default) by event type, for
 * administrators (25-groups-audit.md §4) [1.11.32].
 *
 * POST event_type, required (PHP-empty answers "event_type is required"),
 * compared as MySQL does (case-insensitive, trailing spaces ignored, no
 * wildcards). Filters, each only when PHP-truthy: c_id, session_id,
 * user_id (the acting user), as PHP (int). after_date and before_date
 * ("Y-m-d", "Y-m-d H:i" or "Y-m-d H:i:s", UTC) bound default_date,
 * inclusive; an empty string is a bound too, as MySQL reads it (the zero
 * date): every dated row after it, none before it. offset (default 0) and
 * limit (default 100; a falsy limit is 100, "abc" is 0). Answers a list,
 * newest first and, within a second, in the order the rows were written,
 * of {"user_id", "c_id", "date", "event_type", "value_type", "value",
 * "session_id"} (integer columns: numbers under PHP 8); values as stored.
 * Event after the read: success = "true".
 *
 * Rows are the bookkeeping's: a read call's own events are written behind
 * its answer, within bookkeeping_flush_ms (docs/compat.md).
 */
#include "api/action.h"

ACTION_ABOUT(get_audit_items, "The event log by event type", "25-groups-audit.md §4",
    "Lists the platform's event log entries of `event_type`, newest first, filtered by course, "
    "session, user and dates, a page at a time (`offset`, `limit`).");

enum { ARG_EVENT_TYPE, ARG_C_ID, ARG_SESSION_ID, ARG_USER_ID, ARG_AFTER, ARG_BEFORE, ARG_OFFSET,
       ARG_LIMIT };
ACTION_PARAMS(get_audit_items,
    [ARG_EVENT_TYPE] = {"event_type", FROM_POST, PK_STRING, P_SCALAR},
    [ARG_C_ID] = {"c_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_SESSION_ID] = {"session_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_USER_ID] = {"user_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_AFTER] = {"after_date", FROM_POST, PK_DATE, P_SCALAR},
    [ARG_BEFORE] = {"before_date", FROM_POST, PK_DATE, P_SCALAR},
    [ARG_OFFSET] = {"offset", FROM_POST, PK_INT, P_SCALAR | P_INT64},
    [ARG_LIMIT] = {"limit", FROM_POST, PK_INT, P_SCALAR | P_INT64});

/* $1 event type; $2 c_id, $3 session_id, $4 user, $5 after, $6 before
 * (NULL: no filter); $7 offset, $8 limit. Two branches, of which the
 * one-time filter on $4 runs one: without a user, the rows of the type
 * through the index on (lower(default_event_type), default_date DESC NULLS
 * LAST, default_id), in answer order; with a user, the user's rows through
 * the index on (default_user_id, default_date), sorted (one generic plan
 * for both walked every row of the type, 0.8 s for 1,250,000 rows, to find
 * a user's few). Every row shares the type, so date and id order them. */
#define AUDIT_ITEM_FILTERS                                                                      \
    " lower(default_event_type) = lower(rtrim($1, ' '))"                                      \
    "   AND ($2::int IS NULL OR c_id = $2::int)"                                              \
    "   AND ($3::int IS NULL OR session_id = $3::int)"                                        \
    "   AND ($5::timestamp IS NULL OR default_date >= $5::timestamp)"                         \
    "   AND ($6::timestamp IS NULL OR default_date <= $6::timestamp)"
#define AUDIT_ITEM_COLUMNS                                                                      \
    "SELECT default_user_id AS user_id, c_id,"                                                \
    "       to_char(default_date, 'YYYY-MM-DD HH24:MI:SS') AS date,"                           \
    "       default_event_type AS event_type, default_value_type AS value_type,"               \
    "       default_value AS value, session_id, default_date, default_id"                     \
    "  FROM track_e_default"
#define AUDIT_ITEM_ORDER                                                                        \
    " ORDER BY lower(default_event_type), default_date DESC NULLS LAST, default_id"           \
    " OFFSET $7::bigint LIMIT $8::bigint"
DB_STATEMENT(SQL_ITEMS, "get_audit_items.list", 8,
    "SELECT user_id, c_id, date, event_type, value_type, value, session_id FROM ("
    " (" AUDIT_ITEM_COLUMNS " WHERE $4::int IS NULL AND" AUDIT_ITEM_FILTERS AUDIT_ITEM_ORDER ")"
    " UNION ALL"
    " (" AUDIT_ITEM_COLUMNS " WHERE default_user_id = $4::int AND" AUDIT_ITEM_FILTERS
    AUDIT_ITEM_ORDER ")) items"
    " ORDER BY default_date DESC NULLS LAST, default_id");

static const json_field ITEM[] = {
    {"user_id", "user_id", FK_COLUMN_INT},
    {"c_id", "c_id", FK_COLUMN_INT},
    {"date", "date", FK_STRING},
    {"event_type", "event_type", FK_STRING},
    {"value_type", "value_type", FK_STRING},
    {"value", "value", FK_STRING},
    {"session_id", "session_id", FK_COLUMN_INT},
};

#define DEFAULT_LIMIT 100

/* A filter's value: the (int) of a truthy parameter, else NULL. */
static const char *filter(api_call *c, int arg)
{
    return c->args[arg].present ? call_itoa(c, c->args[arg].i) : NULL;
}

/* A date bound: the date sent, "-infinity" for an empty string (MySQL's
 * zero date), NULL when absent. */
static const char *bound(const api_call *c, int arg)
{
    const api_arg *a = &c->args[arg];
    if (!a->raw)
        return NULL;
    return a->present ? a->s : "-infinity";
}

static int64_t offset_of(const api_call *c)
{
    return c->args[ARG_OFFSET].present ? c->args[ARG_OFFSET].i : 0;
}

static int64_t limit_of(const api_call *c)
{
    return c->args[ARG_LIMIT].present ? c->args[ARG_LIMIT].i : DEFAULT_LIMIT;
}

/* Planned before the checks: a negative offset or limit, refused by the
 * handler, is planned as 0 so that the plan itself cannot fail. */
ACTION_PREFETCH(get_audit_items, SQL_ITEMS,
                c->args[ARG_EVENT_TYPE].s ? c->args[ARG_EVENT_TYPE].s : "",
                filter(c, ARG_C_ID), filter(c, ARG_SESSION_ID), filter(c, ARG_USER_ID),
                bound(c, ARG_AFTER), bound(c, ARG_BEFORE),
                call_itoa(c, offset_of(c) < 0 ? 0 : offset_of(c)),
                call_itoa(c, limit_of(c) < 0 ? 0 : limit_of(c)));

ACTION_ANSWER(get_audit_items, A_LIST(A_ROW(ITEM)));

action_result action_get_audit_items(api_call *c)
{
    const api_arg *type = &c->args[ARG_EVENT_TYPE];
    if (!type->present || (type->len == 1 && type->s[0] == '0'))
        return call_fail(c, MSG_EventTypeRequired);
    if (offset_of(c) < 0)
        return call_fail_with(c, MSG_BadParameter, "offset");
    if (limit_of(c) < 0)
        return call_fail_with(c, MSG_BadParameter, "limit");
    sql_rows rows = call_prefetched(c);
    if (!rows.result)
        return ACTION_FAILED;
    struct json_object *data = reply_rows(c, rows.result, FIELDS(ITEM));
    call_event(c, "success", "true", -1);
    return call_ok(c, data);
}
