/*
 * get_users_subscribed_to_course - the members of the course
 * (30-courses.md §8.6). Course context required (ACT_COURSE: the
 * dispatcher checks that the caller may enter the course).
 *
 * course_rel_user rows of the course but HR follow-ups (relation_type 1),
 * with multiple_access_urls only users of the current campus, by first
 * name then last name; the session is ignored:
 *   [{"user_id", "username", "firstname", "lastname", "status_rel"}]
 * user_id and status_rel (1 teacher, 5 student) are integer columns.
 *
 * Event: access_ws_get_users_subscribed_to_course (course_id, POST course).
 */
#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(get_users_subscribed_to_course, "The members of the course", "30-courses.md §8.6",
    "Lists the context course's members (HR follow-ups left out) with their username, names and "
    "status in the course.");

ACTION_NO_PARAMS(get_users_subscribed_to_course);

/* $1 course, $2 the campus whose members count (0: every user). */
DB_STATEMENT(SQL_MEMBERS, "get_users_subscribed_to_course.list", 2,
    "SELECT u.id AS user_id, u.username, u.firstname, u.lastname, cu.status AS status_rel"
    "  FROM course_rel_user cu JOIN \"user\" u ON u.id = cu.user_id"
    " WHERE cu.c_id = $1::int AND cu.relation_type <> 1"
    "   AND ($2::int = 0 OR EXISTS (SELECT 1 FROM access_url_rel_user m"
    "                               WHERE m.user_id = u.id AND m.access_url_id = $2::int))"
    " ORDER BY lower(u.firstname), lower(u.lastname), u.id");
ACTION_PREFETCH(get_users_subscribed_to_course, SQL_MEMBERS, call_itoa(c, c->course_param),
                c->cfg->multiple_access_urls ? c->url_id_text : "0");

static const json_field MEMBER[] = {
    {"user_id", "user_id", FK_COLUMN_INT},
    {"username", "username", FK_STRING},
    {"firstname", "firstname", FK_STRING},
    {"lastname", "lastname", FK_STRING},
    {"status_rel", "status_rel", FK_COLUMN_INT},
};

ACTION_ANSWER(get_users_subscribed_to_course, A_LIST(A_ROW(MEMBER)));

action_result action_get_users_subscribed_to_course(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    if (!rows.result)
        return ACTION_FAILED;
    course_event_post_course(c);
    return call_ok(c, reply_rows(c, rows.result, FIELDS(MEMBER)));
}
