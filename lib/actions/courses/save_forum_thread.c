/*
 * save_forum_thread - a new thread in a forum of the course, with its first
 * post (30-courses.md §7.3): {"registered": int thread iid}.
 *
 * POST title, text and forum are required (PHP empty(): missing, "" or "0"
 * answers "No data available"); POST notify non-empty subscribes the caller
 * to the thread. The text is stored with "<br />" before its line breaks.
 * In a forum that needs approval (approval_direct_post = 1) the thread of a
 * non-editor is hidden; in a moderated forum a non-editor's first post
 * waits for moderation (status 2). One statement writes the thread, its
 * item property (session context), its first post and the subscription.
 * A forum_id that names no forum of the course still gets the thread, as in
 * PHP (the forum's settings are then the defaults).
 */
#include "api/action.h"
#include "model/forum.h"

ACTION_ABOUT(save_forum_thread, "Start a thread in a forum of the course", "30-courses.md §7.3",
    "Creates a thread in the forum `forum` of the context course with its first post (`title`, "
    "`text`) and answers the thread's id; `notify` subscribes the caller.");

enum { ARG_TITLE, ARG_TEXT, ARG_FORUM, ARG_NOTIFY };
ACTION_PARAMS(save_forum_thread,
    [ARG_TITLE] = {"title", FROM_POST, PK_STRING, P_REQUIRED | P_SCALAR, 250, MSG_NoData},
    [ARG_TEXT] = {"text", FROM_POST, PK_STRING, P_REQUIRED | P_SCALAR, 0, MSG_NoData},
    [ARG_FORUM] = {"forum", FROM_POST, PK_INT, P_REQUIRED | P_SCALAR, 0, MSG_NoData},
    [ARG_NOTIFY] = {"notify", FROM_POST, PK_BOOL});
ACTION_TOOL(save_forum_thread, TOOL_FORUM);

/* $1 course, $2 forum_id, $3 caller, $4 title, $5 text (with <br />), $6
 * session context, $7 notify, $8 the caller edits the course. */
DB_STATEMENT(SQL_SAVE_THREAD, "save_forum_thread.insert", 8,
    "WITH ids AS (SELECT nextval(pg_get_serial_sequence('c_forum_thread', 'iid'))::int AS thread,"
    "                    nextval(pg_get_serial_sequence('c_forum_post', 'iid'))::int AS post,"
    "                    nextval(pg_get_serial_sequence('c_item_property', 'iid'))::int AS prop,"
    "                    now() AT TIME ZONE 'UTC' AS at),"
    " " FORUM_SETTINGS_CTE("$1::int", "$2::int") ","
    " thread AS (INSERT INTO c_forum_thread (iid, c_id, thread_id, thread_title, forum_id,"
    "              thread_replies, thread_poster_id, thread_poster_name, thread_views,"
    "              thread_last_post, thread_date, thread_sticky, locked, session_id,"
    "              thread_title_qualify, thread_qualify_max, thread_weight, thread_peer_qualify,"
    "              lp_item_id)"
    "            SELECT ids.thread, $1::int, ids.thread, $4, $2::int, 0, $3::int, NULL, 0, ids.post,"
    "                   ids.at, 0, 0, $6::int, NULL, 0, 0, 0, 0 FROM ids RETURNING iid),"
    " prop AS (INSERT INTO c_item_property (iid, id, c_id, tool, ref, session_id, to_group_id,"
    "            to_user_id, insert_user_id, lastedit_user_id, lastedit_type, visibility,"
    "            insert_date, lastedit_date)"
    "          SELECT ids.prop, ids.prop, $1::int, 'forum_thread', ids.thread, NULLIF($6::int, 0),"
    "                 NULL, NULL, $3::int, $3::int, 'ForumThreadAdded',"
    "                 CASE WHEN forum.approval AND NOT $8::bool THEN 0 ELSE 1 END, ids.at, ids.at"
    "            FROM ids, forum RETURNING iid),"
    " post AS (INSERT INTO c_forum_post (iid, c_id, post_id, post_title, post_text, thread_id,"
    "            forum_id, poster_id, poster_name, post_date, post_notification, post_parent_id,"
    "            visible, status)"
    "          SELECT ids.post, $1::int, ids.post, $4, $5, ids.thread, $2::int, $3::int, NULL, ids.at,"
    "                 $7::int, NULL, 1,"
    "                 CASE WHEN forum.moderated AND NOT $8::bool THEN 2 ELSE 1 END"
    "            FROM ids, forum RETURNING iid),"
    " notify AS (INSERT INTO c_forum_notification (c_id, thread_id, user_id)"
    "            SELECT $1::int, ids.thread, $3::int FROM ids WHERE $7::int = 1 RETURNING iid)"
    " SELECT thread FROM ids");

ACTION_ANSWER(save_forum_thread, A_OBJECT(A_KEY("registered", A_INT)));

action_result action_save_forum_thread(api_call *c)
{
    const char *title = c->args[ARG_TITLE].s;
    const char *stored = forum_post_text(c, title, c->args[ARG_TEXT].s);
    if (!stored)
        return ACTION_FAILED;
    bool editor = c->course.is_teacher;
    PGresult *r = call_sql(c, &SQL_SAVE_THREAD, c->course.id_text,
                           call_itoa(c, c->args[ARG_FORUM].i), c->user->id_text, title, stored,
                           call_itoa(c, c->session_id), c->args[ARG_NOTIFY].i ? "1" : "0",
                           editor ? "t" : "f");
    if (!r)
        return ACTION_FAILED;
    const char *thread = PQgetvalue(r, 0, 0);
    call_event(c, "registered", thread, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "registered", reply_value(c, FK_INT, thread));
    return call_ok(c, data);
}
