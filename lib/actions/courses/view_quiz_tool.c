/*
 * view_quiz_tool - redirects to the course's tests on the web platform
 * (30-courses.md §3): 302 to {web root}main/exercise/exercise.php?<CIDREQ>
 * with origin MsgREST. Course context required (ACT_COURSE).
 *
 * Event: access_ws_view_quiz_tool (username).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(view_quiz_tool, "Redirect to the course's tests on the web platform",
    "30-courses.md §3",
    "Answers a 302 to the test list of the context course on the web platform.");

ACTION_NO_PARAMS(view_quiz_tool);

ACTION_ANSWER(view_quiz_tool, A_REDIRECT);

action_result action_view_quiz_tool(api_call *c)
{
    call_event(c, "username", c->username, -1);
    return call_redirect(c, course_tool_url(c, "exercise/exercise.php", NULL, "MsgREST", NULL));
}
