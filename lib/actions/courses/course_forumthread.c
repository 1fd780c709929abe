/*
 * course_forumthread - one thread of a forum of the course with its posts
 * (30-courses.md §4.9).
 *
 *   {"id": int thread iid, "cId": int, "title", "forumId": int,
 *    "posts": [{"id", "title", "text" (raw HTML), "author": "First Last",
 *               "date": FMT_LONG_24H, "parentId": null or the parent's id,
 *               "attachments": ATTACH}]}
 * The posts' ids are integer columns as PHP reads plain SQL (numbers under
 * PHP 8, strings under 7.4); the thread's are cast, numbers under both.
 *
 * POST thread is a thread_id of this course (PHP reads any course's thread:
 * docs/compat.md), of POST forum when that is not 0, and, without the course
 * setting share_forums_in_sessions, of the session context. No such thread:
 * {"id":0,"cId":0,"title":null,"forumId":0,"posts":[]}.
 * Posts: visible ones (editors: all but deleted), oldest first; in a
 * moderated forum a non-editor sees the accepted posts and their own.
 * ATTACH is [] or, as in PHP, one object for the post's last attachment;
 * [] when POST forum is 0.
 */
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "core/chamilo_date.h"
#include "core/strbuf.h"
#include "core/urlencode.h"
#include "model/forum.h"
#include "model/html.h"
#include "model/user_format.h"

ACTION_ABOUT(course_forumthread, "One thread of a course forum with its posts",
    "30-courses.md §4.9",
    "Answers the thread `thread` of the context course (of `forum` when not 0) with its posts, "
    "their authors, dates and attachments.");

enum { ARG_FORUM, ARG_THREAD, ARG_POST_COURSE };
ACTION_PARAMS(course_forumthread,
    [ARG_FORUM] = {"forum", FROM_POST, PK_INT},
    [ARG_THREAD] = {"thread", FROM_POST, PK_INT},
    [ARG_POST_COURSE] = {"course", FROM_POST, PK_INT});
ACTION_TOOL(course_forumthread, TOOL_FORUM);

/* $1 course, $2 session context, $3 thread_id, $4 forum_id (0: any). The
 * thread's columns on every row, one row per post but deleted ones (NULL
 * post columns when it has none), no row without the thread. */
DB_STATEMENT(SQL_THREAD, "course_forumthread.get", 4,
    "WITH share AS (SELECT " FORUM_SHARED_IN_SESSIONS("$1::int") " AS shared),"
    " thread AS ("
    "   SELECT t.iid, t.c_id, t.thread_title, t.forum_id, COALESCE(f.moderated, 0) AS moderated"
    "     FROM c_forum_thread t CROSS JOIN share"
    "     LEFT JOIN c_forum_forum f ON f.iid = t.forum_id"
    "    WHERE t.c_id = $1::int AND t.thread_id = $3::int"
    "      AND ($4::int = 0 OR t.forum_id = $4::int)"
    "      AND (share.shared OR COALESCE(t.session_id, 0) = $2::int)"
    "      AND EXISTS (SELECT 1 FROM c_item_property p WHERE p.c_id = t.c_id"
    "                     AND p.tool = 'forum_thread' AND p.ref = t.thread_id)"
    "    ORDER BY t.iid LIMIT 1)"
    " SELECT t.iid AS thread_iid, t.c_id, t.thread_title, t.forum_id, t.moderated,"
    "        p.iid AS post_iid, p.post_title, p.post_text, p.post_date, p.post_parent_id,"
    "        p.visible, p.status, p.poster_id, u.firstname, u.lastname,"
    "        a.iid AS attach_iid, a.path, a.filename, a.comment, a.size"
    "   FROM thread t"
    "   LEFT JOIN c_forum_post p ON p.thread_id = t.iid AND p.c_id = t.c_id AND p.visible <> 2"
    "   LEFT JOIN \"user\" u ON u.id = p.poster_id"
    "   LEFT JOIN LATERAL (SELECT a.iid, a.path, a.filename, a.comment, a.size"
    "                        FROM c_forum_attachment a"
    "                       WHERE a.c_id = $1::int AND a.post_id = p.iid"
    "                       ORDER BY a.iid DESC LIMIT 1) a ON true"
    "  ORDER BY p.post_id, p.iid");
