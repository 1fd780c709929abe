/*
 * delete_user_message - moves one of the caller's copies of a message to
 * the deleted status 3 (20-users-messages.md §3.7). One transaction.
 *
 * POST message_id (int), msg_type ("sent": the caller's outbox copy;
 * anything else: the caller's inbox copy, any status but the outbox 4).
 * Answers {"status": true} always, even when nothing matched.
 *
 * Deviations (docs/compat.md): the sender mode matches the outbox copy only
 * (PHP also deletes the receiver's inbox copy, which carries the same
 * sender); attachment files are not renamed (Chamilo's upload directory is
 * not ours), so message_attachment rows stay as they are.
 */
#include <string.h>

#include "api/action.h"
#include "model/message.h"

ACTION_ABOUT(delete_user_message, "Delete one of the caller's copies of a message",
    "20-users-messages.md §3.7",
    "Moves the caller's inbox copy of `message_id` (or, with `msg_type` \"sent\", the outbox "
    "copy) to the deleted status. Answers {\"status\": true}, even when nothing matched.");

enum { ARG_MESSAGE_ID, ARG_MSG_TYPE };
ACTION_PARAMS(delete_user_message,
    [ARG_MESSAGE_ID] = {"message_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_MSG_TYPE] = {"msg_type", FROM_POST, PK_STRING, P_LOOKUP});

DB_STATEMENT(SQL_DELETE_RECEIVED, "delete_user_message.received", 2,
    "UPDATE message SET msg_status = 3"
    " WHERE id = $1::bigint AND user_receiver_id = $2::int AND msg_status <> 4");

DB_STATEMENT(SQL_DELETE_SENT, "delete_user_message.sent", 2,
    "UPDATE message SET msg_status = 3"
    " WHERE id = $1::bigint AND user_sender_id = $2::int AND msg_status = 4");

ACTION_ANSWER(delete_user_message, A_OBJECT(A_KEY("status", A_BOOL)));

action_result action_delete_user_message(api_call *c)
{
    const char *message_id = call_itoa(c, c->args[ARG_MESSAGE_ID].i);
    call_event(c, "message_id", message_id, -1);
    const char *type = c->args[ARG_MSG_TYPE].s;
    bool sent = type && strcmp(type, "sent") == 0;
    if (c->args[ARG_MESSAGE_ID].i &&
        !call_sql(c, sent ? &SQL_DELETE_SENT : &SQL_DELETE_RECEIVED, message_id,
                  c->user->id_text))
        return ACTION_FAILED;
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, true));
    return call_ok(c, data);
}
