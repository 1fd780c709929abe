/*
 * unsubscribe_users_from_session - removes users from a session and from
 * its courses (40-sessions-campuses.md §9). Administrators only; one
 * transaction.
 *
 * POST id_session, list_users[]. The users' learner rows go (a DRH's row
 * stays), and all their course rows in the session, coach rows included.
 * Answers {"status":true,"message":"User is now unsubscribed"}, also when
 * nothing was removed.
 */
#include "actions/sessions/session_lists.h"
#include "api/action.h"
#include "model/session_membership.h"

ACTION_ABOUT(unsubscribe_users_from_session, "Remove users from a session and its courses",
    "40-sessions-campuses.md §9",
    "Removes the users `list_users[]` from the session `id_session` and from its courses.");

SESSION_USER_LIST_PARAMS(unsubscribe_users_from_session);

ACTION_ANSWER(unsubscribe_users_from_session,
              A_OBJECT(A_KEY("status", A_BOOL), A_KEY("message", A_TEXT)));

action_result action_unsubscribe_users_from_session(api_call *c)
{
    const api_arg *users = &c->args[ARG_LIST_USERS];
    int64_t session_id = c->args[ARG_ID_SESSION].i;
    if (!session_unsubscribe_users(c, session_id, users->list, users->count))
        return ACTION_FAILED;
    return session_users_answer(c, call_text(c, MSG_UserIsNowUnsubscribed));
}
