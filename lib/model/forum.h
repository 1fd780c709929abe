/*
 * forum.h - pieces shared by the forum actions (30-courses.md §4.7-§4.9,
 * §7.2-§7.4). Results live in the call's arena; NULL on OOM (recorded).
 */
#ifndef CHAMILO_MODEL_FORUM_H
#define CHAMILO_MODEL_FORUM_H

#include "api/action.h"

/* The course setting share_forums_in_sessions = 1 (c_course_setting of
 * course $1), as an SQL expression for the forum statements: when it holds,
 * forums, categories and threads are not filtered by session. */
#define FORUM_SHARED_IN_SESSIONS(course)                                                      \
    "EXISTS (SELECT 1 FROM c_course_setting cs WHERE cs.c_id = " course                        \
    " AND cs.variable = 'share_forums_in_sessions' AND cs.value = '1')"

/* The settings of forum $forum_id (an SQL expression) of course $course that
 * the writes obey, as a common table expression `forum` of exactly one row
 * (approval, moderated: booleans, NULL when the forum is not found or is
 * deleted, which PHP treats as its defaults). */
#define FORUM_SETTINGS_CTE(course, forum_id)                                                  \
    "forum AS (SELECT bool_or(f.approval_direct_post = '1') AS approval,"                     \
    "                 bool_or(f.moderated = 1) AS moderated"                                  \
    "            FROM (SELECT f.* FROM c_forum_forum f"                                        \
    "                   WHERE f.c_id = " course " AND f.forum_id = " forum_id                  \
    "                     AND COALESCE((SELECT p.visibility FROM c_item_property p"            \
    "                                    WHERE p.c_id = f.c_id AND p.tool = 'forum'"           \
    "                                      AND p.ref = f.forum_id"                             \
    "                                    ORDER BY p.iid DESC LIMIT 1), -1) <> 2"               \
    "                   ORDER BY f.iid LIMIT 1) f)"

/* A forum's picture: {web root}courses/<course dir>/upload/forum/images/<image>,
 * or "" when the forum has none. */
const char *forum_image_url(api_call *c, const char *image);

/* The text of a new post as stored: nl2br(text), "<br />" inserted before
 * every line break (\r\n, \n\r, \n, \r). NULL with "No data available"
 * recorded when title or text is "0" (PHP empty(); the parameters' own
 * checks refuse the other empty values; call_refuse: before the tool is
 * entered), or on OOM. */
const char *forum_post_text(api_call *c, const char *title, const char *text);

#endif
