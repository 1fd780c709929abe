#include <stdlib.h>

#include "actions/groups/class_session_link.h"
#include "actions/groups/usergroup.h"

/* $1 S, $2 G. */
DB_STATEMENT(SQL_SESSION, "class_session_link.session", 2,
    "SELECT EXISTS (SELECT 1 FROM session WHERE id = $1::int AND $1::int > 0) AS valid,"
    "       EXISTS (SELECT 1 FROM usergroup_rel_session"
    "                WHERE usergroup_id = $2::int AND session_id = $1::int) AS linked");

bool class_session_link_read(api_call *c, class_session_link *link)
{
    link->group_id = call_itoa(c, c->args[ARG_GROUP_ID].i);
    link->session = c->args[ARG_SESSION_ID].i;
    link->session_id = call_itoa(c, link->session);
    if (!usergroup_lock_links(c, link->group_id))
        return false;
    PGresult *r = call_sql(c, &SQL_SESSION, link->session_id, link->group_id);
    if (!r)
        return false;
    link->session_valid = PQgetvalue(r, 0, 0)[0] == 't';
    link->linked = PQgetvalue(r, 0, 1)[0] == 't';
    sql_rows members = usergroup_members(c, link->group_id);
    if (!members.result)
        return false;
    int64_t *ids = arena_calloc(c->arena, members.count ? (size_t)members.count : 1, sizeof *ids);
    if (!ids)
        return call_fail_oom(c), false;
    for (int row = 0; row < members.count; row++)
        ids[row] = strtoll(PQgetvalue(members.result, row, 0), NULL, 10);
    link->members = ids;
    link->member_count = (size_t)members.count;
    return true;
}
