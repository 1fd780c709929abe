/*
 * view_my_courses - redirects to the caller's course list on the web
 * platform (30-courses.md §3): 302 to {web root}user_portal.php?nosession=true.
 *
 * PHP also logs the caller into its web session through the cookie of the
 * same response; we keep no PHP session (docs/compat.md), so the page asks
 * the browser to log in.
 */
#include "api/action.h"

ACTION_ABOUT(view_my_courses, "Redirect to the caller's course list on the web platform",
    "30-courses.md §3",
    "Answers a 302 to the web platform's course list (user_portal.php), which asks the browser "
    "to log in.");

ACTION_NO_PARAMS(view_my_courses);

ACTION_ANSWER(view_my_courses, A_REDIRECT);

action_result action_view_my_courses(api_call *c)
{
    call_event(c, "username", c->username, -1);
    return call_redirect(c, arena_printf(c->arena, "%suser_portal.php?nosession=true", c->web_root));
}
