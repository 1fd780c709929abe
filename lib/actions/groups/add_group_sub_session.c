/*
 * add_group_sub_session - links a class to a session and subscribes its
 * members (25-groups-audit.md §3.10), for administrators; one transaction.
 *
 * POST group_id (G), session_id (S). A session that does not exist (or S
 * <= 0), or one the class is already linked to: nothing, [[]], no library
 * event. Otherwise the link is stored and, when the class has members,
 * they are subscribed to the session and its courses as
 * SessionManager::subscribeUsersToSession does (lib/model/session_membership,
 * members already there kept) and S is answered: [[S]]; a class without
 * members answers [[]] although the link was made, as in PHP. Events:
 * the subscriptions' own, soc_gr_s_subs ("gid: G - sids: S", "sids: "
 * for a class without members), then access_ws_add_group_sub_session
 * (group_id). Two calls on one class run one after the other, so a
 * repeated call leaves one link.
 *
 * Deviations (docs/compat.md): administrators only (PHP: any key); G = 0
 * has no members (PHP subscribes every member of every class).
 */
#include "actions/groups/class_session_link.h"
#include "actions/groups/usergroup.h"
#include "model/session_membership.h"

ACTION_ABOUT(add_group_sub_session, "Link a class to a session and subscribe its members",
    "25-groups-audit.md §3.10",
    "Links the class `group_id` to the session `session_id` and subscribes its members to the "
    "session and its courses.");

CLASS_SESSION_LINK_PARAMS(add_group_sub_session);

DB_STATEMENT(SQL_LINK, "add_group_sub_session.link", 2,
    "INSERT INTO usergroup_rel_session (usergroup_id, session_id) VALUES ($1::int, $2::int)");

ACTION_ANSWER(add_group_sub_session, A_NOTE("[[the session id]], or [[]]", A_LIST(A_LIST(A_INT))));

action_result action_add_group_sub_session(api_call *c)
{
    class_session_link link;
    if (!class_session_link_read(c, &link))
        return ACTION_FAILED;
    if (!link.session_valid || link.linked)
        return usergroup_link_answer(c, link.group_id, NULL);
    if (!call_sql(c, &SQL_LINK, link.group_id, link.session_id))
        return ACTION_FAILED;
    bool members = link.member_count > 0;
    if (members && !session_subscribe_users(c, link.session, link.members, link.member_count,
                                            SESSION_COURSE_VISIBILITY_OF_SESSION))
        return ACTION_FAILED;
    if (!usergroup_event(c, "soc_gr_s_subs", "gid: %s - sids: %s", link.group_id,
                         members ? link.session_id : ""))
        return ACTION_FAILED;
    return usergroup_link_answer(c, link.group_id, members ? link.session_id : NULL);
}
