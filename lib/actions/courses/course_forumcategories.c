/*
 * course_forumcategories - the forum categories of the course with their
 * forums (30-courses.md §4.7).
 *
 *   [{"id": int category iid, "title", "catId": int, "description": str|null,
 *     "forums": LIST-OR-OBJECT of {"id": int forum iid, "catId": int, "title",
 *               "description": str|null, "image": str, "numberOfThreads": int,
 *               "lastPost": null | {"date": FMT_LONG, "user": "First Last"}},
 *     "courseId": int}]
 *
 * Visible items for everybody, hidden ones too for the course's editors
 * (deleted ones, visibility 2, never). A category's forums keep their
 * positions in the course's whole forum list as keys, so they are a JSON
 * array only when they are the first ones of it, as in PHP. Without the
 * course setting share_forums_in_sessions, categories come from the session
 * context or the base course, and forums from the session context only.
 * The last post is the newest visible post of a visible thread of the
 * session context, for editors too.
 */
#include <string.h>

#include "api/action.h"
#include "core/chamilo_date.h"
#include "model/forum.h"
#include "model/user_format.h"

ACTION_ABOUT(course_forumcategories, "The course's forum categories with their forums",
    "30-courses.md §4.7",
    "Lists the context course's forum categories, each with its forums, their thread count and "
    "last post (hidden items only for the course's editors).");

enum { ARG_POST_COURSE };
ACTION_PARAMS(course_forumcategories,
    [ARG_POST_COURSE] = {"course", FROM_POST, PK_INT});
ACTION_TOOL(course_forumcategories, TOOL_FORUM);

/* $1 course, $2 session context (0: none). Categories first (kind 'c', by
 * cat_order), then the course's forums in their global order (kind 'f', by
 * forum_order), each with the visibility of its item property; deleted
 * items are left out here. */
DB_STATEMENT(SQL_FORUM_CATEGORIES, "course_forumcategories.list", 2,
    "WITH share AS (SELECT " FORUM_SHARED_IN_SESSIONS("$1::int") " AS shared)"
    " SELECT 'c' AS kind, c.cat_order AS position, c.iid AS id, c.cat_id AS cat_id,"
    "        c.cat_title AS title, c.cat_comment AS description, ip.visibility,"
    "        NULL::text AS image, NULL::bigint AS visible_threads, NULL::bigint AS threads,"
    "        NULL::timestamp AS last_date, NULL::text AS last_firstname, NULL::text AS last_lastname"
    "   FROM c_forum_category c CROSS JOIN share"
    "   JOIN LATERAL (SELECT p.visibility FROM c_item_property p"
    "                  WHERE p.c_id = c.c_id AND p.tool = 'forum_category' AND p.ref = c.cat_id"
    "                  ORDER BY p.iid DESC LIMIT 1) ip ON ip.visibility <> 2"
    "  WHERE c.c_id = $1::int AND (share.shared OR c.session_id IN ($2::int, 0))"
    " UNION ALL"
    " SELECT 'f', f.forum_order, f.iid, f.forum_category, f.forum_title, f.forum_comment,"
    "        ip.visibility, f.forum_image, n.visible_threads, n.threads,"
    "        lp.post_date, lp.firstname, lp.lastname"
    "   FROM c_forum_forum f CROSS JOIN share"
    "   JOIN LATERAL (SELECT p.visibility FROM c_item_property p"
    "                  WHERE p.c_id = f.c_id AND p.tool = 'forum' AND p.ref = f.forum_id"
    "                    AND (share.shared OR COALESCE(p.session_id, 0) = $2::int)"
    "                  ORDER BY p.iid DESC LIMIT 1) ip ON ip.visibility <> 2"
    "   CROSS JOIN LATERAL ("
    "        SELECT count(*) FILTER (WHERE tp.visibility = 1) AS visible_threads,"
    "               count(*) FILTER (WHERE tp.visibility <> 2) AS threads"
    "          FROM c_forum_thread t"
    "          JOIN c_item_property tp ON tp.c_id = t.c_id AND tp.tool = 'forum_thread'"
    "                                 AND tp.ref = t.thread_id"
    "         WHERE t.forum_id = f.iid AND t.c_id = f.c_id"
    "           AND ($2::int = 0 OR COALESCE(tp.session_id, 0) = COALESCE(t.session_id, 0))) n"
    "   LEFT JOIN LATERAL ("
    "        SELECT p.post_date, u.firstname, u.lastname"
    "          FROM c_forum_thread t"
    "          JOIN c_forum_post p ON p.thread_id = t.thread_id AND p.c_id = t.c_id"
    "          JOIN \"user\" u ON u.id = p.poster_id"
    "         WHERE t.forum_id = f.iid AND t.c_id = f.c_id AND COALESCE(t.session_id, 0) = $2::int"
    "           AND p.visible = 1 AND ip.visibility = 1"
    "           AND (SELECT tp.visibility FROM c_item_property tp"
    "                 WHERE tp.c_id = t.c_id AND tp.tool = 'forum_thread' AND tp.ref = t.thread_id"
    "                 ORDER BY tp.iid DESC LIMIT 1) = 1"
    "         ORDER BY p.post_id DESC, p.iid DESC LIMIT 1) lp ON true"
    "  WHERE f.c_id = $1::int"
    " ORDER BY kind, position, id");
