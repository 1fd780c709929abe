/*
 * get_user_sub_group - the classes and social groups a user belongs to
 * (25-groups-audit.md §3.14), for any valid key, as in PHP.
 *
 * POST user_id, PHP (int); 0 answers "user_id not provided". Answers
 * {"groups": [group id, ...]} in membership order, one per membership row
 * (integer column: numbers under PHP 8). With multiple_access_urls on, the
 * groups of the current campus only. Event (before the read): user_id.
 */
#include "actions/groups/usergroup.h"

ACTION_ABOUT(get_user_sub_group, "The classes and social groups a user belongs to",
    "25-groups-audit.md §3.14",
    "Lists the ids of the classes and social groups the user `user_id` belongs to (of the "
    "current campus with multiple URLs).");

enum { ARG_USER_ID };
ACTION_PARAMS(get_user_sub_group, [ARG_USER_ID] = {"user_id", FROM_POST, PK_INT, P_SCALAR});

/* $1 the user, $2 the campus (usergroup_campus). */
DB_STATEMENT(SQL_USER_GROUPS, "get_user_sub_group.list", 2,
    "SELECT m.usergroup_id FROM usergroup_rel_user m"
    " WHERE m.user_id = $1::int AND " USERGROUP_ON_CAMPUS("m.usergroup_id", "$2")
    " ORDER BY m.id");
ACTION_PREFETCH(get_user_sub_group, SQL_USER_GROUPS, call_itoa(c, c->args[ARG_USER_ID].i),
                usergroup_campus(c));

ACTION_ANSWER(get_user_sub_group, A_OBJECT(A_KEY("groups", A_LIST(A_COLUMN_INT))));

action_result action_get_user_sub_group(api_call *c)
{
    int64_t user_id = c->args[ARG_USER_ID].i;
    if (user_id == 0)
        return call_fail(c, MSG_UserIdNotProvided);
    const char *id_text = call_itoa(c, user_id);
    call_event(c, "user_id", id_text, -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    struct json_object *groups = reply_array(c);
    for (int row = 0; row < rows.count; row++)
        reply_push(c, groups, reply_value(c, FK_COLUMN_INT, PQgetvalue(r, row, 0)));
    struct json_object *data = reply_object(c);
    reply_set(c, data, "groups", groups);
    return call_ok(c, data);
}
