/*
 * delete_course - deletes a course and everything of it (30-courses.md
 * §8.2). Administrators only (gate ADMIN: without a key, Invalid API key);
 * one transaction.
 *
 * REQUEST course_code (compared case-insensitively) names the course, else
 * REQUEST course_id; none found: "Course doesn't exists". With
 * multiple_access_urls, the course first leaves the current campus; while
 * another campus still has it, nothing else happens and the answer is
 * {"status": null}. Otherwise, in one statement: the rows of every course
 * table of the schema (c_* with c_id), its learning-path category
 * subscriptions, memberships (course_rel_user, session courses and their
 * users), campus links, class links (usergroup_rel_course), course extra
 * values, the tracking rows (exercises, access, last access, course
 * access, who is online) and the course row, with the course_deleted
 * event: {"status": true}.
 *
 * Not reproduced (docs/compat.md): the SQL dump and the move of the course
 * folder to the archive, gradebook, skills, tickets, shared surveys and
 * sequence checks (tables not in the schema).
 *
 * Event: access_ws_delete_course (course_id, REQUEST course_id as sent).
 */
#include <stdlib.h>

#include "api/action.h"
#include "model/course_columns.h"

ACTION_ABOUT(delete_course, "Delete a course", "30-courses.md §8.2",
    "Removes the course `course_code` (else `course_id`) from the current campus and, when no "
    "other campus has it, deletes it and everything of it.");

enum { ARG_COURSE_CODE, ARG_COURSE_ID };
ACTION_PARAMS(delete_course,
    [ARG_COURSE_CODE] = {"course_code", FROM_REQUEST, PK_STRING, P_SCALAR | P_LOOKUP, COURSE_CODE_CHARS},
    [ARG_COURSE_ID] = {"course_id", FROM_REQUEST, PK_INT, P_SCALAR});

/* The course by $1 (a code, when not empty), else by $2 (an id). */
DB_STATEMENT(SQL_FIND, "delete_course.find", 2,
    "(SELECT id, code FROM course WHERE $1 <> '' AND lower(code) = lower($1))"
    " UNION ALL"
    " (SELECT id, code FROM course WHERE id = $2::int"
    "   AND NOT EXISTS (SELECT 1 FROM course WHERE $1 <> '' AND lower(code) = lower($1)))"
    " LIMIT 1");

/* $1 course, $2 campus: the course leaves the campus; how many campuses
 * still have it. */
DB_STATEMENT(SQL_UNLINK, "delete_course.unlink", 2,
    "WITH gone AS (DELETE FROM access_url_rel_course WHERE c_id = $1::int"
    "              AND access_url_id = $2::int)"
    " SELECT count(*) FROM access_url_rel_course WHERE c_id = $1::int AND access_url_id <> $2::int");

#define DELETE_ROWS(cte, table) " " cte " AS (DELETE FROM " table " x USING target t WHERE x.c_id = t.id),"

