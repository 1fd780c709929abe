/*
 * subscribe_user_to_course_password - the caller enrols as a student into a
 * course with its password (30-courses.md §8.4). Any valid key; one
 * transaction.
 *
 * POST code (the course code, XSS-filtered, compared case-insensitively),
 * POST password: it must equal the course's registration code (a course
 * without one never matches). Errors: "This course could not be found",
 * "The course password is incorrect", and "Subscribing not allowed" for a
 * closed or hidden course (visibility 0, 4) or a private one (1) that takes
 * no self-registration. Then the caller is enrolled as subscribe_user_to_course
 * does (course_membership.h; an existing member stays as they are):
 * {"status": true}.
 *
 * Closed hole (docs/compat.md): an open course whose subscribe flag is 0
 * answers NotAllowed to a non-administrator (PHP answers true and enrols
 * nobody).
 *
 * Event: access_ws_subscribe_user_to_course_password (course_code, code).
 */
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "model/course_columns.h"
#include "model/course_membership.h"

ACTION_ABOUT(subscribe_user_to_course_password, "Enrol the caller into a course with its password",
    "30-courses.md §8.4",
    "Enrols the caller as a student into the course `code` when `password` is its registration "
    "code and the course takes self-registration.");

enum { ARG_CODE, ARG_PASSWORD };
ACTION_PARAMS(subscribe_user_to_course_password,
    [ARG_CODE] = {"code", FROM_POST, PK_TEXT, P_SCALAR | P_LOOKUP, COURSE_CODE_CHARS},
    [ARG_PASSWORD] = {"password", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP,
                    COURSE_REGISTRATION_CODE_CHARS});

/* $1 code, $2 password. */
DB_STATEMENT(SQL_COURSE, "subscribe_user_to_course_password.course", 2,
    "SELECT id, COALESCE(registration_code, '') <> '' AND registration_code = $2 AS password_ok,"
    "       COALESCE(visibility, 0), COALESCE(subscribe, 0) = 1 AS self_registration"
    "  FROM course WHERE lower(code) = lower($1)");

ACTION_ANSWER(subscribe_user_to_course_password, A_OBJECT(A_KEY("status", A_BOOL)));

action_result action_subscribe_user_to_course_password(api_call *c)
{
    const char *code = c->args[ARG_CODE].s ? c->args[ARG_CODE].s : "";
    const char *password = c->args[ARG_PASSWORD].s ? c->args[ARG_PASSWORD].s : "";
    PGresult *r = call_sql(c, &SQL_COURSE, code, password);
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) == 0)
        return call_fail(c, MSG_NoCourse);
    if (strcmp(PQgetvalue(r, 0, 1), "t") != 0)
        return call_fail(c, MSG_CourseRegistrationCodeIncorrect);
    int visibility = atoi(PQgetvalue(r, 0, 2));
    bool self_registration = strcmp(PQgetvalue(r, 0, 3), "t") == 0;
    if (visibility == 0 || visibility == 4 || (visibility == 1 && !self_registration))
        return call_fail(c, MSG_SubscribingNotAllowed);
    if (!self_registration && !c->user->is_admin)
        return call_fail(c, MSG_NotAllowed);
    course_subscription s = {
        .course_id = PQgetvalue(r, 0, 0),
        .user_id = c->user->id_text,
        .status = COURSE_STATUS_STUDENT,
        .respect_subscribe_flag = true,
    };
    if (course_subscribe(c, &s) == MEMBERSHIP_FAILED)
        return ACTION_FAILED;
    call_event(c, "course_code", code, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, true));
    return call_ok(c, data);
}
