/*
 * update_condition_accepted - records that the caller accepted the terms
 * and conditions (20-users-messages.md §6, Rest::updateConditionAccepted and
 * LegalManager::sendEmailToUserBoss). One transaction.
 *
 * POST legal_accept_type = "<version>:<language id>". Each of the first two
 * ':'-separated parts is cast with PHP (int); when both are non-zero:
 *   - the caller's user extra value legal_accept becomes
 *     "<version>:<language id>:<unix time>" (nothing is written when the
 *     field does not exist, as in PHP);
 *   - each of the caller's bosses (user_rel_user, relation_type 8) gets a
 *     message from the caller, "User <name> signed the agreement." /
 *     "User <name> signed the agreement on <Y-m-d H:i:s UTC>", stored as
 *     Chamilo stores a message: the receiver's unread copy, then the
 *     sender's outbox copy.
 * Otherwise nothing changes. The answer is always {"status": true}.
 * An array as legal_accept_type crashes PHP (explode() of an array): here
 * it is refused with the bad-parameter message.
 */
#include <string.h>
#include <time.h>

#include "api/action.h"
#include "core/chamilo_date.h"
#include "model/user_extra.h"
#include "model/user_format.h"

ACTION_ABOUT(update_condition_accepted, "Record that the caller accepted the terms and conditions",
    "20-users-messages.md §6",
    "Records the accepted `legal_accept_type` (\"<version>:<language id>\") in the caller's "
    "profile and tells each of the caller's bosses by message.");

/* A value that is not valid UTF-8 casts to nothing useful: read as absent. */
enum { ARG_LEGAL_ACCEPT_TYPE };
ACTION_PARAMS(update_condition_accepted,
    [ARG_LEGAL_ACCEPT_TYPE] = {"legal_accept_type", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP});

DB_STATEMENT(SQL_CALLER_NAME, "update_condition_accepted.caller", 1,
    "SELECT firstname, lastname FROM \"user\" WHERE id = $1::int");

/* UserManager::getStudentBossList, then MessageManager::send_message_simple
 * to each boss in list order: per boss the unread copy (msg_status 1) and
 * the sender's outbox copy (4). $1 sender, $2 title, $3 content, $4 date. */
DB_STATEMENT(SQL_MESSAGE_BOSSES, "update_condition_accepted.message_bosses", 4,
    "INSERT INTO message (user_sender_id, user_receiver_id, msg_status, send_date, title, content,"
    "                     group_id, parent_id, update_date)"
    " SELECT $1::int, r.friend_user_id, copy.status, $4::timestamp, $2, $3, 0, 0, $4::timestamp"
    " FROM user_rel_user r CROSS JOIN (VALUES (1, 1), (2, 4)) AS copy(pos, status)"
    " WHERE r.user_id = $1::int AND r.relation_type = 8"
    " ORDER BY r.id, copy.pos");

/* PHP (int) of s[0..len); 0 with the OOM recorded when the copy fails. */
static int64_t intval_of(api_call *c, const char *s, size_t len)
{
    const char *copy = arena_strndup(c->arena, s, len);
    if (!copy)
        return call_fail_oom(c), 0;
    php_value v = {.kind = PHP_STRING, .str = copy, .len = len};
    return php_intval(&v);
}

/* Tells each boss, in a message from the caller, sent at date (UTC); the
 * text says it in the caller's time zone (api_get_local_time). False on
 * failure. */
static bool message_bosses(api_call *c, const char *date)
{
    const char *local = chamilo_date_sql(c->arena, call_timezone(c), date);
    if (!local)
        return call_fail_oom(c), false;
    PGresult *r = call_sql(c, &SQL_CALLER_NAME, c->user->id_text);
    if (!r)
        return false;
    const char *name = PQntuples(r) ? user_full_name(c, sql_value(r, 0, 0), sql_value(r, 0, 1)) : "";
    if (!name)
        return call_fail_oom(c), false;
    const char *title = call_message(c, MSG_UserXSignedTheAgreement, name);
    const char *content = call_message(c, MSG_UserXSignedTheAgreementTheDateY, name, local);
    if (!title || !content)
        return false;
    return call_sql(c, &SQL_MESSAGE_BOSSES, c->user->id_text, title, content, date) != NULL;
}

ACTION_ANSWER(update_condition_accepted, A_OBJECT(A_KEY("status", A_BOOL)));

action_result action_update_condition_accepted(api_call *c)
{
    const api_arg *given = &c->args[ARG_LEGAL_ACCEPT_TYPE];
    const char *s = given->s ? given->s : "";
    const char *colon = strchr(s, ':');
    int64_t version = intval_of(c, s, colon ? (size_t)(colon - s) : strlen(s));
    int64_t language = 0;
    if (colon) {
        const char *second = colon + 1;
        const char *end = strchr(second, ':');
        language = intval_of(c, second, end ? (size_t)(end - second) : strlen(second));
    }
    if (call_failed(c))
        return ACTION_FAILED;

    if (version && language) {
        time_t now = time(NULL);
        struct tm utc;
        char date[32];
        if (!gmtime_r(&now, &utc) || !strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &utc))
            return call_fail_internal(c, "cannot format the current time");
        const char *accepted = arena_printf(c->arena, "%lld:%lld:%lld", (long long)version,
                                            (long long)language, (long long)now);
        if (!accepted)
            return call_fail_oom(c);
        if (user_extra_set(c, c->user->id_text, "legal_accept", accepted) == USER_EXTRA_ERROR)
            return ACTION_FAILED;
        if (!message_bosses(c, date))
            return ACTION_FAILED;
    }

    call_event(c, "success", "true", -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, true));
    return call_ok(c, data);
}
