/*
 * get_users_subscribed_to_session - the members of a session
 * (40-sessions-campuses.md §12). Administrators only.
 *
 * POST id_session, move_info: both must be sent (PHP dies without them;
 * 0 is a value). Lists every session_rel_user
 * row of the session whose user belongs to the current campus or to none,
 * by relation type, then first and last name:
 *   [{"user_id", "username", "firstname", "lastname", "status"
 *     [, "moved_to", "moved_status", "moved_at" when move_info = 1]}]
 */
#include "api/action.h"

ACTION_ABOUT(get_users_subscribed_to_session, "The members of a session",
    "40-sessions-campuses.md §12",
    "Lists the members of the session `id_session` with their relation; `move_info` 1 adds where "
    "they were moved.");

enum { ARG_ID_SESSION, ARG_MOVE_INFO };
ACTION_PARAMS(get_users_subscribed_to_session,
    [ARG_ID_SESSION] = {"id_session", FROM_POST, PK_INT, P_SCALAR},
    [ARG_MOVE_INFO] = {"move_info", FROM_POST, PK_INT, P_SCALAR});

/* $1 the session, $2 the campus. */
DB_STATEMENT(SQL_MEMBERS, "get_users_subscribed_to_session.list", 2,
    "SELECT u.id AS user_id, u.username, u.firstname, u.lastname, r.relation_type AS status,"
    "       r.moved_to, r.moved_status, r.moved_at"
    "  FROM session_rel_user r JOIN \"user\" u ON u.id = r.user_id"
    " WHERE r.session_id = $1::int"
    "   AND (EXISTS (SELECT 1 FROM access_url_rel_user m"
    "                 WHERE m.user_id = u.id AND m.access_url_id = $2::int)"
    "        OR NOT EXISTS (SELECT 1 FROM access_url_rel_user m WHERE m.user_id = u.id))"
    " ORDER BY r.relation_type, u.firstname, u.lastname, u.id");
ACTION_PREFETCH(get_users_subscribed_to_session, SQL_MEMBERS,
                call_itoa(c, c->args[ARG_ID_SESSION].i), c->url_id_text);

static const json_field MEMBER[] = {
    {"user_id", "user_id", FK_COLUMN_INT},
    {"username", "username", FK_STRING},
    {"firstname", "firstname", FK_STRING},
    {"lastname", "lastname", FK_STRING},
    {"status", "status", FK_COLUMN_INT},
};

static const json_field MEMBER_MOVED[] = {
    {"user_id", "user_id", FK_COLUMN_INT},
    {"username", "username", FK_STRING},
    {"firstname", "firstname", FK_STRING},
    {"lastname", "lastname", FK_STRING},
    {"status", "status", FK_COLUMN_INT},
    {"moved_to", "moved_to", FK_COLUMN_INT},
    {"moved_status", "moved_status", FK_COLUMN_INT},
    {"moved_at", "moved_at", FK_STRING},
};

ACTION_ANSWER(get_users_subscribed_to_session,
              A_LIST(A_ONE_OF(A_ROW(MEMBER), A_NOTE("move_info = 1", A_ROW(MEMBER_MOVED)))));

action_result action_get_users_subscribed_to_session(api_call *c)
{
    for (int arg = ARG_ID_SESSION; arg <= ARG_MOVE_INFO; arg++)
        if (!c->args[arg].raw)
            return call_fail_with(c, MSG_BadParameter,
                                  arg == ARG_ID_SESSION ? "id_session" : "move_info");
    const char *session = call_itoa(c, c->args[ARG_ID_SESSION].i);
    if (!session)
        return ACTION_FAILED;
    call_event(c, "session_id", session, -1);
    sql_rows found = call_prefetched(c);
    if (!found.result)
        return ACTION_FAILED;
    if (c->args[ARG_MOVE_INFO].i == 1)
        return call_ok(c, reply_rows(c, found.result, FIELDS(MEMBER_MOVED)));
    return call_ok(c, reply_rows(c, found.result, FIELDS(MEMBER)));
}
