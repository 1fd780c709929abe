/*
 * delete_campus - deletes a campus (40-sessions-campuses.md §13.3).
 * Administrators only (docs/compat.md: PHP lets any key do it); one
 * transaction.
 *
 * POST id. Its links to courses, sessions, classes and users go, then the
 * campus; the users, courses and sessions themselves stay. Answers
 * {"status":true,"message":"URL deleted."}, also when no campus has that
 * id. Campus 1 (the main portal) and a campus still named by a session
 * category are not deleted: {"status":false,"message":"Error"} (PHP
 * deletes the first and fails with an SQL error on the second).
 */
#include "actions/campuses/campus_form.h"
#include "api/action.h"

ACTION_ABOUT(delete_campus, "Delete a campus", "40-sessions-campuses.md §13.3",
    "Deletes the campus `id` and its links to users, courses, sessions and classes, which "
    "themselves stay. The main campus 1 and a campus a session category names are kept.");

enum { ARG_ID };
ACTION_PARAMS(delete_campus, [ARG_ID] = {"id", FROM_POST, PK_INT, P_SCALAR});

DB_STATEMENT(SQL_DELETE_CAMPUS, "delete_campus.delete", 1,
    "WITH kept AS (SELECT $1::int = 1"
    "     OR EXISTS (SELECT 1 FROM session_category WHERE access_url_id = $1::int) AS kept),"
    " courses AS (DELETE FROM access_url_rel_course WHERE access_url_id = $1::int"
    "   AND NOT (SELECT kept FROM kept)),"
    " sessions AS (DELETE FROM access_url_rel_session WHERE access_url_id = $1::int"
    "   AND NOT (SELECT kept FROM kept)),"
    " classes AS (DELETE FROM access_url_rel_usergroup WHERE access_url_id = $1::int"
    "   AND NOT (SELECT kept FROM kept)),"
    " users AS (DELETE FROM access_url_rel_user WHERE access_url_id = $1::int"
    "   AND NOT (SELECT kept FROM kept)),"
    " campus AS (DELETE FROM access_url WHERE id = $1::int AND NOT (SELECT kept FROM kept))"
    " SELECT kept FROM kept");

ACTION_ANSWER(delete_campus, A_OBJECT(A_KEY("status", A_BOOL), A_KEY("message", A_TEXT)));

action_result action_delete_campus(api_call *c)
{
    const char *raw_id = campus_id_as_sent(c, &c->args[ARG_ID]);
    if (!raw_id)
        return ACTION_FAILED;
    PGresult *r = call_sql(c, &SQL_DELETE_CAMPUS, call_itoa(c, c->args[ARG_ID].i));
    if (!r)
        return ACTION_FAILED;
    bool kept = PQgetvalue(r, 0, 0)[0] == 't';
    call_event(c, "campus_id", raw_id, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, !kept));
    reply_set(c, data, "message", reply_str(c, call_text(c, kept ? MSG_Error : MSG_URLDeleted)));
    return call_ok(c, data);
}
