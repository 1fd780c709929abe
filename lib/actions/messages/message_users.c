/*
 * message_users - recipients whose name, e-mail or username contains q
 * (20-users-messages.md §3.9), at most 10.
 *
 * REQUEST q: missing, "0" or shorter than 2 bytes: TooShort. Candidates are
 * active users of the current portal matching q (SQL LIKE, case-insensitive;
 * % and _ in q act as wildcards, as in PHP), then, by the settings:
 *   message and social tools on: every user but the caller and anonymous
 *     ones (status 6) when allow_send_message_to_all_platform_users is on
 *     or the caller is an administrator, else the caller's contacts
 *     (user_rel_user, relation not 6 deleted / 7 HR manager);
 *   message tool on, social off: every user as above with send-to-all on,
 *     else the users online within time_limit_whosonline minutes;
 *   message tool off: nobody (PHP fails on an invalid query: docs/compat.md).
 * Answers [{"id": int, "name": "Firstname Lastname"[ + " (email)"]}],
 * by user id.
 */
#include "api/action.h"
#include "model/user_format.h"

ACTION_ABOUT(message_users, "Find message recipients by name, e-mail or username",
    "20-users-messages.md §3.9",
    "Lists at most 10 active users of the current portal whose name, e-mail or username contains "
    "`q` (2 bytes at least), among those the caller may write to under the platform's message "
    "and social settings.");

enum { ARG_Q };
ACTION_PARAMS(message_users, [ARG_Q] = {"q", FROM_REQUEST, PK_STRING, P_SCALAR | P_LOOKUP});

enum audience { AUDIENCE_EVERYBODY, AUDIENCE_CONTACTS, AUDIENCE_ONLINE };

/* One statement per audience, so that each plan starts where its audience
 * is: the contacts from user_rel_user, the online users from track_e_online,
 * everybody from the users in id order (one generic statement with the
 * audience as a parameter reads every user whatever the audience).
 * CANDIDATE(q, portal): the filter every audience shares, on u, with the
 * placeholders of q and of the portal. */
#define CANDIDATE(q, portal)                                                                    \
    " u.active = 1"                                                                             \
    " AND EXISTS (SELECT 1 FROM access_url_rel_user r"                                          \
    "              WHERE r.user_id = u.id AND r.access_url_id = " portal "::int)"               \
    " AND (u.firstname ILIKE '%' || " q "::text || '%' OR u.lastname ILIKE '%' || " q "::text || '%'" \
    "      OR u.email ILIKE '%' || " q "::text || '%' OR u.username ILIKE '%' || " q "::text || '%')"

/* Everybody, for a q without three characters in a row other than the
 * wildcards: the users in id order, each checked (a trigram index cannot
 * serve such a q). $1 caller, $2 q, $3 portal. */
DB_STATEMENT(SQL_SEARCH_EVERYBODY, "message_users.search", 3,
    "SELECT u.id, u.firstname, u.lastname, u.email FROM \"user\" u"
    " WHERE" CANDIDATE("$2", "$3") " AND u.id <> $1::int AND u.status <> 6"
    " ORDER BY u.id LIMIT 10");

/* Everybody, for a q the trigram index can serve. Walking the users in id
 * order costs the position of the tenth match (every user for a q that
 * matches few: 0.7 s with 100,000 users); the trigram index costs the number
 * of matches (every user for a q every e-mail contains). So: the first
 * SEARCH_HEAD users in id order, checked one by one (a q common enough
 * finds its ten there), and only when they hold fewer than ten matches, the
 * users after them that the index finds, whose text (USER_SEARCH_TEXT, the
 * expression of the index of migration 009: the four fields joined, which
 * holds q whenever one of them does) contains q, checked the same way. The
 * first users are also sifted by that text first: one ILIKE instead of four
 * for a user who does not match (1.9 ms instead of 3.1 for 1,000). The
 * same ten users as SQL_SEARCH_EVERYBODY, in the same order. "u.id + 0"
 * keeps the bound out of the index scan (a bitmap of every later user).
 * $1 caller, $2 q, $3 portal. */
#define SEARCH_HEAD "1000"
#define USER_SEARCH_TEXT                                                                        \
    "(coalesce(u.firstname, '') || ' ' || coalesce(u.lastname, '') || ' ' || u.email || ' '"    \
    " || u.username)"
