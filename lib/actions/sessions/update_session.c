/*
 * update_session - changes a session (40-sessions-campuses.md §4).
 * Administrators only; one transaction.
 *
 * POST session_id (required: "No data available" when it names no
 * session), reset, the columns below, extra[extra_<variable>]. Without
 * reset only the columns sent non-empty change (so 0 and "" cannot be
 * set); with reset (PHP truthiness: "false" is true) every column is
 * written, those not sent as NULL. The access dates must be exactly
 * "Y-m-d H:i[:s]" and in order ("Invalid date"); the other dates become
 * NULL when they are no date. A non-empty extra saves the session extra
 * fields (§10: the fields not sent become ""). A name another session has:
 * "Session name already exists" (PHP: the unique index's SQL error). Answers
 * {"status":true,"message":"Update successful","id_session": session_id
 * as sent}.
 */
#include <string.h>

#include "actions/sessions/session_create.h"
#include "api/action.h"
#include "model/session_columns.h"
#include "model/session_extra.h"

ACTION_ABOUT(update_session, "Change a session", "40-sessions-campuses.md §4",
    "Changes the session `session_id`: the columns sent non-empty, or with `reset` every column, "
    "and its session extra field values.");

/* The columns, in the statement's order ($3 ...). */
enum {
    ARG_NAME, ARG_ID_COACH, ARG_CATEGORY, ARG_DESCRIPTION, ARG_SHOW_DESCRIPTION, ARG_DURATION,
    ARG_VISIBILITY, ARG_PROMOTION, ARG_DISPLAY_START, ARG_DISPLAY_END, ARG_ACCESS_START,
    ARG_ACCESS_END, ARG_COACH_START, ARG_COACH_END, ARG_SEND_NOTIFICATION,
    COLUMN_COUNT,
    ARG_SESSION_ID = COLUMN_COUNT, ARG_RESET, ARG_EXTRA
};
ACTION_PARAMS(update_session,
    [ARG_NAME] = {"name", FROM_POST, PK_STRING, P_SCALAR, SESSION_NAME_CHARS},
    [ARG_ID_COACH] = {"id_coach", FROM_POST, PK_INT, P_SCALAR},
    [ARG_CATEGORY] = {"session_category_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_DESCRIPTION] = {"description", FROM_POST, PK_STRING, P_SCALAR},
    [ARG_SHOW_DESCRIPTION] = {"show_description", FROM_POST, PK_INT, P_SCALAR},
    [ARG_DURATION] = {"duration", FROM_POST, PK_INT, P_SCALAR},
    [ARG_VISIBILITY] = {"visibility", FROM_POST, PK_INT, P_SCALAR},
    [ARG_PROMOTION] = {"promotion_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_DISPLAY_START] = {"display_start_date", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_DISPLAY_END] = {"display_end_date", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_ACCESS_START] = {"access_start_date", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_ACCESS_END] = {"access_end_date", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_COACH_START] = {"coach_access_start_date", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_COACH_END] = {"coach_access_end_date", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_SEND_NOTIFICATION] = {"send_subscription_notification", FROM_POST, PK_INT, P_SCALAR},
    [ARG_SESSION_ID] = {"session_id", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_RESET] = {"reset", FROM_POST, PK_BOOL},
    [ARG_EXTRA] = {"extra", FROM_POST, PK_ANY});

static const char *const COLUMNS[COLUMN_COUNT] = {
    "name", "id_coach", "session_category_id", "description", "show_description", "duration",
    "visibility", "promotion_id", "display_start_date", "display_end_date", "access_start_date",
    "access_end_date", "coach_access_start_date", "coach_access_end_date",
    "send_subscription_notification",
};

DB_STATEMENT(SQL_LOCK, "update_session.lock", 1,
    "SELECT id FROM session WHERE id = $1::int FOR UPDATE");

/* $1 the session, $2 the columns to write (text[]), $3.. their values. */
#define SET(col, n, type)                                                                      \
    " " col " = CASE WHEN '" col "' = ANY($2::text[]) THEN $" #n "::" type " ELSE " col " END"
DB_STATEMENT(SQL_UPDATE, "update_session.update", 17,
    "UPDATE session SET" SET("name", 3, "text") "," SET("id_coach", 4, "int") ","
    SET("session_category_id", 5, "int") "," SET("description", 6, "text") ","
    SET("show_description", 7, "smallint") "," SET("duration", 8, "int") ","
    SET("visibility", 9, "int") "," SET("promotion_id", 10, "int") ","
    SET("display_start_date", 11, "timestamp") "," SET("display_end_date", 12, "timestamp") ","
    SET("access_start_date", 13, "timestamp") "," SET("access_end_date", 14, "timestamp") ","
    SET("coach_access_start_date", 15, "timestamp") ","
    SET("coach_access_end_date", 16, "timestamp") ","
    SET("send_subscription_notification", 17, "smallint")
    " WHERE id = $1::int AND NOT ('name' = ANY($2::text[]) AND EXISTS (SELECT 1 FROM session o"
    "   WHERE lower(o.name) = lower($3::text) AND o.id <> $1::int))"
    " RETURNING id");

static bool is_date_column(int col)
{
    return col >= ARG_DISPLAY_START && col <= ARG_COACH_END;
}

ACTION_ANSWER(update_session, A_OBJECT(A_KEY("status", A_BOOL), A_KEY("message", A_TEXT),
                                       A_KEY("id_session", A_NOTE("as sent", A_TEXT))));

action_result action_update_session(api_call *c)
{
    const api_arg *given_id = &c->args[ARG_SESSION_ID];
    int64_t session = given_id->s ? php_intval(given_id->raw) : 0;
    const char *session_id = call_itoa(c, session);
    if (!session_id)
        return ACTION_FAILED;
    PGresult *found = session > 0 ? call_sql(c, &SQL_LOCK, session_id) : NULL;
    if (session > 0 && !found)
        return ACTION_FAILED;
    if (!found || PQntuples(found) == 0)
        return call_fail(c, MSG_NoData);

    /* The access dates: exact, and in order. */
    const api_arg *start = &c->args[ARG_ACCESS_START], *end = &c->args[ARG_ACCESS_END];
    const char *values[COLUMN_COUNT] = {0}, *set[COLUMN_COUNT];
    for (int col = ARG_ACCESS_START; col <= ARG_ACCESS_END; col++)
        if (c->args[col].present && !(values[col] = session_exact_datetime(c, c->args[col].s)))
            return call_fail(c, MSG_InvalidDate);
    if (start->present && end->present && strcmp(start->s, end->s) >= 0)
        return call_fail(c, MSG_InvalidDate);

    bool reset = c->args[ARG_RESET].i != 0;
    size_t count = 0;
    for (int col = 0; col < COLUMN_COUNT; col++) {
        const api_arg *a = &c->args[col];
        bool sent = a->present && !(a->s && strcmp(a->s, "0") == 0);
        if (!sent && !reset)
            continue;
        set[count++] = COLUMNS[col];
        if (!sent && col == ARG_VISIBILITY)
            values[col] = "0"; /* PHP casts an absent visibility */
        if (!sent || values[col])
            continue;
        if (is_date_column(col))
            values[col] = session_date(c, a->s, false); /* NULL: not a date */
        else
            values[col] = a->s ? a->s : call_itoa(c, a->i);
    }
    if (count) {
        PGresult *updated = call_sql(c, &SQL_UPDATE, session_id, sql_text_array(c, set, count),
                                     values[0], values[1], values[2], values[3], values[4],
                                     values[5], values[6], values[7], values[8], values[9],
                                     values[10], values[11], values[12], values[13], values[14]);
        if (!updated)
            return ACTION_FAILED;
        if (PQntuples(updated) == 0) /* the row is locked: only the name can stop it */
            return call_fail(c, MSG_SessionNameAlreadyExists);
    }

    const php_value *extra = c->args[ARG_EXTRA].raw;
    if (c->args[ARG_EXTRA].present && extra->kind == PHP_ARRAY &&
        !session_extra_save(c, session_id, extra, "extra_", false))
        return ACTION_FAILED;
    call_event(c, "session_id", given_id->s, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, true));
    reply_set(c, data, "message", reply_str(c, call_text(c, MSG_UpdateSuccessful)));
    reply_set(c, data, "id_session", reply_str(c, given_id->s));
    return call_ok(c, data);
}
