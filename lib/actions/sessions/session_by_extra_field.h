/*
 * session_by_extra_field.h - the session an extra-field value names
 * (40-sessions-campuses.md §6, §14.1), shared by
 * get_session_from_extra_field and get_session_info_from_extra_field.
 *
 * POST field_name, field_value: both non-empty ("0" is empty), else "No
 * data available". The value matches as MySQL's collation compares
 * (case-insensitively, trailing spaces ignored); no session:
 * "No session matched."; two or more value rows: "More than one session
 * matched.".
 */
#ifndef CHAMILO_ACTIONS_SESSIONS_SESSION_BY_EXTRA_FIELD_H
#define CHAMILO_ACTIONS_SESSIONS_SESSION_BY_EXTRA_FIELD_H

#include "api/action.h"

enum { ARG_FIELD_NAME, ARG_FIELD_VALUE };
#define SESSION_BY_EXTRA_FIELD_PARAMS(action)                                                  \
    ACTION_PARAMS(action,                                                                      \
        [ARG_FIELD_NAME] = {"field_name", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP},           \
        [ARG_FIELD_VALUE] = {"field_value", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP})

/* The lookup, each action's prefetched statement ($1 name, $2 value): the
 * values of that session field, by item id, two at most. */
#define SESSION_BY_EXTRA_FIELD_SQL                                                             \
    "SELECT v.item_id FROM extra_field f JOIN extra_field_values v ON v.field_id = f.id"        \
    " WHERE f.extra_field_type = 3 AND lower(f.variable) = lower($1)"                           \
    "   AND lower(rtrim(v.value)) = lower(rtrim($2))"                                           \
    " ORDER BY v.item_id LIMIT 2"
#define SESSION_BY_EXTRA_FIELD_PLAN                                                            \
    c->args[ARG_FIELD_NAME].s ? c->args[ARG_FIELD_NAME].s : "",                                \
    c->args[ARG_FIELD_VALUE].s ? c->args[ARG_FIELD_VALUE].s : ""

/* The session's id (decimal) from the action's prefetched lookup `found`
 * (call_prefetched), after the parameters' checks, with the action's
 * event; NULL with the answer recorded (a message, or a failure). */
const char *session_by_extra_field(api_call *c, sql_rows found);

#endif
