/*
 * course_announcement - one announcement of the course (30-courses.md
 * §4.4). Course context required (ACT_COURSE).
 *
 * POST announcement: a c_announcement id of the course. Platform admins and
 * coaches read it whatever its visibility; others when it is visible and
 * sent to everybody or to them. Not found: "No announcement".
 *   {"id": int iid, "title", "creatorName", "date": FMT_LONG_24H, "content"}
 * content with Chamilo's tags filled for the caller and the course:
 * ((user_name)), ((user_email)), ((user_firstname)), ((user_lastname)),
 * ((user_picture)), ((user_complete_name)), ((user_official_code)),
 * ((course_title)), ((course_link)), ((teachers)).
 *
 * Not reproduced (docs/compat.md): the tool-access tracking row, the
 * ((extra_*)) and session tags (((coaches)), ((general_coach)),
 * ((general_coach_email))), which stay as written.
 * Event: access_ws_course_announcement (announcement_id, the parameter as
 * sent).
 */
#include <string.h>

#include "api/action.h"
#include "model/course.h"
#include "model/user_format.h"

ACTION_ABOUT(course_announcement, "One announcement of the course", "30-courses.md §4.4",
    "Answers the announcement `announcement` of the context course with its content, Chamilo's "
    "tags ((user_name)), ((course_title)), ... filled for the caller, when the caller may read "
    "it.");

enum { ARG_ANNOUNCEMENT };
ACTION_PARAMS(course_announcement,
    [ARG_ANNOUNCEMENT] = {"announcement", FROM_POST, PK_INT, P_SCALAR});
ACTION_TOOL(course_announcement, TOOL_ANNOUNCEMENT);

/* $1 course, $2 announcement id, $3 the caller's login name. The caller's
 * and the course's fields for the tags ride along on every row. */
DB_STATEMENT(SQL_ANNOUNCEMENT, "course_announcement.get", 3,
    "SELECT a.iid, a.title, a.content, ip.insert_date, " COURSE_PERSON_SQL("author") " AS creator,"
    "       ip.visibility, ip.to_user_id = me.id OR COALESCE(ip.to_group_id, 0) = 0 AS for_caller,"
    "       me.id AS me_id, me.username, me.email, me.firstname, me.lastname, me.picture_uri,"
    "       me.official_code, " COURSE_PERSON_SQL("me") " AS me_name,"
    "       " SQL_COURSE_TEACHERS("a.c_id") " AS teachers"
    "  FROM c_announcement a"
    "  JOIN c_item_property ip ON ip.c_id = a.c_id AND ip.tool = 'announcement' AND ip.ref = a.id"
    "  LEFT JOIN \"user\" author ON author.id = ip.insert_user_id"
    "  LEFT JOIN \"user\" me ON lower(me.username) = lower($3)"
    " WHERE a.c_id = $1::int AND a.id = $2::int"
    " ORDER BY ip.iid");
ACTION_PREFETCH(course_announcement, SQL_ANNOUNCEMENT, call_itoa(c, c->course_param),
                call_itoa(c, c->args[ARG_ANNOUNCEMENT].i), c->username);

/* The HTML anchor of ((course_link)): <a href="L'" >L</a>, L' with & as &amp;. */
static const char *course_link(api_call *c)
{
    const char *home = course_home_url(c, c->course.directory);
    const char *escaped = course_replace_all(c, home, "&", "&amp;");
    if (!escaped)
        return NULL;
    const char *link = arena_printf(c->arena, "<a href=\"%s\" >%s</a>", escaped, home);
    return link ? link : (call_fail_oom(c), NULL);
}

static const char *filled(api_call *c, const PGresult *r, int row)
{
    const char *tags[][2] = {
        {"((user_name))", sql_value(r, row, 8)},
        {"((user_email))", sql_value(r, row, 9)},
        {"((user_firstname))", sql_value(r, row, 10)},
        {"((user_lastname))", sql_value(r, row, 11)},
        {"((user_picture))", user_picture_url(c, sql_value(r, row, 7), sql_value(r, row, 12))},
        {"((user_complete_name))", sql_value(r, row, 14)},
        {"((user_official_code))", sql_value(r, row, 13)},
        {"((course_title))", c->course.title},
        {"((course_link))", strstr(PQgetvalue(r, row, 2), "((course_link))") ? course_link(c) : ""},
        {"((teachers))", sql_value(r, row, 15)},
    };
    const char *content = sql_value(r, row, 2);
    for (size_t i = 0; i < sizeof tags / sizeof tags[0] && content; i++)
        content = course_replace_all(c, content, tags[i][0], tags[i][1]);
    return content;
}

ACTION_ANSWER(course_announcement,
              A_OBJECT(A_KEY("id", A_INT), A_KEY("title", A_STRING),
                       A_KEY("creatorName", A_TEXT), A_KEY("date", A_STRING),
                       A_KEY("content", A_STRING)));

action_result action_course_announcement(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    bool editor = course_caller_edits(c);
    int row = 0;
    while (row < rows.count && !editor &&
           (strcmp(PQgetvalue(r, row, 5), "1") != 0 || strcmp(PQgetvalue(r, row, 6), "t") != 0))
        row++;
    if (row == rows.count)
        return call_fail(c, MSG_NoAnnouncement);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "id", reply_value(c, FK_INT, PQgetvalue(r, row, 0)));
    reply_set(c, data, "title", reply_str(c, sql_value(r, row, 1)));
    reply_set(c, data, "creatorName", reply_str(c, PQgetvalue(r, row, 4)));
    reply_set(c, data, "date", course_date(c, COURSE_DATE_LONG_24H, sql_value(r, row, 3)));
    reply_set(c, data, "content", reply_str(c, filled(c, r, row)));
    const php_value *raw = c->args[ARG_ANNOUNCEMENT].raw;
    call_event(c, "announcement_id", raw && raw->kind == PHP_STRING ? raw->str : "", -1);
    return call_ok(c, data);
}
