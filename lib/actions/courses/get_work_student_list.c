/*
 * get_work_student_list - the course's students and their submissions
 * (30-courses.md §9): [{"id": user id, "complete_name": "First Last",
 * "works": "<n> / <m>"}].
 *
 * GET work is required ("Action not allowed"); the course's teachers only
 * (NotAllowed). The students are the course's (in a session context, the
 * session's students of the course), by name. As in PHP, the assignments
 * are counted only when `work` names no assignment: then m is the number of
 * the course's assignments in the session context and n how many of them
 * the student handed something in for; for an existing assignment every
 * student has "0 / 0". id is read as plain SQL (a number under PHP 8).
 */
#include "api/action.h"
#include "model/work.h"
#include "model/user_format.h"

ACTION_ABOUT(get_work_student_list, "The course's students and their submission counts",
    "30-courses.md §9",
    "Lists the students of the context course, by name, each with a count of submissions (\"n / "
    "m\"). Only the course's teachers.");

enum { ARG_WORK };
ACTION_PARAMS(get_work_student_list,
    [ARG_WORK] = WORK_PARAM(FROM_GET));
ACTION_TOOL(get_work_student_list, TOOL_STUDENT_PUBLICATION);

/* $1 course, $2 session context, $3 work. */
DB_STATEMENT(SQL_WORK_STUDENTS, "get_work_student_list.list", 3,
    "WITH counted AS (SELECT NOT EXISTS (SELECT 1 FROM c_student_publication w"
    "                                     WHERE w.c_id = $1::int AND w.id = $3::int) AS yes),"
    " parents AS (SELECT w.id FROM c_student_publication w, counted"
    "              WHERE counted.yes AND w.c_id = $1::int AND w.parent_id = 0"
    "                AND w.active IN (0, 1) AND COALESCE(w.session_id, 0) = $2::int)"
    " SELECT u.id, u.firstname, u.lastname,"
    "        (SELECT count(DISTINCT s.parent_id) FROM c_student_publication s"
    "          WHERE s.c_id = $1::int AND s.user_id = u.id AND s.active IN (0, 1)"
    "            AND s.parent_id IN (SELECT id FROM parents)) AS done,"
    "        (SELECT count(*) FROM parents) AS total"
    "   FROM (" WORK_COURSE_STUDENTS("$1::int", "$2::int") ") m"
    "   JOIN LATERAL (SELECT u.id, u.firstname, u.lastname FROM \"user\" u"
    "                  WHERE u.id = m.user_id LIMIT 1) u ON true"
    "  ORDER BY u.lastname, u.firstname, u.id");
ACTION_PREFETCH(get_work_student_list, SQL_WORK_STUDENTS, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param), call_itoa(c, c->args[ARG_WORK].i));

ACTION_ANSWER(get_work_student_list,
              A_LIST(A_OBJECT(A_KEY("id", A_COLUMN_INT),
                              A_KEY("complete_name", A_STRING), A_KEY("works", A_TEXT))));

action_result action_get_work_student_list(api_call *c)
{
    if (!work_begin(c, &c->args[ARG_WORK], false))
        return ACTION_FAILED;
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    int id = PQfnumber(r, "id"), first = PQfnumber(r, "firstname"), last = PQfnumber(r, "lastname"),
        done = PQfnumber(r, "done"), total = PQfnumber(r, "total");
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        struct json_object *student = reply_object(c);
        reply_set(c, student, "id", reply_value(c, FK_COLUMN_INT, PQgetvalue(r, row, id)));
        reply_set(c, student, "complete_name",
                  reply_str(c, user_full_name(c, sql_value(r, row, first), sql_value(r, row, last))));
        reply_set(c, student, "works",
                  reply_str(c, arena_printf(c->arena, "%s / %s", PQgetvalue(r, row, done),
                                            PQgetvalue(r, row, total))));
        reply_push(c, data, student);
    }
    return call_ok(c, data);
}
