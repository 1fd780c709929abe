/*
 * call.c - the helpers handlers use to read parameters, run SQL and answer.
 */
#include "api/call.h"
#include "api/flow.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/strbuf.h"
#include "json/php_json.h"

action_result call_ok(api_call *c, struct json_object *data)
{
    if (c->error != API_ERROR_NONE)
        return ACTION_FAILED; /* a builder failed: that error is the answer */
    c->data = data;
    return ACTION_OK;
}

action_result call_fail(api_call *c, const char *message)
{
    /* The first error stands: an out-of-memory or database error recorded
     * by a helper is not hidden by the message of a later check. */
    if (c->error != API_ERROR_NONE)
        return ACTION_FAILED;
    c->error = API_ERROR_MESSAGE;
    c->message = message;
    return ACTION_FAILED;
}

action_result call_failf(api_call *c, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    char *message = arena_vprintf(c->arena, format, ap);
    va_end(ap);
    if (!message)
        return call_fail_oom(c);
    return call_fail(c, message);
}

action_result call_fail_internal(api_call *c, const char *what)
{
    log_error("action %s: internal error: %s", c->action_name ? c->action_name : "-", what);
    if (c->error == API_ERROR_NONE || c->error == API_ERROR_MESSAGE)
        c->error = API_ERROR_INTERNAL;
    return ACTION_FAILED;
}

action_result call_redirect(api_call *c, const char *url)
{
    if (!url)
        return call_fail_oom(c);
    c->redirect = url;
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
};

action_result call_fail_db(api_call *c)
{
    if (db_misuse(c->db))
        return call_fail_internal(c, db_error(c->db));
    const char *sqlstate = db_sqlstate(c->db);
    if (strcmp(sqlstate, "23505") == 0) {
        for (size_t i = 0; i < sizeof UNIQUE_VIOLATIONS / sizeof *UNIQUE_VIOLATIONS; i++)
            if (strcmp(db_constraint(c->db), UNIQUE_VIOLATIONS[i].index) == 0)
                return call_fail(c, UNIQUE_VIOLATIONS[i].message);
    }
    if (db_connection_lost(c->db)) {
        c->error = API_ERROR_UNAVAILABLE;
    } else if (db_contention(c->db)) { /* the same request may succeed when sent again */
        c->error = API_ERROR_BUSY;
        log_warn("action %s: %s (SQLSTATE %s); answered 503", c->action_name ? c->action_name : "-",
                 db_error(c->db), sqlstate);
    } else {
        c->error = API_ERROR_DATABASE;
        log_error("action %s: SQL error %s: %s", c->action_name ? c->action_name : "-",
                  db_sqlstate(c->db), db_error(c->db));
    }
    return ACTION_FAILED;
}

bool call_commit_so_far(api_call *c)
{
    if (!db_commit(c->db) || !db_begin(c->db)) {
        call_fail_db(c);
        return false;
    }
    return true;
}

action_result call_fail_oom(api_call *c)
{
    c->error = API_ERROR_NO_MEMORY;
    return ACTION_FAILED;
}

void call_event(api_call *c, const char *value_type, const char *value, int64_t user_id)
{
    call_event_typed(c, NULL, value_type, value, user_id);
}

void call_event_typed(api_call *c, const char *type, const char *value_type, const char *value,
                      int64_t user_id)
{
    if (c->event_count >= API_MAX_EVENTS) {
        log_error("action %s records more than %d events", c->action_name, API_MAX_EVENTS);
        return;
    }
    api_event *e = &c->events[c->event_count++];
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

/* True when the prefetched statement is this one with these values. */
static bool is_prefetched(const call_prefetch *p, const db_stmt *stmt, const char *const *values,
                          int count)
{
    if (p->stmt != stmt || !p->result || p->count != count)
        return false;
    for (int i = 0; i < count; i++) {
        const char *a = p->values[i], *b = values[i];
        if (a != b && (!a || !b || strcmp(a, b) != 0))
            return false;
    }
    return true;
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

PGresult *call_sql_values(api_call *c, db_stmt *stmt, const char *const *values, int count)
{
    /* A value computed by a failed builder (call_itoa ...) is NULL; the
     * failure is recorded, so do not run the statement with SQL NULL. */
    if (c->error == API_ERROR_NO_MEMORY)
        return NULL;
    if (is_prefetched(&c->prefetch, stmt, values, count)) {
        PGresult *r = c->prefetch.result; /* already tied to the arena */
        c->prefetch.result = NULL;
        return r;
    }
    /* A keyed statement gets the key check's values in front of the
     * handler's own (call.h, DB_KEYED_STATEMENT). */
    const char *sent[CALL_MAX_VALUES];
    if (stmt->carries_key_check) {
        count = call_statement_values(c, stmt, values, count, sent);
        if (count < 0)
            return call_fail_internal(c, "too many values for a keyed statement"), NULL;
        values = sent;
    }
    PGresult *r = db_exec(c->db, stmt, values, count);
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
