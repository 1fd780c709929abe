/*
 * user_messages_received - the caller's inbox, read and unread
 * (20-users-messages.md §3.2).
 *
 * Answers, newest first, [{"id", "title", "msgStatus", "sender": {"id",
 * "lastname", "firstname", "completeName", "pictureUri"}, "sendDate",
 * "content", "hasAttachments", "attachmentList", "url": ""}]. content has
 * every literal `src="/"` replaced by the web root (a Chamilo bug kept as
 * is). attachmentList lists the message_attachment rows {"id", "path",
 * "comment", "size", "message_id", "filename", "file_source"}; file_source
 * is always "" (PHP gives the server's file path: docs/compat.md).
 * Order: newest send_date first; within one second, oldest id first (as
 * Chamilo 1.11.32 on MariaDB answers: 20-users-messages.md §3).
 */
#include <stdlib.h>

#include "api/action.h"
#include "model/message.h"

ACTION_ABOUT(user_messages_received, "The caller's inbox, read and unread",
    "20-users-messages.md §3.2",
    "Lists every message of the caller's inbox, newest first, with its status, sender, content "
    "and attachments.");

ACTION_NO_PARAMS(user_messages_received);

/* From the caller's row, carrying the key check (call.h, DB_KEYED_STATEMENT):
 * one statement when no message has attachments. $3 the web root. The
 * caller's row comes back once with NULL message columns when the inbox
 * is empty. */
DB_KEYED_STATEMENT(SQL_INBOX, "user_messages_received.list", 1,
    "m.id, m.title, m.msg_status, p.id AS person_id, p.lastname, p.firstname,"
    " p.picture_uri, m.send_date, replace(m.content, 'src=\"/\"', $3::text) AS content,"
    " EXISTS (SELECT 1 FROM message_attachment a WHERE a.message_id = m.id) AS has_attachments",
    "LEFT JOIN (message m JOIN \"user\" p ON p.id = m.user_sender_id)"
    "  ON m.user_receiver_id = u.id AND m.msg_status IN (0, 1)",
    "ORDER BY m.send_date DESC, m.id");
ACTION_PREFETCH(user_messages_received, SQL_INBOX, c->web_root);

DB_STATEMENT(SQL_ATTACHMENTS, "user_messages_received.attachments", 1,
    "SELECT a.id, a.path, a.comment, a.size, a.message_id, a.filename"
    "  FROM message_attachment a JOIN message m ON m.id = a.message_id"
    " WHERE m.user_receiver_id = $1::int AND m.msg_status IN (0, 1)"
    " ORDER BY a.message_id, a.id");

static const json_field ATTACHMENT[] = {
    {"id", "id", FK_COLUMN_INT},
    {"path", "path", FK_STRING},
    {"comment", "comment", FK_STRING},
    {"size", "size", FK_COLUMN_INT},
    {"message_id", "message_id", FK_COLUMN_INT},
    {"filename", "filename", FK_STRING},
};

/* The attachments of message_id: rows of `a` (sorted by message_id) found
 * by binary search, so a large inbox costs O(n log m), not O(n m). */
static struct json_object *attachment_list(api_call *c, const PGresult *a, const char *message_id)
{
    long long wanted = strtoll(message_id, NULL, 10);
    int lo = 0, hi = PQntuples(a);
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strtoll(PQgetvalue(a, mid, 4), NULL, 10) < wanted)
            lo = mid + 1;
        else
            hi = mid;
    }
    struct json_object *list = reply_array(c);
    for (int row = lo; row < PQntuples(a) && strtoll(PQgetvalue(a, row, 4), NULL, 10) == wanted;
         row++) {
        struct json_object *item = reply_row(c, a, row, FIELDS(ATTACHMENT));
        reply_set(c, item, "file_source", reply_str(c, ""));
        reply_push(c, list, item);
    }
    return list;
}

ACTION_ANSWER(user_messages_received,
              A_LIST(A_OBJECT(MESSAGE_LISTED_KEYS("sender"),
                              A_KEY("attachmentList",
                                    A_LIST(A_ROW_WITH(ATTACHMENT, A_KEY("file_source", A_TEXT)))),
                              A_KEY("url", A_TEXT))));

action_result action_user_messages_received(api_call *c)
{
    sql_rows rows;
    message_list_columns col;
    if (!message_list_read(c, &rows, &col))
        return ACTION_FAILED;
    const PGresult *r = rows.result;
    PGresult *a = NULL;
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count; row++) {
        bool has_attachments = PQgetvalue(r, row, col.attachments)[0] == 't';
        if (has_attachments && !a && !(a = call_sql(c, &SQL_ATTACHMENTS, c->user->id_text)))
            return ACTION_FAILED;
        struct json_object *m = message_listed(c, r, row, &col, "sender");
        reply_set(c, m, "attachmentList", has_attachments
                                              ? attachment_list(c, a, PQgetvalue(r, row, col.id))
                                              : reply_array(c));
        reply_set(c, m, "url", reply_str(c, ""));
        reply_push(c, data, m);
    }
    return call_ok(c, data);
}
