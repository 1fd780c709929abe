/*
 * delete_group_sub_course - unlinks a class from a course and unenrols its
 * members there (25-groups-audit.md §3.12), for administrators; one
 * transaction.
 *
 * POST group_id (G), course_id (C). When the course exists (C = 0: the
 * call's course context, §2.6): every member of the class is unenrolled as
 * CourseManager::unsubscribe does (lib/model/course_membership: in the
 * call's session context from the session course), whether or not the
 * class was linked, as in PHP; then the link goes; [[C]]. A course that
 * does not exist: nothing, [[]]. Events: the unenrolments' own,
 * soc_gr_c_unsubs ("gid: G - cids: C", "cids: " without a course), then
 * access_ws_delete_group_sub_course (group_id).
 *
 * Deviations (docs/compat.md): administrators only (PHP: any key); G = 0
 * has no members (PHP unenrols every member of every class); the setting
 * usergroup_do_not_unsubscribe_users_from_course_on_course_unsubscribe is
 * not supported (members are always unenrolled).
 */
#include "actions/groups/class_course_link.h"
#include "actions/groups/usergroup.h"
#include "model/course_membership.h"

ACTION_ABOUT(delete_group_sub_course, "Unlink a class from a course and unenrol its members",
    "25-groups-audit.md §3.12",
    "Unenrols the members of the class `group_id` from the course `course_id` (0: the context "
    "course), then removes the link.");

CLASS_COURSE_LINK_PARAMS(delete_group_sub_course);

DB_STATEMENT(SQL_UNLINK, "delete_group_sub_course.unlink", 2,
    "DELETE FROM usergroup_rel_course WHERE usergroup_id = $1::int AND course_id = $2::int");

ACTION_ANSWER(delete_group_sub_course, A_NOTE("[[the course id]], or [[]]", A_LIST(A_LIST(A_INT))));

action_result action_delete_group_sub_course(api_call *c)
{
    class_course_link link;
    if (!class_course_link_read(c, &link))
        return ACTION_FAILED;
    if (link.course) {
        for (int row = 0; row < link.members.count; row++)
            if (course_unsubscribe(c, link.course, PQgetvalue(link.members.result, row, 0)) ==
                MEMBERSHIP_FAILED)
                return ACTION_FAILED;
        if (!call_sql(c, &SQL_UNLINK, link.group_id, link.course_id))
            return ACTION_FAILED;
    }
    if (!usergroup_event(c, "soc_gr_c_unsubs", "gid: %s - cids: %s", link.group_id,
                         link.course ? link.course_id : ""))
        return ACTION_FAILED;
    return usergroup_link_answer(c, link.group_id, link.course ? link.course_id : NULL);
}
