/*
 * stream.h - the dispatcher's part of the lists written as they are read
 * (call_ok_stream, reply.h). Private to lib/api/.
 *
 * The envelope {"error":false,"data":[ ... ]} is written around the rows,
 * each row encoded by the encoder of every other answer (php_json.h) at its
 * place in the envelope, pretty-printed when the answers are
 * (server_type = test): the bytes are those of the whole answer. Rows are
 * gathered into chunks of STREAM_CHUNK bytes; the head goes out with the
 * first chunk, so a statement that fails at once is still answered with an
 * ordinary error envelope. One row's json-c tree and text live only while
 * that row is written.
 */
#ifndef CHAMILO_API_STREAM_H
#define CHAMILO_API_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

#include "api/app.h"
#include "api/call.h"
#include "api/reply.h"

#define STREAM_CHUNK (64 * 1024)

typedef enum stream_outcome {
    /* The whole answer is written: through the stream (out->streamed), or
     * into out->body when there is no stream. */
    STREAM_SENT,
    /* Nothing was written: the error is recorded in the call, to be
     * answered as any other. */
    STREAM_REFUSED,
    /* Failed after the first byte, or the client left: logged, out->cut. */
    STREAM_CUT,
} stream_outcome;

/* Writes the call's list (its call_rows): *out carries the head to send
 * (status, content type, headers), set by the caller; body, body_len,
 * streamed and cut are set here. pretty: JSON_PRETTY_PRINT. */
stream_outcome stream_rows(api_call *c, const http_stream *stream, bool pretty, http_out *out);

/* For stream.c, from reply.c: the result column of each field (false: the
 * internal error is recorded), and one row mapped as reply_row maps it,
 * owned by the caller (json_object_put), not by the call. NULL on failure,
 * recorded. */
bool reply_columns(api_call *c, const PGresult *r, const json_field *fields, size_t count,
                   int *columns);
struct json_object *reply_row_detached(api_call *c, const PGresult *r, int row,
                                       const json_field *fields, size_t count, const int *columns);

#endif
