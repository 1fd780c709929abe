/*
 * get_group_sub_users - the members of a class or social group
 * (25-groups-audit.md §3.5), for any valid key, as in PHP.
 *
 * POST id (refused when absent, 0 or not a number: PHP crashes). Answers
 * [] or an object keyed by user id, in the order of relation_type then
 * first name, of {"id", "firstname", "lastname", "relation_type"} (integer
 * columns: numbers under PHP 8). A user with several rows appears once.
 * Event: group_id = the answer's data, PHP-serialized.
 */
#include "actions/groups/usergroup.h"

ACTION_ABOUT(get_group_sub_users, "The members of a class or social group",
    "25-groups-audit.md §3.5",
    "Lists, keyed by user id, the members of the group `id` with their relation type.");

enum { ARG_ID };
ACTION_PARAMS(get_group_sub_users, [ARG_ID] = USERGROUP_ID_PARAM);

DB_STATEMENT(SQL_MEMBERS, "get_group_sub_users.list", 1,
    "SELECT u.id, u.firstname, u.lastname, m.relation_type"
    "  FROM usergroup_rel_user m JOIN \"user\" u ON u.id = m.user_id"
    " WHERE m.usergroup_id = $1::int"
    " ORDER BY m.relation_type, lower(u.firstname) NULLS FIRST, m.id");
ACTION_PREFETCH(get_group_sub_users, SQL_MEMBERS, call_itoa(c, c->args[ARG_ID].i));

static const json_field MEMBER[] = {
    {"id", "id", FK_COLUMN_INT},
    {"firstname", "firstname", FK_STRING},
    {"lastname", "lastname", FK_STRING},
    {"relation_type", "relation_type", FK_COLUMN_INT},
};

ACTION_ANSWER(get_group_sub_users, A_BY_ID(A_ROW(MEMBER)));

action_result action_get_group_sub_users(api_call *c)
{
    return usergroup_read(c, &c->args[ARG_ID], "id", FIELDS(MEMBER));
}
