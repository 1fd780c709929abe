/*
 * download_work - redirects to the download of a submission or its
 * correction (30-courses.md §3): 302 to
 * {web root}main/work/download.php?<CIDREQ>&id=<work>[&correction=1]. GET
 * work required (absent, empty or 0: the JSON error "Action not allowed");
 * GET correction, when sent at all, asks for the correction. Course context
 * required (ACT_COURSE).
 *
 * Event: access_ws_download_work (work_id, the id).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(download_work, "Redirect to the download of a submission or its correction",
    "30-courses.md §3",
    "Answers a 302 to the download of the submission `work` (its correction when `correction` is "
    "sent) on the web platform.");

enum { ARG_WORK, ARG_CORRECTION };
ACTION_PARAMS(download_work,
    [ARG_WORK] = {"work", FROM_GET, PK_INT, P_SCALAR},
    [ARG_CORRECTION] = {"correction", FROM_GET, PK_ANY});

ACTION_ANSWER(download_work, A_REDIRECT);

action_result action_download_work(api_call *c)
{
    if (!c->args[ARG_WORK].present)
        return call_fail(c, MSG_ActionNotAllowed);
    const char *id = call_itoa(c, c->args[ARG_WORK].i);
    call_event(c, "work_id", id, -1);
    const char *correction = c->args[ARG_CORRECTION].raw ? "1" : NULL;
    return call_redirect(c, course_tool_url(c, "work/download.php", NULL, "",
                                            (const char *const[]){"id", id, "correction",
                                                                  correction, NULL}));
}
