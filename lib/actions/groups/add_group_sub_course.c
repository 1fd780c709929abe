/*
 * add_group_sub_course - links a class to a course and enrols its members
 * there (25-groups-audit.md §3.9), for administrators; one transaction.
 *
 * POST group_id (G), course_id (C). When the class is already linked to C
 * (with multiple_access_urls on, only a class of the current campus counts
 * as linked): nothing, [[]]. Otherwise, when the course exists (C = 0: the
 * call's course context, §2.6), every member of the class is enrolled as a
 * student as CourseManager::subscribeUser does (lib/model/course_membership:
 * in the call's session context into the session course; members already
 * enrolled stay as they are), and the link is stored; C is answered in
 * both cases ([[C]]), as in PHP. Events: soc_gr_c_subs ("gid: G - cids: C"),
 * the enrolments' own, then access_ws_add_group_sub_course (group_id).
 * Two calls on one class run one after the other, so a repeated call
 * leaves one link.
 *
 * Deviations (docs/compat.md): administrators only (PHP: any key); G = 0
 * has no members (PHP enrols every member of every class).
 */
#include "actions/groups/class_course_link.h"
#include "actions/groups/usergroup.h"
#include "model/course_membership.h"

ACTION_ABOUT(add_group_sub_course, "Link a class to a course and enrol its members",
    "25-groups-audit.md §3.9",
    "Links the class `group_id` to the course `course_id` (0: the context course) and enrols its "
    "members there as students.");

CLASS_COURSE_LINK_PARAMS(add_group_sub_course);

/* $1 G, $2 C, $3 the campus (usergroup_campus). */
DB_STATEMENT(SQL_LINKED, "add_group_sub_course.linked", 3,
    "SELECT EXISTS (SELECT 1 FROM usergroup_rel_course l"
    "  WHERE l.usergroup_id = $1::int AND l.course_id = $2::int"
    "    AND " USERGROUP_ON_CAMPUS("l.usergroup_id", "$3") ")");

DB_STATEMENT(SQL_LINK, "add_group_sub_course.link", 2,
    "INSERT INTO usergroup_rel_course (usergroup_id, course_id) VALUES ($1::int, $2::int)");

ACTION_ANSWER(add_group_sub_course, A_NOTE("[[the course id]], or [[]]", A_LIST(A_LIST(A_INT))));

action_result action_add_group_sub_course(api_call *c)
{
    class_course_link link;
    if (!class_course_link_read(c, &link))
        return ACTION_FAILED;
    PGresult *linked = call_sql(c, &SQL_LINKED, link.group_id, link.course_id, usergroup_campus(c));
    if (!linked)
        return ACTION_FAILED;
    if (PQgetvalue(linked, 0, 0)[0] == 't')
        return usergroup_link_answer(c, link.group_id, NULL);
    if (link.course) {
        for (int row = 0; row < link.members.count; row++) {
            course_subscription s = {
                .course_id = link.course,
                .user_id = PQgetvalue(link.members.result, row, 0),
                .status = COURSE_STATUS_STUDENT,
                .respect_subscribe_flag = true,
            };
            if (course_subscribe(c, &s) == MEMBERSHIP_FAILED)
                return ACTION_FAILED;
        }
        if (!call_sql(c, &SQL_LINK, link.group_id, link.course_id))
            return ACTION_FAILED;
    }
    if (!usergroup_event(c, "soc_gr_c_subs", "gid: %s - cids: %s", link.group_id, link.course_id))
        return ACTION_FAILED;
    return usergroup_link_answer(c, link.group_id, link.course_id);
}
