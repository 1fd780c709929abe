/*
 * user_message_read - marks a list of the caller's inbox messages as read
 * (20-users-messages.md §3.6). One transaction.
 *
 * POST messages[] (ids). Answers {"<id>": changed, ...}; none given: NoData.
 * Shared with user_message_unread: message_mark_list (model/message.h).
 */
#include "api/action.h"
#include "model/message.h"

ACTION_ABOUT(user_message_read, "Mark a list of the caller's inbox messages as read",
    "20-users-messages.md §3.6",
    "Marks each of `messages[]` (ids of the caller's inbox copies) as read and answers, per id, "
    "whether it changed. An empty list answers an error.");

enum { ARG_MESSAGES };
/* Not an int list: PHP treats a scalar as "no ids" (NoData), not a crash. */
ACTION_PARAMS(user_message_read, [ARG_MESSAGES] = {"messages", FROM_POST, PK_ANY});

ACTION_ANSWER(user_message_read, A_BY_ID(A_BOOL));

action_result action_user_message_read(api_call *c)
{
    return message_mark_list(c, c->args[ARG_MESSAGES].raw, MESSAGE_STATUS_READ);
}
