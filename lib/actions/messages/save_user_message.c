/*
 * save_user_message - sends a message from the caller to each receiver
 * (20-users-messages.md §3.8). One transaction.
 *
 * POST receivers[] (user ids, PHP (int) each; default none), subject, text,
 * only_local [1.11.32]. Each receiver gets an inbox copy (status 1) and the
 * caller an outbox copy (status 4), in that order, both with group_id 0,
 * parent_id 0 and send_date = update_date = now (UTC, to the second). A
 * receiver is skipped silently when the id is 0 or unknown, the account is
 * disabled (active 0), or, with only_local on a multi-portal install, not
 * registered on the current portal; nothing is sent without a subject
 * (PHP's empty(): "" and "0"). A text of "" or "0" is stored as "".
 * A repeated receiver gets the message twice, as in PHP. Answers
 * {"sent": true} always.
 *
 * receivers that is not an array makes PHP crash (TypeError): we answer
 * "Invalid value for the parameter receivers". A missing text is stored as
 * "" (content is NOT NULL). E-mail notifications are not sent
 * (docs/compat.md).
 */
#include "api/action.h"
#include "model/message.h"

ACTION_ABOUT(save_user_message, "Send a message from the caller", "20-users-messages.md §3.8",
    "Sends `subject` and `text` to each of `receivers[]` (user ids): each receiver gets an inbox "
    "copy and the caller an outbox copy. Unknown, disabled and (with `only_local`) other "
    "portals' receivers are skipped; nothing is sent without a subject. Answers {\"sent\": "
    "true}.");

enum { ARG_RECEIVERS, ARG_SUBJECT, ARG_TEXT, ARG_ONLY_LOCAL };
ACTION_PARAMS(save_user_message,
    [ARG_RECEIVERS] = {"receivers", FROM_POST, PK_INT_LIST},
    [ARG_SUBJECT] = {"subject", FROM_POST, PK_STRING, P_SCALAR, 255},
    [ARG_TEXT] = {"text", FROM_POST, PK_STRING, P_SCALAR},
    [ARG_ONLY_LOCAL] = {"only_local", FROM_POST, PK_BOOL, P_SCALAR});

/* $1 sender, $2 receivers in request order, $3 title, $4 content,
 * $5 only receivers of portal $6. */
DB_STATEMENT(SQL_SEND, "save_user_message.send", 6,
    "WITH now_utc AS (SELECT date_trunc('second', LOCALTIMESTAMP) AS t)"
    " INSERT INTO message (user_sender_id, user_receiver_id, msg_status, send_date, title,"
    "                      content, group_id, parent_id, update_date)"
    " SELECT $1::int, u.id, copy.status, now_utc.t, $3::text, $4::text, 0, 0, now_utc.t"
    "   FROM unnest($2::int[]) WITH ORDINALITY AS receiver(id, pos)"
    "   JOIN \"user\" u ON u.id = receiver.id AND u.active = 1"
    "   CROSS JOIN (VALUES (1, 1), (4, 2)) AS copy(status, rank)"
    "   CROSS JOIN now_utc"
    "  WHERE NOT $5::bool OR EXISTS (SELECT 1 FROM access_url_rel_user r"
    "                                 WHERE r.user_id = u.id AND r.access_url_id = $6::int)"
    "  ORDER BY receiver.pos, copy.rank");

/* PHP's !empty() of a string parameter: absent, "" and "0" are empty. */
static bool php_nonempty(const api_arg *arg)
{
    return arg->s && php_string_truthy(arg->s, arg->len);
}

ACTION_ANSWER(save_user_message, A_OBJECT(A_KEY("sent", A_BOOL)));

action_result action_save_user_message(api_call *c)
{
    const api_arg *receivers = &c->args[ARG_RECEIVERS];
    const api_arg *subject = &c->args[ARG_SUBJECT];
    if (receivers->count && php_nonempty(subject)) {
        const char **ids = arena_calloc(c->arena, receivers->count, sizeof *ids);
        if (!ids)
            return call_fail_oom(c);
        for (size_t i = 0; i < receivers->count; i++) {
            /* An id beyond int matches nobody, like an unknown one. */
            int64_t id = receivers->list[i];
            ids[i] = call_itoa(c, id > 0 && id <= INT32_MAX ? id : 0);
        }
        bool only_local = c->args[ARG_ONLY_LOCAL].i && c->cfg->multiple_access_urls;
        const char *text = php_nonempty(&c->args[ARG_TEXT]) ? c->args[ARG_TEXT].s : "";
        if (!call_sql(c, &SQL_SEND, c->user->id_text, sql_text_array(c, ids, receivers->count),
                      subject->s, text, only_local ? "t" : "f", c->url_id_text))
            return ACTION_FAILED;
    }
    call_event(c, "username", c->username, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "sent", reply_bool(c, true));
    return call_ok(c, data);
}
