/*
 * create_session_from_model - a new session copied from a template session
 * (40-sessions-campuses.md §5). Administrators only; one transaction.
 *
 * Request bag (POST body): modelSessionId (also model_session_id, the
 * spelling of the wiki's example), sessionName, startDate, endDate ("Y-m-d
 * H:i[:s]": access, display and coach dates), extraFields (variable =>
 * value), duplicateAgendaContent (1/true/on/yes). Missing ones: "No data
 * available"; no such model: "The template session does not exist."; the
 * checks of save_session answer as errors here.
 *
 * Copied from the model: coach, category, visibility, duration (a duration
 * session gets no dates), description, show_description, session admin,
 * subscription notification, promotion, extra field values (extraFields
 * win), courses with their positions, and with duplicateAgendaContent the
 * course agenda events of the model session, shifted by the difference of
 * the two start dates. Answers [<new session id>].
 */
#include <stdlib.h>
#include <string.h>

#include "actions/sessions/session_create.h"
#include "api/action.h"
#include "model/session_columns.h"
#include "model/session_extra.h"
#include "model/session_membership.h"

ACTION_ABOUT(create_session_from_model, "Create a session copied from a template session",
    "40-sessions-campuses.md §5",
    "Creates the session `sessionName` with new dates from the template session "
    "`modelSessionId`: its coach, category, visibility, description, extra field values, courses "
    "and, with `duplicateAgendaContent`, its agenda events, and answers its id.");

enum { ARG_MODEL, ARG_MODEL_WIKI, ARG_NAME, ARG_START, ARG_END, ARG_EXTRA, ARG_AGENDA };
ACTION_PARAMS(create_session_from_model,
    [ARG_MODEL] = {"modelSessionId", FROM_REQUEST_BAG, PK_INT, P_SCALAR},
    [ARG_MODEL_WIKI] = {"model_session_id", FROM_REQUEST_BAG, PK_INT, P_SCALAR},
    [ARG_NAME] = {"sessionName", FROM_REQUEST_BAG, PK_STRING, P_SCALAR, SESSION_NAME_CHARS},
    [ARG_START] = {"startDate", FROM_REQUEST_BAG, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_END] = {"endDate", FROM_REQUEST_BAG, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_EXTRA] = {"extraFields", FROM_REQUEST_BAG, PK_ANY},
    [ARG_AGENDA] = {"duplicateAgendaContent", FROM_REQUEST_BAG, PK_FILTER_BOOL});

DB_STATEMENT(SQL_MODEL, "create_session_from_model.model", 1,
    "SELECT COALESCE(id_coach, 0) AS id_coach, COALESCE(session_category_id, 0) AS category,"
    "       visibility, COALESCE(duration, 0) AS duration, description,"
    "       COALESCE(show_description, 0) AS show_description,"
    "       COALESCE(session_admin_id, 0) AS admin_id, send_subscription_notification,"
    "       COALESCE(promotion_id, 0) AS promotion_id"
    "  FROM session WHERE id = $1::int");

/* $1 the model, $2 the new session. */
DB_STATEMENT(SQL_PROMOTION, "create_session_from_model.promotion", 2,
    "UPDATE session SET promotion_id = m.promotion_id FROM session m"
    " WHERE session.id = $2::int AND m.id = $1::int");

DB_STATEMENT(SQL_MODEL_COURSES, "create_session_from_model.courses", 1,
    "SELECT c_id FROM session_rel_course WHERE session_id = $1::int ORDER BY position, c_id");

DB_STATEMENT(SQL_POSITIONS, "create_session_from_model.positions", 2,
    "UPDATE session_rel_course n SET position = m.position FROM session_rel_course m"
    " WHERE m.session_id = $1::int AND n.session_id = $2::int AND n.c_id = m.c_id"
    "   AND n.position <> m.position");

/* The model session's events of the new session's courses, shifted by the
 * difference of the start dates, each with its agenda item property. $3
 * the caller. Returns whether both sessions have a start date. */
DB_STATEMENT(SQL_COPY_AGENDA, "create_session_from_model.agenda", 3,
    "WITH shift AS (SELECT n.access_start_date - m.access_start_date AS d"
    "   FROM session m, session n WHERE m.id = $1::int AND n.id = $2::int),"
    " copied AS (INSERT INTO c_calendar_event (c_id, title, content, start_date, end_date,"
    "     session_id, all_day, comment, color, room_id)"
    "   SELECT e.c_id, e.title, e.content, e.start_date + shift.d, e.end_date + shift.d, $2::int,"
    "          e.all_day, e.comment, e.color, e.room_id"
    "     FROM c_calendar_event e"
    "     JOIN session_rel_course src ON src.c_id = e.c_id AND src.session_id = $2::int"
    "     CROSS JOIN shift"
    "    WHERE e.session_id = $1::int AND shift.d IS NOT NULL"
    "    ORDER BY e.iid RETURNING iid, c_id),"
    " properties AS (INSERT INTO c_item_property (c_id, insert_user_id, session_id, tool, ref,"
    "     lastedit_type, lastedit_user_id, visibility)"
    "   SELECT c_id, $3::int, $2::int, 'calendar_event', iid, 'AgendaAdded', $3::int, 1"
    "     FROM copied)"
    " SELECT (SELECT d IS NOT NULL FROM shift) AS shifted");