ACTION_PREFETCH(course_forumthread, SQL_THREAD, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param), call_itoa(c, c->args[ARG_THREAD].i),
                call_itoa(c, c->args[ARG_FORUM].i));

static const json_field THREAD[] = {
    {"id", "thread_iid", FK_INT},
    {"cId", "c_id", FK_INT},
    {"title", "thread_title", FK_STRING},
    {"forumId", "forum_id", FK_INT},
};

/* PHP casts the thread's fields, not the posts' (read as plain SQL). */
static const json_field POST[] = {
    {"id", "post_iid", FK_COLUMN_INT},
    {"title", "post_title", FK_STRING},
    {"text", "post_text", FK_STRING},
};

/* CIDREQ of §1.6: cidReq=<code>&id_session=<S>&gidReq=0&gradebook=0&origin= */
static void cidreq_append(api_call *c, strbuf *sb)
{
    http_build_query_append(sb, (const char *const[]){"cidReq", c->course.code, "id_session",
                                                      c->session_id_text ? c->session_id_text : "0",
                                                      "gidReq", "0", "gradebook", "0", "origin", "",
                                                      NULL});
}

static struct json_object *attachment(api_call *c, const PGresult *r, int row, const char *forum,
                                      const char *thread)
{
    const char *iid = PQgetvalue(r, row, PQfnumber(r, "attach_iid"));
    const char *path = PQgetvalue(r, row, PQfnumber(r, "path"));
    const char *filename = PQgetvalue(r, row, PQfnumber(r, "filename"));
    struct json_object *a = reply_object(c);
    reply_set(c, a, "filename", reply_str(c, filename));
    reply_set(c, a, "path", reply_str(c, path));

    strbuf href, name;
    sb_init(&href, c->arena, 256);
    sb_printf(&href, "%smain/forum/download.php?file=%s&", c->web_root, path);
    cidreq_append(c, &href);
    sb_init(&name, c->arena, 256);
    html_open_tag_append(&name, "a", (const char *const[]){"target", "_blank", "class",
                                                           "attachFilename", "href", href.data,
                                                           NULL});
    html_escape_append(&name, filename);
    sb_puts(&name, "</a>");
    reply_set(c, a, "name", reply_str(c, sb_failed(&name) || sb_failed(&href) ? NULL : name.data));
    reply_set(c, a, "id", reply_value(c, FK_COLUMN_INT, iid));
    reply_set(c, a, "comment", reply_str(c, sql_value(r, row, PQfnumber(r, "comment"))));

    strbuf size;
    sb_init(&size, c->arena, 16);
    html_file_size_append(&size, strtoll(PQgetvalue(r, row, PQfnumber(r, "size")), NULL, 10));
    reply_set(c, a, "size", reply_str(c, sb_failed(&size) ? NULL : size.data));

    strbuf result;
    sb_init(&result, c->arena, 160);
    const char *accept = arena_printf(c->arena, "%smain/img/icons/22/accept.png", c->web_root);
    html_open_tag_append(&result, "img", (const char *const[]){"src", accept, "alt", "Uploaded.",
                                                               "title", "Uploaded.", NULL});
    reply_set(c, a, "result", reply_str(c, sb_failed(&result) ? NULL : result.data));

    strbuf del_href, del;
    sb_init(&del_href, c->arena, 256);
    sb_printf(&del_href, "%smain/forum/viewthread.php?", c->web_root);
    cidreq_append(c, &del_href);
    sb_printf(&del_href, "&action=delete_attach&forum=%s&thread=%s&id_attach=%s", forum, thread,
              iid);
    sb_init(&del, c->arena, 400);
    html_open_tag_append(&del, "a", (const char *const[]){"class", "deleteLink", "href",
                                                          del_href.data, NULL});
    const char *icon = arena_printf(c->arena, "%smain/img/icons/22/delete.png", c->web_root);
    html_open_tag_append(&del, "img", (const char *const[]){"src", icon, "alt", "Delete", "title",
                                                            "Delete", NULL});
    sb_puts(&del, "</a>");
    reply_set(c, a, "delete",
              reply_str(c, sb_failed(&del) || sb_failed(&del_href) ? NULL : del.data));
    return a;
}

