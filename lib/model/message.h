/*
 * message.h - Chamilo's internal messages (20-users-messages.md §3), the
 * pieces several message actions share.
 *
 * A send writes two rows: the receiver's inbox copy (msg_status 1 unread,
 * 0 read) and the sender's outbox copy (4); both carry the same sender and
 * receiver ids. Deleting sets 3 on the owner's copy only.
 */
#ifndef CHAMILO_MODEL_MESSAGE_H
#define CHAMILO_MODEL_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "api/action.h"

enum message_status {
    MESSAGE_STATUS_READ = 0, /* Chamilo's MESSAGE_STATUS_NEW: the API uses it for "read" */
    MESSAGE_STATUS_UNREAD = 1,
    MESSAGE_STATUS_DELETED = 3,
    MESSAGE_STATUS_OUTBOX = 4,
    MESSAGE_STATUS_INVITATION_PENDING = 5,
};

/* The other party of a listed message, as Rest.php shows it:
 * {"id", "lastname", "firstname", "completeName"[, "pictureUri"]}, read
 * from the result columns person_id, lastname, firstname and (with the
 * picture) picture_uri. id is an integer column read by plain SQL. */
struct json_object *message_person(api_call *c, const PGresult *r, int row, bool with_picture);
/* Its shape (ACTION_ANSWER), without and with pictureUri. */
#define MESSAGE_PERSON_KEYS                                                                    \
    A_KEY("id", A_COLUMN_INT), A_KEY("lastname", A_STRING),                \
        A_KEY("firstname", A_STRING), A_KEY("completeName", A_STRING)
#define MESSAGE_PERSON_SHAPE A_OBJECT(MESSAGE_PERSON_KEYS)
#define MESSAGE_PERSON_PICTURE_SHAPE                                                           \
    A_OBJECT(MESSAGE_PERSON_KEYS, A_KEY("pictureUri", A_STRING))

/* The columns of a listed message of the caller's inbox or outbox: id,
 * title, msg_status, send_date, content, has_attachments, and
 * message_person's. */
typedef struct message_list_columns {
    int id, title, status, send_date, content, attachments;
} message_list_columns;

/* The caller's inbox or outbox: its action's prefetched statement, which
 * lists the messages with those columns, read into *rows, and the columns
 * found once. Records the action's "username" event first, where Rest.php
 * logs it. False (error recorded) when the statement failed or a column is
 * missing (an internal error). */
bool message_list_read(api_call *c, sql_rows *rows, message_list_columns *col);

/* Row `row` as Rest.php lists it: {"id", "title", "msgStatus", person_key:
 * message_person (with the picture), "sendDate", "content",
 * "hasAttachments"}; the caller adds the keys that follow. A container of
 * the call (reply.h). */
struct json_object *message_listed(api_call *c, const PGresult *r, int row,
                                   const message_list_columns *col, const char *person_key);
/* Its keys (ACTION_ANSWER), the person under person_key. */
#define MESSAGE_LISTED_KEYS(person_key)                                                        \
    A_KEY("id", A_COLUMN_INT), A_KEY("title", A_TEXT),                               \
        A_KEY("msgStatus", A_COLUMN_INT), A_KEY(person_key, MESSAGE_PERSON_PICTURE_SHAPE), \
        A_KEY("sendDate", A_TEXT), A_KEY("content", A_TEXT), A_KEY("hasAttachments", A_BOOL)

/* Sets the receiver's copy `message_id` of the caller to status (read or
 * unread). *changed says whether a row changed (MySQL's changed rows: false
 * when already in that status). Only inbox copies (status 0 or 1) change:
 * docs/compat.md. False on a database error (recorded). */
bool message_set_status(api_call *c, int64_t message_id, int status, bool *changed);

/* user_message_read / user_message_unread (§3.6): `messages`, the raw POST
 * value (an array of ids; anything else counts as empty), each id PHP
 * (int), zeros dropped; none left: NoData. Answers {"<id>": changed, ...}
 * in first-occurrence order (a repeated id answers its last update) and
 * logs messages_id = the ids joined with ','. */
action_result message_mark_list(api_call *c, const php_value *messages, int status);

#endif
