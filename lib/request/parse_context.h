/*
 * parse_context.h - the limits, the statuses and the context that every
 * parser of lib/request/ shares (request.c, urlencoded.c, multipart.c,
 * json_input.c). A leaf: it calls no parser, so the parsers and
 * request_parse depend on it and never on each other's state.
 *
 * Every parser allocates from ctx->a only and reports failure as a
 * parse_status; on failure ctx->detail holds the static sentence that
 * request_parse hands back. Parameters already stored before a failure stay
 * where they are (the caller drops the whole result on failure).
 */
#ifndef CHAMILO_REQUEST_PARSE_CONTEXT_H
#define CHAMILO_REQUEST_PARSE_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

typedef struct parse_limits {
    size_t max_params;      /* leaf values over all bags, like max_input_vars */
    size_t max_key_length;  /* bytes in one parameter name */
    unsigned max_depth;     /* bracket levels, like max_input_nesting_level */
} parse_limits;

typedef enum parse_status {
    PARSE_OK = 0,
    PARSE_TOO_MANY_PARAMS,
    PARSE_KEY_TOO_LONG,
    PARSE_TOO_DEEP,
    PARSE_BAD_BODY,   /* malformed multipart (no boundary, truncated part) */
    PARSE_TOO_LARGE,  /* a JSON document that remove_XSS would make more than twice
                         its size and 64 KiB (a body of '&' becomes 5 times larger) */
    PARSE_NO_MEMORY,
} parse_status;

/* The limits used when a parser gets limits == NULL: PHP's defaults for
 * max_input_vars and max_input_nesting_level, and the configuration's
 * default for the name length. */
#define PARSE_DEFAULT_MAX_PARAMS 1000
#define PARSE_DEFAULT_MAX_KEY_LENGTH 256
#define PARSE_DEFAULT_MAX_DEPTH 64

typedef struct parse_ctx {
    arena *a;
    parse_limits limits;
    size_t leaf_count;  /* values stored so far, over all sources */
    const char *detail; /* static sentence for the last failure */
    /* json_decode_value: strings stay as sent (no remove_XSS) and JSON null
     * is PHP null (left out of arrays) instead of "". */
    bool json_raw;
    /* Bytes remove_XSS may still add to the JSON document being built (its
     * own size and 64 KiB: sanitized, a large one stays under twice its
     * size). */
    size_t escape_budget;
} parse_ctx;

/* Prepares ctx; limits NULL means the defaults above. */
void parse_ctx_init(parse_ctx *ctx, arena *a, const parse_limits *limits);

/* Records status in ctx (detail sentence) and returns it, so that a failing
 * path reads `return parse_fail(ctx, PARSE_TOO_DEEP);`. */
parse_status parse_fail(parse_ctx *ctx, parse_status status);

/* The static English sentence for a status ("Too many parameters", ...);
 * NULL for PARSE_OK. */
const char *parse_status_sentence(parse_status status);

/* Counts one more stored value against max_params. */
parse_status parse_count_leaf(parse_ctx *ctx);

#endif
