/*
 * get_user_progress_and_time_in_session - a user's average time and
 * learning-path progress over the courses of a session
 * (40-sessions-campuses.md §14.2). Any key, any user (as PHP).
 *
 * REQUEST user_id, session_id: "user_id not provided" / "session_id not
 * provided" when empty. Answers {"userAverageCoursesTime": seconds spent
 * in the session's courses (course-access tracking) divided by their
 * number, "userAverageProgress": the user's average learning-path
 * progress per course, divided likewise}; integers when the division is
 * exact (0 and 0 for a session without courses), else floats, as PHP's
 * division gives.
 */
#include <stdlib.h>

#include "api/action.h"

ACTION_ABOUT(get_user_progress_and_time_in_session,
    "A user's average time and progress in a session's courses",
    "40-sessions-campuses.md §14.2",
    "Answers the average time `user_id` spent in the courses of the session `session_id` and "
    "their average learning-path progress there.");

enum { ARG_USER_ID, ARG_SESSION_ID };
ACTION_PARAMS(get_user_progress_and_time_in_session,
    [ARG_USER_ID] = {"user_id", FROM_REQUEST, PK_INT, P_SCALAR},
    [ARG_SESSION_ID] = {"session_id", FROM_REQUEST, PK_INT, P_SCALAR});

/* $1 the user, $2 the session: the number of courses, the seconds, the sum
 * of the per-course progress averages (the learning paths of the course
 * and of the session; a path never opened counts 0). */
DB_STATEMENT(SQL_TOTALS, "get_user_progress_and_time_in_session.totals", 2,
    "SELECT count(*) AS courses, COALESCE(sum(t.seconds), 0)::bigint AS seconds,"
    "       COALESCE(sum(p.progress), 0)::float8 AS progress"
    "  FROM session_rel_course src"
    "  CROSS JOIN LATERAL (SELECT COALESCE(sum(extract(epoch FROM"
    "                        (a.logout_course_date - a.login_course_date))), 0) AS seconds"
    "         FROM track_e_course_access a"
    "        WHERE a.c_id = src.c_id AND a.session_id = src.session_id AND a.user_id = $1::int"
    "          AND a.logout_course_date > a.login_course_date) t"
    "  CROSS JOIN LATERAL (SELECT COALESCE(avg(COALESCE(v.progress, 0)), 0) AS progress"
    "         FROM c_lp lp"
    "         LEFT JOIN c_lp_view v ON v.c_id = lp.c_id AND v.lp_id = lp.iid"
    "                              AND v.user_id = $1::int AND v.session_id = src.session_id"
    "        WHERE lp.c_id = src.c_id AND lp.session_id IN (0, src.session_id)) p"
    " WHERE src.session_id = $2::int");
ACTION_PREFETCH(get_user_progress_and_time_in_session, SQL_TOTALS,
                call_itoa(c, c->args[ARG_USER_ID].i), call_itoa(c, c->args[ARG_SESSION_ID].i));

/* total / n as PHP's division answers it: an int when exact. */
static struct json_object *average(api_call *c, double total, long long n)
{
    if (n == 0)
        return reply_int(c, 0);
    double q = total / (double)n;
    if (q == (double)(long long)q)
        return reply_int(c, (long long)q);
    return reply_double(c, q);
}

ACTION_ANSWER(get_user_progress_and_time_in_session,
              A_OBJECT(A_KEY("userAverageCoursesTime", A_NUMBER),
                       A_KEY("userAverageProgress", A_NUMBER)));

action_result action_get_user_progress_and_time_in_session(api_call *c)
{
    if (!c->args[ARG_USER_ID].present)
        return call_fail(c, MSG_UserIdNotProvided);
    call_event(c, "user_id", call_itoa(c, c->args[ARG_USER_ID].i), -1);
    if (!c->args[ARG_SESSION_ID].present)
        return call_fail(c, MSG_SessionIdNotProvided);
    sql_rows found = call_prefetched(c);
    if (!found.result)
        return ACTION_FAILED;
    long long courses = strtoll(PQgetvalue(found.result, 0, 0), NULL, 10);
    double seconds = strtod(PQgetvalue(found.result, 0, 1), NULL);
    double progress = strtod(PQgetvalue(found.result, 0, 2), NULL);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "userAverageCoursesTime", average(c, seconds, courses));
    reply_set(c, data, "userAverageProgress", average(c, progress, courses));
    return call_ok(c, data);
}
