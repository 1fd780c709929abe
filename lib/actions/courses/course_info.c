/*
 * course_info - the course's card and its home page's tools (30-courses.md
 * §2.6). Course context required (ACT_COURSE: the dispatcher checks that
 * the caller may enter the course).
 *
 *   {"id": int, "title", "code", "directory", "urlPicture": str|null,
 *    "teachers": "First Last | ...", "tools": [{"type": str}, ...]}
 *
 * tools: the course's c_tool rows of the session context or the base
 * course (a session row is dropped when the base course has one of the same
 * name), visible, of the authoring, interaction and plugin categories, but
 * notebookteacher; for platform admins and coaches also `tracking` and every
 * learning-path shortcut (image scormbuilder.gif); others see a shortcut only
 * when its learning path's item visibility is exactly 1. Non-LP tools first
 * (by id), then the shortcuts, then the links shown on the course home page
 * (c_link.on_homepage '1', visible; admins: not deleted), each once. Names
 * holding ":teacher" are for coaches only. `type` is the tool's name, the
 * shortcut's learning path title, or the link's title.
 *
 * Not reproduced (docs/compat.md): the platform setting course_hide_tools,
 * and the learning path's prerequisite, category and publication checks for
 * a shortcut.
 *
 * Event: access_ws_course_info (course_id, POST course as PHP casts it).
 */
#include <string.h>

#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(course_info, "The course's card and its home page's tools", "30-courses.md §2.6",
    "Answers the context course's id, title, code, picture and teachers, and the tools of its "
    "home page the caller sees (with the learning-path shortcuts and tracking for administrators "
    "and coaches).");

ACTION_NO_PARAMS(course_info);

/* One row per tool with the course's columns (the course alone, with NULL
 * tool columns, when it has none). $1 course, $2 session. kind: 'tool',
 * 'privileged' (tracking and hidden shortcuts: admins and coaches only),
 * 'lp' (a shortcut, with lp_visible), 'link'. */
DB_STATEMENT(SQL_COURSE_INFO, "course_info.get", 2,
    "SELECT c.id, c.title, c.code, c.directory, " SQL_COURSE_TEACHERS("c.id") " AS teachers,"
    "       x.name, x.kind, x.lp_visible"
    "  FROM course c LEFT JOIN LATERAL ("
    "    SELECT t.name,"
    "           CASE WHEN t.image = 'scormbuilder.gif' THEN 'lp'"
    "                WHEN t.visibility = 1 AND t.category IN ('authoring', 'interaction', 'plugin')"
    "                THEN 'tool' ELSE 'privileged' END AS kind,"
    "           t.visibility = 1 AND t.image = 'scormbuilder.gif' AND ("
    "               SELECT ip.visibility FROM c_item_property ip"
    "                WHERE ip.c_id = c.id AND ip.tool = 'learnpath'"
    "                  AND ip.ref = substring(t.link FROM 'lp_id=([0-9]+)')::int"
    "                  AND (ip.session_id = $2::int OR ip.session_id IS NULL OR ip.session_id = 0)"
    "                ORDER BY ip.session_id DESC NULLS LAST, ip.lastedit_date DESC LIMIT 1) = 1"
    "             AS lp_visible,"
    "           CASE WHEN t.image = 'scormbuilder.gif' THEN 1 ELSE 0 END AS part,"
    "           COALESCE(cat.position, 0) AS cat_position, COALESCE(lp.display_order, 0) AS lp_order,"
    "           t.id AS tool_id, t.iid AS row_id"
    "      FROM c_tool t"
    "      LEFT JOIN c_lp lp ON t.image = 'scormbuilder.gif' AND lp.c_id = t.c_id"
    "            AND lp.iid = substring(t.link FROM 'lp_id=([0-9]+)')::int"
    "      LEFT JOIN c_lp_category cat ON cat.iid = lp.category_id"
    "     WHERE t.c_id = c.id AND (t.session_id IN (0, $2::int) OR t.session_id IS NULL)"
    "       AND t.name <> 'notebookteacher'"
    "       AND ((t.visibility = 1 AND t.category IN ('authoring', 'interaction', 'plugin'))"
    "            OR t.name = 'tracking' OR t.image = 'scormbuilder.gif')"
    "       AND NOT (COALESCE(t.session_id, 0) <> 0 AND EXISTS ("
    "             SELECT 1 FROM c_tool b WHERE b.c_id = t.c_id AND COALESCE(b.session_id, 0) = 0"
    "                AND b.name = t.name))"
    "    UNION ALL"
    "    SELECT l.title, CASE WHEN v.visibility = 1 THEN 'link' ELSE 'privileged' END, NULL,"
    "           2, 0, l.display_order, l.id, l.iid"
    "      FROM c_link l CROSS JOIN LATERAL ("
    "        SELECT ip.visibility FROM c_item_property ip"
    "         WHERE ip.c_id = l.c_id AND ip.tool = 'link' AND ip.ref = l.id"
    "           AND (ip.session_id = $2::int OR ip.session_id IS NULL OR ip.session_id = 0)"
    "         ORDER BY ip.session_id DESC NULLS LAST, ip.lastedit_date DESC LIMIT 1) v"
    "     WHERE l.c_id = c.id AND l.on_homepage = '1' AND v.visibility IN (0, 1)"
    "       AND (l.session_id IN (0, $2::int) OR l.session_id IS NULL)"
    "  ) x ON true"
    " WHERE c.id = $1::int"
    " ORDER BY x.part, x.cat_position, x.lp_order, x.tool_id, x.row_id");
