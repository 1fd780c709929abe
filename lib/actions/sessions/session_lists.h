/*
 * session_lists.h - the id lists of the session membership actions
 * (40-sessions-campuses.md §7, §8, §9): id_session and list_users /
 * list_courses from $_POST, and the value of their access_ws_ event.
 */
#ifndef CHAMILO_ACTIONS_SESSIONS_SESSION_LISTS_H
#define CHAMILO_ACTIONS_SESSIONS_SESSION_LISTS_H

#include "api/action.h"

/* id_session (PHP (int)) and list_users[] (each (int)); a list_users that is
 * no array is refused (PHP 8 dies on it). */
enum { ARG_ID_SESSION, ARG_LIST_USERS };
#define SESSION_USER_LIST_PARAMS(action)                                                       \
    ACTION_PARAMS(action,                                                                      \
        [ARG_ID_SESSION] = {"id_session", FROM_POST, PK_INT, P_SCALAR},                        \
        [ARG_LIST_USERS] = {"list_users", FROM_POST, PK_INT_LIST})

/* "<session id>:<the list's entries as sent, joined by ','>", PHP's
 * value for the session_id-users_ids and session_id-course_ids events (an
 * entry that is no valid text, as its (int)).
 * NULL on OOM (recorded). */
const char *session_list_event_value(api_call *c, int64_t session_id, const php_value *list);

/* After a write of the users list_users in id_session: the
 * session_id-users_ids event and the answer {"status":true,"message"}. */
action_result session_users_answer(api_call *c, const char *message);

/* The handler shared by add_users_session and subscribe_users_to_session
 * (Rest::addUsersToSession): subscribes list_users to id_session and
 * answers {"status":true,"message":"Users added"}. */
action_result session_add_users(api_call *c);

#endif
