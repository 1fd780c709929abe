/*
 * delete_group_sub_user - removes a user from a class or social group
 * (25-groups-audit.md §3.11), for administrators; one transaction.
 *
 * POST group_id, user_id (PHP (int)). Either 0: nothing, [false]. Else
 * every membership row of the user in the group goes, whatever its
 * relation_type; the user keeps the courses and sessions the group gave
 * them, as in PHP. Events: soc_gr_u_unsubs ("gid: <G> - uid: <U>", also
 * when there was no row), then access_ws_delete_group_sub_user (group_id).
 * Answers [{}], as PHP 8 encodes the library's statement object.
 *
 * Deviation (docs/compat.md): administrators only (PHP lets any user remove
 * anyone).
 */
#include "actions/groups/usergroup.h"

ACTION_ABOUT(delete_group_sub_user, "Remove a user from a class or social group",
    "25-groups-audit.md §3.11",
    "Removes every membership of `user_id` in the group `group_id`; the user keeps the courses "
    "and sessions the group gave them.");

enum { ARG_GROUP_ID, ARG_USER_ID };
ACTION_PARAMS(delete_group_sub_user,
    [ARG_GROUP_ID] = {"group_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_USER_ID] = {"user_id", FROM_POST, PK_INT, P_SCALAR});

DB_STATEMENT(SQL_REMOVE, "delete_group_sub_user.remove", 2,
    "DELETE FROM usergroup_rel_user WHERE usergroup_id = $1::int AND user_id = $2::int");

ACTION_ANSWER(delete_group_sub_user, A_NOTE("[{}] once done, [false] for a 0 id",
                                            A_TUPLE(A_ONE_OF(A_BOOL, A_OBJECT(A_MORE(A_ANY))))));

action_result action_delete_group_sub_user(api_call *c)
{
    int64_t group_id = c->args[ARG_GROUP_ID].i, user_id = c->args[ARG_USER_ID].i;
    const char *group_text = call_itoa(c, group_id), *user_text = call_itoa(c, user_id);
    struct json_object *data = reply_array(c);
    if (group_id == 0 || user_id == 0) {
        reply_push(c, data, reply_bool(c, false));
    } else {
        if (!call_sql(c, &SQL_REMOVE, group_text, user_text) ||
            !usergroup_event(c, "soc_gr_u_unsubs", "gid: %s - uid: %s", group_text, user_text))
            return ACTION_FAILED;
        reply_push(c, data, reply_object(c));
    }
    call_event(c, "group_id", group_text, -1);
    return call_ok(c, data);
}
