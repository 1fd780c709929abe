/*
 * user_messages - the caller's unread inbox messages newer than an id
 * (20-users-messages.md §3.1).
 *
 * POST last (int, default 0). Answers, newest first,
 * [{"id", "title", "sender": {"id", "lastname", "firstname", "completeName"},
 *   "sendDate", "content" (raw HTML), "hasAttachments",
 *   "url": "{web root}main/messages/view_message.php?type=1&id={id}"}].
 * Messages whose sender no longer exists are left out (INNER JOIN).
 * Order: newest send_date first; within one second, oldest id first (as
 * Chamilo 1.11.32 on MariaDB answers: 20-users-messages.md §3).
 */
#include "api/action.h"
#include "model/message.h"

ACTION_ABOUT(user_messages, "The caller's unread inbox messages newer than an id",
    "20-users-messages.md §3.1",
    "Lists the caller's unread inbox messages whose id is greater than `last` (default 0), "
    "newest first, each with its sender, date, HTML content, attachments flag and web URL.");

enum { ARG_LAST };
ACTION_PARAMS(user_messages, [ARG_LAST] = {"last", FROM_POST, PK_INT, P_SCALAR});

/* From the caller's row, carrying the key check (call.h, DB_KEYED_STATEMENT):
 * the app polls this action, and it costs one statement. $3 the last id
 * seen. The caller's row comes back once with NULL message columns when
 * nothing is new. */
DB_KEYED_STATEMENT(SQL_NEW_INBOX, "user_messages.list", 1,
    "m.id, m.title, s.id AS person_id, s.lastname, s.firstname, m.send_date, m.content,"
    " EXISTS (SELECT 1 FROM message_attachment a WHERE a.message_id = m.id) AS has_attachments",
    "LEFT JOIN (message m JOIN \"user\" s ON s.id = m.user_sender_id)"
    "  ON m.user_receiver_id = u.id AND m.msg_status = 1 AND m.id > $3::bigint",
    "ORDER BY m.send_date DESC, m.id");
ACTION_PREFETCH(user_messages, SQL_NEW_INBOX, call_itoa(c, c->args[ARG_LAST].i));

ACTION_ANSWER(user_messages,
              A_LIST(A_OBJECT(A_KEY("id", A_COLUMN_INT), A_KEY("title", A_TEXT),
                              A_KEY("sender", MESSAGE_PERSON_SHAPE), A_KEY("sendDate", A_TEXT),
                              A_KEY("content", A_TEXT), A_KEY("hasAttachments", A_BOOL),
                              A_KEY("url", A_TEXT))));

action_result action_user_messages(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    int id = PQfnumber(r, "id"), title = PQfnumber(r, "title"),
        send_date = PQfnumber(r, "send_date"), content = PQfnumber(r, "content"),
        attachments = PQfnumber(r, "has_attachments");
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count; row++) {
        const char *message_id = PQgetvalue(r, row, id);
        struct json_object *m = reply_object(c);
        reply_set(c, m, "id", reply_value(c, FK_COLUMN_INT, message_id));
        reply_set(c, m, "title", reply_str(c, PQgetvalue(r, row, title)));
        reply_set(c, m, "sender", message_person(c, r, row, false));
        reply_set(c, m, "sendDate", reply_str(c, PQgetvalue(r, row, send_date)));
        reply_set(c, m, "content", reply_str(c, PQgetvalue(r, row, content)));
        reply_set(c, m, "hasAttachments", reply_value(c, FK_BOOL, PQgetvalue(r, row, attachments)));
        reply_set(c, m, "url",
                  reply_str(c, arena_printf(c->arena,
                                            "%smain/messages/view_message.php?type=1&id=%s",
                                            c->web_root, message_id)));
        reply_push(c, data, m);
    }
    /* PHP logs after reading. */
    call_event(c, "last_message_id", call_itoa(c, c->args[ARG_LAST].i), -1);
    return call_ok(c, data);
}
