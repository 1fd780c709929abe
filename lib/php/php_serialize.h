/*
 * php_serialize.h - PHP's serialize() of a json-c tree (the event log's
 * values, the stored roles of a user).
 *
 * Ownership: the output lives in the arena; the tree is only read.
 */
#ifndef CHAMILO_PHP_PHP_SERIALIZE_H
#define CHAMILO_PHP_PHP_SERIALIZE_H

#include <stddef.h>

#include <json-c/json.h>

#include "core/arena.h"

/* The nesting serialize() writes at the most: json_encode's default depth,
 * so that what an answer can carry, its event can too. */
#define PHP_SERIALIZE_MAX_DEPTH 512

/* PHP serialize() of a json-c value: int "i:5;", string "s:3:\"abc\";" (byte
 * length, bytes raw), bool "b:1;", null "N;", double "d:0.5;" ("d:1.0E+25;",
 * "d:INF;"), array "a:N:{i:0;...}" with keys 0..N-1, object
 * "a:N:{s:1:\"k\";...}" where a key that PHP would store as an integer
 * ("5", "-3", not "05") is written "i:5;". Used for the event log.
 * NULL on OOM or nesting deeper than PHP_SERIALIZE_MAX_DEPTH. The result is
 * NUL-terminated but holds string bytes raw, so it may contain NULs: use
 * php_serialize_len when the value can carry binary strings. */
const char *php_serialize(arena *a, struct json_object *v);

/* php_serialize that also stores the byte length in *out_len (non-NULL). */
const char *php_serialize_len(arena *a, struct json_object *v, size_t *out_len);

#endif
