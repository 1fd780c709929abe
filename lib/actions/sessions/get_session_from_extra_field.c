/*
 * get_session_from_extra_field - the id of the session an extra-field
 * value names (40-sessions-campuses.md §6). Any key.
 *
 * POST field_name, field_value (session_by_extra_field.h). Answers
 * [<session id>], a number.
 */
#include "actions/sessions/session_by_extra_field.h"
#include "api/action.h"

ACTION_ABOUT(get_session_from_extra_field, "The session a session extra field value names",
    "40-sessions-campuses.md §6",
    "Answers the id of the session whose session extra field `field_name` has the value "
    "`field_value`.");

SESSION_BY_EXTRA_FIELD_PARAMS(get_session_from_extra_field);

DB_STATEMENT(SQL_LOOKUP, "get_session_from_extra_field.lookup", 2, SESSION_BY_EXTRA_FIELD_SQL);
ACTION_PREFETCH(get_session_from_extra_field, SQL_LOOKUP, SESSION_BY_EXTRA_FIELD_PLAN);

ACTION_ANSWER(get_session_from_extra_field, A_NOTE("[the session's id]", A_LIST(A_INT)));

action_result action_get_session_from_extra_field(api_call *c)
{
    const char *id = session_by_extra_field(c, call_prefetched(c));
    if (!id)
        return ACTION_FAILED;
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_value(c, FK_INT, id));
    return call_ok(c, data);
}
