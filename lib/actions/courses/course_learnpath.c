/*
 * course_learnpath - redirects to a learning path of the course on the web
 * platform (30-courses.md §3): 302 to {web root}main/lp/lp_controller.php?
 * cidReq=<code>&id_session=<S>&gidReq=0&gradebook=0&origin=&action=view
 * &lp_id=<lp>&isStudentView=true. Course context required (ACT_COURSE).
 *
 * lp_id: REQUEST lp_id, else the one inside the `hash` parameter (where
 * the URLs course_learnpaths hands out put it), else 1. PHP reads REQUEST
 * only and so opens learning path 1 from those URLs (docs/compat.md).
 *
 * Event: access_ws_course_learnpath (lp_id, the id).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(course_learnpath, "Redirect to a learning path of the course", "30-courses.md §3",
    "Answers a 302 to the learning path `lp_id` (also read from `hash`) of the context course on "
    "the web platform.");

enum { ARG_LP_ID, ARG_HASH_LP_ID };
ACTION_PARAMS(course_learnpath,
    [ARG_LP_ID] = {"lp_id", FROM_REQUEST, PK_INT, P_SCALAR},
    [ARG_HASH_LP_ID] = {"lp_id", FROM_QUERY_BAG, PK_INT, P_SCALAR});

ACTION_ANSWER(course_learnpath, A_REDIRECT);

action_result action_course_learnpath(api_call *c)
{
    int64_t lp = 1;
    if (c->args[ARG_LP_ID].raw)
        lp = c->args[ARG_LP_ID].i;
    else if (c->args[ARG_HASH_LP_ID].raw)
        lp = c->args[ARG_HASH_LP_ID].i;
    const char *id = call_itoa(c, lp);
    call_event(c, "lp_id", id, -1);
    return call_redirect(c, course_tool_url(c, "lp/lp_controller.php", NULL, "",
                                            (const char *const[]){"action", "view", "lp_id", id,
                                                                  "isStudentView", "true", NULL}));
}
