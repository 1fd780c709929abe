/*
 * user_messages_sent - the caller's outbox copies (20-users-messages.md §3.3).
 *
 * Answers, newest first, [{"id", "title", "msgStatus" (4), "receiver":
 * {"id", "lastname", "firstname", "completeName", "pictureUri"},
 * "sendDate", "content" (raw), "hasAttachments", "url": ""}]. Messages
 * whose receiver no longer exists are left out (INNER JOIN).
 */
#include "api/action_table.h"
#include "model/message.h"

ACTION_NO_PARAMS(user_messages_sent);

DB_STATEMENT(SQL_OUTBOX, "user_messages_sent.list", 1,
    "SELECT m.id, m.title, m.msg_status, u.id AS person_id, u.lastname, u.firstname,"
    "       u.picture_uri, m.send_date, m.content,"
    "       EXISTS (SELECT 1 FROM message_attachment a WHERE a.message_id = m.id)"
    "         AS has_attachments"
    "  FROM message m JOIN \"user\" u ON u.id = m.user_receiver_id"
    " WHERE m.user_sender_id = $1::int AND m.msg_status = 4"
    " ORDER BY m.send_date DESC, m.id DESC");

action_result action_user_messages_sent(api_call *c)
{
    call_event(c, "username", c->username, -1);
    PGresult *r = call_sql(c, &SQL_OUTBOX, c->user->id_text);
    if (!r)
        return ACTION_FAILED;
    struct json_object *data = reply_array(c);
    for (int row = 0; row < PQntuples(r); row++) {
        struct json_object *m = reply_object(c);
        reply_set(c, m, "id", reply_value(c, FK_COLUMN_INT, PQgetvalue(r, row, 0)));
        reply_set(c, m, "title", reply_str(c, PQgetvalue(r, row, 1)));
        reply_set(c, m, "msgStatus", reply_value(c, FK_COLUMN_INT, PQgetvalue(r, row, 2)));
        reply_set(c, m, "receiver", message_person(c, r, row, true));
        reply_set(c, m, "sendDate", reply_str(c, PQgetvalue(r, row, 7)));
        reply_set(c, m, "content", reply_str(c, PQgetvalue(r, row, 8)));
        reply_set(c, m, "hasAttachments", reply_value(c, FK_BOOL, PQgetvalue(r, row, 9)));
        reply_set(c, m, "url", reply_str(c, ""));
        reply_push(c, data, m);
    }
    return call_ok(c, data);
}
