/*
 * get_count_new_messages - the caller's counters (20-users-messages.md §3.4).
 *
 * Answers {"ms_friends", "ms_groups", "ms_inbox"} (numbers, in this order):
 * ms_inbox = unread inbox messages when allow_message_tool is on, else 0;
 * with allow_social_tool on, ms_friends = pending friend invitations
 * (messages in status 5) and ms_groups = pending invitations (relation 3)
 * into social groups (group_type 1) of the current portal; else both 0.
 */
#include "api/action.h"
#include "model/message.h"

ACTION_ABOUT(get_count_new_messages, "The caller's counters of unread messages and invitations",
    "20-users-messages.md §3.4",
    "Answers ms_inbox (unread inbox messages, when the message tool is on), ms_friends (pending "
    "friend invitations) and ms_groups (pending social group invitations, when the social tool "
    "is on).");

ACTION_NO_PARAMS(get_count_new_messages);

/* From the caller's row, carrying the key check (call.h, DB_KEYED_STATEMENT):
 * the app polls this action, and it costs one statement. $3: restrict
 * groups to the portal $4 (multiple_access_urls). */
DB_KEYED_STATEMENT(SQL_COUNTS, "get_count_new_messages.counts", 2,
    "(SELECT count(*) FROM message"
    "  WHERE user_receiver_id = u.id AND msg_status = 1) AS inbox,"
    " (SELECT count(*) FROM message"
    "  WHERE user_receiver_id = u.id AND msg_status = 5) AS friends,"
    " (SELECT count(*) FROM usergroup_rel_user r JOIN usergroup g ON g.id = r.usergroup_id"
    "  WHERE r.user_id = u.id AND r.relation_type = 3 AND g.group_type = 1"
    "    AND (NOT $3::bool OR EXISTS (SELECT 1 FROM access_url_rel_usergroup a"
    "                                  WHERE a.usergroup_id = g.id"
    "                                    AND a.access_url_id = $4::int))) AS groups",
    "", "");
ACTION_PREFETCH(get_count_new_messages, SQL_COUNTS, c->cfg->multiple_access_urls ? "t" : "f",
                c->url_id_text);

ACTION_ANSWER(get_count_new_messages,
              A_OBJECT(A_KEY("ms_friends", A_INT), A_KEY("ms_groups", A_INT),
                       A_KEY("ms_inbox", A_INT)));

action_result action_get_count_new_messages(api_call *c)
{
    call_event(c, "username", c->username, -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    if (rows.count != 1)
        return call_fail_internal(c, "get_count_new_messages: not the caller's row");
    bool social = c->cfg->allow_social_tool;
    const char *inbox = PQgetvalue(r, 0, PQfnumber(r, "inbox"));
    const char *friends = PQgetvalue(r, 0, PQfnumber(r, "friends"));
    const char *groups = PQgetvalue(r, 0, PQfnumber(r, "groups"));
    struct json_object *data = reply_object(c);
    reply_set(c, data, "ms_friends", reply_value(c, FK_INT, social ? friends : "0"));
    reply_set(c, data, "ms_groups", reply_value(c, FK_INT, social ? groups : "0"));
    reply_set(c, data, "ms_inbox",
              reply_value(c, FK_INT, c->cfg->allow_message_tool ? inbox : "0"));
    return call_ok(c, data);
}
