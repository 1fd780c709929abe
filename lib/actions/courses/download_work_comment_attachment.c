/*
 * download_work_comment_attachment - redirects to the download of an
 * assignment comment's file (30-courses.md §3): 302 to
 * {web root}main/work/download_comment_file.php?comment_id=<id>&<CIDREQ>.
 * GET comment required (absent, empty or 0: the JSON error "Action not
 * allowed"). Course context required (ACT_COURSE).
 *
 * Event: access_ws_download_work_comment_attachment (comment_id, the id).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(download_work_comment_attachment,
    "Redirect to the download of an assignment comment's file",
    "30-courses.md §3",
    "Answers a 302 to the download of the file of the assignment comment `comment` on the web "
    "platform.");

enum { ARG_COMMENT };
ACTION_PARAMS(download_work_comment_attachment,
    [ARG_COMMENT] = {"comment", FROM_GET, PK_INT, P_SCALAR});

ACTION_ANSWER(download_work_comment_attachment, A_REDIRECT);

action_result action_download_work_comment_attachment(api_call *c)
{
    if (!c->args[ARG_COMMENT].present)
        return call_fail(c, MSG_ActionNotAllowed);
    const char *id = call_itoa(c, c->args[ARG_COMMENT].i);
    call_event(c, "comment_id", id, -1);
    return call_redirect(c, course_tool_url(c, "work/download_comment_file.php",
                                            (const char *const[]){"comment_id", id, NULL}, "",
                                            NULL));
}
