/*
 * flow.c - the dispatcher: every check common to all actions, in one place,
 * in the order of 10-request-flow.md §8:
 *
 *   kill switch -> parse (hash, JSON body, limits) -> global parameters ->
 *   campus -> API key -> tracking -> course/session context -> action lookup
 *   -> gate -> [BEGIN] handler [COMMIT/ROLLBACK] -> events -> envelope
 *
 * Deviations from the PHP (docs/compat.md): a key is never created while
 * validating, disabled and expired accounts are refused, and the cases where
 * PHP dies with HTTP 500 (no api_key, no course context) answer an envelope.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/flow.h"

#include "api/app.h"
#include "api/auth.h"
#include "api/bookkeeping.h"
#include "api/call_state.h"
#include "api/campus.h"
#include "api/client_address.h"
#include "api/stream.h"
#include "db/live.h"
#include "api/bookkeeping_rows.h"
#include "core/log.h"
#include "json/php_json.h"

struct app {
    const config *cfg;
    db_route *route;
    db_conn *db; /* the route's primary */
    live_mariadb *live; /* live_campus: the campus's MariaDB, else NULL */
    bookkeeping *bookkeeping;
    parse_limits limits;
};

static const char KILL_SWITCH_TEXT[] =
    "Webservices are disabled. \n"
    "To enable, add $_configuration['disable_webservices'] = true; in configuration.php";
/* The out-of-memory answer is written without allocating. */
static const char OUT_OF_MEMORY_BODY[] = "{\"error\":true,\"message\":\"Out of memory\"}";

app *app_create(const config *cfg)
{
    if (action_table_init() != 0)
        return NULL;
    app *ap = calloc(1, sizeof *ap);
    if (!ap)
        return NULL;
    ap->cfg = cfg;
    ap->route = db_route_create(cfg);
    ap->db = ap->route ? db_route_primary(ap->route) : NULL;
    /* A live campus: every transaction on the primary is a dry run whose
     * rows go to MariaDB (db.h, db_set_capture_hooks). */
    if (ap->db && cfg->live_campus) {
        ap->live = live_mariadb_create(cfg);
        if (ap->live)
            db_set_capture_hooks(ap->db, &(db_capture_hooks){.catch_up = live_mariadb_catch_up,
                                                             .apply = live_mariadb_apply,
                                                             .ctx = ap->live});
    }
    ap->bookkeeping = ap->db && (ap->live || !cfg->live_campus) ? bookkeeping_create(cfg, ap->db)
                                                                : NULL;
    if (!ap->bookkeeping) {
        live_mariadb_destroy(ap->live);
        db_route_destroy(ap->route);
        free(ap);
        return NULL;
    }
    ap->limits.max_params = cfg->max_params;
    ap->limits.max_key_length = cfg->max_key_length;
    ap->limits.max_depth = cfg->max_nesting_depth;
    return ap;
}

int app_idle_timeout_ms(const app *ap)
{
    return bookkeeping_due_in_ms(ap->bookkeeping);
}

void app_after_request(app *ap)
{
    if (bookkeeping_due_in_ms(ap->bookkeeping) == 0 && db_ready(ap->db))
        bookkeeping_flush(ap->bookkeeping, false);
}

bool app_warm_up(app *ap)
{
    return db_ready(ap->db);
}

void app_destroy(app *ap)
{
    if (!ap)
        return;
    bookkeeping_destroy(ap->bookkeeping); /* writes what is still queued */
    db_route_destroy(ap->route);
    live_mariadb_destroy(ap->live);
    free(ap);
}

/* ---- responses ---- */

static void respond_out_of_memory(const app *ap, http_out *out)
{
    out->status = 500;
    out->content_type = "application/json";
    out->cors_origin = ap->cfg->cors_allow_origin;
    out->no_cache = true;
    out->body = OUT_OF_MEMORY_BODY;
    out->body_len = sizeof OUT_OF_MEMORY_BODY - 1;
}

