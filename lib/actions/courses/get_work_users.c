/*
 * get_work_users - the users an assignment is restricted to, and the
 * course's students who could be added (30-courses.md §9):
 *
 *   {"users_added": [{"user_id": int, "complete_name_with_username":
 *                     "First Last (username)"}],
 *    "users_to_add": [{"user_id": int, "complete_name_with_username":
 *                      "First Last (username) "}]}
 *
 * GET work is required ("Action not allowed"); the course's teachers only
 * (NotAllowed). users_added: c_student_publication_rel_user of the work in
 * the course; users_to_add: the course's students (in a session context,
 * the session's students of the course) not among them, by name. The two
 * name formats differ by a trailing space, as in PHP.
 */
#include "api/action.h"
#include "model/work.h"
#include "model/user_format.h"

ACTION_ABOUT(get_work_users,
    "The users an assignment is restricted to, and those who could be added",
    "30-courses.md §9",
    "Answers the users the assignment `work` is restricted to and the course's students who "
    "could be added. Only the course's teachers.");

enum { ARG_WORK };
ACTION_PARAMS(get_work_users,
    [ARG_WORK] = WORK_PARAM(FROM_GET));
ACTION_TOOL(get_work_users, TOOL_STUDENT_PUBLICATION);

/* $1 course, $2 session context, $3 work. kind 'a' (added, by row) first,
 * then 't' (to add, by name). */
DB_STATEMENT(SQL_WORK_USERS, "get_work_users.list", 3,
    "SELECT 'a' AS kind, u.id, u.firstname, u.lastname, u.username, r.iid AS position"
    "  FROM c_student_publication_rel_user r JOIN \"user\" u ON u.id = r.user_id"
    " WHERE r.c_id = $1::int AND r.work_id = $3::int"
    " UNION ALL"
    " SELECT 't', u.id, u.firstname, u.lastname, u.username, 0"
    "   FROM (" WORK_COURSE_STUDENTS("$1::int", "$2::int") ") m"
    "   JOIN LATERAL (SELECT u.id, u.firstname, u.lastname, u.username FROM \"user\" u"
    "                  WHERE u.id = m.user_id LIMIT 1) u ON true"
    "  WHERE NOT EXISTS (SELECT 1 FROM c_student_publication_rel_user r"
    "                     WHERE r.c_id = $1::int AND r.work_id = $3::int AND r.user_id = u.id)"
    " ORDER BY kind, position, lastname, firstname, id");
ACTION_PREFETCH(get_work_users, SQL_WORK_USERS, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param), call_itoa(c, c->args[ARG_WORK].i));

#define WORK_USER A_OBJECT(A_KEY("user_id", A_INT), A_KEY("complete_name_with_username", A_STRING))
ACTION_ANSWER(get_work_users, A_OBJECT(A_KEY("users_added", A_LIST(WORK_USER)),
                                       A_KEY("users_to_add", A_LIST(WORK_USER))));

action_result action_get_work_users(api_call *c)
{
    if (!work_begin(c, &c->args[ARG_WORK], false))
        return ACTION_FAILED;
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    int kind = PQfnumber(r, "kind"), id = PQfnumber(r, "id"), first = PQfnumber(r, "firstname"),
        last = PQfnumber(r, "lastname"), username = PQfnumber(r, "username");
    struct json_object *added = reply_array(c), *to_add = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        bool is_added = PQgetvalue(r, row, kind)[0] == 'a';
        const char *name = user_full_name(c, sql_value(r, row, first), sql_value(r, row, last));
        struct json_object *user = reply_object(c);
        reply_set(c, user, "user_id", reply_value(c, FK_INT, PQgetvalue(r, row, id)));
        reply_set(c, user, "complete_name_with_username",
                  reply_str(c, arena_printf(c->arena, is_added ? "%s (%s)" : "%s (%s) ", name,
                                            PQgetvalue(r, row, username))));
        reply_push(c, is_added ? added : to_add, user);
    }
    struct json_object *data = reply_object(c);
    reply_set(c, data, "users_added", added);
    reply_set(c, data, "users_to_add", to_add);
    return call_ok(c, data);
}
