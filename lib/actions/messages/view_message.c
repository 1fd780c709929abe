/*
 * view_message - redirects to a message on the web platform
 * (20-users-messages.md §3.10): 302 to
 * {web root}main/messages/view_message.php?id={message}.
 *
 * GET message (int, default 0). PHP also logs the caller into its web
 * session through the cookie of the same response; we keep no PHP session
 * (docs/compat.md), so the page asks the browser to log in, and the page
 * itself checks who may read the message.
 */
#include <inttypes.h>

#include "api/action.h"

ACTION_ABOUT(view_message, "Redirect to a message on the web platform",
    "20-users-messages.md §3.10",
    "Answers a 302 to the message's page (`message`) on the web platform, which checks who may "
    "read it and asks the browser to log in.");

enum { ARG_MESSAGE };
ACTION_PARAMS(view_message, [ARG_MESSAGE] = {"message", FROM_GET, PK_INT, P_SCALAR});

ACTION_ANSWER(view_message, A_REDIRECT);

action_result action_view_message(api_call *c)
{
    int64_t message = c->args[ARG_MESSAGE].i;
    call_event(c, "message_id", call_itoa(c, message), -1);
    return call_redirect(c, arena_printf(c->arena, "%smain/messages/view_message.php?id=%" PRId64,
                                         c->web_root, message));
}
