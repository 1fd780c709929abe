/*
 * view_document_in_frame - redirects to a course document shown in its
 * frame (30-courses.md §3): 302 to
 * {web root}main/document/showinframes.php?<CIDREQ>&id=<document>, origin
 * MsgREST. REQUEST document (int, default 0). Course context required
 * (ACT_COURSE).
 *
 * Event: access_ws_view_document_in_frame (document_id, the id).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(view_document_in_frame, "Redirect to a course document shown in its frame",
    "30-courses.md §3",
    "Answers a 302 to the document `document` of the context course, shown in the web platform's "
    "document frame.");

enum { ARG_DOCUMENT };
ACTION_PARAMS(view_document_in_frame,
    [ARG_DOCUMENT] = {"document", FROM_REQUEST, PK_INT, P_SCALAR});

ACTION_ANSWER(view_document_in_frame, A_REDIRECT);

action_result action_view_document_in_frame(api_call *c)
{
    const char *id = call_itoa(c, c->args[ARG_DOCUMENT].i);
    call_event(c, "document_id", id, -1);
    return call_redirect(c, course_tool_url(c, "document/showinframes.php", NULL, "MsgREST",
                                            (const char *const[]){"id", id, NULL}));
}