/* Writes v as the answer's body, as PHP's json_encode writes it, with the
 * status and content type given (no CORS header: the caller adds it);
 * when json_encode would fail, v2.php echoes "": an empty body (10 §9.1).
 * False (the out-of-memory answer written) on OOM. */
static bool respond_json(const app *ap, arena *a, http_out *out, int status,
                         const char *content_type, struct json_object *v, bool pretty)
{
    const char *body = "";
    size_t len = 0;
    php_json_status st = php_json_encode(a, v, pretty, &body, &len);
    if (st == PHP_JSON_NO_MEMORY) {
        respond_out_of_memory(ap, out);
        return false;
    }
    if (st != PHP_JSON_OK) {
        body = "";
        len = 0;
    }
    out->status = status;
    out->content_type = content_type;
    out->no_cache = true;
    out->body = body;
    out->body_len = len;
    return true;
}

/* Writes Chamilo's envelope: {"error":false,"data":...} or
 * {"error":true,"message":"..."}. data is borrowed (a reference is taken). */
static void respond_envelope(const app *ap, arena *a, http_out *out, int status,
                             struct json_object *data, const char *message)
{
    struct json_object *env = json_object_new_object();
    if (!env || php_json_tie(a, env) != 0) {
        respond_out_of_memory(ap, out);
        return;
    }
    json_object_object_add(env, "error", json_object_new_boolean(message != NULL));
    if (message)
        json_object_object_add(env, "message", json_object_new_string(message));
    else
        json_object_object_add(env, "data", data ? json_object_get(data) : json_object_new_array());
    bool pretty = strcmp(ap->cfg->server_type, "test") == 0;
    if (respond_json(ap, a, out, status, "application/json", env, pretty))
        out->cors_origin = ap->cfg->cors_allow_origin;
}

/* An ACT_RAW action's data as v2.php echoes it (30 §6.1): the JSON alone,
 * pretty-printed (JSON_PRETTY_PRINT), with PHP's default text/html type and
 * no CORS header. */
static void respond_raw(const app *ap, arena *a, http_out *out, struct json_object *data)
{
    respond_json(ap, a, out, 200, "text/html; charset=UTF-8", data, true);
}

static void respond_error(const app *ap, arena *a, http_out *out, int status, const char *message)
{
    respond_envelope(ap, a, out, status, NULL, message);
}

/* The answer for a call whose handler or checks recorded an error. */
static void respond_call_error(const app *ap, arena *a, const call_answer *answer, http_out *out)
{
    switch (answer->error) {
    case API_ERROR_MESSAGE:
        respond_error(ap, a, out, 200, answer->message ? answer->message : "");
        return;
    case API_ERROR_DATABASE:
        respond_error(ap, a, out, 500, MSG_DatabaseError);
        return;
    case API_ERROR_UNAVAILABLE:
        respond_error(ap, a, out, 503, MSG_DatabaseUnavailable);
        return;
    case API_ERROR_BUSY:
        respond_error(ap, a, out, 503, MSG_DatabaseBusy);
        return;
    case API_ERROR_BEHIND:
        respond_error(ap, a, out, 503, MSG_LiveCampusBehind);
        return;
    case API_ERROR_INTERNAL:
    case API_ERROR_NONE:
        respond_error(ap, a, out, 500, MSG_InternalError);
        return;
    case API_ERROR_NO_MEMORY:
        break;
    }
    respond_out_of_memory(ap, out);
}

void app_refuse_body(app *ap, arena *a, http_out *out)
{
    memset(out, 0, sizeof *out);
    char *message = arena_printf(a, "Request body too large (the limit is %zu bytes)",
                                 ap->cfg->max_body_size);
    respond_error(ap, a, out, 413, message ? message : "Request body too large");
}

/* ---- global parameters (10 §3.3) ---- */

/* Query bag value if PHP-truthy, else the request bag value. */
static const php_value *query_then_request(const api_params *p, const char *name)
{
    const php_value *v = param_get(p, FROM_QUERY_BAG, name);
    return php_truthy(v) ? v : param_get(p, FROM_REQUEST_BAG, name);
}

