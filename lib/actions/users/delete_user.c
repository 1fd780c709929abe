/*
 * delete_user - deletes a user and what Chamilo deletes with one
 * (20-users-messages.md §5.9, UserManager::delete_user). Administrators
 * only (gate ADMIN, which also requires a valid key: PHP accepted an
 * admin's session cookie instead); one transaction.
 *
 * REQUEST user_id, cast with PHP (int). Answers {"status": false} and
 * changes nothing when the id is 0, when deny_delete_users is on, when the
 * id is the caller's own (our rule: an administrator cannot lock himself
 * out), or when the user is the only teacher (course_rel_user.status 1) of
 * some course. Otherwise {"status": true}, also for an id that matches no
 * user (PHP's answer, kept).
 *
 * What goes with the user, in one statement: course-group memberships in
 * the user's courses (c_group_rel_user), classes and social groups
 * (usergroup_rel_user), course_rel_user, session_rel_course_rel_user,
 * session_rel_user, the admin row, the user's extra field values,
 * access_url_rel_user, friends and bosses (user_rel_user, both
 * directions), the user's works (c_student_publication with c_id <> 0),
 * learning-path category access (c_lp_category_user), FOSUserBundle groups
 * (fos_user_user_group) and the API keys (user_api_key); sessions the user
 * coached or administered pass to the caller; item properties
 * (c_item_property) lose the user: to_user_id and insert_user_id become
 * NULL, lastedit_user_id 0 (a NOT NULL column; MySQL stores 0 for the NULL
 * PHP writes). Messages and tracking rows stay, as in PHP. Then the user
 * row. Events: two user_deleted rows (user_id, and the PHP-serialized user
 * record as user_object), then access_ws_delete_user.
 */
#include "api/action.h"
#include "php/php_serialize.h"
#include "model/user_format.h"

ACTION_ABOUT(delete_user, "Delete a user", "20-users-messages.md §5.9",
    "Deletes the user `user_id` and what Chamilo deletes with one. Refused (status false) for "
    "the caller's own id, the only teacher of a course, or while deny_delete_users is on.");

/* An array would be cast to 1 by PHP and delete user 1: refused. */
enum { ARG_USER_ID };
ACTION_PARAMS(delete_user, [ARG_USER_ID] = {"user_id", FROM_REQUEST, PK_INT, P_SCALAR});

/* Locks the user (no enrolment can start meanwhile: course_rel_user's
 * foreign key needs a share lock on this row) and reads the record logged
 * with the user_deleted event. */
DB_STATEMENT(SQL_LOCK_USER, "delete_user.lock", 1,
    "SELECT id, user_id, username, firstname, lastname, email, official_code, status, active,"
    "       auth_source, language, phone, picture_uri, registration_date, expiration_date"
    " FROM \"user\" WHERE id = $1::int FOR UPDATE");

/* UserManager::canDeleteUser: false when the user is the only teacher of a
 * course (counting teacher rows, as PHP does). */
DB_STATEMENT(SQL_ONLY_TEACHER, "delete_user.only_teacher", 1,
    "SELECT EXISTS (SELECT 1 FROM course_rel_user cu"
    "  WHERE cu.user_id = $1::int AND cu.status = 1"
    "    AND (SELECT count(*) FROM course_rel_user t WHERE t.c_id = cu.c_id AND t.status = 1) = 1)");

/* Everything that goes with the user but the user row. $1 the user, $2 the
 * caller. All parts see the rows as they were before the statement, so the
 * course groups are found through the course subscriptions deleted beside
 * them. relation_type 1 = a HR manager's follow-up, not a membership. */
