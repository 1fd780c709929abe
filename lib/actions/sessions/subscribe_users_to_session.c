/*
 * subscribe_users_to_session - subscribes users to a session (40-sessions-campuses.md §8),
 * keeping its members. Administrators only (docs/compat.md: PHP lets a
 * caller who lists their own id subscribe anyone); one transaction.
 *
 * POST id_session, list_users[]. Answers {"status":true,"message":"Users
 * added"}, also when the session does not exist or nobody is new.
 */
#include "actions/sessions/session_lists.h"
#include "api/action.h"

ACTION_ABOUT(subscribe_users_to_session, "Subscribe users to a session (as add_users_session)",
    "40-sessions-campuses.md §8",
    "Subscribes the users `list_users[]` to the session `id_session` and its courses, keeping "
    "its members. The same call as add_users_session.");

SESSION_USER_LIST_PARAMS(subscribe_users_to_session);

ACTION_ANSWER(subscribe_users_to_session,
              A_OBJECT(A_KEY("status", A_BOOL), A_KEY("message", A_TEXT)));

action_result action_subscribe_users_to_session(api_call *c)
{
    return session_add_users(c);
}
