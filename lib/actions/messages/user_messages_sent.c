/*
 * user_messages_sent - the caller's outbox copies (20-users-messages.md §3.3).
 *
 * Answers, newest first, [{"id", "title", "msgStatus" (4), "receiver":
 * {"id", "lastname", "firstname", "completeName", "pictureUri"},
 * "sendDate", "content" (raw), "hasAttachments", "url": ""}]. Messages
 * whose receiver no longer exists are left out (INNER JOIN).
 * Order: newest send_date first; within one second, oldest id first (as
 * Chamilo 1.11.32 on MariaDB answers: 20-users-messages.md §3).
 */
#include "api/action.h"
#include "model/message.h"

ACTION_ABOUT(user_messages_sent, "The caller's sent messages", "20-users-messages.md §3.3",
    "Lists the caller's outbox copies, newest first, with their receiver, date and content.");

ACTION_NO_PARAMS(user_messages_sent);

/* From the caller's row, carrying the key check (call.h, DB_KEYED_STATEMENT):
 * one statement. The caller's row comes back once with NULL message
 * columns when the outbox is empty. */
DB_KEYED_STATEMENT(SQL_OUTBOX, "user_messages_sent.list", 0,
    "m.id, m.title, m.msg_status, p.id AS person_id, p.lastname, p.firstname,"
    " p.picture_uri, m.send_date, m.content,"
    " EXISTS (SELECT 1 FROM message_attachment a WHERE a.message_id = m.id) AS has_attachments",
    "LEFT JOIN (message m JOIN \"user\" p ON p.id = m.user_receiver_id)"
    "  ON m.user_sender_id = u.id AND m.msg_status = 4",
    "ORDER BY m.send_date DESC, m.id");
ACTION_PREFETCH(user_messages_sent, SQL_OUTBOX);

ACTION_ANSWER(user_messages_sent,
              A_LIST(A_OBJECT(MESSAGE_LISTED_KEYS("receiver"), A_KEY("url", A_TEXT))));

action_result action_user_messages_sent(api_call *c)
{
    sql_rows rows;
    message_list_columns col;
    if (!message_list_read(c, &rows, &col))
        return ACTION_FAILED;
    const PGresult *r = rows.result;
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count; row++) {
        struct json_object *m = message_listed(c, r, row, &col, "receiver");
        reply_set(c, m, "url", reply_str(c, ""));
        reply_push(c, data, m);
    }
    return call_ok(c, data);
}
