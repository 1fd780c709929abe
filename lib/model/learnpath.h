/*
 * learnpath.h - "LP visible for student" (30-courses.md §5.2) as an SQL
 * condition, for the learning-path statements.
 */
#ifndef CHAMILO_MODEL_LEARNPATH_H
#define CHAMILO_MODEL_LEARNPATH_H

#include "api/action.h"

/* A learning path's entry point through this API, as Rest.php builds it:
 * {web root}main/webservices/api/v2.php?hash=<urlencoded JSON>, the JSON
 * being {"action":"course_learnpath","lp_id":<lp>,"course":<course>,
 * "session":<session context>,"api_key":<caller's key>,"username":<caller>}
 * written as PHP's json_encode writes it (compact, "/" as "\/", non-ASCII
 * as \uXXXX). NULL on OOM (recorded). */
const char *learnpath_url(api_call *c, int64_t lp_id);

/* True when learning path `lp` (a c_lp row alias) may be followed by user
 * `user` in session context `session` (0: the base course) at `now` (UTC):
 * its item property (the session's, else the base course's) neither hides
 * nor deletes it; its category (c_lp_category iid, 0: none) is neither
 * hidden nor restricted to other users; its prerequisite is completed
 * (progress 100 in the session context); it is published (publicated_on <=
 * now) and not expired (expired_on >= now). lp, user, session and now are
 * SQL expressions; the course is lp.c_id. */
#define LP_VISIBLE_FOR(lp, user, session, now)                                                \
    "(COALESCE((SELECT p.visibility FROM c_item_property p"                                   \
    "            WHERE p.c_id = " lp ".c_id AND p.tool = 'learnpath' AND p.ref = " lp ".iid"  \
    "              AND COALESCE(p.session_id, 0) IN (" session ", 0)"                          \
    "            ORDER BY COALESCE(p.session_id, 0) DESC, p.iid DESC LIMIT 1), 1) NOT IN (0, 2)" \
    " AND (" lp ".category_id = 0"                                                             \
    "      OR (COALESCE((SELECT p.visibility FROM c_item_property p"                          \
    "                     WHERE p.c_id = " lp ".c_id AND p.tool = 'learnpath_category'"        \
    "                       AND p.ref = " lp ".category_id"                                    \
    "                     ORDER BY p.iid DESC LIMIT 1), 1) NOT IN (0, 2)"                      \
    "          AND (NOT EXISTS (SELECT 1 FROM c_lp_category_user cu"                           \
    "                            WHERE cu.category_id = " lp ".category_id)"                   \
    "               OR EXISTS (SELECT 1 FROM c_lp_category_user cu"                            \
    "                           WHERE cu.category_id = " lp ".category_id"                     \
    "                             AND cu.user_id = " user "))))"                               \
    " AND (" lp ".prerequisite = 0"                                                            \
    "      OR EXISTS (SELECT 1 FROM c_lp_view pv WHERE pv.c_id = " lp ".c_id"                  \
    "                    AND pv.lp_id = " lp ".prerequisite AND pv.user_id = " user            \
    "                    AND pv.session_id = " session " AND pv.progress >= 100))"             \
    " AND (" lp ".publicated_on IS NULL OR " lp ".publicated_on <= " now ")"                   \
    " AND (" lp ".expired_on IS NULL OR " lp ".expired_on >= " now "))"

#endif
