#include "actions/groups/class_course_link.h"
#include "actions/groups/usergroup.h"

DB_STATEMENT(SQL_COURSE, "class_course_link.course", 1,
    "SELECT id FROM course WHERE id = $1::int");

bool class_course_link_read(api_call *c, class_course_link *link)
{
    int64_t group_id = c->args[ARG_GROUP_ID].i, course_id = c->args[ARG_COURSE_ID].i;
    link->group_id = call_itoa(c, group_id);
    link->course_id = call_itoa(c, course_id);
    const char *course = course_id ? link->course_id : c->course.id ? c->course.id_text : "0";
    if (!usergroup_lock_links(c, link->group_id))
        return false;
    PGresult *found = call_sql(c, &SQL_COURSE, course);
    if (!found)
        return false;
    link->course = PQntuples(found) ? PQgetvalue(found, 0, 0) : NULL;
    link->members = usergroup_members(c, link->group_id);
    return link->members.result != NULL;
}
