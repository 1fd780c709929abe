/*
 * parse_context.c - see parse_context.h.
 */
#include "request/parse_context.h"

void parse_ctx_init(parse_ctx *ctx, arena *a, const parse_limits *limits)
{
    ctx->a = a;
    if (limits) {
        ctx->limits = *limits;
    } else {
        ctx->limits.max_params = PARSE_DEFAULT_MAX_PARAMS;
        ctx->limits.max_key_length = PARSE_DEFAULT_MAX_KEY_LENGTH;
        ctx->limits.max_depth = PARSE_DEFAULT_MAX_DEPTH;
    }
    ctx->leaf_count = 0;
    ctx->detail = NULL;
    ctx->json_raw = false;
}

const char *parse_status_sentence(parse_status status)
{
    switch (status) {
    case PARSE_OK:
        return NULL;
    case PARSE_TOO_MANY_PARAMS:
        return "Too many parameters";
    case PARSE_KEY_TOO_LONG:
        return "Parameter name too long";
    case PARSE_TOO_DEEP:
        return "Parameters nested too deeply";
    case PARSE_BAD_BODY:
        return "Malformed request body";
    case PARSE_TOO_LARGE:
        return "Request body too large once its markup is escaped";
    case PARSE_NO_MEMORY:
        return "Out of memory";
    }
    return "Invalid request";
}

parse_status parse_fail(parse_ctx *ctx, parse_status status)
{
    ctx->detail = parse_status_sentence(status);
    return status;
}

parse_status parse_count_leaf(parse_ctx *ctx)
{
    if (ctx->leaf_count >= ctx->limits.max_params)
        return parse_fail(ctx, PARSE_TOO_MANY_PARAMS);
    ctx->leaf_count++;
    return PARSE_OK;
}
