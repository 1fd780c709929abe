/*
 * get_sessions - the sessions of a campus (40-sessions-campuses.md §2).
 * Administrators only.
 *
 * POST id_campus: the campus (PHP (int); 0 or absent: the current one);
 * get_extra_fields: non-empty and not "false" adds each session's values of
 * the session extra fields marked filter = 1. Only sessions with a general
 * coach and at least one course are listed, as PHP's inner joins do.
 * Answers [{"id", "name", "access_start_date", "access_end_date"
 *           [, "extra_fields": [{"value", "variable", "field_type", "id",
 *                                "display_text"}]]}], dates UTC as stored.
 */
#include <string.h>

#include "api/action.h"

ACTION_ABOUT(get_sessions, "The sessions of a campus", "40-sessions-campuses.md §2",
    "Lists the sessions of the campus `id_campus` that have a coach and a course, with their "
    "access dates and, with `get_extra_fields`, their filter extra fields.");

enum { ARG_ID_CAMPUS, ARG_GET_EXTRA_FIELDS };
ACTION_PARAMS(get_sessions,
    [ARG_ID_CAMPUS] = {"id_campus", FROM_POST, PK_INT, P_SCALAR},
    [ARG_GET_EXTRA_FIELDS] = {"get_extra_fields", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP});

/* $1 the campus, $2 whether the extra fields are wanted. One row per
 * (session, extra value); a session without values has one row with NULL
 * value columns. */
DB_STATEMENT(SQL_SESSIONS, "get_sessions.list", 2,
    "SELECT s.id, s.name, s.access_start_date, s.access_end_date,"
    "       x.value, x.variable, x.field_type, x.field_id, x.display_text"
    "  FROM access_url_rel_session us"
    "  JOIN session s ON s.id = us.session_id"
    "  JOIN \"user\" coach ON coach.id = s.id_coach"
    "  LEFT JOIN LATERAL (SELECT v.value, f.variable, f.field_type, f.id AS field_id, f.display_text"
    "                       FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
    "                      WHERE $2::bool AND v.item_id = s.id AND f.extra_field_type = 3"
    "                        AND f.filter = 1) x ON true"
    " WHERE us.access_url_id = $1::int"
    "   AND EXISTS (SELECT 1 FROM session_rel_course src JOIN course c ON c.id = src.c_id"
    "                WHERE src.session_id = s.id)"
    " ORDER BY s.id, x.field_id");

static const char *campus_of(api_call *c)
{
    int64_t given = c->args[ARG_ID_CAMPUS].i;
    return given ? call_itoa(c, given) : c->url_id_text;
}

static bool extra_fields_wanted(const api_call *c)
{
    const api_arg *flag = &c->args[ARG_GET_EXTRA_FIELDS];
    return flag->present && strcmp(flag->s, "0") != 0 && strcmp(flag->s, "false") != 0;
}

ACTION_PREFETCH(get_sessions, SQL_SESSIONS, campus_of(c), extra_fields_wanted(c) ? "t" : "f");

static const json_field SESSION[] = {
    {"id", "id", FK_COLUMN_INT},
    {"name", "name", FK_STRING},
    {"access_start_date", "access_start_date", FK_STRING},
    {"access_end_date", "access_end_date", FK_STRING},
};

static const json_field EXTRA_FIELD[] = {
    {"value", "value", FK_STRING},
    {"variable", "variable", FK_STRING},
    {"field_type", "field_type", FK_COLUMN_INT},
    {"id", "field_id", FK_COLUMN_INT},
    {"display_text", "display_text", FK_STRING},
};

ACTION_ANSWER(get_sessions,
              A_LIST(A_ROW_WITH(SESSION, A_KEY_OPT("extra_fields", A_LIST(A_ROW(EXTRA_FIELD))))));

action_result action_get_sessions(api_call *c)
{
    const char *campus = campus_of(c);
    if (!campus)
        return ACTION_FAILED;
    call_event(c, "id_campus", campus, -1);
    bool extra = extra_fields_wanted(c);
    sql_rows found = call_prefetched(c);
    const PGresult *r = found.result;
    if (!r)
        return ACTION_FAILED;
    int id = PQfnumber(r, "id"), field = PQfnumber(r, "field_id");
    struct json_object *data = reply_array(c), *fields = NULL;
    const char *current = NULL;
    for (int row = 0; row < found.count && !call_failed(c); row++) {
        if (!current || strcmp(current, PQgetvalue(r, row, id)) != 0) {
            current = PQgetvalue(r, row, id);
            struct json_object *session = reply_row(c, r, row, FIELDS(SESSION));
            if (extra) {
                fields = reply_array(c);
                reply_set(c, session, "extra_fields", fields);
            }
            reply_push(c, data, session);
        }
        if (extra && !PQgetisnull(r, row, field))
            reply_push(c, fields, reply_row(c, r, row, FIELDS(EXTRA_FIELD)));
    }
    return call_ok(c, data);
}