/* username and api_key: a string passed through remove_XSS; "" when absent
 * or an array (PHP then crashes; we treat it as no value), or when it holds
 * a NUL byte (it would be cut there and name someone else; in PHP such a
 * value matches no stored one, and "" matches none either). */
static const char *sanitized_global(arena *a, const api_params *p, const char *name)
{
    const php_value *v = query_then_request(p, name);
    if (!v || v->kind != PHP_STRING || memchr(v->str, '\0', v->len))
        return "";
    size_t len;
    const char *s = xss_sanitize_str(a, v->str, v->len, &len);
    return s ? s : "";
}

static int64_t int_global(const api_params *p, const char *name)
{
    int64_t n = php_intval_column(param_get(p, FROM_QUERY_BAG, name));
    return n ? n : php_intval_column(param_get(p, FROM_REQUEST_BAG, name));
}

/* The client address: REMOTE_ADDR, or the last X-Forwarded-For hop when
 * REMOTE_ADDR is a trusted proxy. */
static const char *client_ip(arena *a, const config *cfg, const http_in *in)
{
    return client_address(a, cfg, in->remote_addr, in->forwarded_for);
}

/* ---- the gate of the action's row ---- */

static bool gate_allows(api_call *c, const action_def *act)
{
    const api_user *u = c->user;
    switch (act->gate.kind) {
    case GATE_PUBLIC:
        return true;
    case GATE_KEY:
        return true;
    case GATE_ADMIN:
        if (u->is_admin)
            return true;
        break;
    case GATE_SELF_OR_ADMIN: {
        int64_t target = call_param_int(c, act->gate.target_source, act->gate.target_param);
        if (u->is_admin || target == 0 || target == u->id)
            return true;
        break;
    }
    case GATE_ADMIN_KEYS:
        if (c->cfg->webservice_enable_adminonly_api && u->is_admin)
            return true;
        break;
    }
    call_fail(c, MSG_NotAllowed);
    return false;
}

/* Runs the handler, inside one transaction for ACT_WRITE actions, with
 * its events: inside the same transaction on success; after the rollback on
 * failure, because PHP writes its event rows as it goes and keeps the ones
 * logged before the failure. Read actions leave their events to
 * bookkeeping_record_call(). The answer is empty when the handler starts (the
 * checks before it record nothing but refusals, which end the call). */
/* How many times a live campus's write runs when MariaDB keeps refusing
 * it for its current rows (flow_run_handler). */
enum { LIVE_WRITE_ATTEMPTS = 3 };

