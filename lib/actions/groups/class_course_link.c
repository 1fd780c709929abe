#include <stdlib.h>

#include "actions/groups/class_course_link.h"

/* Serializes the link writes of one class: the "already linked?" check and
 * the link it leads to see every earlier call's. */
DB_STATEMENT(SQL_LOCK_CLASS_LINKS, "class_course_link.lock", 1,
    "SELECT pg_advisory_xact_lock(hashtext('usergroup links ' || $1))");

DB_STATEMENT(SQL_COURSE, "class_course_link.course", 1,
    "SELECT id FROM course WHERE id = $1::int");

/* M(G), one row per membership row, in the order they were made. */
DB_STATEMENT(SQL_MEMBERS, "class_course_link.members", 1,
    "SELECT user_id FROM usergroup_rel_user WHERE usergroup_id = $1::int AND $1::int <> 0"
    " ORDER BY id");

bool class_course_link_read(api_call *c, class_course_link *link)
{
    int64_t group_id = c->args[ARG_GROUP_ID].i, course_id = c->args[ARG_COURSE_ID].i;
    link->group_id = call_itoa(c, group_id);
    link->course_id = call_itoa(c, course_id);
    const char *course = course_id ? link->course_id : c->course.id ? c->course.id_text : "0";
    if (!call_sql(c, &SQL_LOCK_CLASS_LINKS, link->group_id))
        return false;
    PGresult *found = call_sql(c, &SQL_COURSE, course);
    PGresult *members = found ? call_sql(c, &SQL_MEMBERS, link->group_id) : NULL;
    if (!members)
        return false;
    link->course = PQntuples(found) ? PQgetvalue(found, 0, 0) : NULL;
    link->members = (sql_rows){members, PQntuples(members)};
    return true;
}

action_result class_course_link_answer(api_call *c, const class_course_link *link, bool done)
{
    call_event(c, "group_id", link->group_id, -1);
    struct json_object *courses = reply_array(c);
    if (done)
        reply_push(c, courses, reply_int(c, strtoll(link->course_id, NULL, 10)));
    struct json_object *data = reply_array(c);
    reply_push(c, data, courses);
    return call_ok(c, data);
}
