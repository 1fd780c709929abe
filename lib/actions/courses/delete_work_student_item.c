/*
 * delete_work_student_item - deletes a submission (30-courses.md §9):
 * {"message": "The document has been deleted."}, or {"message": "You are not
 * allowed to delete this document"} when nothing was deleted.
 *
 * POST work (the submission's id) is required ("Action not allowed"); the
 * course's teachers and coaches only (NotAllowed). A teacher deletes any
 * submission of the course; a coach only their own, when the course setting
 * student_delete_own_publication is 1 and it is not qualified. Deleting
 * marks it deleted (active = 2, as Chamilo does) and records the edit in its
 * item property (DocumentDeleted). The file on disk is left in place
 * (docs/compat.md).
 */
#include "api/action.h"
#include "model/work.h"
#include "model/item_property.h"

ACTION_ABOUT(delete_work_student_item, "Delete a submission to an assignment", "30-courses.md §9",
    "Marks the submission `work` deleted: any of the course's for a teacher, a coach's own when "
    "the course allows it. Only the course's teachers and coaches.");

enum { ARG_WORK };
ACTION_PARAMS(delete_work_student_item,
    [ARG_WORK] = WORK_PARAM(FROM_POST));
ACTION_TOOL(delete_work_student_item, TOOL_STUDENT_PUBLICATION);

/* $1 course, $2 submission id, $3 caller, $4 the caller edits the course.
 * The deleted row's iid, or no row. */
DB_STATEMENT(SQL_DELETE_ITEM, "delete_work_student_item.delete", 4,
    "UPDATE c_student_publication w SET active = 2"
    " WHERE w.c_id = $1::int AND w.id = $2::int AND w.parent_id <> 0 AND w.active IN (0, 1)"
    "   AND ($4::bool"
    "        OR (w.user_id = $3::int AND w.qualificator_id = 0"
    "            AND EXISTS (SELECT 1 FROM c_course_setting s WHERE s.c_id = $1::int"
    "                          AND s.variable = 'student_delete_own_publication'"
    "                          AND s.value = '1')))"
    " RETURNING w.iid");

ACTION_ANSWER(delete_work_student_item, A_OBJECT(A_KEY("message", A_TEXT)));

action_result action_delete_work_student_item(api_call *c)
{
    const char *work = work_begin(c, &c->args[ARG_WORK], true);
    if (!work)
        return ACTION_FAILED;
    PGresult *r = call_sql(c, &SQL_DELETE_ITEM, c->course.id_text, work, c->user->id_text,
                           c->course.is_teacher ? "t" : "f");
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) > 0 && !item_property_add(c, "work", work, "DocumentDeleted"))
        return ACTION_FAILED;
    struct json_object *data = reply_object(c);
    reply_set(c, data, "message",
              reply_str(c, call_text(c, PQntuples(r) > 0
                                           ? MSG_TheDocumentHasBeenDeleted
                                           : MSG_YouAreNotAllowedToDeleteThisDocument)));
    return call_ok(c, data);
}
