/*
 * course_announcements - the course's announcements the caller may read
 * (30-courses.md §4.3). Course context required (ACT_COURSE).
 *
 * c_announcement rows of the session context or the base course with their
 * item property, highest display_order first, each once:
 *   [{"id": int, "title", "creatorName", "date"}]
 * Platform admins and coaches (editors) see the hidden ones too; others see
 * the visible ones sent to everybody, to them or to one of their course
 * groups. title: the title without tags, then " Group " when sent to a
 * group and " " when it was mailed (the icons' text); creatorName: the
 * author's full name; date: FMT_LONG of the item's insert date.
 *
 * Not reproduced (docs/compat.md): the tool-access tracking row, the
 * attachment mark, allow_user_edit_announcement and the group/DRH options.
 * Event: access_ws_course_announcements (course_id, POST course).
 */
#include <string.h>

#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(course_announcements, "The course's announcements the caller may read",
    "30-courses.md §4.3",
    "Lists the context course's announcements sent to everybody, to the caller or to one of "
    "their groups (administrators and coaches also see hidden ones), with author and date.");

ACTION_NO_PARAMS(course_announcements);
ACTION_TOOL(course_announcements, TOOL_ANNOUNCEMENT);

/* $1 course, $2 session, $3 the caller's login name. for_caller: sent to
 * everybody, to the caller or to one of the caller's groups. */
DB_STATEMENT(SQL_ANNOUNCEMENTS, "course_announcements.list", 3,
    "SELECT a.id, regexp_replace(COALESCE(a.title, ''), '<[^>]*>', '', 'g') AS title,"
    "       COALESCE(ip.to_group_id, 0) > 0 AS to_group, COALESCE(a.email_sent, 0) = 1 AS mailed,"
    "       " COURSE_PERSON_SQL("author") " AS creator, ip.insert_date, ip.visibility,"
    "       (ip.to_user_id IS NULL OR ip.to_user_id = me.id)"
    "       AND (ip.to_group_id IS NULL OR ip.to_group_id = 0"
    "            OR ip.to_group_id IN " COURSE_USER_GROUPS_SQL("$1::int", "me.id") ") AS for_caller"
    "  FROM c_announcement a"
    "  JOIN c_item_property ip ON ip.c_id = a.c_id AND ip.tool = 'announcement' AND ip.ref = a.id"
    "  LEFT JOIN \"user\" author ON author.id = ip.insert_user_id"
    "  LEFT JOIN \"user\" me ON lower(me.username) = lower($3)"
    " WHERE a.c_id = $1::int AND (a.session_id IN (0, $2::int) OR a.session_id IS NULL)"
    "   AND ip.visibility IN (0, 1)"
    " ORDER BY a.display_order DESC, a.iid, ip.iid");
ACTION_PREFETCH(course_announcements, SQL_ANNOUNCEMENTS, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param), c->username);

ACTION_ANSWER(course_announcements,
              A_LIST(A_OBJECT(A_KEY("id", A_INT), A_KEY("title", A_STRING),
                              A_KEY("creatorName", A_TEXT), A_KEY("date", A_STRING))));

action_result action_course_announcements(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    bool editor = course_caller_edits(c);
    struct json_object *data = reply_array(c);
    const char *last_id = NULL;
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        const char *id = PQgetvalue(r, row, 0);
        if (!editor && (strcmp(PQgetvalue(r, row, 6), "1") != 0 ||
                        strcmp(PQgetvalue(r, row, 7), "t") != 0))
            continue;
        if (last_id && strcmp(last_id, id) == 0)
            continue; /* the announcement's first row wins */
        last_id = id;
        const char *title = arena_printf(c->arena, "%s%s%s", PQgetvalue(r, row, 1),
                                         PQgetvalue(r, row, 2)[0] == 't' ? " Group " : "",
                                         PQgetvalue(r, row, 3)[0] == 't' ? " " : "");
        struct json_object *item = reply_object(c);
        reply_set(c, item, "id", reply_value(c, FK_INT, id));
        reply_set(c, item, "title", reply_str(c, title));
        reply_set(c, item, "creatorName", reply_str(c, PQgetvalue(r, row, 4)));
        reply_set(c, item, "date", course_date(c, COURSE_DATE_LONG, sql_value(r, row, 5)));
        reply_push(c, data, item);
    }
    course_event_post_course(c);
    return call_ok(c, data);
}
