/*
 * download_forum_attachment - redirects to a forum attachment's download
 * (30-courses.md §3): 302 to {web root}main/forum/download.php?<CIDREQ>
 * &file=<path>, origin MsgREST. GET path, XSS-filtered, required: empty or
 * absent is the JSON error "Action not allowed". Course context required
 * (ACT_COURSE).
 *
 * Event: access_ws_download_forum_attachment (path, as filtered).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(download_forum_attachment, "Redirect to the download of a forum attachment",
    "30-courses.md §3",
    "Answers a 302 to the download of the forum attachment `path` of the context course on the "
    "web platform.");

enum { ARG_PATH };
ACTION_PARAMS(download_forum_attachment,
    [ARG_PATH] = {"path", FROM_GET, PK_TEXT, P_SCALAR});

ACTION_ANSWER(download_forum_attachment, A_REDIRECT);

action_result action_download_forum_attachment(api_call *c)
{
    const api_arg *path = &c->args[ARG_PATH];
    if (!path->present)
        return call_fail(c, MSG_ActionNotAllowed);
    call_event(c, "path", path->s, -1);
    return call_redirect(c, course_tool_url(c, "forum/download.php", NULL, "MsgREST",
                                            (const char *const[]){"file", path->s, NULL}));
}