ACTION_PREFETCH(course_info, SQL_COURSE_INFO, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param));

/* Whether the caller sees this tool row. */
static bool shown(api_call *c, const PGresult *r, int row, int name, int kind, int lp_visible)
{
    bool editor = course_caller_edits(c);
    const char *k = PQgetvalue(r, row, kind);
    if (strcmp(k, "privileged") == 0 && !editor)
        return false;
    if (strcmp(k, "lp") == 0 && !editor && strcmp(PQgetvalue(r, row, lp_visible), "t") != 0)
        return false;
    if (!c->course.is_coach && strstr(PQgetvalue(r, row, name), ":teacher"))
        return false;
    return true;
}

ACTION_ANSWER(course_info,
              A_OBJECT(A_KEY("id", A_INT), A_KEY("title", A_STRING),
                       A_KEY("code", A_STRING), A_KEY("directory", A_STRING),
                       A_KEY("urlPicture", A_STRING), A_KEY("teachers", A_STRING),
                       A_KEY("tools", A_LIST(A_OBJECT(A_KEY("type", A_TEXT))))));

action_result action_course_info(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    if (rows.count == 0)
        return call_fail(c, MSG_NoCourse);
    int name = PQfnumber(r, "name"), kind = PQfnumber(r, "kind"),
        lp_visible = PQfnumber(r, "lp_visible");
    const char *directory = sql_value(r, 0, PQfnumber(r, "directory"));

    struct json_object *data = reply_object(c);
    reply_set(c, data, "id", reply_value(c, FK_INT, PQgetvalue(r, 0, PQfnumber(r, "id"))));
    reply_set(c, data, "title", reply_str(c, sql_value(r, 0, PQfnumber(r, "title"))));
    reply_set(c, data, "code", reply_str(c, sql_value(r, 0, PQfnumber(r, "code"))));
    reply_set(c, data, "directory", reply_str(c, directory));
    reply_set(c, data, "urlPicture", reply_str(c, course_picture_url(c, directory)));
    reply_set(c, data, "teachers", reply_str(c, sql_value(r, 0, PQfnumber(r, "teachers"))));
    struct json_object *tools = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        if (PQgetisnull(r, row, kind) || !shown(c, r, row, name, kind, lp_visible))
            continue;
        struct json_object *tool = reply_object(c);
        reply_set(c, tool, "type", reply_str(c, PQgetvalue(r, row, name)));
        reply_push(c, tools, tool);
    }
    reply_set(c, data, "tools", tools);
    course_event_post_course(c);
    return call_ok(c, data);
}
