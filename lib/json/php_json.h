/*
 * php_json.h - PHP 7.4 json_encode() over json-c trees (serialize() is
 * php/php_serialize.h).
 *
 * Handlers build their answers with json-c (json_object_new_*); this module
 * writes those trees byte for byte as PHP would:
 *   - flags 0: "/" escaped as "\/", every non-ASCII character as \uXXXX
 *     (surrogate pairs above U+FFFF), control characters as \b \f \n \r \t
 *     or \u00XX, '"' and '\' escaped;
 *   - doubles in the shortest form that round-trips (serialize_precision -1),
 *     an integral double without ".0" ("85"), -0.0 as "-0", and an exponent
 *     written the PHP way ("1.0e+25");
 *   - JSON_PRETTY_PRINT (server_type = test): 4-space indent, "\n", ": ",
 *     and empty arrays/objects as "[]" / "{}".
 * Object member order is json-c's insertion order. A json-c array is a PHP
 * list and a json-c object a PHP associative array: an empty object prints
 * "{}", so a handler reproducing an empty PHP array must use an empty json-c
 * array ("[]"). A double's custom json-c serialization (json_object_new_
 * double_s) is ignored; the value is formatted as PHP would.
 *
 * Ownership: the output lives in the arena; the tree is only read.
 * Thread safety: reentrant. Requires LC_NUMERIC "C" (never call setlocale).
 */
#ifndef CHAMILO_JSON_PHP_JSON_H
#define CHAMILO_JSON_PHP_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "core/arena.h"
/* The callers that answer a json-c tree also log it serialized. */
#include "php/php_serialize.h"

/* PHP's default json_encode depth: 512 nested arrays/objects encode, 513 fail. */
#define PHP_JSON_MAX_DEPTH 512

/* Every status other than OK and NO_MEMORY is a case where PHP's json_encode
 * returns false: the caller sends an empty body (10-request-flow.md §9.1). */
typedef enum php_json_status {
    PHP_JSON_OK = 0,
    PHP_JSON_INVALID_UTF8, /* a string or key is not valid UTF-8 (JSON_ERROR_UTF8) */
    PHP_JSON_NO_MEMORY,
    PHP_JSON_TOO_DEEP,     /* more than PHP_JSON_MAX_DEPTH containers (JSON_ERROR_DEPTH) */
    PHP_JSON_UNSUPPORTED,  /* a NaN or infinite double (JSON_ERROR_INF_OR_NAN) */
} php_json_status;

/* Ties a json-c tree to the arena: json_object_put(obj) runs when the
 * arena resets. Returns 0, or -1 on OOM, in which case the tree has already
 * been released (arena_on_reset's contract). */
int php_json_tie(arena *a, struct json_object *obj);

/* Encodes v (NULL encodes as "null"). On PHP_JSON_OK *out is NUL-terminated
 * arena memory and *out_len (out_len may be NULL) its length; on failure
 * *out and *out_len are untouched and partial output is left in the arena. */
php_json_status php_json_encode(arena *a, struct json_object *v, bool pretty,
                                const char **out, size_t *out_len);

/* The same for v written inside depth enclosing containers (its text
 * only, at that place): the indentation of JSON_PRETTY_PRINT and the depth
 * limit are those of v's place. For an answer written piece by piece, such
 * as a list whose items are encoded one at a time. */
php_json_status php_json_encode_nested(arena *a, struct json_object *v, bool pretty, int depth,
                                       const char **out, size_t *out_len);

#endif
