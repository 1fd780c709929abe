/*
 * put_course_work_visibility - shows or hides an assignment (30-courses.md
 * §9): POST status 1 sets accepted = 1 and its item property visible, 0 sets
 * accepted = 0 and hides it; any other status answers "Action not allowed".
 * {"status": true}, or {"status": false} for work 0 (nothing written).
 *
 * POST status and work are required ("Action not allowed"); the course's
 * teachers and coaches only (NotAllowed). The item property of the session
 * context is updated, or inserted (ITEM-PROPERTY-ADD with that visibility).
 */
#include "api/action.h"
#include "model/work.h"

ACTION_ABOUT(put_course_work_visibility, "Show or hide an assignment", "30-courses.md §9",
    "Shows (`status` 1) or hides (`status` 0) the assignment `work` of the context course. Only "
    "the course's teachers and coaches.");

enum { ARG_STATUS, ARG_WORK };
ACTION_PARAMS(put_course_work_visibility,
    [ARG_STATUS] = {"status", FROM_POST, PK_INT, P_SCALAR, 0, MSG_ActionNotAllowed},
    [ARG_WORK] = WORK_PARAM(FROM_POST));
ACTION_TOOL(put_course_work_visibility, TOOL_STUDENT_PUBLICATION);

/* $1 course, $2 work id, $3 visibility (0 or 1), $4 caller, $5 session
 * context. */
DB_STATEMENT(SQL_WORK_VISIBILITY, "put_course_work_visibility.update", 5,
    "WITH work AS (UPDATE c_student_publication SET accepted = $3::int"
    "               WHERE c_id = $1::int AND id = $2::int RETURNING iid),"
    " upd AS (UPDATE c_item_property SET visibility = $3::int,"
    "                lastedit_type = CASE WHEN $3::int = 1 THEN 'visible' ELSE 'invisible' END,"
    "                lastedit_user_id = $4::int, lastedit_date = now() AT TIME ZONE 'UTC'"
    "          WHERE c_id = $1::int AND tool = 'work' AND ref = $2::int"
    "            AND COALESCE(session_id, 0) = $5::int RETURNING iid)"
    " INSERT INTO c_item_property (iid, id, c_id, tool, ref, session_id, to_group_id, to_user_id,"
    "        insert_user_id, lastedit_user_id, lastedit_type, visibility, insert_date, lastedit_date)"
    " SELECT n.iid, n.iid, $1::int, 'work', $2::int, NULLIF($5::int, 0), NULL, NULL, $4::int,"
    "        $4::int, CASE WHEN $3::int = 1 THEN 'visible' ELSE 'invisible' END, $3::int,"
    "        now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'"
    "   FROM (SELECT nextval(pg_get_serial_sequence('c_item_property', 'iid'))::int AS iid) n"
    "  WHERE NOT EXISTS (SELECT 1 FROM upd)");

ACTION_ANSWER(put_course_work_visibility, A_OBJECT(A_KEY("status", A_BOOL)));

action_result action_put_course_work_visibility(api_call *c)
{
    if (!work_call_allowed(c, (const api_arg *const[]){&c->args[ARG_STATUS], &c->args[ARG_WORK]},
                           2, true))
        return ACTION_FAILED;
    int64_t status = c->args[ARG_STATUS].i, work = c->args[ARG_WORK].i;
    if (status != 0 && status != 1)
        return call_fail(c, MSG_ActionNotAllowed);
    bool done = work != 0;
    if (done && !call_sql(c, &SQL_WORK_VISIBILITY, c->course.id_text, call_itoa(c, work),
                          status ? "1" : "0", c->user->id_text, call_itoa(c, c->session_id)))
        return ACTION_FAILED;
    call_event(c, "work_id", call_itoa(c, work), -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, done));
    return call_ok(c, data);
}