void flow_run_handler(api_call *c, const action_def *act)
{
    call_state *s = call_state_of(c);
    call_answer *answer = &s->answer;
    bool write = (act->flags & ACT_WRITE) != 0;
    action_result result;
    bool committed = false;
    for (int attempt = 1;; attempt++) {
        if (write && !db_begin(s->db)) {
            call_fail_db(c);
            return;
        }
        s->handler_ran = true;
        result = act->handler(c);
        if (result == ACTION_OK && answer->error != API_ERROR_NONE)
            result = ACTION_FAILED; /* a helper recorded an error the handler ignored */
        bool commit_unknown = false;
        if (write && result == ACTION_OK) {
            committed = bookkeeping_commit_events(c);
            if (!committed && answer->error == API_ERROR_NONE) {
                call_fail_db(c);
                /* Sent with its events: the outcome is unknown when the
                 * connection ended without saying (db.h). */
                commit_unknown = db_connection_lost(s->db) && !db_commit_not_done(s->db);
                log_warn("action %s: writing its events and COMMIT failed (%s)", act->name,
                         db_error(s->db));
            }
        }
        /* A write whose connection was lost before its COMMIT took effect
         * (a PostgreSQL restart) left nothing behind: the server rolled its
         * transaction back. It runs once more on a new connection, which
         * waits for the database (db_wait_ms), so that a short outage fails
         * no request. (A part committed before, call_commit_so_far, is one
         * that can run twice.) Not when the COMMIT's outcome is unknown. */
        /* In a live campus, a write MariaDB refused for its current rows
         * (an id or a key taken there, a row gone, a lock: db.h,
         * DB_CAPTURE_CONFLICT) left nothing anywhere; run again, the dry
         * run then reads a copy that has caught up. */
        bool conflict = write && db_capture_conflict(s->db) && attempt < LIVE_WRITE_ATTEMPTS;
        if (!conflict &&
            (!write || attempt > 1 || answer->error != API_ERROR_UNAVAILABLE || commit_unknown))
            break;
        if (conflict)
            log_info("action %s: MariaDB refused the write (%s); running it again", act->name,
                     db_error(s->db));
        else
            log_warn("action %s: connection lost inside its transaction; running it again",
                     act->name);
        db_rollback(s->db);
        call_answer_reset(answer);
    }
    if (result == ACTION_FAILED && answer->error == API_ERROR_NONE)
        call_fail_internal(c, "the handler failed without recording an error");
    if (!write)
        return;
    if (result == ACTION_OK) {
        if (!committed)
            db_rollback(s->db);
        return;
    }
    db_rollback(s->db);
    /* Events written by the work itself (user_created ...) went with the
     * rollback; the access_ws_ rows logged before the failure stay. */
    int kept = 0;
    for (int i = 0; i < answer->event_count; i++)
        if (!answer->events[i].type)
            answer->events[kept++] = answer->events[i];
    answer->event_count = kept;
    api_error_kind error = answer->error;
    if (error != API_ERROR_UNAVAILABLE && error != API_ERROR_NO_MEMORY && !bookkeeping_write_events(c))
        log_warn("action %s: could not write its events: %s", act->name, db_error(s->db));
    answer->error = error;
}

/* Plans a read action's prefetched statement, whose values may use the
 * action's declared parameters: they are read now. A parameter that PHP
 * would refuse plans nothing; its refusal is answered at its place, after
 * the key check and the gate (args_read below), as PHP orders them. False
 * on a failure of the plan itself (recorded). */
static bool plan_prefetch(api_call *c)
{
    call_state *s = call_state_of(c);
    if (!args_read(c, s->action->params)) {
        c->args = NULL;
        call_answer_reset(&s->answer);
        return true;
    }
    return call_plan_prefetch(c);
}

/* A call without a key in a live campus (authenticate, checking a password
 * against the copy) is refused like a keyed one while the copy is too old
 * (db/live.h); the follower's lag costs it a round trip of its own. */
static bool live_copy_current(api_call *c)
{
    call_state *s = call_state_of(c);
    PGresult *r = db_exec(s->db, db_live_lag_statement(), NULL, 0);
    if (!r) {
        call_fail_db(c);
        return false;
    }
    bool current = db_live_current(c->cfg, r);
    PQclear(r);
    if (!current)
        s->answer.error = API_ERROR_BEHIND;
    return current;
}

/* Steps after parsing: everything that needs the database. Sets
 * *defer_tracking when bookkeeping_record_call() must run once the answer is known. */
