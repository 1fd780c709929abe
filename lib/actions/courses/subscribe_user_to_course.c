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
#include <string.h>

#include "api/action.h"
#include "model/course_membership.h"

enum { ARG_COURSE_ID, ARG_COURSE_CODE, ARG_USER_ID, ARG_STATUS };
ACTION_PARAMS(subscribe_user_to_course,
    [ARG_COURSE_ID] = {"course_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_COURSE_CODE] = {"course_code", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP, 40},
    [ARG_USER_ID] = {"user_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_STATUS] = {"status", FROM_POST, PK_INT, P_SCALAR});

/* The course named by $1 (a code, when not empty) or else $2 (an id). */
DB_STATEMENT(SQL_FIND_COURSE, "subscribe_user_to_course.find", 2,
    "SELECT id, subscribe FROM course WHERE $1 <> '' AND lower(code) = lower($1)"
    " UNION ALL"
    " SELECT id, subscribe FROM course WHERE $1 = '' AND id = $2::int");

static action_result answer(api_call *c, bool subscribed)
{
    const char *value = arena_printf(c->arena, "%lld:%lld",
                                     (long long)c->args[ARG_COURSE_ID].i,
                                     (long long)c->args[ARG_USER_ID].i);
    if (!value)
        return call_fail_oom(c);
    call_event(c, "course_id-user_id", value, -1);
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_bool(c, subscribed));
    return call_ok(c, data);
}

action_result action_subscribe_user_to_course(api_call *c)
{
    const api_arg *code = &c->args[ARG_COURSE_CODE];
    int64_t course_id = c->args[ARG_COURSE_ID].i;
    int status = c->args[ARG_STATUS].i == COURSE_STATUS_TEACHER ? COURSE_STATUS_TEACHER
                                                                : COURSE_STATUS_STUDENT;
    if (!c->user->is_admin && status == COURSE_STATUS_TEACHER)
        return call_fail(c, MSG_NotAllowed);
    if (!code->present && course_id == 0)
        return answer(c, false);

    PGresult *course = call_sql(c, &SQL_FIND_COURSE, code->present ? code->s : "",
                                call_itoa(c, course_id));
    if (!course)
        return ACTION_FAILED;
    if (PQntuples(course) == 0)
        return answer(c, false);
    const char *self_registration = sql_value(course, 0, 1);
    if (!c->user->is_admin && !(self_registration && strcmp(self_registration, "1") == 0))
        return call_fail(c, MSG_NotAllowed);

    course_subscription s = {
        .course_id = PQgetvalue(course, 0, 0),
        .user_id = call_itoa(c, c->args[ARG_USER_ID].i),
        .status = status,
    };
    membership_result done = course_subscribe(c, &s);
    if (done == MEMBERSHIP_FAILED)
        return ACTION_FAILED;
    return answer(c, done == MEMBERSHIP_CHANGED || c->session_id != 0);
}
