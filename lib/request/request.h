/*
 * request.h - from the raw HTTP request to PHP's parameter bags.
 *
 * request_parse() is a pure function of bytes: it reads nothing but its
 * arguments, so it is unit-tested and fuzzed without a server.
 *
 * The bags (10-request-flow.md §3):
 *   get          PHP $_GET: the query string.
 *   post         PHP $_POST: urlencoded or multipart body of a POST.
 *   query_bag    Symfony $request->query: $_GET, then the `hash` members
 *                (sanitized) set over it. Only the global parameters and a
 *                few actions read it.
 *   request_bag  Symfony $request->request: $_POST, or the urlencoded body of
 *                a PUT/PATCH/DELETE (which PHP leaves out of $_POST).
 * $_REQUEST is not stored: param_get(FROM_REQUEST) looks in post, then get.
 *
 * A JSON body (Content-Type exactly "application/json", 1.11.32) sets each
 * top-level member, sanitized, in all four bags before `hash` is applied.
 */
#ifndef CHAMILO_REQUEST_REQUEST_H
#define CHAMILO_REQUEST_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "request/parse_context.h"
#include "php/php_value.h"

/* What the FastCGI layer hands to the application. Strings are
 * NUL-terminated and owned by the request arena; absent ones are NULL. */
typedef struct http_in {
    const char *method;          /* REQUEST_METHOD */
    const char *query_string;    /* QUERY_STRING, without '?' */
    const char *content_type;    /* CONTENT_TYPE */
    const char *body;            /* raw body, may hold NULs */
    size_t body_len;
    const char *host;            /* HTTP_HOST */
    const char *request_uri;     /* REQUEST_URI (path and query) */
    const char *remote_addr;     /* REMOTE_ADDR */
    const char *https;           /* HTTPS ("on" when TLS terminated by nginx) */
    const char *forwarded_proto; /* HTTP_X_FORWARDED_PROTO */
    const char *forwarded_for;   /* HTTP_X_FORWARDED_FOR */
    const char *referer;         /* HTTP_REFERER (tool-access tracking, 30 §1.8) */
} http_in;

typedef struct api_params {
    php_array *get;
    php_array *post;
    php_array *query_bag;
    php_array *request_bag;
} api_params;

typedef enum param_source {
    FROM_GET,
    FROM_POST,
    FROM_REQUEST,     /* $_REQUEST: post wins over get */
    FROM_QUERY_BAG,
    FROM_REQUEST_BAG,
} param_source;

/* Fills *out (all four bags non-NULL on PARSE_OK). On failure *out is
 * unspecified and *detail, if given, points at a static English sentence:
 * "Too many parameters", "Parameter name too long", "Parameters nested too
 * deeply", "Malformed request body" or "Out of memory" (NULL on success).
 * limits NULL means max_params 1000, max_key_length 256, max_depth 64.
 * Everything is allocated from a; the bags are read-only afterwards (they
 * share values). Never reads anything but its arguments. */
parse_status request_parse(arena *a, const http_in *in, const parse_limits *limits,
                           api_params *out, const char **detail);

/* The value of a top-level parameter, or NULL when absent. FROM_REQUEST is
 * post's value if present, else get's (PHP would merge two arrays of the
 * same name recursively; we return post's whole array). */
const php_value *param_get(const api_params *p, param_source src, const char *name);

/* PHP's json_decode($text, true) of a JSON text received in a parameter
 * (save_user_json's `json`): PHP 7.4's decoding rules (json_input.c), then
 * the value as a php_value: objects and lists become arrays, strings stay as
 * sent (no remove_XSS: PHP does not sanitize there), integers and doubles
 * become their PHP string form, true "1", false "". JSON null is PHP null:
 * left out of the arrays that hold it. *out is NULL when PHP would return
 * null (invalid JSON, or the document `null`). The limits (NULL: the
 * defaults of request_parse) bound the values and the nesting, as for a
 * request. Returns PARSE_OK, or the limit passed, or PARSE_NO_MEMORY. */
parse_status json_decode_value(arena *a, const char *text, size_t len, const parse_limits *limits,
                               php_value **out);

/* Security::remove_XSS for text (10-request-flow.md §3.6): strips tags
 * (script/style with their content), decodes named entities, escapes
 * & < >, normalizes CR/CRLF to LF, drops invalid UTF-8 and control
 * characters. Idempotent. Identifier-like input is returned unchanged.
 * Arrays are sanitized element by element (keys kept). Returns NULL on
 * OOM. Details and our deviations from HTMLPurifier: lib/request/xss.c.
 *
 * xss_sanitize: v NULL gives "" (remove_XSS(null)). The result is a new
 * value; strings that need no change are shared, not copied.
 * xss_sanitize_str: s must be NUL-terminated at s[len] (every php_value and
 * arena string is), because identifier-like input ([A-Za-z0-9._@$-]) is
 * returned as s itself. Otherwise the result is a new NUL-terminated arena
 * string. out_len may be NULL. s NULL is taken as "". */
php_value *xss_sanitize(arena *a, const php_value *v);
const char *xss_sanitize_str(arena *a, const char *s, size_t len, size_t *out_len);

#endif
