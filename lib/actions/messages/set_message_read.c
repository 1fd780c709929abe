/*
 * set_message_read - marks one of the caller's inbox messages as read
 * (20-users-messages.md §3.5). One transaction.
 *
 * POST message_id (int; 0 or a message that is not the caller's inbox
 * copy changes nothing). Answers {"status": true} always.
 */
#include "api/action.h"
#include "model/message.h"

ACTION_ABOUT(set_message_read, "Mark one of the caller's inbox messages as read",
    "20-users-messages.md §3.5",
    "Marks the caller's inbox copy of `message_id` as read; any other id changes nothing. "
    "Answers {\"status\": true}.");

enum { ARG_MESSAGE_ID };
ACTION_PARAMS(set_message_read,
    [ARG_MESSAGE_ID] = {"message_id", FROM_POST, PK_INT, P_SCALAR});

ACTION_ANSWER(set_message_read, A_OBJECT(A_KEY("status", A_BOOL)));

action_result action_set_message_read(api_call *c)
{
    int64_t message_id = c->args[ARG_MESSAGE_ID].i;
    bool changed;
    if (!message_set_status(c, message_id, MESSAGE_STATUS_READ, &changed))
        return ACTION_FAILED;
    call_event(c, "message_id", call_itoa(c, message_id), -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, true));
    return call_ok(c, data);
}
