/*
 * add_group_sub_user - adds a user to a class or social group
 * (25-groups-audit.md §3.8), for administrators; one transaction.
 *
 * POST group_id, user_id (PHP (int)), role (PHP (int) when the key is
 * present, else 2; role 2, a social group's reader, is stored as 0, a
 * plain member, as Chamilo's library does). In order: user_id 0 answers
 * "user_id not provided", group_id 0 "group_id not provided", a group or
 * user that does not exist "user_id or group_id does not exist". Then, by
 * the user's first membership row in the group: none, or relation_type 0
 * with another role, adds a row with the role (event soc_gr_u_subs); a
 * pending invitation (3) becomes a reader (2), without event; any other
 * row stays as it is. Event: access_ws_add_group_sub_user, group_id. Answers
 * [true]. Adds to one group wait for each other (the group row is locked).
 *
 * Deviations (docs/compat.md): administrators only (PHP lets any user add
 * anyone anywhere, as an admin of the group too); a member stored with 0
 * added again with the same role keeps one row (PHP adds a duplicate on
 * every call).
 */
#include <stdlib.h>

#include "actions/groups/usergroup.h"

ACTION_ABOUT(add_group_sub_user, "Add a user to a class or social group", "25-groups-audit.md §3.8",
    "Adds `user_id` to the group `group_id` with the role `role` (default: a member).");

enum { ARG_GROUP_ID, ARG_USER_ID, ARG_ROLE };
ACTION_PARAMS(add_group_sub_user,
    [ARG_GROUP_ID] = {"group_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_USER_ID] = {"user_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_ROLE] = {"role", FROM_POST, PK_INT, P_SCALAR});

/* No row: no such group. $1 group, $2 user. */
DB_STATEMENT(SQL_STATE, "add_group_sub_user.state", 2,
    "SELECT EXISTS (SELECT 1 FROM \"user\" u WHERE u.id = $2::int) AS user_exists,"
    "       m.id AS membership_id, m.relation_type"
    "  FROM usergroup g"
    "  LEFT JOIN LATERAL (SELECT r.id, r.relation_type FROM usergroup_rel_user r"
    "                      WHERE r.usergroup_id = g.id AND r.user_id = $2::int"
    "                      ORDER BY r.id LIMIT 1) m ON true"
    " WHERE g.id = $1::int"
    " FOR NO KEY UPDATE OF g");

DB_STATEMENT(SQL_ADD, "add_group_sub_user.add", 3,
    "INSERT INTO usergroup_rel_user (usergroup_id, user_id, relation_type)"
    " VALUES ($1::int, $2::int, $3::int)");

DB_STATEMENT(SQL_ACCEPT_INVITATION, "add_group_sub_user.accept", 1,
    "UPDATE usergroup_rel_user SET relation_type = 2 WHERE id = $1::bigint");

enum { RELATION_MEMBER = 0, RELATION_READER = 2, RELATION_INVITED = 3 };

ACTION_ANSWER(add_group_sub_user, A_LIST(A_BOOL));

action_result action_add_group_sub_user(api_call *c)
{
    int64_t group_id = c->args[ARG_GROUP_ID].i, user_id = c->args[ARG_USER_ID].i;
    if (user_id == 0)
        return call_fail(c, MSG_UserIdNotProvided);
    if (group_id == 0)
        return call_fail(c, MSG_GroupIdNotProvided);
    const api_arg *role_arg = &c->args[ARG_ROLE];
    int64_t role = role_arg->raw ? role_arg->i : RELATION_READER;
    if (role == RELATION_READER)
        role = RELATION_MEMBER;

    const char *group_text = call_itoa(c, group_id), *user_text = call_itoa(c, user_id);
    PGresult *r = call_sql(c, &SQL_STATE, group_text, user_text);
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) == 0 || PQgetvalue(r, 0, 0)[0] != 't')
        return call_fail(c, MSG_UserIdOrGroupIdDoesNotExist);
    const char *membership = sql_value(r, 0, 1);
    int64_t relation = membership ? strtoll(PQgetvalue(r, 0, 2), NULL, 10) : 0;
    if (!membership || (relation == RELATION_MEMBER && role != RELATION_MEMBER)) {
        if (!call_sql(c, &SQL_ADD, group_text, user_text, call_itoa(c, role)) ||
            !usergroup_event(c, "soc_gr_u_subs", "gid: %s - uid: %s", group_text, user_text))
            return ACTION_FAILED;
    } else if (relation == RELATION_INVITED) {
        if (!call_sql(c, &SQL_ACCEPT_INVITATION, membership))
            return ACTION_FAILED;
    }
    call_event(c, "group_id", group_text, -1);
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_bool(c, true));
    return call_ok(c, data);
}
