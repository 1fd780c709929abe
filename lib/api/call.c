/*
 * call.c - the helpers handlers use to read parameters, run SQL and answer.
 */
#include "api/call.h"
#include "api/action_table.h"
#include "api/call_state.h"
#include "api/translations.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/strbuf.h"
#include "json/php_json.h"

action_result call_ok(api_call *c, struct json_object *data)
{
    call_answer *a = &call_state_of(c)->answer;
    if (a->error != API_ERROR_NONE)
        return ACTION_FAILED; /* a builder failed: that error is the answer */
    a->data = data;
    return ACTION_OK;
}

bool call_failed(const api_call *c)
{
    return call_state_of_const(c)->answer.error != API_ERROR_NONE;
}

action_result call_fail(api_call *c, const char *message)
{
    /* The first error stands: an out-of-memory or database error recorded
     * by a helper is not hidden by the message of a later check. */
    call_answer *a = &call_state_of(c)->answer;
    if (a->error != API_ERROR_NONE)
        return ACTION_FAILED;
    a->error = API_ERROR_MESSAGE;
    a->message = call_text(c, message);
    return ACTION_FAILED;
}

const char *call_text(api_call *c, const char *message)
{
    return translations_text(call_state_of(c)->language, message,
                             strcmp(c->cfg->server_type, "test") == 0);
}

void call_use_language(api_call *c, const char *language)
{
    if (language && translations_known(language, strlen(language)))
        call_state_of(c)->language = translations_find(language, strlen(language));
}

action_result call_refuse(api_call *c, const char *message)
{
    call_answer *a = &call_state_of(c)->answer;
    if (a->error == API_ERROR_NONE)
        a->refused_before_tool = true;
    return call_fail(c, message);
}

const char *call_message_values(api_call *c, const char *message, const char *const *values,
                                int count)
{
    message = call_text(c, message);
    strbuf sb;
    sb_init(&sb, c->arena, 128);
    int used = 0;
    for (const char *p = message; *p;) {
        const char *at = strstr(p, "%s");
        if (!at || used == count) {
            sb_puts(&sb, p);
            break;
        }
        sb_append(&sb, p, (size_t)(at - p));
        if (values[used])
            sb_puts(&sb, values[used]);
        used++;
        p = at + 2;
    }
    if (sb_failed(&sb))
        return call_fail_oom(c), NULL;
    return sb.data;
}

action_result call_fail_internal(api_call *c, const char *what)
{
    log_error("action %s: internal error: %s", c->action_name ? c->action_name : "-", what);
    call_answer *a = &call_state_of(c)->answer;
    if (a->error == API_ERROR_NONE || a->error == API_ERROR_MESSAGE)
        a->error = API_ERROR_INTERNAL;
    return ACTION_FAILED;
}

action_result call_redirect(api_call *c, const char *url)
{
    if (!url)
        return call_fail_oom(c);
    call_state_of(c)->answer.redirect = url;
    return ACTION_OK;
}

/* The unique indexes a write action can race into after its own check
 * (two calls both find a login free, both insert), with the answer the
 * check gives: the loser of the race answers as if it had come second. */
static const struct {
    const char *index;
    const char *message;
} UNIQUE_VIOLATIONS[] = {
    {"user__username_lower", MSG_UserNameNotAvailable},
    {"session__name_lower", MSG_SessionNameAlreadyExists},
};

action_result call_fail_db(api_call *c)
{
    call_state *s = call_state_of(c);
    if (db_misuse(s->db))
        return call_fail_internal(c, db_error(s->db));
    const char *sqlstate = db_sqlstate(s->db);
    if (strcmp(sqlstate, "23505") == 0) {
        for (size_t i = 0; i < sizeof UNIQUE_VIOLATIONS / sizeof *UNIQUE_VIOLATIONS; i++)
            if (strcmp(db_constraint(s->db), UNIQUE_VIOLATIONS[i].index) == 0)
                return call_fail(c, UNIQUE_VIOLATIONS[i].message);
    }
    if (db_connection_lost(s->db)) {
        s->answer.error = API_ERROR_UNAVAILABLE;
    } else if (db_contention(s->db)) { /* the same request may succeed when sent again */
        s->answer.error = API_ERROR_BUSY;
        log_warn("action %s: %s (SQLSTATE %s); answered 503", c->action_name ? c->action_name : "-",
                 db_error(s->db), sqlstate);
    } else {
        s->answer.error = API_ERROR_DATABASE;
        log_error("action %s: SQL error %s: %s", c->action_name ? c->action_name : "-",
                  db_sqlstate(s->db), db_error(s->db));
    }
    return ACTION_FAILED;
}

bool call_use_primary(api_call *c)
{
    call_state *s = call_state_of(c);
    s->db = db_route_primary(s->route);
    if (db_ready(s->db))
        return true;
    s->answer.error = API_ERROR_UNAVAILABLE;
    return false;
}

bool call_commit_so_far(api_call *c)
{
    db_conn *db = call_state_of(c)->db;
    if (!db_commit(db) || !db_begin(db)) {
        call_fail_db(c);
        return false;
    }
    return true;
}

bool call_commit_without_flush(api_call *c)
{
    if (!db_commit_without_flush(call_state_of(c)->db)) {
        call_fail_db(c);
        return false;
    }
    return true;
}

action_result call_fail_oom(api_call *c)
{
    call_state_of(c)->answer.error = API_ERROR_NO_MEMORY;
    return ACTION_FAILED;
}

void call_event(api_call *c, const char *value_type, const char *value, int64_t user_id)
{
    call_event_typed(c, NULL, value_type, value, user_id);
}

