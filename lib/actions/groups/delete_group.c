/*
 * delete_group - deletes a class or social group (25-groups-audit.md §3.4),
 * for administrators; one transaction.
 *
 * POST id (refused when absent, 0 or not a number: PHP crashes). Deletes
 * the group's members, course and session links and campus links, then
 * the group; members keep the courses and sessions the group gave them, as
 * in PHP. A group that does not exist answers "NotDeleted" and changes
 * nothing. Events: soc_gr_deleted ("id: <id>"), then access_ws_delete_group
 * (group_id = serialized [<id>]). Answers [<id>].
 *
 * Deviations (docs/compat.md): every campus link of the group goes with it
 * (PHP removes only the current campus's, and none on a single campus);
 * nothing is deleted when the group does not exist (PHP deletes the rows
 * that name it before failing).
 */
#include <string.h>

#include "actions/groups/usergroup.h"

ACTION_ABOUT(delete_group, "Delete a class or social group", "25-groups-audit.md §3.4",
    "Deletes the group `id` with its members, course, session and campus links; members keep the "
    "courses and sessions the group gave them.");

enum { ARG_ID };
ACTION_PARAMS(delete_group, [ARG_ID] = USERGROUP_ID_PARAM);

DB_STATEMENT(SQL_DELETE_LINKS, "delete_group.links", 1,
    "WITH campus AS (DELETE FROM access_url_rel_usergroup WHERE usergroup_id = $1::int),"
    " members AS (DELETE FROM usergroup_rel_user WHERE usergroup_id = $1::int),"
    " courses AS (DELETE FROM usergroup_rel_course WHERE usergroup_id = $1::int),"
    " sessions AS (DELETE FROM usergroup_rel_session WHERE usergroup_id = $1::int)"
    " SELECT 1");

DB_STATEMENT(SQL_DELETE, "delete_group.group", 1,
    "DELETE FROM usergroup WHERE id = $1::int");

ACTION_ANSWER(delete_group, A_NOTE("[the group's id]", A_LIST(A_INT)));

action_result action_delete_group(api_call *c)
{
    const api_arg *id = &c->args[ARG_ID];
    if (usergroup_id_refused(c, id))
        return ACTION_FAILED;
    const char *id_text = call_itoa(c, id->i);
    PGresult *r;
    if (!call_sql(c, &SQL_DELETE_LINKS, id_text) || !(r = call_sql(c, &SQL_DELETE, id_text)))
        return ACTION_FAILED;
    if (strcmp(PQcmdTuples(r), "1") != 0)
        return call_fail(c, MSG_NotDeleted);
    const char *serialized = usergroup_serialized_id(c, id->i);
    if (!usergroup_event(c, "soc_gr_deleted", "id: %s", id_text) || !serialized)
        return ACTION_FAILED;
    call_event(c, "group_id", serialized, -1);
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_int(c, id->i));
    return call_ok(c, data);
}