static void dispatch(api_call *c, bool *defer_tracking)
{
    call_state *s = call_state_of(c);
    /* PHP validates only a truthy key: "" and "0" mean "no key". */
    bool checks_key = *c->api_key && strcmp(c->api_key, "0") != 0;
    const action_def *act =
        c->action_name ? action_lookup(c->action_name, strlen(c->action_name)) : NULL;
    s->action = act;
    /* A read action called with a key may run on a standby: its freshness
     * goes with the key check (auth.c, db/route.h); the bookkeeping stays
     * on the primary. Everything else runs on the primary. */
    s->routed = checks_key && act && !(act->flags & ACT_WRITE);
    if (s->routed)
        s->db = db_route_reader(s->route);
    if (!db_ready(s->db)) {
        s->answer.error = API_ERROR_UNAVAILABLE;
        return;
    }
    /* A call whose key is checked may start from a guessed campus, which
     * its key check's round trip confirms (campus.c). */
    if (!campus_resolve(c, checks_key && *c->username))
        return;
    if (!checks_key && c->cfg->live_campus && !live_copy_current(c))
        return;

    if (checks_key) {
        auth_outcome key;
        do {
            /* A read action's first statement goes with the key check, in
             * the same round trip, or carries it (call.h, ACTION_PREFETCH). */
            if (act && !(act->flags & ACT_WRITE) && act->prefetch && *act->prefetch &&
                !plan_prefetch(c))
                return;
            key = auth_validate_key(c);
            if (key == AUTH_CAMPUS_CHANGED) {
                /* Planned with a wrong campus: again with the right one
                 * (confirmed now, so this happens once at most). */
                s->plan = (call_plan){0};
                call_answer_reset(&s->answer);
                c->args = NULL;
            }
        } while (key == AUTH_CAMPUS_CHANGED);
        if (key != AUTH_OK)
            return;
        /* A course or session context requires the right to enter it
         * (contract README, "Decisions on holes"; docs/compat.md). It is
         * refused after PHP's own checks that it exists; the visit is
         * recorded without the context the caller may not enter. */
        bool course_found = c->course.id != 0, session_found = c->session_id != 0;
        bool context_refused = !s->context_allowed;
        if (context_refused) {
            c->course = (api_course){.id_text = "0"};
            c->session_id = 0;
            c->session_id_text = "0";
        }
        /* PHP records the visit, then checks the context. A write action
         * records it now, outside its transaction; a read action defers it to
         * one statement with its events (bookkeeping_rows.c). */
        if (act && (act->flags & ACT_WRITE)) {
            if (!bookkeeping_record_visit(c))
                return;
        } else {
            *defer_tracking = true;
        }
        if (c->course_param && !course_found) {
            call_fail(c, MSG_NoCourse);
            return;
        }
        if (c->session_param && !session_found) {
            call_fail(c, MSG_NoSession);
            return;
        }
        if (context_refused) {
            call_fail(c, MSG_NotAllowed);
            return;
        }
    }

    if (!act) {
        call_fail(c, MSG_InvalidAction);
        return;
    }
    if (act->gate.kind != GATE_PUBLIC && !c->user) {
        /* PHP dies with HTTP 500 here; we answer its key message. */
        call_fail(c, MSG_InvalidApiKey);
        return;
    }
    if (!gate_allows(c, act))
        return;
    if ((act->flags & ACT_COURSE) && !c->course.id) {
        call_fail(c, MSG_NoCourse);
        return;
    }
    if (!c->args && !args_read(c, act->params)) /* read already for a prefetch plan */
        return;
    flow_run_handler(c, act);
    /* A write action's tool access is recorded whatever its work's outcome,
     * as PHP records it before the work, outside any transaction; logged,
     * not answered, like the rest of the bookkeeping. (A read action's goes
     * with its other rows: bookkeeping_record_call.) */
    api_error_kind error = s->answer.error;
    if ((act->flags & ACT_WRITE) && error != API_ERROR_UNAVAILABLE &&
        error != API_ERROR_NO_MEMORY && !bookkeeping_record_tool(c))
        log_warn("could not record the tool access of this call: %s", db_error(s->db));
    s->answer.error = error;
}

/* A list written row by row (stream.h), in the envelope. A failure before
 * its first byte is answered as any other error. */
static void respond_rows(const app *ap, api_call *c, const http_stream *stream, http_out *out)
{
    out->status = 200;
    out->content_type = "application/json";
    out->no_cache = true;
    out->cors_origin = ap->cfg->cors_allow_origin;
    bool pretty = strcmp(ap->cfg->server_type, "test") == 0;
    if (stream_rows(c, stream, pretty, out) == STREAM_REFUSED) {
        out->cors_origin = NULL;
        out->error = true;
        respond_call_error(ap, c->arena, &call_state_of(c)->answer, out);
        return;
    }
    if (out->cut)
        out->error = true;
}

