/*
 * stream.c - see stream.h and reply.h (call_ok_stream).
 *
 * Memory: the rows come one at a time from libpq (db_exec_rows); each is
 * mapped into a json-c tree owned here, encoded into a scratch arena,
 * copied into the chunk buffer, and the tree and the scratch arena are
 * released before the next row. What the answer costs is one chunk, one
 * row, and PostgreSQL's socket buffers, whatever its number of rows.
 */
#include "api/stream.h"

#include <stdlib.h>
#include <string.h>

#include "api/action_table.h"
#include "api/call_state.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "db/stmt_trace.h"
#include "json/php_json.h"

#define SCRATCH_BLOCK (16 * 1024)

/* The envelope's text around the list, as php_json_encode writes
 * {"error":false,"data":LIST}: before the first item, between items, after
 * the last, and the whole envelope of an empty list. An item sits inside
 * two containers (the envelope and the list). */
typedef struct envelope_text {
    const char *open, *between, *close, *empty;
} envelope_text;

static const envelope_text COMPACT = {
    "{\"error\":false,\"data\":[",
    ",",
    "]}",
    "{\"error\":false,\"data\":[]}",
};
static const envelope_text PRETTY = {
    "{\n    \"error\": false,\n    \"data\": [\n        ",
    ",\n        ",
    "\n    ]\n}",
    "{\n    \"error\": false,\n    \"data\": []\n}",
};
#define ITEM_DEPTH 2

typedef struct row_stream {
    api_call *c;
    const call_rows *rows;
    const http_stream *stream; /* NULL: into whole */
    http_out *out;
    bool pretty;
    const envelope_text *text;
    int *columns; /* resolved at the first row */
    arena *scratch;
    char *chunk;
    size_t used;
    strbuf whole;      /* without a stream: the body */
    bool head_sent;    /* the first byte is out */
    bool client_gone;  /* a write failed */
    bool encode_failed;
} row_stream;

static bool send_head(row_stream *w)
{
    if (w->head_sent)
        return true;
    w->out->streamed = true;
    w->head_sent = true;
    if (!w->stream->head(w->stream->ctx, w->out)) {
        w->client_gone = true;
        return false;
    }
    return true;
}

/* Sends len bytes after the head. */
static bool send_body(row_stream *w, const char *data, size_t len)
{
    if (!send_head(w))
        return false;
    if (len && !w->stream->body(w->stream->ctx, data, len)) {
        w->client_gone = true;
        return false;
    }
    w->out->body_len += len;
    return true;
}

static bool flush(row_stream *w)
{
    size_t n = w->used;
    w->used = 0;
    return send_body(w, w->chunk, n);
}

/* Appends text to the answer: into the chunk, which is sent when full. */
static bool emit(row_stream *w, const char *data, size_t len)
{
    if (!w->stream) {
        sb_append(&w->whole, data, len);
        return !sb_failed(&w->whole);
    }
    if (w->used + len > STREAM_CHUNK && !flush(w))
        return false;
    if (len > STREAM_CHUNK)
        return send_body(w, data, len);
    memcpy(w->chunk + w->used, data, len);
    w->used += len;
    return true;
}

static bool emit_str(row_stream *w, const char *s)
{
    return emit(w, s, strlen(s));
}

/* db_row_sink: one row, written. */
static bool take_row(void *ctx, const PGresult *r)
{
    row_stream *w = ctx;
    api_call *c = w->c;
    const call_rows *rows = w->rows;
    bool first = !w->columns;
    if (first) {
        w->columns = arena_calloc(c->arena, rows->count ? rows->count : 1, sizeof *w->columns);
        if (!w->columns)
            return call_fail_oom(c), false;
        if (!reply_columns(c, r, rows->fields, rows->count, w->columns))
            return false;
    }
    struct json_object *row = reply_row_detached(c, r, 0, rows->fields, rows->count, w->columns);
    if (!row)
        return false;
    const char *text;
    size_t len;
    php_json_status st = php_json_encode_nested(w->scratch, row, w->pretty, ITEM_DEPTH, &text, &len);
    json_object_put(row);
    bool ok = st == PHP_JSON_OK && emit_str(w, first ? w->text->open : w->text->between) &&
              emit(w, text, len);
    arena_reset(w->scratch);
    if (st == PHP_JSON_NO_MEMORY || (!ok && !w->stream))
        call_fail_oom(c);
    else if (st != PHP_JSON_OK)
        w->encode_failed = true;
    return ok;
}

