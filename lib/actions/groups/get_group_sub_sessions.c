/*
 * get_group_sub_sessions - the sessions a class is linked to
 * (25-groups-audit.md §3.7), for any valid key, as in PHP.
 *
 * POST id (refused when absent, 0 or not a number: PHP crashes). Answers
 * [] or an object keyed by session id, in link order, of {"session_id",
 * "name", "description", "nbr_users", "nbr_courses"} (integer columns:
 * numbers under PHP 8). Not limited to the current campus, as in PHP.
 * Event: group_id = the answer's data, PHP-serialized.
 */
#include "actions/groups/usergroup.h"

ACTION_ABOUT(get_group_sub_sessions, "The sessions a class is linked to", "25-groups-audit.md §3.7",
    "Lists, keyed by session id, the sessions the class `id` is linked to, with their user and "
    "course counts.");

enum { ARG_ID };
ACTION_PARAMS(get_group_sub_sessions, [ARG_ID] = USERGROUP_ID_PARAM);

DB_STATEMENT(SQL_SESSIONS, "get_group_sub_sessions.list", 1,
    "SELECT s.id AS session_id, s.name, s.description, s.nbr_users, s.nbr_courses"
    "  FROM usergroup_rel_session l JOIN session s ON s.id = l.session_id"
    " WHERE l.usergroup_id = $1::int"
    " ORDER BY l.id");
ACTION_PREFETCH(get_group_sub_sessions, SQL_SESSIONS, call_itoa(c, c->args[ARG_ID].i));

static const json_field SESSION[] = {
    {"session_id", "session_id", FK_COLUMN_INT},
    {"name", "name", FK_STRING},
    {"description", "description", FK_STRING},
    {"nbr_users", "nbr_users", FK_COLUMN_INT},
    {"nbr_courses", "nbr_courses", FK_COLUMN_INT},
};

ACTION_ANSWER(get_group_sub_sessions, A_BY_ID(A_ROW(SESSION)));

action_result action_get_group_sub_sessions(api_call *c)
{
    return usergroup_read(c, &c->args[ARG_ID], "session_id", FIELDS(SESSION));
}
