/*
 * group_exists - whether a class or social group has this name
 * (25-groups-audit.md §3.2), for any valid key, as in PHP.
 *
 * POST name, compared as MySQL compares it: case-insensitively, trailing
 * spaces ignored, leading spaces significant; absent is compared as "".
 * With multiple_access_urls on, among the groups of the current campus.
 * Answers [true] or [false]. Event: groupname = the name as sent.
 */
#include "actions/groups/usergroup.h"

ACTION_ABOUT(group_exists, "Whether a class or social group has this name",
    "25-groups-audit.md §3.2",
    "Answers [true] when a class or social group (of the current campus with multiple URLs) is "
    "named `name`, compared case-insensitively, else [false].");

enum { ARG_NAME };
ACTION_PARAMS(group_exists, [ARG_NAME] = {"name", FROM_POST, PK_STRING, P_LOOKUP});

static const char *name_sent(const api_call *c)
{
    return c->args[ARG_NAME].s ? c->args[ARG_NAME].s : "";
}

ACTION_PREFETCH(group_exists, *usergroup_name_exists(), name_sent(c), usergroup_campus(c));

ACTION_ANSWER(group_exists, A_LIST(A_BOOL));

action_result action_group_exists(api_call *c)
{
    call_event(c, "groupname", name_sent(c), -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_bool(c, PQgetvalue(r, 0, 0)[0] == 't'));
    return call_ok(c, data);
}
