/*
 * add_group - creates a class or a social group (25-groups-audit.md §3.3),
 * for administrators; one transaction.
 *
 * POST name (verbatim; absent is ""), description (absent: NULL),
 * visibility (absent: ""), url, picture (a string, stored verbatim;
 * absent: NULL), allow_members_leave_group (1 when the key is present,
 * whatever its value), type and group_type: the group is social
 * (group_type 1) when either is PHP-truthy, else a class (0).
 * Refused, in PHP's order: a name some group of the campus has, compared
 * as MySQL does, answers "<name> Already exists"; the trimmed name taken
 * answers "Not Registered". Two calls adding the same name wait for each
 * other, so that only one of them creates it.
 * Then the row (created_at = updated_at = now, UTC), its campus link with
 * multiple_access_urls on, and for a social group the caller as its
 * administrator (relation_type 1, event soc_gr_u_subs). Events:
 * soc_gr_created ("id: <id>"), then access_ws_add_group (user_id =
 * serialized [<id>]). Answers [<id>].
 *
 * Not done (docs/compat.md): an uploaded picture file is not processed; an
 * `id` parameter is ignored (PHP inserts it as the primary key).
 */
#include <stdlib.h>
#include <string.h>

#include "actions/groups/usergroup.h"

ACTION_ABOUT(add_group, "Create a class or social group", "25-groups-audit.md §3.3",
    "Creates a class, or a social group when `type` or `group_type` says so, named `name`, on "
    "the current campus, and answers its id; a name already taken is refused.");

enum { ARG_NAME, ARG_DESCRIPTION, ARG_TYPE, ARG_GROUP_TYPE, ARG_VISIBILITY, ARG_URL, ARG_PICTURE,
       ARG_ALLOW_LEAVE };
ACTION_PARAMS(add_group,
    [ARG_NAME] = {"name", FROM_POST, PK_STRING, P_SCALAR, 255},
    [ARG_DESCRIPTION] = {"description", FROM_POST, PK_STRING, P_SCALAR},
    [ARG_TYPE] = {"type", FROM_POST, PK_BOOL},
    [ARG_GROUP_TYPE] = {"group_type", FROM_POST, PK_BOOL},
    [ARG_VISIBILITY] = {"visibility", FROM_POST, PK_STRING, P_SCALAR, 255},
    [ARG_URL] = {"url", FROM_POST, PK_STRING, P_SCALAR, 255},
    [ARG_PICTURE] = {"picture", FROM_POST, PK_STRING, P_SCALAR, 255},
    [ARG_ALLOW_LEAVE] = {"allow_members_leave_group", FROM_POST, PK_ANY});

/* Serializes the adds of one name (trimmed, case-folded) until COMMIT: the
 * name checks below then see every group created before. */
DB_STATEMENT(SQL_LOCK_NAME, "add_group.lock_name", 1,
    "SELECT pg_advisory_xact_lock(hashtext('usergroup name '"
    "                                      || lower(btrim($1, E' \\t\\n\\r\\v'))))");

/* $1 name, $2 description, $3 group_type, $4 picture, $5 url, $6
 * visibility, $7 allow_members_leave_group. */
DB_STATEMENT(SQL_INSERT, "add_group.insert", 7,
    "INSERT INTO usergroup (name, description, group_type, picture, url, visibility,"
    "                       allow_members_leave_group, created_at, updated_at)"
    " VALUES ($1, $2, $3::int, $4, $5, $6, $7::int, date_trunc('second', LOCALTIMESTAMP),"
    "         date_trunc('second', LOCALTIMESTAMP))"
    " RETURNING id");

DB_STATEMENT(SQL_LINK_CAMPUS, "add_group.link_campus", 2,
    "INSERT INTO access_url_rel_usergroup (access_url_id, usergroup_id) VALUES ($1::int, $2::int)");

DB_STATEMENT(SQL_ADD_ADMIN, "add_group.add_admin", 2,
    "INSERT INTO usergroup_rel_user (usergroup_id, user_id, relation_type)"
    " VALUES ($1::int, $2::int, 1)");

/* NE(name): true when taken; false on a database error too, with the
 * error recorded (the caller checks call state through its result). */
static bool name_taken(api_call *c, const char *name, bool *taken)
{
    PGresult *r = call_sql(c, usergroup_name_exists(), name, usergroup_campus(c));
    if (!r)
        return false;
    *taken = PQgetvalue(r, 0, 0)[0] == 't';
    return true;
}

ACTION_ANSWER(add_group, A_NOTE("[the new group's id]", A_LIST(A_INT)));

action_result action_add_group(api_call *c)
{
    const api_arg *arg_name = &c->args[ARG_NAME];
    const char *name = arg_name->s ? arg_name->s : "";
    size_t trimmed_len = 0;
    const char *trimmed = php_trim(name, strlen(name), &trimmed_len);
    const char *trimmed_name = arena_strndup(c->arena, trimmed, trimmed_len);
    if (!trimmed_name)
        return call_fail_oom(c);

    bool taken = false;
    if (!call_sql(c, &SQL_LOCK_NAME, name) || !name_taken(c, name, &taken))
        return ACTION_FAILED;
    if (taken)
        return call_fail_with(c, MSG_XAlreadyExists, name);
    if (!name_taken(c, trimmed_name, &taken))
        return ACTION_FAILED;
    if (taken)
        return call_fail(c, MSG_NotRegistered);

    bool social = c->args[ARG_TYPE].i || c->args[ARG_GROUP_TYPE].i;
    const char *visibility = c->args[ARG_VISIBILITY].s ? c->args[ARG_VISIBILITY].s : "";
    PGresult *r = call_sql(c, &SQL_INSERT, name, c->args[ARG_DESCRIPTION].s, social ? "1" : "0",
                           c->args[ARG_PICTURE].s, c->args[ARG_URL].s, visibility,
                           c->args[ARG_ALLOW_LEAVE].raw ? "1" : "0");
    if (!r)
        return ACTION_FAILED;
    const char *id_text = PQgetvalue(r, 0, 0);
    int64_t id = strtoll(id_text, NULL, 10);
    if (c->cfg->multiple_access_urls && !call_sql(c, &SQL_LINK_CAMPUS, c->url_id_text, id_text))
        return ACTION_FAILED;
    if (social) {
        if (!call_sql(c, &SQL_ADD_ADMIN, id_text, c->user->id_text))
            return ACTION_FAILED;
        if (!usergroup_event(c, "soc_gr_u_subs", "gid: %s - uid: %s", id_text, c->user->id_text))
            return ACTION_FAILED;
    }
    const char *serialized = usergroup_serialized_id(c, id);
    if (!usergroup_event(c, "soc_gr_created", "id: %s", id_text) || !serialized)
        return ACTION_FAILED;
    call_event(c, "user_id", serialized, -1);
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_int(c, id));
    return call_ok(c, data);
}
