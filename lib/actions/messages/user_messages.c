/*
 * user_messages - the caller's unread inbox messages newer than an id
 * (20-users-messages.md §3.1).
 *
 * POST last (int, default 0). Answers, newest first,
 * [{"id", "title", "sender": {"id", "lastname", "firstname", "completeName"},
 *   "sendDate", "content" (raw HTML), "hasAttachments",
 *   "url": "{web root}main/messages/view_message.php?type=1&id={id}"}].
 * Messages whose sender no longer exists are left out (INNER JOIN).
 */
#include "api/action_table.h"
#include "model/message.h"

enum { ARG_LAST };
ACTION_PARAMS(user_messages, [ARG_LAST] = {"last", FROM_POST, PK_INT, P_SCALAR});

DB_STATEMENT(SQL_NEW_INBOX, "user_messages.list", 2,
    "SELECT m.id, m.title, u.id AS person_id, u.lastname, u.firstname, m.send_date, m.content,"
    "       EXISTS (SELECT 1 FROM message_attachment a WHERE a.message_id = m.id)"
    "         AS has_attachments"
    "  FROM message m JOIN \"user\" u ON u.id = m.user_sender_id"
    " WHERE m.user_receiver_id = $1::int AND m.msg_status = 1 AND m.id > $2::bigint"
    " ORDER BY m.send_date DESC, m.id DESC");

action_result action_user_messages(api_call *c)
{
    const char *last = call_itoa(c, c->args[ARG_LAST].i);
    PGresult *r = call_sql(c, &SQL_NEW_INBOX, c->user->id_text, last);
    if (!r)
        return ACTION_FAILED;
    struct json_object *data = reply_array(c);
    for (int row = 0; row < PQntuples(r); row++) {
        struct json_object *m = reply_object(c);
        reply_set(c, m, "id", reply_value(c, FK_COLUMN_INT, PQgetvalue(r, row, 0)));
        reply_set(c, m, "title", reply_str(c, PQgetvalue(r, row, 1)));
        reply_set(c, m, "sender", message_person(c, r, row, false));
        reply_set(c, m, "sendDate", reply_str(c, PQgetvalue(r, row, 5)));
        reply_set(c, m, "content", reply_str(c, PQgetvalue(r, row, 6)));
        reply_set(c, m, "hasAttachments", reply_value(c, FK_BOOL, PQgetvalue(r, row, 7)));
        reply_set(c, m, "url",
                  reply_str(c, arena_printf(c->arena,
                                            "%smain/messages/view_message.php?type=1&id=%s",
                                            c->web_root, PQgetvalue(r, row, 0))));
        reply_push(c, data, m);
    }
    /* PHP logs after reading. */
    call_event(c, "last_message_id", last, -1);
    return call_ok(c, data);
}