void call_event_typed(api_call *c, const char *type, const char *value_type, const char *value,
                      int64_t user_id)
{
    call_answer *a = &call_state_of(c)->answer;
    if (a->event_count >= API_MAX_EVENTS) {
        log_error("action %s records more than %d events", c->action_name, API_MAX_EVENTS);
        return;
    }
    api_event *e = &a->events[a->event_count++];
    e->type = type;
    e->value_type = value_type;
    e->value = value ? value : "";
    e->user_id = user_id;
}

int64_t call_param_int(const api_call *c, param_source src, const char *name)
{
    return php_intval_column(param_get(c->params, src, name));
}

static void release_result(void *r)
{
    PQclear(r);
}

const char *call_timezone(const api_call *c)
{
    if (c->cfg->use_users_timezone && c->user && c->user->timezone)
        return c->user->timezone;
    return c->cfg->timezone_value;
}

const char *call_key_check_url(const api_call *c)
{
    return c->cfg->multiple_access_urls ? c->url_id_text : "0";
}

int call_statement_values(const api_call *c, const db_stmt *stmt, const char *const *own,
                          int count, const char **out)
{
    int lead = stmt->carries_key_check ? KEY_CHECK_PARAMS : 0;
    if (count < 0 || count > CALL_MAX_VALUES - lead)
        return -1;
    if (lead) {
        out[0] = c->username;
        out[1] = call_key_check_url(c);
    }
    for (int i = 0; i < count; i++)
        out[lead + i] = own[i];
    return lead + count;
}

PGresult *call_run(api_call *c, db_stmt *stmt, const char *const *values, int count)
{
    /* A value computed by a failed builder (call_itoa ...) is NULL; the
     * failure is recorded, so do not run the statement with SQL NULL. */
    call_state *s = call_state_of(c);
    if (s->answer.error == API_ERROR_NO_MEMORY)
        return NULL;
    const char *sent[CALL_MAX_VALUES];
    if (stmt->carries_key_check) {
        count = call_statement_values(c, stmt, values, count, sent);
        if (count < 0)
            return call_fail_internal(c, "too many values for a keyed statement"), NULL;
        values = sent;
    }
    PGresult *r = db_exec(s->db, stmt, values, count);
    if (!r && db_route_standby_failed(s->route, s->db)) {
        if (!call_use_primary(c))
            return NULL;
        r = db_exec(s->db, stmt, values, count);
    }
    if (!r) {
        call_fail_db(c);
        return NULL;
    }
    if (arena_on_reset(c->arena, release_result, r) != 0) {
        call_fail_oom(c);
        return NULL;
    }
    return r;
}

PGresult *call_sql_values(api_call *c, db_stmt *stmt, const char *const *values, int count)
{
    /* The prefetched statement has one reader, which knows its values:
     * running it here again would restate them, and cost a round trip. */
    if (stmt->carries_key_check || stmt == call_state_of(c)->plan.stmt)
        return call_fail_internal(c, "a prefetched statement is read with call_prefetched"),
               NULL;
    return call_run(c, stmt, values, count);
}

bool call_plan_set(api_call *c, call_plan *p, db_stmt *stmt, const char *const *values,
                   int count)
{
    if (count > PLAN_MAX_VALUES)
        return call_fail_internal(c, "too many prefetched values"), false;
    for (int i = 0; i < count; i++)
        if (!values[i] && call_failed(c))
            return false; /* a builder failed (OOM), recorded */
    *p = (call_plan){.stmt = stmt, .count = count};
    for (int i = 0; i < count; i++)
        p->values[i] = values[i];
    return true;
}

bool call_plan_prefetch(api_call *c)
{
    call_state *s = call_state_of(c);
    const action_def *act = s->action;
    if (!act || !act->prefetch || !*act->prefetch)
        return call_fail_internal(c, "the action declares no prefetched statement"), false;
    return (*act->prefetch)(c, &s->plan);
}

sql_rows call_prefetched(api_call *c)
{
    call_state *s = call_state_of(c);
    call_plan *p = &s->plan;
    if (!p->stmt && !call_plan_prefetch(c))
        return (sql_rows){NULL, 0};
    PGresult *r = p->result; /* brought by the key check's round trip */
    p->result = NULL;
    if (!r && !(r = call_run(c, p->stmt, p->values, p->count)))
        return (sql_rows){NULL, 0};
    int count = PQntuples(r);
    /* A keyed statement's caller row alone stands for an empty list
     * (DB_KEYED_STATEMENT's contract). */
    if (p->stmt->carries_key_check && count == 1 && PQnfields(r) > KEY_CHECK_COLUMN_COUNT &&
        PQgetisnull(r, 0, KEY_CHECK_COLUMN_COUNT))
        count = 0;
    return (sql_rows){r, count};
}

const char *sql_text_array(api_call *c, const char *const *items, size_t count)
{
    if (count == 0)
        return "{}";
    strbuf sb;
    sb_init(&sb, c->arena, 64);
    sb_putc(&sb, '{');
    for (size_t i = 0; i < count; i++) {
        if (i)
            sb_putc(&sb, ',');
        sb_put_array_text(&sb, items[i]);
    }
    sb_putc(&sb, '}');
    if (sb_failed(&sb))
        return call_fail_oom(c), NULL;
    return sb.data;
}

const char *call_itoa(api_call *c, int64_t n)
{
    const char *s = arena_printf(c->arena, "%" PRId64, n);
    if (!s)
        call_fail_oom(c);
    return s;
}
