/*
 * subscribe_user_to_course - enrols a user into a course (30-courses.md
 * §8.3). The user itself or an administrator (gate SELF on POST user_id);
 * one transaction.
 *
 * POST course_code names the course (case-insensitively, as MySQL compares
 * it); when it is empty, POST course_id does. POST status 1 enrols a
 * teacher, anything else a student. With a session context (`session`), the
 * user is enrolled into the course inside that session.
 *
 * Answers [true] when the user was enrolled (in a session: always, as PHP
 * does), [false] when no course is named or found, or the user is missing
 * or already a member, or the course is full (course_membership.h).
 *
 * Closed hole (docs/compat.md): a non-administrator may enrol only
 * themselves (the gate), only as a student, and only into a course whose
 * `subscribe` flag allows self-registration: NotAllowed otherwise.
 *
 * Event: access_ws_subscribe_user_to_course (course_id-user_id,
 * "<course_id>:<user_id>" as PHP casts the parameters), and the
 * user_subscribed rows of the enrolment.
 */
#include "api/action.h"
#include "model/course_columns.h"
#include "model/course_membership.h"

ACTION_ABOUT(subscribe_user_to_course, "Enrol a user into a course", "30-courses.md §8.3",
    "Enrols `user_id` into the course `course_code` (else `course_id`) as a teacher (`status` 1) "
    "or a student, inside the session of the context when one is given.");

enum { ARG_COURSE_ID, ARG_COURSE_CODE, ARG_USER_ID, ARG_STATUS };
ACTION_PARAMS(subscribe_user_to_course,
    [ARG_COURSE_ID] = {"course_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_COURSE_CODE] = {"course_code", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP, COURSE_CODE_CHARS},
    [ARG_USER_ID] = {"user_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_STATUS] = {"status", FROM_POST, PK_INT, P_SCALAR});

ACTION_ANSWER(subscribe_user_to_course, A_LIST(A_BOOL));

action_result action_subscribe_user_to_course(api_call *c)
{
    const api_arg *code = &c->args[ARG_COURSE_CODE];
    int64_t course_id = c->args[ARG_COURSE_ID].i, user_id = c->args[ARG_USER_ID].i;
    int status = c->args[ARG_STATUS].i == COURSE_STATUS_TEACHER ? COURSE_STATUS_TEACHER
                                                                : COURSE_STATUS_STUDENT;
    if (!c->user->is_admin && status == COURSE_STATUS_TEACHER)
        return call_fail(c, MSG_NotAllowed);
    membership_course course;
    if (!membership_course_find(c, code->present ? code->s : NULL, course_id, &course))
        return ACTION_FAILED;
    if (!course.found)
        return membership_answer(c, course_id, user_id, false);
    if (!c->user->is_admin && !course.self_registration)
        return call_fail(c, MSG_NotAllowed);

    course_subscription s = {
        .course_id = course.id,
        .user_id = call_itoa(c, user_id),
        .status = status,
    };
    membership_result done = course_subscribe(c, &s);
    if (done == MEMBERSHIP_FAILED)
        return ACTION_FAILED;
    return membership_answer(c, course_id, user_id,
                             done == MEMBERSHIP_CHANGED || c->session_id != 0);
}
