/*
 * get_groups - the classes and social groups of the campus, for
 * administrators (25-groups-audit.md §3.1).
 *
 * POST type: "*" lists every group; anything else is compared with
 * usergroup.group_type as MySQL compares a number with a string ("1" and
 * "1abc" are 1, "1.5" matches nothing; absent, "" or not a number is 0, the
 * classes). Answers a list, by id, of {"id", "name", "description",
 * "visibility", "type"} (id and type are integer columns), followed by
 * "type_name" ("class" for type 0, "social" for 1, absent otherwise) and
 * "visibility_name" ("open" for visibility 1, "closed" for 2 compared as
 * PHP's ==, absent otherwise). With multiple_access_urls on, the groups of
 * the current campus only. Event: username = the caller's.
 */
#include "actions/groups/usergroup.h"

ACTION_ABOUT(get_groups, "The classes and social groups of the campus", "25-groups-audit.md §3.1",
    "Lists the classes and social groups of the campus, of the group type `type` (\"*\": all), "
    "by id.");

enum { ARG_TYPE };
ACTION_PARAMS(get_groups, [ARG_TYPE] = {"type", FROM_POST, PK_STRING, P_LOOKUP});

/* $1 the type as sent ("" when absent), $2 the campus (usergroup_campus).
 * MYSQL_NUMBER is MySQL's reading of a string as a number: its leading
 * numeric prefix, 0 without one. PHP_NUMERIC: a string PHP 8's == takes as
 * a number (surrounding whitespace allowed). */
#define MYSQL_NUMBER(s)                                                                        \
    "COALESCE(substring(" s " from '^[[:space:]]*([-+]?(?:[0-9]+[.]?[0-9]*|[.][0-9]+)"        \
    "(?:[eE][-+]?[0-9]+)?)')::numeric, 0)"
#define PHP_NUMERIC(s)                                                                         \
    "CASE WHEN " s " ~ '^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?"      \
    "[[:space:]]*$' THEN btrim(" s ", E' \\t\\n\\r\\v\\f')::numeric END"
DB_STATEMENT(SQL_GROUPS, "get_groups.list", 2,
    "SELECT ug.id, ug.name, ug.description, ug.visibility, ug.group_type,"
    "       CASE ug.group_type WHEN 0 THEN 'class' WHEN 1 THEN 'social' END AS type_name,"
    "       CASE " PHP_NUMERIC("ug.visibility") " WHEN 1 THEN 'open' WHEN 2 THEN 'closed' END"
    "         AS visibility_name"
    "  FROM usergroup ug"
    " WHERE ($1 = '*' OR ug.group_type = " MYSQL_NUMBER("$1") ")"
    "   AND " USERGROUP_ON_CAMPUS("ug.id", "$2")
    " ORDER BY ug.id");

static const char *type_sent(const api_call *c)
{
    return c->args[ARG_TYPE].s ? c->args[ARG_TYPE].s : "";
}

ACTION_PREFETCH(get_groups, SQL_GROUPS, type_sent(c), usergroup_campus(c));

static const json_field GROUP[] = {
    {"id", "id", FK_COLUMN_INT},
    {"name", "name", FK_STRING},
    {"description", "description", FK_STRING},
    {"visibility", "visibility", FK_STRING},
    {"type", "group_type", FK_COLUMN_INT},
};

ACTION_ANSWER(get_groups, A_LIST(A_ROW_WITH(GROUP, A_KEY_OPT("type_name", A_TEXT),
                                            A_KEY_OPT("visibility_name", A_TEXT))));

action_result action_get_groups(api_call *c)
{
    call_event(c, "username", c->username, -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    int type_name = PQfnumber(r, "type_name"), visibility_name = PQfnumber(r, "visibility_name");
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count; row++) {
        struct json_object *group = reply_row(c, r, row, FIELDS(GROUP));
        /* The two names are keys only when they have a value, as in PHP. */
        if (!PQgetisnull(r, row, type_name))
            reply_set(c, group, "type_name", reply_str(c, PQgetvalue(r, row, type_name)));
        if (!PQgetisnull(r, row, visibility_name))
            reply_set(c, group, "visibility_name",
                      reply_str(c, PQgetvalue(r, row, visibility_name)));
        reply_push(c, data, group);
    }
    return call_ok(c, data);
}