/* In a moderated forum a non-editor reads the accepted posts (status 1)
 * and their own waiting (2), rejected (3) or unmoderated (NULL) ones. */
static bool accepted_or_own(api_call *c, const PGresult *r, int row, int status, int poster)
{
    const char *s = sql_value(r, row, status);
    if (s && strcmp(s, "1") == 0)
        return true;
    return strcmp(PQgetvalue(r, row, poster), c->user->id_text) == 0 &&
           (!s || strcmp(s, "2") == 0 || strcmp(s, "3") == 0);
}

/* A post's attachment: [] or one object (the post's last attachment). */
#define ATTACHMENT_SHAPE                                                                       \
    A_ONE_OF(A_EMPTY,                                                                          \
             A_OBJECT(A_KEY("filename", A_TEXT), A_KEY("path", A_TEXT), A_KEY("name", A_STRING), \
                      A_KEY("id", A_COLUMN_INT), A_KEY("comment", A_STRING),                   \
                      A_KEY("size", A_STRING), A_KEY("result", A_STRING),                      \
                      A_KEY("delete", A_STRING)))
ACTION_ANSWER(course_forumthread,
              A_ROW_WITH(THREAD, A_KEY("posts", A_LIST(A_ROW_WITH(
                                                    POST, A_KEY("author", A_STRING),
                                                    A_KEY("date", A_STRING),
                                                    A_KEY("parentId", A_COLUMN_INT),
                                                    A_KEY("attachments", ATTACHMENT_SHAPE))))));

action_result action_course_forumthread(api_call *c)
{
    const char *forum = call_itoa(c, c->args[ARG_FORUM].i);
    const char *thread = call_itoa(c, c->args[ARG_THREAD].i);
    call_event(c, "course_id-forum_id-thread_id",
               arena_printf(c->arena, "%lld:%s:%s", (long long)c->args[ARG_POST_COURSE].i, forum,
                            thread),
               -1);
    bool editor = c->course.is_teacher;
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    struct json_object *data;
    if (rows.count == 0) {
        data = reply_object(c);
        reply_set(c, data, "id", reply_int(c, 0));
        reply_set(c, data, "cId", reply_int(c, 0));
        reply_set(c, data, "title", NULL);
        reply_set(c, data, "forumId", reply_int(c, 0));
        reply_set(c, data, "posts", reply_array(c));
        return call_ok(c, data);
    }
    int post = PQfnumber(r, "post_iid"), visible = PQfnumber(r, "visible"),
        date = PQfnumber(r, "post_date"), parent = PQfnumber(r, "post_parent_id"),
        first = PQfnumber(r, "firstname"), last = PQfnumber(r, "lastname"),
        attach = PQfnumber(r, "attach_iid"), status = PQfnumber(r, "status"),
        poster = PQfnumber(r, "poster_id");
    bool moderated = strcmp(PQgetvalue(r, 0, PQfnumber(r, "moderated")), "1") == 0;
    data = reply_row(c, r, 0, FIELDS(THREAD));
    struct json_object *posts = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        if (PQgetisnull(r, row, post))
            continue;
        if (!editor && strcmp(PQgetvalue(r, row, visible), "1") != 0)
            continue;
        if (!editor && moderated && !accepted_or_own(c, r, row, status, poster))
            continue;
        struct json_object *item = reply_row(c, r, row, FIELDS(POST));
        reply_set(c, item, "author",
                  reply_str(c, user_full_name(c, sql_value(r, row, first), sql_value(r, row, last))));
        reply_set(c, item, "date",
                  reply_str(c, chamilo_date_long_24h(c->arena, call_timezone(c),
                                                     PQgetvalue(r, row, date))));
        reply_set(c, item, "parentId", reply_value(c, FK_COLUMN_INT, sql_value(r, row, parent)));
        struct json_object *attachments = reply_array(c);
        if (c->args[ARG_FORUM].i != 0 && !PQgetisnull(r, row, attach))
            attachments = attachment(c, r, row, forum, thread);
        reply_set(c, item, "attachments", attachments);
        reply_push(c, posts, item);
    }
    reply_set(c, data, "posts", posts);
    return call_ok(c, data);
}
