/*
 * php_value.h - PHP's request values: a string, or an ordered array whose
 * keys are integers or strings ($_GET, $_POST, and their nested arrays).
 *
 * Ownership: every node, key and string lives in the request arena given to
 * the functions that create them. Nothing here frees.
 *
 * Semantics follow PHP 7.4:
 *   - an array keeps insertion order; setting an existing key replaces the
 *     value in place (last wins, first position kept);
 *   - a key that looks like a canonical decimal integer ("5", "-3", not "05",
 *     not "+5", within int64) is an integer key, so "5" and 5 are the same key;
 *   - append ("a[]") uses 1 + the largest integer key so far (0 when none).
 */
#ifndef CHAMILO_PHP_PHP_VALUE_H
#define CHAMILO_PHP_PHP_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"

typedef struct php_value php_value;
typedef struct php_array php_array;
typedef struct php_entry php_entry;

typedef enum php_kind { PHP_STRING, PHP_ARRAY } php_kind;

struct php_value {
    php_kind kind;
    const char *str; /* PHP_STRING: NUL-terminated, may hold inner NULs */
    size_t len;      /* PHP_STRING: byte length */
    php_array *arr;  /* PHP_ARRAY */
};

struct php_entry {
    const char *key; /* always set: the decimal form for integer keys */
    size_t key_len;
    bool key_is_int;
    int64_t int_key; /* valid when key_is_int */
    php_value *value;
    php_entry *next; /* insertion order */
};

struct php_array {
    php_entry *first;
    php_entry *last;
    size_t count;
    int64_t next_index;
    /* Lookup index, built by the implementation once count grows;
     * opaque to callers. */
    void *index;
    size_t index_cap;
};

php_array *php_array_new(arena *a);
php_value *php_string_new(arena *a, const char *s, size_t len);
php_value *php_array_value_new(arena *a); /* a PHP_ARRAY value with an empty array */

/* A string value pointing at s without copying it. s must be NUL-terminated
 * at s[len] and live at least as long as the arena. NULL on OOM. */
php_value *php_string_ref(arena *a, const char *s, size_t len);

/* True if key[0..len) is PHP's canonical form of an integer key ("5", "-3",
 * "0"; not "05", "+5", "-0", "5 ", nor anything outside int64); the value
 * goes to *out. */
bool php_key_is_int(const char *key, size_t len, int64_t *out);

/* Looks a key up (string form; "5" finds the integer key 5). NULL if absent. */
php_value *php_array_get(const php_array *arr, const char *key, size_t key_len);
static inline php_value *php_array_getz(const php_array *arr, const char *key)
{
    return php_array_get(arr, key, strlen(key));
}

/* Sets key to value (last wins). The key is copied into the arena. Returns
 * 0, -1 on OOM. */
int php_array_set(arena *a, php_array *arr, const char *key, size_t key_len, php_value *value);
/* Appends with the next integer index. Returns 0, -1 on OOM. When the next
 * index would pass INT64_MAX and that key is taken, the value is dropped
 * (PHP's "next element is already occupied") and 0 is returned. */
int php_array_append(arena *a, php_array *arr, php_value *value);

/* True if the keys are exactly 0..count-1 in order (json_encode makes a
 * JSON array of it). An empty array is a list. */
bool php_array_is_list(const php_array *arr);

/* A shallow copy: new entries pointing at the same values. NULL on OOM. */
php_array *php_array_copy(arena *a, const php_array *arr);

/* ---- PHP casts and tests (NULL means "absent") ---- */

/* (int)$v as PHP 7.4 computes it: leading whitespace, then the longest
 * numeric prefix, including a fraction or an exponent ("1e3" -> 1000,
 * "3.9" -> 3, "12abc" -> 12, "abc" -> 0, "0x1A" -> 0); an array gives 0 if
 * empty else 1; absent gives 0. Out-of-range values follow PHP 7.4 on 64-bit
 * (documented in php_value.c). */
int64_t php_intval(const php_value *v);

/* php_intval() for a value that is compared with or stored in one of the
 * schema's integer columns (ids, statuses): clamped to the 32-bit
 * range, so that an id beyond it finds no row (as MySQL's comparison does
 * for PHP) instead of failing the cast in SQL (docs/compat.md). */
int64_t php_intval_column(const php_value *v);

/* (bool)$v: false for absent, "", "0" and the empty array. */
bool php_truthy(const php_value *v);

/* PHP empty($v) == !php_truthy(v). */
static inline bool php_empty(const php_value *v) { return !php_truthy(v); }

/* (bool) of the string s[0..len): false for "" and "0" only. */
static inline bool php_string_truthy(const char *s, size_t len)
{
    return !(len == 0 || (len == 1 && s[0] == '0'));
}

/* PHP 8's strtolower() / strtoupper() (ASCII letters only, whatever the
 * locale) of s[0..len): a NUL-terminated copy in the arena, NULL on OOM. */
char *php_strtolower(arena *a, const char *s, size_t len);
char *php_strtoupper(arena *a, const char *s, size_t len);

/* PHP 8's numeric string (is_numeric): optional leading and trailing
 * whitespace, a sign, decimal digits with an optional fraction and
 * exponent ("1", " 1", "01", "1.0", "1e0", ".5"); not hex, "inf", "nan" or
 * words. Its value goes to *out. s NULL gives false. */
bool php_numeric_string(const char *s, double *out);

/* The string if v is a string, else NULL (absent or array). */
const char *php_strval(const php_value *v);

/* FILTER_VALIDATE_BOOLEAN without NULL_ON_FAILURE: "1","true","on","yes"
 * (case-insensitive, trimmed) -> true; anything else -> false. */
bool php_filter_bool(const php_value *v);

/* PHP trim() with its default set " \t\n\r\0\x0B": the trimmed part of
 * s[0..len) as a pointer into s (no copy) and its length in *out_len. */
const char *php_trim(const char *s, size_t len, size_t *out_len);

/* ---- debugging ---- */

/* A compact, unambiguous text form for logs and tests:
 *   [a=1,b=[#0=x,#1=y]]
 * Arrays are [...], integer keys #N, string keys and values raw except that
 * bytes outside printable ASCII and the characters \ [ ] , = # are written
 * \xHH; an absent value is (null). Arena string, NULL on OOM. */
const char *php_array_dump(arena *a, const php_array *arr);
const char *php_value_dump(arena *a, const php_value *v);

#endif
