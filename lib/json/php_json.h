/*
 * php_json.h - PHP 7.4 json_encode() and serialize() over json-c trees.
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
 * Object member order is json-c's insertion order.
 *
 * Ownership: the output lives in the arena; the tree is only read.
 */
#ifndef CHAMILO_JSON_PHP_JSON_H
#define CHAMILO_JSON_PHP_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "core/arena.h"

typedef enum php_json_status {
    PHP_JSON_OK = 0,
    PHP_JSON_INVALID_UTF8, /* PHP's json_encode returns false: the caller sends an empty body */
    PHP_JSON_NO_MEMORY,
    PHP_JSON_TOO_DEEP,     /* more than 512 levels, PHP's default depth */
} php_json_status;

/* Encodes v (NULL encodes as "null"). On PHP_JSON_OK *out is NUL-terminated. */
php_json_status php_json_encode(arena *a, struct json_object *v, bool pretty,
                                const char **out, size_t *out_len);

/* PHP serialize() of a json-c value: int "i:5;", string "s:3:\"abc\";" (byte
 * length), bool "b:1;", null "N;", double "d:0.5;", array "a:N:{i:0;...}"
 * with keys 0..N-1, object "a:N:{s:1:\"k\";...}". Used for the event log.
 * NULL on OOM. */
const char *php_serialize(arena *a, struct json_object *v);

#endif
