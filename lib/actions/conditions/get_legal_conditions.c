/*
 * get_legal_conditions - the newest terms and conditions for the caller
 * (20-users-messages.md §6, LegalManager::get_last_condition).
 *
 * Languages tried in order: the caller's interface language (user.language),
 * the platform language (setting platform_language), english; each name is
 * mapped to language.id through language.dokeos_folder. The first of them
 * with a `legal` row gives its newest version (highest `version`), as an
 * object of every column in table order: id, date, content, type, changes,
 * version, language_id. None: [].
 *
 * In `content`, every "{{sessions}}" becomes the list of the caller's
 * sessions ("Session list<ul><li>name</li>...<ul>", PHP's markup with its
 * unclosed list; "" without sessions) — only when the tag is not at the very
 * start of the text, because PHP tests the position with strpos() as a
 * truth value.
 */
#include <string.h>

#include "api/action.h"
#include "core/strbuf.h"

ACTION_ABOUT(get_legal_conditions, "The newest terms and conditions for the caller",
    "20-users-messages.md §6",
    "Answers the newest version of the terms and conditions in the caller's language (else the "
    "platform's, else English), with the caller's sessions filled in.");

ACTION_NO_PARAMS(get_legal_conditions);

/* $1 the caller, $2 the platform language. A language name that matches no
 * language row, or a language without terms, falls through to the next. */
DB_STATEMENT(SQL_LAST_CONDITION, "get_legal_conditions.last", 2,
    "SELECT g.id, g.date, g.content, g.type, g.changes, g.version, g.language_id"
    " FROM (VALUES (1, (SELECT language FROM \"user\" WHERE id = $1::int)),"
    "              (2, $2::text), (3, 'english')) AS candidate(pos, folder)"
    " CROSS JOIN LATERAL (SELECT id FROM language WHERE dokeos_folder = candidate.folder"
    "                      ORDER BY id LIMIT 1) lang"
    " CROSS JOIN LATERAL (SELECT * FROM legal WHERE language_id = lang.id"
    "                      ORDER BY version DESC NULLS LAST, id DESC LIMIT 1) g"
    " ORDER BY candidate.pos LIMIT 1");

/* SessionManager::get_sessions_by_user, as far as the list needs it: the
 * sessions the user studies in or is the general coach of. */
DB_STATEMENT(SQL_USER_SESSIONS, "get_legal_conditions.sessions", 1,
    "SELECT s.name FROM session s"
    " WHERE s.id IN (SELECT id FROM session WHERE id_coach = $1::int"
    "                UNION ALL SELECT session_id FROM session_rel_user"
    "                           WHERE user_id = $1::int AND relation_type = 0)"
    " ORDER BY s.name, s.id");

/* SELECT * in the table's column order on a real 1.11.32 install
 * (50-schema.md §3.22; 20 §6 lists language_id second, docs/compat.md). */
static const json_field LEGAL[] = {
    {"id", "id", FK_COLUMN_INT},
    {"date", "date", FK_COLUMN_INT},
    {"content", "content", FK_STRING},
    {"type", "type", FK_COLUMN_INT},
    {"changes", "changes", FK_STRING},
    {"version", "version", FK_COLUMN_INT},
    {"language_id", "language_id", FK_COLUMN_INT},
};

static const char SESSIONS_TAG[] = "{{sessions}}";

/* The HTML list that replaces the tag, or "" when the user has no session.
 * NULL on failure (recorded). */
static const char *session_list_html(api_call *c)
{
    PGresult *r = call_sql(c, &SQL_USER_SESSIONS, c->user->id_text);
    if (!r)
        return NULL;
    if (PQntuples(r) == 0)
        return "";
    strbuf sb;
    sb_init(&sb, c->arena, 256);
    sb_puts(&sb, call_text(c, MSG_SessionList));
    sb_puts(&sb, "<ul>");
    for (int row = 0; row < PQntuples(r); row++) {
        sb_puts(&sb, "<li>");
        sb_puts(&sb, PQgetvalue(r, row, 0));
        sb_puts(&sb, "</li>");
    }
    sb_puts(&sb, "<ul>");
    return sb_failed(&sb) ? (call_fail_oom(c), NULL) : sb.data;
}

/* content with every tag replaced, or content itself when PHP would not
 * replace (no tag, or the first one at position 0). NULL on failure. */
static const char *replace_tags(api_call *c, const char *content)
{
    const char *first = strstr(content, SESSIONS_TAG);
    if (!first || first == content)
        return content;
    const char *list = session_list_html(c);
    if (!list)
        return NULL;
    strbuf sb;
    sb_init(&sb, c->arena, strlen(content) + strlen(list));
    const char *from = content;
    for (const char *at = first; at; at = strstr(from, SESSIONS_TAG)) {
        sb_append(&sb, from, (size_t)(at - from));
        sb_puts(&sb, list);
        from = at + sizeof SESSIONS_TAG - 1;
    }
    sb_puts(&sb, from);
    return sb_failed(&sb) ? (call_fail_oom(c), NULL) : sb.data;
}

ACTION_ANSWER(get_legal_conditions, A_ONE_OF(A_EMPTY, A_ROW(LEGAL)));

action_result action_get_legal_conditions(api_call *c)
{
    call_event(c, "username", c->username, -1);
    PGresult *r = call_sql(c, &SQL_LAST_CONDITION, c->user->id_text, c->cfg->platform_language);
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) == 0)
        return call_ok(c, reply_array(c));

    struct json_object *data = reply_row(c, r, 0, FIELDS(LEGAL));
    const char *content = sql_value(r, 0, PQfnumber(r, "content"));
    if (content) {
        const char *replaced = replace_tags(c, content);
        if (!replaced)
            return ACTION_FAILED;
        reply_set(c, data, "content", reply_str(c, replaced));
    }
    return call_ok(c, data);
}
