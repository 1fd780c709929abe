/*
 * view_quiz_tool - redirects to the course's tests on the web platform
 * (30-courses.md §3): 302 to {web root}main/exercise/exercise.php?<CIDREQ>
 * with origin MsgREST. Course context required (ACT_COURSE).
 *
 * Event: access_ws_view_quiz_tool (username).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_NO_PARAMS(view_quiz_tool);

action_result action_view_quiz_tool(api_call *c)
{
    call_event(c, "username", c->username, -1);
    return call_redirect(c, course_tool_url(c, "exercise/exercise.php", NULL, "MsgREST", NULL));
}