/* The end of the list, written. */
static bool finish(row_stream *w, long long count)
{
    if (count == 0)
        return emit_str(w, w->text->empty) && (!w->stream || flush(w));
    return emit_str(w, w->text->close) && (!w->stream || flush(w));
}

/* Records why the statement stopped, for an answer not started yet. */
static void record_failure(row_stream *w)
{
    api_call *c = w->c;
    if (call_failed(c))
        return; /* the row's mapping recorded it */
    if (w->encode_failed)
        call_fail_internal(c, "a streamed row is not encodable");
    else
        call_fail_db(c);
}

static void log_cut(const row_stream *w, long long count)
{
    const api_call *c = w->c;
    const char *action = c->action_name ? c->action_name : "-";
    if (w->client_gone) {
        log_info("action %s: the client left after %lld rows (%zu bytes) of a streamed answer",
                 action, count, w->out->body_len);
        return;
    }
    const call_state *s = call_state_of_const(c);
    const char *why = w->encode_failed ? "a row is not encodable"
                      : s->answer.error != API_ERROR_NONE ? "a row could not be mapped"
                                                           : db_error(s->db);
    log_error("action %s: streamed answer cut after %lld rows (%zu bytes): %s", action, count,
              w->out->body_len, why);
}

static bool run(row_stream *w, long long *count)
{
    call_state *s = call_state_of(w->c);
    const call_rows *rows = w->rows;
    bool ok = db_exec_rows(s->db, rows->stmt, rows->values, rows->nvalues, take_row, w, count);
    /* A standby that failed before anything was written: the primary
     * answers, as call_run does (db/route.h). */
    if (!ok && !w->head_sent && *count == 0 && !call_failed(w->c) &&
        db_route_standby_failed(s->route, s->db)) {
        if (!call_use_primary(w->c))
            return false;
        w->used = 0;
        w->columns = NULL;
        ok = db_exec_rows(s->db, rows->stmt, rows->values, rows->nvalues, take_row, w, count);
    }
    return ok && finish(w, *count);
}

stream_outcome stream_rows(api_call *c, const http_stream *stream, bool pretty, http_out *out)
{
    call_state *s = call_state_of(c);
    row_stream w = {
        .c = c,
        .rows = &s->answer.rows,
        .stream = stream,
        .out = out,
        .pretty = pretty,
        .text = pretty ? &PRETTY : &COMPACT,
        .scratch = arena_create(SCRATCH_BLOCK),
        .chunk = stream ? malloc(STREAM_CHUNK) : NULL,
    };
    out->body = "";
    out->body_len = 0;
    if (!stream)
        sb_init(&w.whole, c->arena, STREAM_CHUNK);
    long long count = 0;
    bool ok = w.scratch && (!stream || w.chunk);
    if (!ok)
        call_fail_oom(c);
    else
        ok = run(&w, &count);
    free(w.chunk);
    arena_destroy(w.scratch);
    if (ok) {
        if (!stream) {
            out->body = w.whole.data;
            out->body_len = w.whole.len;
        }
        return STREAM_SENT;
    }
    if (!w.head_sent) {
        out->body_len = 0;
        record_failure(&w);
        return STREAM_REFUSED;
    }
    log_cut(&w, count);
    if (!w.client_gone)
        stmt_trace_answer_cut();
    out->cut = true;
    return STREAM_CUT;
}

action_result call_ok_rows(api_call *c, db_stmt *stmt, const json_field *fields, size_t count,
                           const char *const *values, int nvalues)
{
    call_state *s = call_state_of(c);
    if (s->answer.error != API_ERROR_NONE)
        return ACTION_FAILED; /* a builder failed: that error is the answer */
    const action_def *act = s->action;
    if (!act || (act->flags & (ACT_WRITE | ACT_RAW)) || stmt->carries_key_check ||
        stmt == s->plan.stmt || nvalues != stmt->nparams || nvalues < 0)
        return call_fail_internal(c, "call_ok_stream: not a read action's own statement");
    const char **kept = arena_calloc(c->arena, nvalues ? (size_t)nvalues : 1, sizeof *kept);
    if (!kept)
        return call_fail_oom(c);
    for (int i = 0; i < nvalues; i++) {
        if (!values[i] && s->answer.error == API_ERROR_NO_MEMORY)
            return ACTION_FAILED;
        kept[i] = values[i];
    }
    s->answer.rows = (call_rows){stmt, fields, count, kept, nvalues};
    return ACTION_OK;
}
