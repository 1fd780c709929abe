/*
 * save_forum_post - a reply in a thread of the course (30-courses.md §7.2):
 * {"registered": true}.
 *
 * POST title, text, thread and forum are required (PHP empty(): missing, ""
 * or "0" answers "No data available"); POST notify, when sent at all,
 * subscribes the caller to the thread; POST parent is the post replied to
 * (0 or absent: none). The text is stored with "<br />" before its line
 * breaks; in a forum that needs approval a non-editor's post is hidden, in
 * a moderated one it waits for moderation (status 2). The thread's replies,
 * last post and date are updated, and the forum's and the post's item
 * properties written (session context).
 *
 * Unlike PHP, the thread must be a thread of this course (docs/compat.md):
 * otherwise nothing is written, and the answer is still {"registered": true},
 * as PHP's is when its insert does not happen.
 */
#include "api/action.h"
#include "model/forum.h"
#include "model/item_property.h"

ACTION_ABOUT(save_forum_post, "Reply in a thread of the course", "30-courses.md §7.2",
    "Posts `title` and `text` in the thread `thread` of the forum `forum` (a reply to `parent` "
    "when set), honouring the forum's approval and moderation settings; `notify` subscribes the "
    "caller to the thread.");

enum { ARG_TITLE, ARG_TEXT, ARG_THREAD, ARG_FORUM, ARG_NOTIFY, ARG_PARENT };
ACTION_PARAMS(save_forum_post,
    [ARG_TITLE] = {"title", FROM_POST, PK_STRING, P_REQUIRED | P_SCALAR, 250, MSG_NoData},
    [ARG_TEXT] = {"text", FROM_POST, PK_STRING, P_REQUIRED | P_SCALAR, 0, MSG_NoData},
    [ARG_THREAD] = {"thread", FROM_POST, PK_INT, P_REQUIRED | P_SCALAR, 0, MSG_NoData},
    [ARG_FORUM] = {"forum", FROM_POST, PK_INT, P_REQUIRED | P_SCALAR, 0, MSG_NoData},
    [ARG_NOTIFY] = {"notify", FROM_POST, PK_ANY},
    [ARG_PARENT] = {"parent", FROM_POST, PK_INT, P_SCALAR});
ACTION_TOOL(save_forum_post, TOOL_FORUM);

/* $1 course, $2 forum_id, $3 thread_id, $4 caller, $5 title, $6 text, $7
 * notify, $8 parent (0: none), $9 the caller edits the course. Writes nothing, and answers no row, when the thread is not
 * one of the course; else the new post's iid. */
DB_STATEMENT(SQL_SAVE_POST, "save_forum_post.insert", 9,
    "WITH thread AS (SELECT t.iid FROM c_forum_thread t"
    "                 WHERE t.c_id = $1::int AND t.thread_id = $3::int ORDER BY t.iid LIMIT 1),"
    " ids AS (SELECT nextval(pg_get_serial_sequence('c_forum_post', 'iid'))::int AS post,"
    "                now() AT TIME ZONE 'UTC' AS at FROM thread),"
    " " FORUM_SETTINGS_CTE("$1::int", "$2::int") ","
    " post AS (INSERT INTO c_forum_post (iid, c_id, post_id, post_title, post_text, thread_id,"
    "            forum_id, poster_id, poster_name, post_date, post_notification, post_parent_id,"
    "            visible, status)"
    "          SELECT ids.post, $1::int, ids.post, $5, $6, $3::int, $2::int, $4::int, NULL, ids.at,"
    "                 $7::int, NULLIF($8::int, 0),"
    "                 CASE WHEN forum.approval AND NOT $9::bool THEN 0 ELSE 1 END,"
    "                 CASE WHEN forum.moderated AND NOT $9::bool THEN 2 ELSE 1 END"
    "            FROM ids, forum RETURNING iid),"
    " counters AS (UPDATE c_forum_thread t SET thread_replies = t.thread_replies + 1,"
    "                     thread_last_post = ids.post, thread_date = ids.at"
    "                FROM ids WHERE t.c_id = $1::int AND t.thread_id = $3::int RETURNING t.iid),"
    " notify AS (INSERT INTO c_forum_notification (c_id, thread_id, user_id)"
    "            SELECT $1::int, $3::int, $4::int FROM ids"
    "             WHERE $7::int = 1 AND NOT EXISTS (SELECT 1 FROM c_forum_notification n"
    "                   WHERE n.c_id = $1::int AND n.thread_id = $3::int AND n.user_id = $4::int)"
    "            RETURNING iid)"
    " SELECT post FROM ids");

ACTION_ANSWER(save_forum_post, A_OBJECT(A_KEY("registered", A_BOOL)));

action_result action_save_forum_post(api_call *c)
{
    const char *title = c->args[ARG_TITLE].s;
    const char *stored = forum_post_text(c, title, c->args[ARG_TEXT].s);
    if (!stored)
        return ACTION_FAILED;
    bool editor = c->course.is_teacher;
    PGresult *r = call_sql(c, &SQL_SAVE_POST, c->course.id_text,
                           call_itoa(c, c->args[ARG_FORUM].i), call_itoa(c, c->args[ARG_THREAD].i),
                           c->user->id_text, title, stored,
                           c->args[ARG_NOTIFY].raw ? "1" : "0",
                           call_itoa(c, c->args[ARG_PARENT].i), editor ? "t" : "f");
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) > 0 &&
        (!item_property_add(c, "forum", call_itoa(c, c->args[ARG_FORUM].i), "NewMessageInForum") ||
         !item_property_add(c, "forum_post", PQgetvalue(r, 0, 0), "NewPost")))
        return ACTION_FAILED;
    call_event(c, "registered", "1", -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "registered", reply_bool(c, true));
    return call_ok(c, data);
}