void app_handle(app *ap, arena *a, const http_in *in, const http_stream *stream, http_out *out)
{
    memset(out, 0, sizeof *out);
    const config *cfg = ap->cfg;

    if (cfg->disable_webservices) {
        out->status = 200;
        out->content_type = "text/html; charset=UTF-8";
        out->no_cache = true;
        out->body = KILL_SWITCH_TEXT;
        out->body_len = sizeof KILL_SWITCH_TEXT - 1;
        return;
    }
    if (in->body_len > cfg->max_body_size) {
        app_refuse_body(ap, a, out);
        return;
    }

    api_params params;
    const char *detail = NULL;
    parse_status ps = request_parse(a, in, &ap->limits, &params, &detail);
    if (ps == PARSE_NO_MEMORY) {
        respond_out_of_memory(ap, out);
        return;
    }
    if (ps != PARSE_OK) {
        respond_error(ap, a, out, ps == PARSE_TOO_LARGE ? 413 : 400,
                      detail ? detail : "Malformed request");
        return;
    }

    call_state state = {
        .call =
            {
                .arena = a,
                .cfg = cfg,
                .http = in,
                .params = &params,
                .url_id = 1,
                .url_id_text = "1",
                .web_root = cfg->root_web,
                .course = {.id_text = "0"},
                .session_id_text = "0",
            },
        .db = ap->db,
        .route = ap->route,
        .live = ap->live,
        .bookkeeping = ap->bookkeeping,
        .context_allowed = true,
    };
    api_call *c = &state.call;
    const call_answer *answer = &state.answer;
    const php_value *action = query_then_request(&params, "action");
    if (action && action->kind == PHP_STRING && action->len > 0 &&
        strlen(action->str) == action->len)
        c->action_name = action->str;
    c->username = sanitized_global(a, &params, "username");
    c->api_key = sanitized_global(a, &params, "api_key");
    c->course_param = int_global(&params, "course");
    c->session_param = int_global(&params, "session");
    c->client_ip = client_ip(a, cfg, in);
    /* The interface language until the caller is known (10 §1): the
     * platform's, overridden by GET language when the campus has it;
     * auth.c puts the caller's own language over both. */
    call_use_language(c, cfg->platform_language);
    const php_value *language = param_get(&params, FROM_QUERY_BAG, "language");
    if (language && language->kind == PHP_STRING && strlen(language->str) == language->len)
        call_use_language(c, language->str);

    bool defer_tracking = false;
    dispatch(c, &defer_tracking);
    if (state.routed)
        db_route_count_read(ap->route, state.db);
    if (defer_tracking && answer->error != API_ERROR_UNAVAILABLE &&
        answer->error != API_ERROR_NO_MEMORY) {
        /* The answer stands whatever happens here: the bookkeeping of a read
         * is logged, not answered. */
        api_error_kind error = answer->error;
        if (!bookkeeping_record_call(c))
            log_warn("could not record the tracking of this call: %s", db_error(state.db));
        state.answer.error = error;
    }

    /* For the access log and the metrics (app.h); the respond_* helpers
     * below leave these fields alone. */
    out->action = c->action_name;
    out->user_id = c->user ? c->user->id : 0;
    out->campus_id = c->url_id;
    out->client_ip = c->client_ip;
    out->error = answer->error != API_ERROR_NONE;

    if (answer->error != API_ERROR_NONE) {
        respond_call_error(ap, a, answer, out);
        return;
    }
    if (answer->redirect) {
        out->status = 302;
        out->location = answer->redirect;
        out->no_cache = true;
        out->body = "";
        return;
    }
    if (answer->rows.stmt) {
        respond_rows(ap, c, stream, out);
        return;
    }
    if (state.action && (state.action->flags & ACT_RAW) && answer->data) {
        respond_raw(ap, a, out, answer->data);
        return;
    }
    respond_envelope(ap, a, out, 200, answer->data, NULL);
}
