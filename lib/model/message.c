#include "model/message.h"

#include "core/strbuf.h"
#include "model/user_format.h"

/* Only the caller's inbox copies: the outbox copy (4, whose receiver is
 * the caller too) and deleted rows (3) stay as they are (docs/compat.md).
 * `msg_status <> $3` gives MySQL's changed-rows answer. */
DB_STATEMENT(SQL_SET_STATUS, "message.set_status", 3,
    "UPDATE message SET msg_status = $3::smallint"
    " WHERE id = $1::bigint AND user_receiver_id = $2::int"
    "   AND msg_status IN (0, 1) AND msg_status <> $3::smallint");

struct json_object *message_person(api_call *c, const PGresult *r, int row, bool with_picture)
{
    int id = PQfnumber(r, "person_id");
    int lastname = PQfnumber(r, "lastname");
    int firstname = PQfnumber(r, "firstname");
    int picture = PQfnumber(r, "picture_uri");
    if (id < 0 || lastname < 0 || firstname < 0 || (with_picture && picture < 0)) {
        call_fail_internal(c, "message_person: a column is missing");
        return NULL;
    }
    struct json_object *person = reply_object(c);
    reply_set(c, person, "id", reply_value(c, FK_COLUMN_INT, sql_value(r, row, id)));
    reply_set(c, person, "lastname", reply_str(c, sql_value(r, row, lastname)));
    reply_set(c, person, "firstname", reply_str(c, sql_value(r, row, firstname)));
    reply_set(c, person, "completeName",
              reply_str(c, user_full_name(c, sql_value(r, row, firstname),
                                          sql_value(r, row, lastname))));
    if (with_picture)
        reply_set(c, person, "pictureUri",
                  reply_str(c, user_picture_url(c, PQgetvalue(r, row, id),
                                                sql_value(r, row, picture))));
    return person;
}

bool message_list_read(api_call *c, sql_rows *rows, message_list_columns *col)
{
    call_event(c, "username", c->username, -1);
    *rows = call_prefetched(c);
    const PGresult *r = rows->result;
    if (!r)
        return false;
    *col = (message_list_columns){
        .id = PQfnumber(r, "id"),
        .title = PQfnumber(r, "title"),
        .status = PQfnumber(r, "msg_status"),
        .send_date = PQfnumber(r, "send_date"),
        .content = PQfnumber(r, "content"),
        .attachments = PQfnumber(r, "has_attachments"),
    };
    if (col->id < 0 || col->title < 0 || col->status < 0 || col->send_date < 0 ||
        col->content < 0 || col->attachments < 0) {
        call_fail_internal(c, "message_list_read: a column is missing");
        return false;
    }
    return true;
}

struct json_object *message_listed(api_call *c, const PGresult *r, int row,
                                   const message_list_columns *col, const char *person_key)
{
    struct json_object *m = reply_object(c);
    reply_set(c, m, "id", reply_value(c, FK_COLUMN_INT, PQgetvalue(r, row, col->id)));
    reply_set(c, m, "title", reply_str(c, PQgetvalue(r, row, col->title)));
    reply_set(c, m, "msgStatus", reply_value(c, FK_COLUMN_INT, PQgetvalue(r, row, col->status)));
    reply_set(c, m, person_key, message_person(c, r, row, true));
    reply_set(c, m, "sendDate", reply_str(c, PQgetvalue(r, row, col->send_date)));
    reply_set(c, m, "content", reply_str(c, PQgetvalue(r, row, col->content)));
    reply_set(c, m, "hasAttachments",
              reply_value(c, FK_BOOL, PQgetvalue(r, row, col->attachments)));
    return m;
}

bool message_set_status(api_call *c, int64_t message_id, int status, bool *changed)
{
    *changed = false;
    if (!message_id)
        return true;
    PGresult *r = call_sql(c, &SQL_SET_STATUS, call_itoa(c, message_id), c->user->id_text,
                           call_itoa(c, status));
    if (!r)
        return false;
    *changed = PQcmdTuples(r)[0] != '0';
    return true;
}

action_result message_mark_list(api_call *c, const php_value *messages, int status)
{
    size_t count = 0;
    if (messages && messages->kind == PHP_ARRAY)
        for (const php_entry *e = messages->arr->first; e; e = e->next)
            count += php_intval(e->value) != 0;
    if (!count)
        return call_fail(c, MSG_NoData);

    struct json_object *data = reply_object(c);
    strbuf logged;
    sb_init(&logged, c->arena, 16 * count);
    for (const php_entry *e = messages->arr->first; e; e = e->next) {
        int64_t id = php_intval(e->value);
        if (!id)
            continue;
        bool changed;
        if (!message_set_status(c, id, status, &changed))
            return ACTION_FAILED;
        const char *key = call_itoa(c, id);
        if (!key)
            return ACTION_FAILED;
        reply_set(c, data, key, reply_bool(c, changed));
        sb_printf(&logged, "%s%s", logged.len ? "," : "", key);
    }
    if (sb_failed(&logged))
        return call_fail_oom(c);
    call_event(c, "messages_id", logged.data, -1);
    return call_ok(c, data);
}
