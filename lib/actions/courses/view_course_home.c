/*
 * view_course_home - redirects to the course's home page on the web
 * platform (30-courses.md §3): 302 to
 * {web root}courses/<directory>/index.php?id_session=<S>&gidReq=0.
 * Course context required (ACT_COURSE).
 *
 * PHP also logs the caller into its web session; we keep no PHP session
 * (docs/compat.md). Event: access_ws_view_course_home (username).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(view_course_home, "Redirect to the course's home page on the web platform",
    "30-courses.md §3",
    "Answers a 302 to the home page of the context course (and session) on the web platform.");

ACTION_NO_PARAMS(view_course_home);

ACTION_ANSWER(view_course_home, A_REDIRECT);

action_result action_view_course_home(api_call *c)
{
    call_event(c, "username", c->username, -1);
    return call_redirect(c, course_home_url(c, c->course.directory));
}
