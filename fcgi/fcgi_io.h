/*
 * fcgi_io.h - from a libfcgi request to an http_in, from an http_out back
 * to the web server.
 *
 * The pure parts (the parameter map, CONTENT_LENGTH, the response head)
 * take plain arrays and an arena, so they are unit-tested without a socket
 * (t/unit/test_fcgi_io.c). fcgi_read_request() and fcgi_write_response()
 * are the thin libfcgi wrappers around them.
 *
 * libfcgi pitfalls handled here (60-implementation-notes.md):
 *  - FCGX_GetParam returns the FIRST of duplicate names; PHP-FPM keeps the
 *    LAST. fcgi_params_build keeps the last.
 *  - The parameter strings die at the next FCGX_Finish_r/FCGX_Accept_r:
 *    everything is copied into the request arena.
 *  - FCGX_FPrintF has no %zu: the head is formatted with snprintf and
 *    written with FCGX_PutStr.
 */
#ifndef CHAMILO_FCGI_FCGI_IO_H
#define CHAMILO_FCGI_FCGI_IO_H

#include <stdbool.h>
#include <stddef.h>

#include <fcgiapp.h>

#include "api/app.h"
#include "core/arena.h"
#include "request/request.h"

typedef struct fcgi_param {
    const char *name;
    const char *value;
} fcgi_param;

/* The FastCGI parameters of one request: unique names, sorted, each with
 * the value of its LAST occurrence. Owned by the arena it was built in. */
typedef struct fcgi_params {
    const fcgi_param *items;
    size_t count;
} fcgi_params;

/* Builds the map from envp, a NULL-terminated array of "NAME=value"
 * strings (FCGX_Request.envp). Names and values are copied into a. An entry
 * without '=' is skipped. A NULL envp gives an empty map. Returns 0, or -1
 * on OOM (*out is then empty). */
int fcgi_params_build(arena *a, const char *const *envp, fcgi_params *out);

/* The value of name, or NULL when absent. The string lives in the map's
 * arena. */
const char *fcgi_params_get(const fcgi_params *p, const char *name);

/* Sets the string fields of *in from the map (REQUEST_METHOD, QUERY_STRING,
 * CONTENT_TYPE, HTTP_HOST, REQUEST_URI, REMOTE_ADDR, HTTPS,
 * HTTP_X_FORWARDED_PROTO, HTTP_X_FORWARDED_FOR); absent ones become NULL.
 * The body fields are left to the caller. */
void fcgi_http_in_from_params(const fcgi_params *p, http_in *in);

/* Parses CONTENT_LENGTH. NULL or "" is 0 (no body). Only decimal digits are
 * accepted; false for anything else or an overflow. */
bool fcgi_parse_content_length(const char *text, size_t *out);

/* The reason phrase of a status ("Found" for 302), or NULL when the code is
 * not one we know (the Status line then carries the bare code, which nginx
 * accepts). */
const char *fcgi_status_reason(int status);

/* Formats the CGI response head of out into the arena: Status, then
 * Content-Type, Location, Access-Control-Allow-Origin when set, PHP's
 * session cache headers when no_cache, Content-Length, and the blank line.
 * Returns the NUL-terminated head and its length in *len, or NULL when out
 * cannot be sent as is (status outside 100..599, a header value holding a
 * CR, LF or other control character: header injection) or on OOM. */
const char *fcgi_format_head(arena *a, const http_out *out, size_t *len);

/* Sets *out to the JSON error envelope for a request the application
 * never sees (an unreadable CONTENT_LENGTH): status, Content-Type
 * application/json, the CORS header when cors_origin is not empty, and the
 * body {"error":true,"message":MESSAGE} built in a. message must need no
 * JSON escaping (plain ASCII without quote or backslash). On OOM the body
 * is empty. */
void fcgi_json_error(arena *a, http_out *out, int status, const char *cors_origin,
                     const char *message);

/* The message of the envelope answered for an unreadable CONTENT_LENGTH. */
#define FCGI_BAD_LENGTH_MESSAGE "Invalid Content-Length"

typedef enum fcgi_read_status {
    FCGI_READ_OK,          /* *in is complete, body included */
    FCGI_READ_TOO_LARGE,   /* CONTENT_LENGTH > max_body_size; body NOT read */
    FCGI_READ_BAD_LENGTH,  /* CONTENT_LENGTH is not a number */
    FCGI_READ_CLIENT_GONE, /* the body ended early: no one to answer */
    FCGI_READ_NO_MEMORY,
} fcgi_read_status;

/* Copies the parameters of an accepted request into a and reads exactly
 * CONTENT_LENGTH body bytes, unless that exceeds max_body_size. On
 * FCGI_READ_OK every http_in string lives in a; the body is never NULL
 * (empty when there is none) and is NUL-terminated one past body_len.
 * On other results the string fields are filled as far as they could be,
 * the body is empty, and *content_length (may be NULL) tells what the web
 * server announced. */
fcgi_read_status fcgi_read_request(arena *a, FCGX_Request *req, size_t max_body_size, http_in *in,
                                   size_t *content_length);

/* Reads and discards what is left of the request's input up to its end
 * (the empty FCGI_STDIN record that closes it), reading at most limit
 * bytes. Needed before a connection the web server keeps open
 * (fastcgi_keep_conn) carries the next request: libfcgi does not skip the
 * leftover record and would drop that request. Returns true when the end
 * was reached; false means the connection must not be reused. */
bool fcgi_drain_input(FCGX_Request *req, size_t limit);

typedef enum fcgi_write_status {
    FCGI_WRITE_OK,
    FCGI_WRITE_CLIENT_GONE, /* the stream failed part way: nothing more to do */
    FCGI_WRITE_BAD_RESPONSE /* fcgi_format_head refused out; NOTHING was written */
} fcgi_write_status;

/* Writes the head and body of resp to the request's output stream (they go
 * out at FCGX_Finish_r or when libfcgi's buffer fills). Uses a for the
 * head. */
fcgi_write_status fcgi_write_response(arena *a, FCGX_Stream *stream, const http_out *resp);

/* The request's output as app_handle writes an answer produced row by row
 * (app.h, http_stream): the head (without Content-Length: the web server
 * sends the body chunked, or until the connection closes) with the first
 * piece, each piece flushed to the web server as it comes. s holds the
 * state and must live while the stream is used; a is the request arena. */
typedef struct fcgi_stream {
    arena *arena;
    FCGX_Request *req;
} fcgi_stream;
http_stream fcgi_stream_of(fcgi_stream *s, arena *a, FCGX_Request *req);

/* Ends a request whose streamed answer was cut (http_out.cut): what was
 * written goes out, then an invalid record (protocol version 0) instead of
 * the end-of-request record, and the connection is closed. The web server
 * sees its upstream fail and ends the client's response short (a chunked
 * body without its last chunk: nginx closes the client's connection),
 * so that the cut answer is never taken for a complete one;
 * a connection closed without the invalid record would not do for nginx
 * with fastcgi_keep_conn off, which takes the close as the end. The
 * request is finished: do not call FCGX_Finish_r for it. */
void fcgi_abort_request(FCGX_Request *req);

#endif
