/*
 * unsubscribe_user_from_course - removes a user from a course
 * (30-courses.md §8.5). The user itself or an administrator (gate SELF on
 * POST user_id); one transaction.
 *
 * POST course_code names the course (case-insensitively), else POST
 * course_id. With a session context (`session`), the user leaves the course
 * inside that session. What goes with the membership: course_membership.h.
 *
 * Answers [true] when the course exists (whether or not the user was a
 * member, as PHP does), [false] when no course is named. Deviation
 * (docs/compat.md): an unknown course answers [false] (PHP: an SQL error
 * page).
 *
 * Event: access_ws_unsubscribe_user_from_course (course_id-user_id,
 * "<course_id>:<user_id>" as PHP casts the parameters), and the
 * user_unsubscribed rows when the user was a member.
 */
#include "api/action.h"
#include "model/course_columns.h"
#include "model/course_membership.h"

ACTION_ABOUT(unsubscribe_user_from_course, "Remove a user from a course", "30-courses.md §8.5",
    "Removes `user_id` from the course `course_code` (else `course_id`), inside the session of "
    "the context when one is given.");

enum { ARG_COURSE_ID, ARG_COURSE_CODE, ARG_USER_ID };
ACTION_PARAMS(unsubscribe_user_from_course,
    [ARG_COURSE_ID] = {"course_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_COURSE_CODE] = {"course_code", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP, COURSE_CODE_CHARS},
    [ARG_USER_ID] = {"user_id", FROM_POST, PK_INT, P_SCALAR});

ACTION_ANSWER(unsubscribe_user_from_course, A_LIST(A_BOOL));

action_result action_unsubscribe_user_from_course(api_call *c)
{
    const api_arg *code = &c->args[ARG_COURSE_CODE];
    int64_t course_id = c->args[ARG_COURSE_ID].i, user_id = c->args[ARG_USER_ID].i;
    membership_course course;
    if (!membership_course_find(c, code->present ? code->s : NULL, course_id, &course))
        return ACTION_FAILED;
    if (!course.found)
        return membership_answer(c, course_id, user_id, false);
    if (course_unsubscribe(c, course.id, call_itoa(c, user_id)) == MEMBERSHIP_FAILED)
        return ACTION_FAILED;
    return membership_answer(c, course_id, user_id, true);
}
