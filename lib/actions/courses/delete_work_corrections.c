/*
 * delete_work_corrections - removes the correction of every submission of
 * an assignment (30-courses.md §9): {"message": "Deleted"}.
 *
 * POST work is required ("Action not allowed"); the course's teachers and
 * coaches only (NotAllowed). The submissions (parent_id = work, not deleted)
 * lose their url_correction and title_correction. The correction files on
 * disk are left in place (docs/compat.md).
 */
#include "api/action.h"
#include "model/work.h"

ACTION_ABOUT(delete_work_corrections, "Remove the corrections of an assignment's submissions",
    "30-courses.md §9",
    "Removes the correction of every submission to the assignment `work`. Only the course's "
    "teachers and coaches.");

enum { ARG_WORK };
ACTION_PARAMS(delete_work_corrections,
    [ARG_WORK] = WORK_PARAM(FROM_POST));
ACTION_TOOL(delete_work_corrections, TOOL_STUDENT_PUBLICATION);

/* $1 course, $2 assignment id. */
DB_STATEMENT(SQL_DELETE_CORRECTIONS, "delete_work_corrections.update", 2,
    "UPDATE c_student_publication SET url_correction = '', title_correction = ''"
    " WHERE c_id = $1::int AND parent_id = $2::int AND active IN (0, 1)"
    "   AND (url_correction <> '' OR title_correction <> '')");

ACTION_ANSWER(delete_work_corrections, A_OBJECT(A_KEY("message", A_TEXT)));

action_result action_delete_work_corrections(api_call *c)
{
    const char *work = work_begin(c, &c->args[ARG_WORK], true);
    if (!work)
        return ACTION_FAILED;
    if (!call_sql(c, &SQL_DELETE_CORRECTIONS, c->course.id_text, work))
        return ACTION_FAILED;
    struct json_object *data = reply_object(c);
    reply_set(c, data, "message", reply_str(c, call_text(c, MSG_Deleted)));
    return call_ok(c, data);
}
