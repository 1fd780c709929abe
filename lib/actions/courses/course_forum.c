/*
 * course_forum - one forum of the course and its threads (30-courses.md §4.8).
 *
 *   {"id": forum iid, "title", "description": str|null, "image": str,
 *    "threads": [{"id": thread iid, "title", "lastEditDate": FMT_LONG_24H,
 *                 "numberOfReplies", "numberOfViews", "author": "First Last"}]}
 *
 * POST forum is matched against c_forum_forum.forum_id in the course; a
 * deleted forum (item visibility 2) or none answers "No forum". Threads:
 * visible ones, hidden ones too for the course's editors; sticky first,
 * then newest. Without the course setting share_forums_in_sessions, only
 * the threads of the session context. The integer columns are read as PHP
 * reads plain SQL (a number under PHP 8, a string under 7.4).
 */
#include <string.h>

#include "api/action.h"
#include "core/chamilo_date.h"
#include "model/forum.h"
#include "model/user_format.h"

ACTION_ABOUT(course_forum, "One forum of the course with its threads", "30-courses.md §4.8",
    "Answers the forum `forum` of the context course with its threads, sticky ones first, then "
    "newest.");

enum { ARG_FORUM };
ACTION_PARAMS(course_forum, [ARG_FORUM] = {"forum", FROM_POST, PK_INT});
ACTION_TOOL(course_forum, TOOL_FORUM);

/* $1 course, $2 session context, $3 forum_id. One row per thread, the
 * forum's columns on every row; the forum alone (NULL thread columns) when
 * it has no thread; no row when it does not exist or is deleted. */
DB_STATEMENT(SQL_FORUM, "course_forum.get", 3,
    "WITH share AS (SELECT " FORUM_SHARED_IN_SESSIONS("$1::int") " AS shared)"
    " SELECT f.iid AS forum_iid, f.forum_title, f.forum_comment, f.forum_image,"
    "        t.iid AS thread_iid, t.thread_title, t.lastedit_date, t.thread_replies,"
    "        t.thread_views, t.firstname, t.lastname, t.visibility"
    "   FROM c_forum_forum f CROSS JOIN share"
    "   LEFT JOIN LATERAL ("
    "        SELECT th.iid, th.thread_title, tp.lastedit_date, th.thread_replies, th.thread_views,"
    "               u.firstname, u.lastname, tp.visibility, th.thread_sticky, th.thread_date"
    "          FROM c_forum_thread th"
    "          JOIN LATERAL (SELECT p.visibility, p.lastedit_date FROM c_item_property p"
    "                         WHERE p.c_id = th.c_id AND p.tool = 'forum_thread'"
    "                           AND p.ref = th.thread_id"
    "                           AND (share.shared OR COALESCE(p.session_id, 0) = $2::int)"
    "                         ORDER BY p.iid DESC LIMIT 1) tp ON tp.visibility <> 2"
    "          LEFT JOIN \"user\" u ON u.id = th.thread_poster_id"
    "         WHERE th.forum_id = f.iid AND th.c_id = f.c_id) t ON true"
    "  WHERE f.c_id = $1::int AND f.forum_id = $3::int"
    "    AND COALESCE((SELECT p.visibility FROM c_item_property p"
    "                   WHERE p.c_id = f.c_id AND p.tool = 'forum' AND p.ref = f.forum_id"
    "                   ORDER BY p.iid DESC LIMIT 1), -1) <> 2"
    "  ORDER BY f.iid, t.thread_sticky DESC NULLS LAST, t.thread_date DESC NULLS LAST, t.iid");
ACTION_PREFETCH(course_forum, SQL_FORUM, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param), call_itoa(c, c->args[ARG_FORUM].i));

static const json_field FORUM[] = {
    {"id", "forum_iid", FK_COLUMN_INT},
    {"title", "forum_title", FK_STRING},
    {"description", "forum_comment", FK_STRING},
};

static const json_field THREAD[] = {
    {"id", "thread_iid", FK_COLUMN_INT},
    {"title", "thread_title", FK_STRING},
};

ACTION_ANSWER(course_forum,
              A_ROW_WITH(FORUM, A_KEY("image", A_STRING),
                         A_KEY("threads",
                               A_LIST(A_ROW_WITH(THREAD, A_KEY("lastEditDate", A_STRING),
                                                 A_KEY("numberOfReplies", A_COLUMN_INT),
                                                 A_KEY("numberOfViews", A_COLUMN_INT),
                                                 A_KEY("author", A_STRING))))));

action_result action_course_forum(api_call *c)
{
    const char *forum_id = call_itoa(c, c->args[ARG_FORUM].i);
    /* v2.php logs "(int) forum : forum": the forum id twice. */
    call_event(c, "course_id-forum_id", arena_printf(c->arena, "%s:%s", forum_id, forum_id), -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    if (rows.count == 0)
        return call_fail(c, MSG_NoForum);
    bool editor = c->course.is_teacher;
    int thread = PQfnumber(r, "thread_iid"), visibility = PQfnumber(r, "visibility"),
        edited = PQfnumber(r, "lastedit_date"), replies = PQfnumber(r, "thread_replies"),
        views = PQfnumber(r, "thread_views"), first = PQfnumber(r, "firstname"),
        last = PQfnumber(r, "lastname"), image = PQfnumber(r, "forum_image"),
        forum_iid = PQfnumber(r, "forum_iid");

    struct json_object *forum = reply_row(c, r, 0, FIELDS(FORUM));
    reply_set(c, forum, "image", reply_str(c, forum_image_url(c, sql_value(r, 0, image))));
    struct json_object *threads = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        /* Two forums may share a forum_id in one course: PHP reads the first. */
        if (strcmp(PQgetvalue(r, row, forum_iid), PQgetvalue(r, 0, forum_iid)) != 0)
            break;
        if (PQgetisnull(r, row, thread))
            continue;
        if (!editor && strcmp(PQgetvalue(r, row, visibility), "1") != 0)
            continue;
        struct json_object *item = reply_row(c, r, row, FIELDS(THREAD));
        reply_set(c, item, "lastEditDate",
                  reply_str(c, chamilo_date_long_24h(c->arena, call_timezone(c),
                                                     PQgetvalue(r, row, edited))));
        reply_set(c, item, "numberOfReplies",
                  reply_value(c, FK_COLUMN_INT, PQgetvalue(r, row, replies)));
        reply_set(c, item, "numberOfViews", reply_value(c, FK_COLUMN_INT, PQgetvalue(r, row, views)));
        reply_set(c, item, "author",
                  reply_str(c, user_full_name(c, sql_value(r, row, first), sql_value(r, row, last))));
        reply_push(c, threads, item);
    }
    reply_set(c, forum, "threads", threads);
    return call_ok(c, forum);
}