DB_STATEMENT(SQL_AGENDA_IDS, "create_session_from_model.agenda_ids", 1,
    "UPDATE c_calendar_event SET id = iid WHERE session_id = $1::int AND id IS NULL");

static bool php_nonempty(const api_arg *a)
{
    return a->s && a->len && !(a->len == 1 && a->s[0] == '0');
}

static int column_int(const PGresult *r, const char *name)
{
    return (int)strtol(PQgetvalue(r, 0, PQfnumber(r, name)), NULL, 10);
}

/* The model's courses, at the model's positions. */
static bool copy_courses(api_call *c, const char *model, int64_t session_id, const char *session)
{
    PGresult *r = call_sql(c, &SQL_MODEL_COURSES, model);
    if (!r)
        return false;
    int n = PQntuples(r);
    if (n == 0)
        return true;
    int64_t *ids = arena_calloc(c->arena, (size_t)n, sizeof *ids);
    if (!ids)
        return call_fail_oom(c), false;
    for (int row = 0; row < n; row++)
        ids[row] = strtoll(PQgetvalue(r, row, 0), NULL, 10);
    bool exists;
    return session_set_courses(c, session_id, ids, (size_t)n, false, &exists) &&
           call_sql(c, &SQL_POSITIONS, model, session) != NULL;
}

ACTION_ANSWER(create_session_from_model, A_NOTE("[the new session's id]", A_LIST(A_INT)));

action_result action_create_session_from_model(api_call *c)
{
    int64_t model_id = c->args[ARG_MODEL].i ? c->args[ARG_MODEL].i : c->args[ARG_MODEL_WIKI].i;
    if (!model_id || !php_nonempty(&c->args[ARG_NAME]) || !php_nonempty(&c->args[ARG_START]) ||
        !php_nonempty(&c->args[ARG_END]))
        return call_fail(c, MSG_NoData);
    const char *model = call_itoa(c, model_id);
    if (!model)
        return ACTION_FAILED;
    PGresult *m = call_sql(c, &SQL_MODEL, model);
    if (!m)
        return ACTION_FAILED;
    if (PQntuples(m) == 0)
        return call_fail(c, MSG_TheTemplateSessionDoesNotExist);

    int duration = column_int(m, "duration");
    session_fields f = {
        .name = c->args[ARG_NAME].s,
        .start = c->args[ARG_START].s,
        .end = c->args[ARG_END].s,
        .coach_dates = true,
        .no_dates = duration != 0,
        .description = sql_value(m, 0, PQfnumber(m, "description")),
        .coach_id = column_int(m, "id_coach"),
        .admin_id = column_int(m, "admin_id"),
        .category_id = column_int(m, "category"),
        .visibility = column_int(m, "visibility"),
        .show_description = column_int(m, "show_description"),
        .duration = duration,
        .send_subscription_notification = column_int(m, "send_subscription_notification"),
        .url_id = c->cfg->multiple_access_urls ? c->url_id : 1,
    };
    const char *problem;
    int64_t id = session_create(c, &f, &problem);
    if (id < 0)
        return ACTION_FAILED;
    if (id == 0)
        return call_fail(c, problem);
    const char *session = call_itoa(c, id);
    const php_value *extra = c->args[ARG_EXTRA].raw;
    if (!session || !session_extra_save(c, session, NULL, "", false) ||
        !session_extra_copy(c, model, session) ||
        (extra && extra->kind == PHP_ARRAY && !session_extra_save(c, session, extra, "", true)))
        return ACTION_FAILED;
    if (column_int(m, "promotion_id") && !call_sql(c, &SQL_PROMOTION, model, session))
        return ACTION_FAILED;
    if (!copy_courses(c, model, id, session))
        return ACTION_FAILED;
    if (c->args[ARG_AGENDA].i) {
        PGresult *copied = call_sql(c, &SQL_COPY_AGENDA, model, session, c->user->id_text);
        if (!copied || !call_sql(c, &SQL_AGENDA_IDS, session))
            return ACTION_FAILED;
        if (PQgetvalue(copied, 0, 0)[0] != 't')
            return call_fail(c, MSG_AgendaNeedsStartDates);
    }
    call_event(c, "session_id", session, -1);
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_int(c, id));
    return call_ok(c, data);
}
