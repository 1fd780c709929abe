/*
 * course_links - the course's links by category (30-courses.md §4.10).
 * Course context required (ACT_COURSE).
 *
 * A pseudo category "General" (id 0) first, then the course's link
 * categories of the session context or the base course, highest
 * display_order first; each with its links (c_link with their item
 * property; without a session the base course's visible and hidden ones,
 * in a session the base course's visible ones and the session's), by
 * display_order. Hidden categories and hidden links are left out keeping
 * the others' positions, as PHP filters its arrays: a list whose positions
 * are no longer 0..n-1 becomes an object keyed by position.
 *   [{"id": int, "title", "description", "visibility": int,
 *     "links": [{"id": int, "title", "description", "visibility": int, "url"}]}]
 * url opens the link through Chamilo's link_goto.php with the course's
 * CIDREQ.
 *
 * Not reproduced (docs/compat.md): the tool-access tracking row, and PHP's
 * write on read that gives a category without an item property one (such
 * a category is shown as visible, which is what that row says).
 * Event: access_ws_course_links (username, the caller's login name).
 */
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "core/strbuf.h"
#include "core/urlencode.h"
#include "model/course.h"

ACTION_ABOUT(course_links, "The course's links by category", "30-courses.md §4.10",
    "Lists the context course's link categories (\"General\" first) with their visible links.");

ACTION_NO_PARAMS(course_links);
ACTION_TOOL(course_links, TOOL_LINK);

/* $1 course, $2 session. One row per link (a category without links: one
 * row with NULL link columns), by category position then link position;
 * positions count the rows PHP reads before it drops the hidden ones. */
DB_STATEMENT(SQL_LINKS, "course_links.list", 2,
    "WITH cats AS ("
    "  SELECT 0::bigint AS pos, 0 AS iid, 'General'::text AS title, ''::text AS description,"
    "         1 AS visibility"
    "  UNION ALL"
    "  SELECT row_number() OVER (ORDER BY k.display_order DESC, k.iid), k.iid, k.category_title,"
    "         COALESCE(k.description, ''), k.visibility"
    "    FROM (SELECT k.*, COALESCE((SELECT ip.visibility FROM c_item_property ip"
    "                                 WHERE ip.c_id = k.c_id AND ip.tool = 'link_category'"
    "                                   AND ip.ref = k.id ORDER BY ip.iid DESC LIMIT 1), 1)"
    "                          AS visibility"
    "            FROM c_link_category k"
    "           WHERE k.c_id = $1::int AND (k.session_id IN (0, $2::int) OR k.session_id IS NULL)) k"
    "   WHERE k.visibility IN (0, 1))"
    " SELECT k.pos, k.iid, k.title, k.description, k.visibility,"
    "        x.pos AS link_pos, x.id, x.title AS link_title, x.description AS link_description,"
    "        x.visibility AS link_visibility"
    "   FROM cats k LEFT JOIN LATERAL ("
    "     SELECT row_number() OVER (ORDER BY l.display_order, ip.session_id DESC NULLS LAST,"
    "                                        l.iid) - 1 AS pos,"
    "            l.id, l.title, COALESCE(l.description, '') AS description, ip.visibility"
    "       FROM c_link l JOIN c_item_property ip ON ip.c_id = l.c_id AND ip.tool = 'link'"
    "            AND ip.ref = l.id"
    "      WHERE l.c_id = $1::int AND COALESCE(l.category_id, 0) = k.iid"
    "        AND CASE WHEN $2::int = 0"
    "                 THEN (ip.session_id = 0 OR ip.session_id IS NULL) AND ip.visibility IN (0, 1)"
    "                 ELSE (ip.visibility = 1 AND (ip.session_id = 0 OR ip.session_id IS NULL))"
    "                      OR (ip.visibility IN (0, 1) AND ip.session_id = $2::int) END) x ON true"
    "  ORDER BY k.pos, x.pos");
ACTION_PREFETCH(course_links, SQL_LINKS, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param));

static const char *link_url(api_call *c, const char *id)
{
    strbuf sb;
    sb_init(&sb, c->arena, 200);
    sb_puts(&sb, c->web_root);
    sb_puts(&sb, "main/link/link_goto.php?");
    course_cidreq_append(c, &sb, "");
    sb_puts(&sb, "&link_id=");
    sb_puts(&sb, id);
    if (sb_failed(&sb))
        return call_fail_oom(c), NULL;
    return sb.data;
}

#define LINK_KEYS                                                                              \
    A_KEY("id", A_INT), A_KEY("title", A_STRING), A_KEY("description", A_TEXT),      \
        A_KEY("visibility", A_INT)
ACTION_ANSWER(course_links,
              A_LIST_OR_BY_ID(A_OBJECT(
                  LINK_KEYS,
                  A_KEY("links", A_LIST_OR_BY_ID(A_OBJECT(LINK_KEYS, A_KEY("url", A_STRING)))))));

action_result action_course_links(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    course_keyed_list categories;
    if (!course_keyed_list_init(c, &categories, rows.count))
        return ACTION_FAILED;
    for (int row = 0; row < rows.count && !call_failed(c);) {
        const char *category = PQgetvalue(r, row, 1);
        bool shown = strcmp(PQgetvalue(r, row, 4), "0") != 0;
        course_keyed_list links;
        if (!course_keyed_list_init(c, &links, rows.count))
            return ACTION_FAILED;
        int first = row;
        for (; row < rows.count && strcmp(PQgetvalue(r, row, 1), category) == 0; row++) {
            if (PQgetisnull(r, row, 6) || strcmp(PQgetvalue(r, row, 9), "0") == 0)
                continue;
            struct json_object *link = reply_object(c);
            reply_set(c, link, "id", reply_value(c, FK_INT, PQgetvalue(r, row, 6)));
            reply_set(c, link, "title", reply_str(c, sql_value(r, row, 7)));
            reply_set(c, link, "description", reply_str(c, PQgetvalue(r, row, 8)));
            reply_set(c, link, "visibility", reply_value(c, FK_INT, PQgetvalue(r, row, 9)));
            reply_set(c, link, "url", reply_str(c, link_url(c, PQgetvalue(r, row, 6))));
            course_keyed_list_add(&links, atoi(PQgetvalue(r, row, 5)), link);
        }
        if (!shown)
            continue;
        struct json_object *item = reply_object(c);
        reply_set(c, item, "id", reply_value(c, FK_INT, category));
        reply_set(c, item, "title", reply_str(c, PQgetvalue(r, first, 2)));
        reply_set(c, item, "description", reply_str(c, PQgetvalue(r, first, 3)));
        reply_set(c, item, "visibility", reply_value(c, FK_INT, PQgetvalue(r, first, 4)));
        reply_set(c, item, "links", course_keyed_list_json(c, &links));
        course_keyed_list_add(&categories, atoi(PQgetvalue(r, first, 0)), item);
    }
    call_event(c, "username", c->username, -1);
    return call_ok(c, course_keyed_list_json(c, &categories));
}
