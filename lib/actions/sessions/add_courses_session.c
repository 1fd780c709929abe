/*
 * add_courses_session - sets the course list of a session
 * (40-sessions-campuses.md §7). Administrators only; one transaction.
 *
 * POST id_session, list_courses[] (course ids), import_assignments ((int) 1).
 * The session's courses become the listed ones that exist: the others are
 * detached with their subscriptions (the action's name says "add", PHP
 * replaces). The session's learners are subscribed to the new courses and,
 * with import_assignments, the active assignment folders of each new
 * course's base course are copied into the session (session_set_courses).
 * Answers {"status":true,"message":"Update successful"}, or
 * {"status":false,"message":"An error occurred."} when the session is
 * unknown or the list empty.
 */
#include "actions/sessions/session_lists.h"
#include "api/action.h"
#include "model/session_membership.h"

ACTION_ABOUT(add_courses_session, "Set the course list of a session", "40-sessions-campuses.md §7",
    "Makes the listed existing courses `list_courses[]` the courses of the session `id_session` "
    "(the others are detached) and subscribes its learners to the new ones.");

enum { ARG_SESSION, ARG_LIST_COURSES, ARG_IMPORT_ASSIGNMENTS };
ACTION_PARAMS(add_courses_session,
    [ARG_SESSION] = {"id_session", FROM_POST, PK_INT, P_SCALAR},
    [ARG_LIST_COURSES] = {"list_courses", FROM_POST, PK_INT_LIST},
    [ARG_IMPORT_ASSIGNMENTS] = {"import_assignments", FROM_POST, PK_INT});

ACTION_ANSWER(add_courses_session, A_OBJECT(A_KEY("status", A_BOOL), A_KEY("message", A_TEXT)));

action_result action_add_courses_session(api_call *c)
{
    const api_arg *courses = &c->args[ARG_LIST_COURSES];
    int64_t session_id = c->args[ARG_SESSION].i;
    bool done = false;
    bool with_assignments = c->args[ARG_IMPORT_ASSIGNMENTS].raw && c->args[ARG_IMPORT_ASSIGNMENTS].i == 1;
    if (courses->count && !session_set_courses(c, session_id, courses->list, courses->count,
                                               with_assignments, &done))
        return ACTION_FAILED;
    const char *logged = session_list_event_value(c, session_id, courses->raw);
    if (!logged)
        return ACTION_FAILED;
    call_event(c, "session_id-course_ids", logged, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, done));
    reply_set(c, data, "message", reply_str(c, call_text(c, done ? MSG_UpdateSuccessful
                                                                  : MSG_ErrorOccurred)));
    return call_ok(c, data);
}
