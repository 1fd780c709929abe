/*
 * subscribe_user_to_session_from_username - subscribes one user, named by
 * login, to a session (40-sessions-campuses.md §11). Administrators only
 * (docs/compat.md: PHP lets users subscribe themselves); one transaction.
 *
 * POST sessionId, loginname: both non-empty, else "No data available";
 * then "Session not found.", "User not found." (the login, trimmed, must
 * name exactly one user, compared case-insensitively). The per-course rows
 * are read-only (visibility 1). Answers [true].
 */
#include <stdlib.h>

#include "api/action.h"
#include "model/session_membership.h"

ACTION_ABOUT(subscribe_user_to_session_from_username,
    "Subscribe a user, named by login, to a session",
    "40-sessions-campuses.md §11",
    "Subscribes the user whose login name is `loginname` to the session `sessionId` and its "
    "courses.");

enum { ARG_SESSION_ID, ARG_LOGINNAME };
ACTION_PARAMS(subscribe_user_to_session_from_username,
    [ARG_SESSION_ID] = {"sessionId", FROM_POST, PK_INT, P_SCALAR},
    [ARG_LOGINNAME] = {"loginname", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP});

DB_STATEMENT(SQL_SESSION_EXISTS, "subscribe_user_to_session_from_username.session", 1,
    "SELECT 1 FROM session WHERE id = $1::int");

/* The users with that login: exactly one must match. */
DB_STATEMENT(SQL_USER_BY_LOGIN, "subscribe_user_to_session_from_username.user", 1,
    "SELECT id FROM \"user\" WHERE lower(username) = lower(btrim($1)) LIMIT 2");

ACTION_ANSWER(subscribe_user_to_session_from_username, A_LIST(A_BOOL));

action_result action_subscribe_user_to_session_from_username(api_call *c)
{
    const api_arg *session = &c->args[ARG_SESSION_ID], *login = &c->args[ARG_LOGINNAME];
    if (!session->present || !login->present || (login->len == 1 && login->s[0] == '0'))
        return call_fail(c, MSG_NoData);
    const char *session_id = call_itoa(c, session->i);
    if (!session_id)
        return ACTION_FAILED;
    PGresult *found = call_sql(c, &SQL_SESSION_EXISTS, session_id);
    if (!found)
        return ACTION_FAILED;
    if (PQntuples(found) == 0)
        return call_fail(c, MSG_SessionNotFound);
    PGresult *user = call_sql(c, &SQL_USER_BY_LOGIN, login->s);
    if (!user)
        return ACTION_FAILED;
    if (PQntuples(user) != 1)
        return call_fail(c, MSG_UserNotFound);
    int64_t user_id = strtoll(PQgetvalue(user, 0, 0), NULL, 10);
    if (!session_subscribe_users(c, session->i, &user_id, 1, SESSION_COURSE_READ_ONLY))
        return ACTION_FAILED;
    const char *logged = arena_printf(c->arena, "%s:%s", session_id, login->s);
    if (!logged)
        return call_fail_oom(c);
    call_event(c, "session_id-username", logged, -1);
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_bool(c, true));
    return call_ok(c, data);
}
