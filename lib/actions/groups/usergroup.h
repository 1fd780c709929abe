/*
 * usergroup.h - what the class actions share (25-groups-audit.md §1-§2):
 * the campus a class belongs to, class names compared as MySQL compares
 * them, and the usergroup library's own event rows (§2.1).
 */
#ifndef CHAMILO_ACTIONS_GROUPS_USERGROUP_H
#define CHAMILO_ACTIONS_GROUPS_USERGROUP_H

#include "api/action.h"

/* The campus whose classes an action sees: the current one with
 * multiple_access_urls on, "0" (every class) otherwise. The SQL condition
 * takes it as $n: "($n::int = 0 OR EXISTS (SELECT 1 FROM
 * access_url_rel_usergroup ...))". */
const char *usergroup_campus(const api_call *c);
#define USERGROUP_ON_CAMPUS(group_col, param)                                                  \
    "(" param "::int = 0 OR EXISTS (SELECT 1 FROM access_url_rel_usergroup a"               \
    "  WHERE a.access_url_id = " param "::int AND a.usergroup_id = " group_col "))"

/* NE(name) (§2.5): whether a class of the campus (usergroup_campus) has
 * this name, compared case-insensitively with trailing spaces ignored,
 * leading spaces significant. $1 the name, $2 the campus. */
db_stmt *usergroup_name_exists(void);

/* Serializes the link writes of one class (G as decimal text) until
 * COMMIT: two calls linking or unlinking it run one after the other, each
 * seeing the other's links. False on a database error (recorded). */
bool usergroup_lock_links(api_call *c, const char *group_id);

/* M(G) (§2.3): the user_id of every membership row of the class, in the
 * order they were made (column 0; duplicates kept). G = 0 has none (PHP's
 * M(0), every member of every class, is not reproduced: docs/compat.md).
 * .result NULL on a database error (recorded). */
sql_rows usergroup_members(api_call *c, const char *group_id);

/* The answer of the link actions, [[<id>]] (the course or session id as a
 * number) or [[]] when linked_id is NULL, with their access_ws_ event
 * (group_id = G). */
action_result usergroup_link_answer(api_call *c, const char *group_id, const char *linked_id);

/* A usergroup library event (§2.1): value type soc_gr_portal_id, the value
 * formatted as printf does, written with the action's transaction. False
 * on OOM (recorded). */
bool usergroup_event(api_call *c, const char *type, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* PHP serialize() of the one-element list [id] ("a:1:{i:0;i:42;}"), the
 * value of the add_group and delete_group events. NULL on OOM (recorded). */
const char *usergroup_serialized_id(api_call *c, int64_t id);

/* The `id` parameter of the class readers and of delete_group: PHP passes it
 * to a method declared int, which crashes (HTTP 500) on a value that is
 * absent or not a number; refused here, with 0 (no class has it). The
 * declaration refuses absent, "", "0" and arrays; usergroup_id_refused the
 * other strings without a number ("abc", read as 0). */
#define USERGROUP_ID_PARAM {"id", FROM_POST, PK_INT, P_REQUIRED | P_SCALAR}

/* True (and the refusal answered) when the declared `id` reads as 0. */
bool usergroup_id_refused(api_call *c, const api_arg *id);

/* The rows of a class reader as PHP's array keyed by `key_column`: an
 * object in row order ({"3": {...}}), where a repeated key keeps its first
 * place and takes the last row's values, or [] without rows. */
struct json_object *usergroup_rows_by_key(api_call *c, const PGresult *r, const char *key_column,
                                          const json_field *fields, size_t count);

/* Answers a class reader's data, with its event: group_id = the data
 * PHP-serialized. */
action_result usergroup_answer_rows(api_call *c, struct json_object *data);

/* The whole of a class reader whose parameter is the declared `id`: the
 * refusal of an id that reads as 0, then its prefetched statement's rows
 * keyed by key_column (usergroup_rows_by_key) with `fields`, answered by
 * usergroup_answer_rows. */
action_result usergroup_read(api_call *c, const api_arg *id, const char *key_column,
                             const json_field *fields, size_t count);

#endif