/* $1 course, $2 the caller, $3 log events. */
DB_STATEMENT(SQL_DELETE, "delete_course.delete", 3,
    "WITH target AS (SELECT id, code FROM course WHERE id = $1::int),"
    DELETE_ROWS("d0", "c_tool") DELETE_ROWS("d1", "c_course_description")
    DELETE_ROWS("d2", "c_document") DELETE_ROWS("d3", "c_group_info")
    DELETE_ROWS("d4", "c_item_property") DELETE_ROWS("d5", "c_announcement")
    DELETE_ROWS("d6", "c_calendar_event") DELETE_ROWS("d7", "c_calendar_event_repeat")
    DELETE_ROWS("d8", "c_notebook") DELETE_ROWS("d9", "c_forum_category")
    DELETE_ROWS("d10", "c_forum_forum") DELETE_ROWS("d11", "c_forum_thread")
    DELETE_ROWS("d12", "c_forum_post") DELETE_ROWS("d13", "c_forum_attachment")
    DELETE_ROWS("d14", "c_forum_notification") DELETE_ROWS("d15", "c_forum_mailcue")
    DELETE_ROWS("d16", "c_quiz") DELETE_ROWS("d17", "c_quiz_question")
    DELETE_ROWS("d18", "c_quiz_rel_question") DELETE_ROWS("d19", "c_quiz_answer")
    DELETE_ROWS("d20", "c_lp_category") DELETE_ROWS("d21", "c_lp") DELETE_ROWS("d22", "c_lp_item")
    DELETE_ROWS("d23", "c_lp_view") DELETE_ROWS("d24", "c_lp_item_view")
    DELETE_ROWS("d25", "c_link") DELETE_ROWS("d26", "c_link_category")
    DELETE_ROWS("d27", "c_student_publication") DELETE_ROWS("d28", "c_student_publication_assignment")
    DELETE_ROWS("d29", "c_student_publication_comment")
    DELETE_ROWS("d30", "c_student_publication_rel_user") DELETE_ROWS("d31", "c_group_category")
    DELETE_ROWS("d32", "c_group_rel_user") DELETE_ROWS("d33", "c_group_rel_tutor")
    DELETE_ROWS("d34", "c_course_setting") DELETE_ROWS("d35", "course_rel_user")
    DELETE_ROWS("d36", "session_rel_course") DELETE_ROWS("d37", "session_rel_course_rel_user")
    DELETE_ROWS("d38", "access_url_rel_course") DELETE_ROWS("d39", "track_e_exercises")
    DELETE_ROWS("d40", "track_e_access") DELETE_ROWS("d41", "track_e_lastaccess")
    DELETE_ROWS("d42", "track_e_course_access")
    /* Who is online inside the course. A course id is never 0, so c_id <> 0
     * removes nothing: it names the partial index of the rows inside a
     * course (most rows are 0, a user outside any course, and a generic plan
     * would otherwise read the whole table). */
    " d43 AS (DELETE FROM track_e_online x USING target t WHERE x.c_id = t.id AND x.c_id <> 0),"
    " lp_category_users AS (DELETE FROM c_lp_category_user u USING c_lp_category k, target t"
    "   WHERE k.c_id = t.id AND u.category_id = k.iid),"
    " classes AS (DELETE FROM usergroup_rel_course x USING target t WHERE x.course_id = t.id),"
    " extra_values AS (DELETE FROM extra_field_values v USING extra_field f, target t"
    "   WHERE f.id = v.field_id AND f.extra_field_type = 2 AND v.item_id = t.id),"
    " the_course AS (DELETE FROM course x USING target t WHERE x.id = t.id RETURNING x.id),"
    " event AS ("
    "  INSERT INTO track_e_default (default_user_id, c_id, default_date, default_event_type,"
    "                               default_value_type, default_value, session_id)"
    "  SELECT $2::int, t.id, date_trunc('second', LOCALTIMESTAMP), 'course_deleted',"
    "         'course_code', t.code, 0 FROM target t WHERE $3::bool)"
    " SELECT count(*) FROM the_course");

static action_result answer(api_call *c, const char *status)
{
    const php_value *raw = c->args[ARG_COURSE_ID].raw;
    call_event(c, "course_id", raw && raw->kind == PHP_STRING ? raw->str : "", -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", status ? reply_bool(c, status[0] == 't') : reply_str(c, NULL));
    return call_ok(c, data);
}

ACTION_ANSWER(delete_course,
              A_OBJECT(A_KEY("status", A_NOTE("null: the course stays on another campus",
                                              A_NULLABLE(A_BOOL)))));

action_result action_delete_course(api_call *c)
{
    const api_arg *code = &c->args[ARG_COURSE_CODE];
    PGresult *course = call_sql(c, &SQL_FIND, code->present ? code->s : "",
                                call_itoa(c, c->args[ARG_COURSE_ID].i));
    if (!course)
        return ACTION_FAILED;
    if (PQntuples(course) == 0)
        return call_fail(c, MSG_CourseDoesntExist);
    const char *id = PQgetvalue(course, 0, 0);
    if (c->cfg->multiple_access_urls) {
        PGresult *left = call_sql(c, &SQL_UNLINK, id, c->url_id_text);
        if (!left)
            return ACTION_FAILED;
        if (strtol(PQgetvalue(left, 0, 0), NULL, 10) > 0)
            return answer(c, NULL);
    }
    if (!call_sql(c, &SQL_DELETE, id, c->user->id_text, c->cfg->log_events ? "t" : "f"))
        return ACTION_FAILED;
    return answer(c, "t");
}
