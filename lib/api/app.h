/*
 * app.h - the application as the FastCGI layer sees it.
 *
 * The FastCGI worker (fcgi/worker.c) turns each FastCGI request into an
 * http_in, calls app_handle(), and writes the http_out back. Everything
 * Chamilo-specific happens behind this line, so the whole request flow can
 * be driven by tests without a socket.
 *
 * One app per worker process, created after fork (it owns the worker's
 * PostgreSQL connection). Not thread-safe; a worker serves one request at a
 * time.
 */
#ifndef CHAMILO_API_APP_H
#define CHAMILO_API_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "core/arena.h"
#include "request/request.h"

typedef struct http_out {
    int status;               /* 200, 302, 413, 503 ... */
    const char *content_type; /* NULL: no Content-Type header */
    const char *location;     /* Location header of a redirect, else NULL */
    const char *cors_origin;  /* Access-Control-Allow-Origin value, NULL/"" = none */
    bool no_cache;            /* add PHP's session cache headers (Expires, Cache-Control, Pragma) */
    const char *body;         /* owned by the request arena; may be empty */
    size_t body_len;          /* streamed: the body bytes written */
    /* The answer was written as it was produced, through app_handle's
     * http_stream (head without Content-Length, then the body): nothing is
     * left to send. */
    bool streamed;
    /* Streamed, and failed after its first byte: the body is a prefix of
     * an answer. The FastCGI request must end without its end-of-request
     * record (the web server then sees the upstream fail and cuts the
     * client's response short), never as a complete answer. */
    bool cut;

    /* Not sent: what the access log and the metrics report (fcgi/observe.c).
     * Left 0/NULL/false by answers given before the call is known. */
    const char *action;       /* the action parameter as sent; NULL = none */
    long long user_id;        /* the caller identified by api_key; 0 = none */
    long long campus_id;      /* the access URL the call was served for; 0 = none */
    const char *client_ip;    /* REMOTE_ADDR, or the client a trusted proxy forwarded */
    bool error;               /* the answer is an error envelope */
} http_out;

typedef struct app app;

/* Where app_handle writes an answer that it produces while it writes it
 * (a list of a whole campus's rows): the FastCGI request's output. */
typedef struct http_stream {
    void *ctx;
    /* Sends the head of out (its status and headers, no Content-Length;
     * out->streamed is set). False when it cannot be sent. */
    bool (*head)(void *ctx, const http_out *out);
    /* Sends len bytes of the body. False when the client is gone. */
    bool (*body)(void *ctx, const char *data, size_t len);
} http_stream;

/* Creates the application for this process. cfg must outlive it. Does not
 * connect yet: the first request (or app_warm_up) does. NULL on OOM. */
app *app_create(const config *cfg);

/* Connects to PostgreSQL ahead of the first request. Failure is not fatal:
 * requests retry with backoff. Returns true when connected. */
bool app_warm_up(app *ap);

/* The bookkeeping rows of the calls served so far are written behind the
 * answers (lib/api/bookkeeping.h). app_after_request() writes them when
 * they are due: call it once the answer is sent. app_idle_timeout_ms() is
 * how long the worker may wait for the next connection before calling
 * app_after_request() anyway: -1 = as long as it likes. */
void app_after_request(app *ap);
int app_idle_timeout_ms(const app *ap);

/* Writes the bookkeeping still queued, closes the database connection and
 * frees the app. */
void app_destroy(app *ap);

/* Serves one request. Everything *out points to lives in req_arena, which
 * the caller resets after writing the response. Never fails: every error
 * becomes a response (an envelope, or an empty 500 body on OOM). An answer
 * produced row by row is written through stream as it is produced
 * (out->streamed; see out->cut); with stream NULL it is built whole in
 * out->body like any other, with the same bytes. */
void app_handle(app *ap, arena *req_arena, const http_in *in, const http_stream *stream,
                http_out *out);

/* The answer for a body larger than max_body_size, which the FastCGI layer
 * refuses before reading it: HTTP 413 with a JSON error envelope. */
void app_refuse_body(app *ap, arena *req_arena, http_out *out);

#endif
