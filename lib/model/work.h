/*
 * work.h - pieces shared by the assignment actions (30-courses.md §4.11,
 * §9).
 */
#ifndef CHAMILO_MODEL_WORK_H
#define CHAMILO_MODEL_WORK_H

#include "api/action.h"

/* The ids of the students of course `course` in session context `session`
 * (SQL integer expressions): the course's students (course_rel_user status
 * 5, no HR relation) without a session, the session's students of the
 * course (session_rel_course_rel_user status 0) in one. */
#define WORK_COURSE_STUDENTS(course, session)                                                 \
    "SELECT cu.user_id FROM course_rel_user cu"                                                \
    " WHERE " session " = 0 AND cu.c_id = " course " AND cu.status = 5"                       \
    "   AND cu.relation_type <> 1"                                                             \
    " UNION"                                                                                   \
    " SELECT su.user_id FROM session_rel_course_rel_user su"                                   \
    " WHERE " session " <> 0 AND su.session_id = " session " AND su.c_id = " course           \
    "   AND su.status = 0"

/* The `work` parameter of the assignment actions, from src (FROM_GET or
 * FROM_POST): (int), an array refused with "Action not allowed";
 * work_call_allowed checks that it was sent. */
#define WORK_PARAM(src) {"work", src, PK_INT, P_SCALAR, 0, MSG_ActionNotAllowed}

/* v2.php's checks before an assignment action, in its order: each of the
 * `count` required parameters sent (isset(): "Action not allowed"), then
 * the caller a teacher of the course, or with `coaches` also a coach
 * (NotAllowed). False with the error recorded (call_refuse: before the
 * tool is entered). */
bool work_call_allowed(api_call *c, const api_arg *const *required, int count, bool coaches);

/* The start of an action on one assignment, the declared `work`:
 * work_call_allowed for it alone, then the action's "work_id" event.
 * Returns the assignment id as text, or NULL (error recorded) when refused. */
const char *work_begin(api_call *c, const api_arg *work, bool coaches);

#endif
