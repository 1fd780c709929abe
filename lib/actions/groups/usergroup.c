#include <stdarg.h>
#include <stdlib.h>

#include "actions/groups/usergroup.h"
#include "php/php_serialize.h"

DB_STATEMENT(SQL_NAME_EXISTS, "usergroup.name_exists", 2,
    "SELECT EXISTS (SELECT 1 FROM usergroup ug"
    "  WHERE lower(rtrim(ug.name, ' ')) = lower(rtrim($1, ' '))"
    "    AND " USERGROUP_ON_CAMPUS("ug.id", "$2") ")");

DB_STATEMENT(SQL_LOCK_LINKS, "usergroup.lock_links", 1,
    "SELECT pg_advisory_xact_lock(hashtext('usergroup links ' || $1))");

DB_STATEMENT(SQL_MEMBERS, "usergroup.members", 1,
    "SELECT user_id FROM usergroup_rel_user WHERE usergroup_id = $1::int AND $1::int <> 0"
    " ORDER BY id");

bool usergroup_lock_links(api_call *c, const char *group_id)
{
    return call_sql(c, &SQL_LOCK_LINKS, group_id) != NULL;
}

sql_rows usergroup_members(api_call *c, const char *group_id)
{
    PGresult *r = call_sql(c, &SQL_MEMBERS, group_id);
    return (sql_rows){r, r ? PQntuples(r) : 0};
}

db_stmt *usergroup_name_exists(void)
{
    return &SQL_NAME_EXISTS;
}

const char *usergroup_campus(const api_call *c)
{
    return c->cfg->multiple_access_urls ? c->url_id_text : "0";
}

bool usergroup_event(api_call *c, const char *type, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    const char *value = arena_vprintf(c->arena, format, ap);
    va_end(ap);
    if (!value)
        return call_fail_oom(c), false;
    call_event_typed(c, type, "soc_gr_portal_id", value, -1);
    return true;
}

const char *usergroup_serialized_id(api_call *c, int64_t id)
{
    struct json_object *list = reply_array(c);
    reply_push(c, list, reply_int(c, id));
    const char *text = list ? php_serialize(c->arena, list) : NULL;
    if (!text && !call_failed(c))
        call_fail_oom(c);
    return text;
}

struct json_object *usergroup_rows_by_key(api_call *c, const PGresult *r, const char *key_column,
                                          const json_field *fields, size_t count)
{
    int rows = PQntuples(r);
    if (rows == 0)
        return reply_array(c);
    int key = PQfnumber(r, key_column);
    if (key < 0) {
        call_fail_internal(c, "usergroup_rows_by_key: no such column");
        return NULL;
    }
    struct json_object *data = reply_object(c);
    for (int row = 0; row < rows; row++)
        reply_set(c, data, PQgetvalue(r, row, key), reply_row(c, r, row, fields, count));
    return data;
}

action_result usergroup_answer_rows(api_call *c, struct json_object *data)
{
    if (!data)
        return call_ok(c, NULL); /* answers the error recorded */
    const char *serialized = php_serialize(c->arena, data);
    if (!serialized)
        return call_fail_oom(c);
    call_event(c, "group_id", serialized, -1);
    return call_ok(c, data);
}

bool usergroup_id_refused(api_call *c, const api_arg *id)
{
    if (id->i != 0)
        return false;
    call_fail_with(c, MSG_BadParameter, "id");
    return true;
}

action_result usergroup_link_answer(api_call *c, const char *group_id, const char *linked_id)
{
    call_event(c, "group_id", group_id, -1);
    struct json_object *linked = reply_array(c);
    if (linked_id)
        reply_push(c, linked, reply_int(c, strtoll(linked_id, NULL, 10)));
    struct json_object *data = reply_array(c);
    reply_push(c, data, linked);
    return call_ok(c, data);
}

action_result usergroup_read(api_call *c, const api_arg *id, const char *key_column,
                             const json_field *fields, size_t count)
{
    if (usergroup_id_refused(c, id))
        return ACTION_FAILED;
    sql_rows rows = call_prefetched(c);
    if (!rows.result)
        return ACTION_FAILED;
    return usergroup_answer_rows(c, usergroup_rows_by_key(c, rows.result, key_column, fields,
                                                          count));
}
