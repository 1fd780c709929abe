/*
 * download_work_folder - redirects to the download of an assignment's
 * folder (30-courses.md §3): 302 to
 * {web root}main/work/downloadfolder.inc.php?id=<work>&<CIDREQ>. GET work
 * required (absent, empty or 0: the JSON error "Action not allowed").
 * Course context required (ACT_COURSE).
 *
 * Event: access_ws_download_work_folder (work_id, the id).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(download_work_folder, "Redirect to the download of an assignment's folder",
    "30-courses.md §3",
    "Answers a 302 to the download of the folder of the assignment `work` on the web platform.");

enum { ARG_WORK };
ACTION_PARAMS(download_work_folder, [ARG_WORK] = {"work", FROM_GET, PK_INT, P_SCALAR});

ACTION_ANSWER(download_work_folder, A_REDIRECT);

action_result action_download_work_folder(api_call *c)
{
    if (!c->args[ARG_WORK].present)
        return call_fail(c, MSG_ActionNotAllowed);
    const char *id = call_itoa(c, c->args[ARG_WORK].i);
    call_event(c, "work_id", id, -1);
    return call_redirect(c, course_tool_url(c, "work/downloadfolder.inc.php",
                                            (const char *const[]){"id", id, NULL}, "", NULL));
}