ACTION_PREFETCH(course_forumcategories, SQL_FORUM_CATEGORIES, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param));

static const json_field CATEGORY[] = {
    {"id", "id", FK_INT},
    {"title", "title", FK_STRING},
    {"catId", "cat_id", FK_INT},
    {"description", "description", FK_STRING},
};

static const json_field FORUM[] = {
    {"id", "id", FK_INT},
    {"catId", "cat_id", FK_INT},
    {"title", "title", FK_STRING},
    {"description", "description", FK_STRING},
};

#define FORUM_SHAPE                                                                            \
    A_ROW_WITH(FORUM, A_KEY("image", A_STRING), A_KEY("numberOfThreads", A_INT),      \
               A_KEY("lastPost", A_NULLABLE(A_OBJECT(A_KEY("date", A_STRING),          \
                                                     A_KEY("user", A_STRING)))))
ACTION_ANSWER(course_forumcategories,
              A_LIST(A_ROW_WITH(
                  CATEGORY,
                  A_KEY("forums",
                        A_NOTE("a list while the forums' positions in the course run 0, 1, ...; "
                               "else keyed by position",
                               A_ONE_OF(A_LIST(FORUM_SHAPE), A_BY_ID(FORUM_SHAPE)))),
                  A_KEY("courseId", A_INT))));

action_result action_course_forumcategories(api_call *c)
{
    call_event(c, "course_id", call_itoa(c, c->args[ARG_POST_COURSE].i), -1);
    sql_rows result = call_prefetched(c);
    const PGresult *r = result.result;
    if (!r)
        return ACTION_FAILED;
    bool editor = c->course.is_teacher;
    int rows = result.count;
    int kind = PQfnumber(r, "kind"), visibility = PQfnumber(r, "visibility"),
        cat_id = PQfnumber(r, "cat_id"), image = PQfnumber(r, "image"),
        visible_threads = PQfnumber(r, "visible_threads"), threads = PQfnumber(r, "threads"),
        last_date = PQfnumber(r, "last_date"), last_first = PQfnumber(r, "last_firstname"),
        last_last = PQfnumber(r, "last_lastname");

    /* The forums the caller sees, in global order: their row and position. */
    int *forum_rows = arena_alloc(c->arena, sizeof(int) * (size_t)(rows + 1));
    if (!forum_rows)
        return call_fail_oom(c);
    int forum_count = 0;
    for (int row = 0; row < rows; row++) {
        if (PQgetvalue(r, row, kind)[0] != 'f')
            continue;
        if (!editor && strcmp(PQgetvalue(r, row, visibility), "1") != 0)
            continue;
        forum_rows[forum_count++] = row;
    }

    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows && !call_failed(c); row++) {
        if (PQgetvalue(r, row, kind)[0] != 'c')
            continue;
        if (!editor && strcmp(PQgetvalue(r, row, visibility), "1") != 0)
            continue;
        const char *category_id = PQgetvalue(r, row, cat_id);
        struct json_object *category = reply_row(c, r, row, FIELDS(CATEGORY));

        /* A JSON array while the positions run 0, 1, 2, ...; else an object. */
        struct json_object *list = reply_array(c), *keyed = reply_object(c);
        bool sequential = true;
        int listed = 0;
        for (int i = 0; i < forum_count; i++) {
            int f = forum_rows[i];
            if (PQgetisnull(r, f, cat_id) || strcmp(PQgetvalue(r, f, cat_id), category_id) != 0)
                continue;
            struct json_object *forum = reply_row(c, r, f, FIELDS(FORUM));
            reply_set(c, forum, "image", reply_str(c, forum_image_url(c, sql_value(r, f, image))));
            reply_set(c, forum, "numberOfThreads",
                      reply_value(c, FK_INT, PQgetvalue(r, f, editor ? threads : visible_threads)));
            struct json_object *last_post = NULL;
            if (!PQgetisnull(r, f, last_date)) {
                last_post = reply_object(c);
                reply_set(c, last_post, "date",
                          reply_str(c, chamilo_date_long(c->arena, call_timezone(c),
                                                         PQgetvalue(r, f, last_date))));
                reply_set(c, last_post, "user",
                          reply_str(c, user_full_name(c, sql_value(r, f, last_first),
                                                      sql_value(r, f, last_last))));
            }
            reply_set(c, forum, "lastPost", last_post);
            if (i != listed)
                sequential = false;
            listed++;
            reply_push(c, list, forum);
            reply_set(c, keyed, call_itoa(c, i), forum);
        }
        reply_set(c, category, "forums", sequential ? list : keyed);
        reply_set(c, category, "courseId", reply_int(c, c->course.id));
        reply_push(c, data, category);
    }
    return call_ok(c, data);
}
