/*
 * get_session_info_from_extra_field - the session an extra-field value
 * names, with its dates and filter extra fields (40-sessions-campuses.md
 * §14.1). Any key.
 *
 * POST field_name, field_value (session_by_extra_field.h). Answers
 * [{"id": int, "name", "access_start_date", "access_end_date" (UTC, or
 * null), "extra_fields": [{"value", "variable", "display_text"}]}] with
 * the session's values of the session fields marked filter = 1.
 */
#include <string.h>

#include "actions/sessions/session_by_extra_field.h"
#include "api/action.h"

ACTION_ABOUT(get_session_info_from_extra_field,
    "The session a session extra field value names, with its dates",
    "40-sessions-campuses.md §14.1",
    "Answers the session whose session extra field `field_name` has the value `field_value`, "
    "with its access dates and filter extra fields.");

SESSION_BY_EXTRA_FIELD_PARAMS(get_session_info_from_extra_field);

DB_STATEMENT(SQL_LOOKUP, "get_session_info_from_extra_field.lookup", 2,
             SESSION_BY_EXTRA_FIELD_SQL);
ACTION_PREFETCH(get_session_info_from_extra_field, SQL_LOOKUP, SESSION_BY_EXTRA_FIELD_PLAN);

/* One row per filter extra value (one row with NULL value columns when
 * none); no row when the session is gone. */
DB_STATEMENT(SQL_SESSION, "get_session_info_from_extra_field.session", 1,
    "SELECT s.id, s.name, s.access_start_date, s.access_end_date,"
    "       x.value, x.variable, x.display_text"
    "  FROM session s"
    "  LEFT JOIN LATERAL (SELECT v.value, f.variable, f.display_text, f.id AS field_id"
    "                       FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
    "                      WHERE v.item_id = s.id AND f.extra_field_type = 3 AND f.filter = 1) x"
    "    ON true"
    " WHERE s.id = $1::int ORDER BY x.field_id");

static const json_field SESSION[] = {
    {"id", "id", FK_INT},
    {"name", "name", FK_STRING},
    {"access_start_date", "access_start_date", FK_STRING},
    {"access_end_date", "access_end_date", FK_STRING},
};

static const json_field EXTRA_FIELD[] = {
    {"value", "value", FK_STRING},
    {"variable", "variable", FK_STRING},
    {"display_text", "display_text", FK_STRING},
};

ACTION_ANSWER(get_session_info_from_extra_field,
              A_LIST(A_ROW_WITH(SESSION, A_KEY("extra_fields", A_LIST(A_ROW(EXTRA_FIELD))))));

action_result action_get_session_info_from_extra_field(api_call *c)
{
    const char *id = session_by_extra_field(c, call_prefetched(c));
    if (!id)
        return ACTION_FAILED;
    PGresult *r = call_sql(c, &SQL_SESSION, id);
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) == 0)
        return call_fail(c, MSG_NoSessionMatched);
    struct json_object *session = reply_row(c, r, 0, FIELDS(SESSION));
    struct json_object *fields = reply_array(c);
    int variable = PQfnumber(r, "variable");
    for (int row = 0; row < PQntuples(r) && !call_failed(c); row++)
        if (!PQgetisnull(r, row, variable))
            reply_push(c, fields, reply_row(c, r, row, FIELDS(EXTRA_FIELD)));
    reply_set(c, session, "extra_fields", fields);
    struct json_object *data = reply_array(c);
    reply_push(c, data, session);
    return call_ok(c, data);
}