DB_STATEMENT(SQL_SEARCH_EVERYBODY_TRIGRAMS, "message_users.search_trigrams", 3,
    "WITH head_hits AS MATERIALIZED ("
    "  SELECT u.id, u.firstname, u.lastname, u.email"
    "    FROM (SELECT h.id, h.firstname, h.lastname, h.email, h.username, h.active, h.status"
    "            FROM \"user\" h ORDER BY h.id LIMIT " SEARCH_HEAD ") u"
    "   WHERE " USER_SEARCH_TEXT " ILIKE '%' || $2::text || '%' AND"
    CANDIDATE("$2", "$3") " AND u.id <> $1::int AND u.status <> 6"
    "   ORDER BY u.id LIMIT 10)"
    " SELECT id, firstname, lastname, email FROM head_hits"
    " UNION ALL"
    " (SELECT u.id, u.firstname, u.lastname, u.email FROM \"user\" u"
    "   WHERE (SELECT count(*) FROM head_hits) < 10"
    "     AND u.id + 0 > (SELECT h.id FROM \"user\" h ORDER BY h.id OFFSET " SEARCH_HEAD " - 1 LIMIT 1)"
    "     AND " USER_SEARCH_TEXT " ILIKE '%' || $2::text || '%'"
    "     AND" CANDIDATE("$2", "$3") " AND u.id <> $1::int AND u.status <> 6"
    "   ORDER BY u.id LIMIT 10)"
    " ORDER BY id LIMIT 10");

/* $1 caller, $2 q, $3 portal. */
DB_STATEMENT(SQL_SEARCH_CONTACTS, "message_users.search_contacts", 3,
    "SELECT u.id, u.firstname, u.lastname, u.email FROM \"user\" u"
    " WHERE u.id IN (SELECT f.friend_user_id FROM user_rel_user f"
    "                 WHERE f.user_id = $1::int AND f.relation_type NOT IN (6, 7))"
    "   AND" CANDIDATE("$2", "$3") " AND u.id <> $1::int AND u.status <> 6"
    " ORDER BY u.id LIMIT 10");

/* $1 q, $2 portal, $3 online limit in minutes. */
DB_STATEMENT(SQL_SEARCH_ONLINE, "message_users.search_online", 3,
    "SELECT u.id, u.firstname, u.lastname, u.email FROM \"user\" u"
    " WHERE u.id IN (SELECT o.login_user_id FROM track_e_online o"
    "                 WHERE o.login_date >= LOCALTIMESTAMP - make_interval(mins => $3::int))"
    "   AND" CANDIDATE("$1", "$2")
    " ORDER BY u.id LIMIT 10");

/* Whether q holds three characters in a row that are not LIKE's wildcards
 * or escape: what pg_trgm needs to look q up in its index (with less, the
 * index would be read whole). */
static bool has_trigram(const char *q, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        run = (q[i] == '%' || q[i] == '_' || q[i] == '\\') ? 0 : run + 1;
        if (run >= 3)
            return true;
    }
    return false;
}

ACTION_ANSWER(message_users, A_LIST(A_OBJECT(A_KEY("id", A_INT), A_KEY("name", A_STRING))));

action_result action_message_users(api_call *c)
{
    const api_arg *q = &c->args[ARG_Q];
    if (!q->present || q->len < 2)
        return call_fail(c, MSG_TooShort);
    call_event(c, "filter_search", q->s, -1);

    const config *cfg = c->cfg;
    if (!cfg->allow_message_tool)
        return call_ok(c, reply_array(c));
    enum audience audience;
    if (cfg->allow_send_message_to_all_platform_users)
        audience = AUDIENCE_EVERYBODY;
    else if (cfg->allow_social_tool)
        audience = c->user->is_admin ? AUDIENCE_EVERYBODY : AUDIENCE_CONTACTS;
    else
        audience = AUDIENCE_ONLINE;

    PGresult *r;
    if (audience == AUDIENCE_ONLINE)
        r = call_sql(c, &SQL_SEARCH_ONLINE, q->s, c->url_id_text,
                     call_itoa(c, cfg->time_limit_whosonline));
    else if (audience == AUDIENCE_CONTACTS)
        r = call_sql(c, &SQL_SEARCH_CONTACTS, c->user->id_text, q->s, c->url_id_text);
    else
        r = call_sql(c, has_trigram(q->s, q->len) ? &SQL_SEARCH_EVERYBODY_TRIGRAMS : &SQL_SEARCH_EVERYBODY,
                     c->user->id_text, q->s, c->url_id_text);
    if (!r)
        return ACTION_FAILED;
    struct json_object *data = reply_array(c);
    for (int row = 0; row < PQntuples(r); row++) {
        const char *name = user_full_name(c, sql_value(r, row, 1), sql_value(r, row, 2));
        if (name && cfg->show_email_addresses)
            name = arena_printf(c->arena, "%s (%s)", name, PQgetvalue(r, row, 3));
        struct json_object *user = reply_object(c);
        reply_set(c, user, "id", reply_value(c, FK_INT, PQgetvalue(r, row, 0)));
        reply_set(c, user, "name", reply_str(c, name));
        reply_push(c, data, user);
    }
    return call_ok(c, data);
}
