/*
 * parse_internal.h - the pieces of request_parse(), shared between
 * request.c, urlencoded.c, multipart.c and json_input.c, and exposed to the
 * unit tests. Not for use outside lib/request/ and t/.
 *
 * Every function here allocates from ctx->a only and reports failure as a
 * parse_status; on failure ctx->detail holds the static sentence that
 * request_parse hands back. Parameters already stored before a failure stay
 * where they are (the caller drops the whole result on failure).
 */
#ifndef CHAMILO_REQUEST_PARSE_INTERNAL_H
#define CHAMILO_REQUEST_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "request/php_value.h"
#include "request/request.h"

/* The limits used when request_parse gets limits == NULL: PHP's defaults
 * for max_input_vars and max_input_nesting_level, and the configuration's
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

/* ---- urlencoded.c ---- */

/* php_url_decode: '+' becomes ' ', "%XX" with two hex digits becomes the
 * byte, any other '%' stays as is. Writes at most len bytes to out (which
 * may be src itself) and returns the decoded length. */
size_t url_decode(char *out, const char *src, size_t len);

/*
 * PHP's php_register_variable_ex (PHP 7.4): stores value in dest under the
 * variable name `name` (already url-decoded; it is cut at its first NUL
 * byte, as PHP treats names as C strings). Brackets build nested arrays.
 * A name that PHP ignores (empty base name) is ignored and PARSE_OK is
 * returned without counting a value. Checks max_key_length (on the name as
 * given), max_depth (bracket levels) and counts the value.
 */
parse_status php_register_variable(parse_ctx *ctx, php_array *dest, const char *name,
                                   size_t name_len, php_value *value);

/* Parses application/x-www-form-urlencoded data (a query string or a body)
 * into dest: pairs separated by '&', name and value split at the first '=',
 * a pair without '=' is a name with the value "", empty pairs are skipped. */
parse_status urlencoded_parse(parse_ctx *ctx, php_array *dest, const char *data, size_t len);

/* ---- multipart.c ---- */

/* Extracts the boundary of a multipart Content-Type the way PHP's rfc1867
 * handler does. Returns false when it is missing, empty or its quote is not
 * closed; otherwise *boundary (pointing into content_type) and *len. */
bool multipart_boundary(const char *content_type, const char **boundary, size_t *len);

/* Parses a multipart/form-data body into dest. Parts with a filename are
 * file uploads ($_FILES) and are skipped; parts without a name are skipped.
 * A Content-Type without a usable boundary leaves dest empty (PARSE_OK), as
 * PHP does. A body without an opening or closing delimiter, or a part whose
 * headers are cut off, gives PARSE_BAD_BODY. An empty body is an empty form. */
parse_status multipart_parse(parse_ctx *ctx, php_array *dest, const char *content_type,
                             const char *body, size_t len);

/* ---- json_input.c ---- */

/* Applies the `hash` query parameter (10-request-flow.md §3.2) to
 * query_bag. JSON that PHP would reject, and falsy or scalar documents,
 * are ignored (PARSE_OK). */
parse_status json_apply_hash(parse_ctx *ctx, php_array *query_bag, const char *text, size_t len);

/* Applies a JSON body (§3.4): each top-level member of an object or list,
 * sanitized, is set in all four bags. Anything else is ignored. */
parse_status json_apply_body(parse_ctx *ctx, api_params *bags, const char *body, size_t len);

/* PHP 7.4's (string) of a double (precision = 14): "1.5", "0.1", "-0",
 * "1.0E+25", "1.0E-5", "INF", "-INF", "NAN". buf must hold 32 bytes.
 * Returns the length written. */
size_t php_double_to_string(double d, char *buf);

#endif