DB_STATEMENT(SQL_DELETE_BELONGINGS, "delete_user.belongings", 2,
    "WITH course_groups AS (DELETE FROM c_group_rel_user g USING course_rel_user cu"
    "   WHERE cu.user_id = $1::int AND cu.relation_type <> 1 AND g.c_id = cu.c_id"
    "     AND g.user_id = $1::int),"
    " classes AS (DELETE FROM usergroup_rel_user WHERE user_id = $1::int),"
    " courses AS (DELETE FROM course_rel_user WHERE user_id = $1::int),"
    " session_courses AS (DELETE FROM session_rel_course_rel_user WHERE user_id = $1::int),"
    " coached AS (UPDATE session SET"
    "     id_coach = CASE WHEN id_coach = $1::int THEN $2::int ELSE id_coach END,"
    "     session_admin_id = CASE WHEN session_admin_id = $1::int THEN $2::int"
    "                             ELSE session_admin_id END"
    "   WHERE id_coach = $1::int OR session_admin_id = $1::int),"
    " sessions AS (DELETE FROM session_rel_user WHERE user_id = $1::int),"
    " admins AS (DELETE FROM admin WHERE user_id = $1::int),"
    " extra_values AS (DELETE FROM extra_field_values v USING extra_field f"
    "   WHERE f.id = v.field_id AND f.extra_field_type = 1 AND v.item_id = $1::int),"
    " campuses AS (DELETE FROM access_url_rel_user WHERE user_id = $1::int),"
    " relations AS (DELETE FROM user_rel_user WHERE user_id = $1::int OR friend_user_id = $1::int),"
    " works AS (DELETE FROM c_student_publication WHERE user_id = $1::int AND c_id <> 0),"
    " item_properties AS (UPDATE c_item_property SET"
    "     to_user_id = CASE WHEN to_user_id = $1::int THEN NULL ELSE to_user_id END,"
    "     insert_user_id = CASE WHEN insert_user_id = $1::int THEN NULL ELSE insert_user_id END,"
    "     lastedit_user_id = CASE WHEN lastedit_user_id = $1::int THEN 0 ELSE lastedit_user_id END"
    "   WHERE to_user_id = $1::int OR insert_user_id = $1::int OR lastedit_user_id = $1::int),"
    " lp_categories AS (DELETE FROM c_lp_category_user WHERE user_id = $1::int),"
    " fos_groups AS (DELETE FROM fos_user_user_group WHERE user_id = $1::int),"
    " api_keys AS (DELETE FROM user_api_key WHERE user_id = $1::int)"
    " SELECT 1");

DB_STATEMENT(SQL_DELETE_USER, "delete_user.user", 1, "DELETE FROM \"user\" WHERE id = $1::int");

/* The user record as serialize() writes it for the user_object event
 * ("b:0;" for no user, as PHP logs api_get_user_info's false). NULL on
 * failure (recorded). */
static const char *serialized_record(api_call *c, const PGresult *r)
{
    if (PQntuples(r) == 0)
        return "b:0;";
    struct json_object *record = reply_object(c);
    for (int col = 0; col < PQnfields(r); col++)
        reply_set(c, record, PQfname(r, col), reply_str(c, sql_value(r, 0, col)));
    const char *name = user_full_name(c, sql_value(r, 0, PQfnumber(r, "firstname")),
                                      sql_value(r, 0, PQfnumber(r, "lastname")));
    if (!name)
        return call_fail_oom(c), NULL;
    reply_set(c, record, "complete_name", reply_str(c, name));
    if (call_failed(c))
        return NULL;
    const char *text = php_serialize(c->arena, record);
    return text ? text : (call_fail_oom(c), NULL);
}

static action_result answer(api_call *c, const char *user_id, bool deleted)
{
    call_event(c, "user_id", user_id, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, deleted));
    return call_ok(c, data);
}

ACTION_ANSWER(delete_user, A_OBJECT(A_KEY("status", A_BOOL)));

action_result action_delete_user(api_call *c)
{
    int64_t target = c->args[ARG_USER_ID].i;
    const char *user_id = call_itoa(c, target);
    if (!user_id)
        return ACTION_FAILED;
    if (target == 0 || c->cfg->deny_delete_users || target == c->user->id)
        return answer(c, user_id, false);

    PGresult *user = call_sql(c, &SQL_LOCK_USER, user_id);
    if (!user)
        return ACTION_FAILED;
    PGresult *only = call_sql(c, &SQL_ONLY_TEACHER, user_id);
    if (!only)
        return ACTION_FAILED;
    if (PQgetvalue(only, 0, 0)[0] == 't')
        return answer(c, user_id, false);

    const char *record = serialized_record(c, user);
    if (!record)
        return ACTION_FAILED;
    if (!call_sql(c, &SQL_DELETE_BELONGINGS, user_id, c->user->id_text) ||
        !call_sql(c, &SQL_DELETE_USER, user_id))
        return ACTION_FAILED;
    call_event_typed(c, "user_deleted", "user_id", user_id, -1);
    call_event_typed(c, "user_deleted", "user_object", record, -1);
    return answer(c, user_id, true);
}
