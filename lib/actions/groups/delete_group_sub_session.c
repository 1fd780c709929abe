/*
 * delete_group_sub_session - unlinks a class from a session and
 * unsubscribes its members (25-groups-audit.md §3.13), for administrators;
 * one transaction.
 *
 * POST group_id (G), session_id (S). When the session exists (S > 0):
 * every member of the class is removed from the session and its courses
 * as SessionManager::unsubscribe_user_from_session does
 * (lib/model/session_membership: a DRH row stays), whether or not the class
 * was linked, as in PHP; then the link goes; [[S]]. Otherwise nothing,
 * [[]]. Events: the unsubscriptions' own, soc_gr_s_unsubs ("gid: G - sids:
 * S", "sids: " without a session), then access_ws_delete_group_sub_session
 * (group_id).
 *
 * Deviations (docs/compat.md): administrators only (PHP: any key); G = 0
 * has no members (PHP unsubscribes every member of every class); the
 * setting usergroup_do_not_unsubscribe_users_from_session_on_session_unsubscribe
 * is not supported (members are always unsubscribed).
 */
#include "actions/groups/class_session_link.h"
#include "actions/groups/usergroup.h"
#include "model/session_membership.h"

ACTION_ABOUT(delete_group_sub_session, "Unlink a class from a session and unsubscribe its members",
    "25-groups-audit.md §3.13",
    "Removes the members of the class `group_id` from the session `session_id` and its courses, "
    "then removes the link.");

CLASS_SESSION_LINK_PARAMS(delete_group_sub_session);

DB_STATEMENT(SQL_UNLINK, "delete_group_sub_session.unlink", 2,
    "DELETE FROM usergroup_rel_session WHERE usergroup_id = $1::int AND session_id = $2::int");

ACTION_ANSWER(delete_group_sub_session,
              A_NOTE("[[the session id]], or [[]]", A_LIST(A_LIST(A_INT))));

action_result action_delete_group_sub_session(api_call *c)
{
    class_session_link link;
    if (!class_session_link_read(c, &link))
        return ACTION_FAILED;
    if (link.session_valid) {
        if (link.member_count > 0 &&
            !session_unsubscribe_users(c, link.session, link.members,
                                       link.member_count))
            return ACTION_FAILED;
        if (!call_sql(c, &SQL_UNLINK, link.group_id, link.session_id))
            return ACTION_FAILED;
    }
    if (!usergroup_event(c, "soc_gr_s_unsubs", "gid: %s - sids: %s", link.group_id,
                         link.session_valid ? link.session_id : ""))
        return ACTION_FAILED;
    return usergroup_link_answer(c, link.group_id, link.session_valid ? link.session_id : NULL);
}
