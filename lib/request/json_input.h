/*
 * json_input.h - JSON that reaches the parameter bags (json_input.c): the
 * `hash` query parameter and a JSON body. Internal to lib/request/ (and its
 * unit tests); json_decode_value, its public entry, is in request.h.
 */
#ifndef CHAMILO_REQUEST_JSON_INPUT_H
#define CHAMILO_REQUEST_JSON_INPUT_H

#include <stddef.h>

#include "request/parse_context.h"
#include "request/request.h"

/* Applies the `hash` query parameter (10-request-flow.md §3.2) to
 * query_bag. JSON that PHP would reject, and falsy or scalar documents,
 * are ignored (PARSE_OK). */
parse_status json_apply_hash(parse_ctx *ctx, php_array *query_bag, const char *text, size_t len);

/* Applies a JSON body (§3.4): each top-level member of an object or list,
 * sanitized, is set in all four bags. Anything else is ignored. */
parse_status json_apply_body(parse_ctx *ctx, api_params *bags, const char *body, size_t len);

#endif
