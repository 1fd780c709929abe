/*
 * urlencoded.h - query strings and urlencoded bodies (urlencoded.c), and
 * PHP's variable-name rules that multipart.c shares. Internal to
 * lib/request/ (and its unit tests).
 */
#ifndef CHAMILO_REQUEST_URLENCODED_H
#define CHAMILO_REQUEST_URLENCODED_H

#include <stddef.h>

#include "request/parse_context.h"
#include "php/php_value.h"

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

#endif
