/*
 * php_value.c - PHP request values: ordered arrays with PHP 7.4 key rules,
 * and the casts the actions apply to parameters. See php_value.h.
 *
 * Arrays are a singly linked list in insertion order (iteration, JSON
 * output) plus, once an array holds more than SMALL_ARRAY_MAX entries, an
 * open-addressing hash table over the entries so that building an array of
 * n parameters costs O(n) and not O(n^2). Small arrays are scanned
 * linearly: that is faster than hashing for the usual handful of keys.
 *
 * Lookup compares the key's string form only. That is exact because an
 * integer key is always stored in its canonical decimal form and a string
 * key is, by construction, never a canonical decimal integer: "5" can only
 * be the integer key 5, and "05" can only be a string key.
 *
 * Memory: everything comes from the arena passed in; nothing is freed.
 * On allocation failure a function returns its error value and leaves the
 * array as it was (an index that cannot grow is dropped and rebuilt later:
 * lookups fall back to the linear scan, which is slower but correct).
 */
#include "php/php_value.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "core/strbuf.h"

/* Arrays up to this size have no hash index. */
#define SMALL_ARRAY_MAX 8

/* ---- construction ---- */

php_array *php_array_new(arena *a)
{
    php_array *arr = arena_calloc(a, 1, sizeof *arr);
    return arr; /* all fields zero: empty, next_index 0, no index */
}

php_value *php_string_new(arena *a, const char *s, size_t len)
{
    char *copy = arena_strndup(a, s ? s : "", s ? len : 0);
    if (!copy)
        return NULL;
    return php_string_ref(a, copy, s ? len : 0);
}

php_value *php_string_ref(arena *a, const char *s, size_t len)
{
    php_value *v = arena_alloc(a, sizeof *v);
    if (!v)
        return NULL;
    v->kind = PHP_STRING;
    v->str = s;
    v->len = len;
    v->arr = NULL;
    return v;
}

php_value *php_array_value_new(arena *a)
{
    php_array *arr = php_array_new(a);
    if (!arr)
        return NULL;
    php_value *v = arena_alloc(a, sizeof *v);
    if (!v)
        return NULL;
    v->kind = PHP_ARRAY;
    v->str = NULL;
    v->len = 0;
    v->arr = arr;
    return v;
}

/* ---- keys ---- */

bool php_key_is_int(const char *key, size_t len, int64_t *out)
{
    /* PHP's canonical integer string: optional '-', then digits without a
     * leading zero (except "0" itself), within int64. "-0" is not one. */
    if (len == 0 || len > 20)
        return false;
    size_t i = 0;
    bool negative = false;
    if (key[0] == '-') {
        negative = true;
        i = 1;
        if (len == 1)
            return false;
    }
    if (key[i] == '0' && len - i > 1)
        return false;
    if (negative && key[i] == '0')
        return false;
    /* Accumulate as a negative number so that INT64_MIN fits. */
    int64_t acc = 0;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)key[i];
        if (c < '0' || c > '9')
            return false;
        int digit = c - '0';
        if (acc < (INT64_MIN + digit) / 10)
            return false;
        acc = acc * 10 - digit;
    }
    if (!negative) {
        if (acc == INT64_MIN)
            return false;
        acc = -acc;
    }
    *out = acc;
    return true;
}

static bool key_equals(const php_entry *e, const char *key, size_t len)
{
    return e->key_len == len && memcmp(e->key, key, len) == 0;
}

/* ---- index ----
 *
 * Slots by hash_bytes, which is not keyed: an attacker can build colliding
 * names, but request_parse caps an array at max_params entries, so the
 * worst case is bounded (about max_params^2 / 2 short comparisons). */

static void index_put(php_entry **slots, size_t cap, php_entry *e)
{
    size_t mask = cap - 1;
    size_t i = (size_t)hash_bytes(e->key, e->key_len) & mask;
    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = e;
}

/* Builds (or rebuilds larger) the index so that it holds count + 1 entries
 * at a load factor of at most 1/2. On OOM the index is dropped: lookups
 * then scan the list. */
static void index_reserve(arena *a, php_array *arr)
{
    size_t want = arr->count + 1;
    if (want <= SMALL_ARRAY_MAX)
        return;
    if (arr->index && want * 2 <= arr->index_cap)
        return;
    size_t cap = 32;
    while (cap < want * 2)
        cap *= 2;
    php_entry **slots = arena_calloc(a, cap, sizeof *slots);
    if (!slots) {
        arr->index = NULL;
        arr->index_cap = 0;
        return;
    }
    for (php_entry *e = arr->first; e; e = e->next)
        index_put(slots, cap, e);
    arr->index = slots;
    arr->index_cap = cap;
}

static php_entry *find_entry(const php_array *arr, const char *key, size_t len)
{
    if (!arr)
        return NULL;
    if (arr->index) {
        php_entry **slots = arr->index;
        size_t mask = arr->index_cap - 1;
        size_t i = (size_t)hash_bytes(key, len) & mask;
        while (slots[i]) {
            if (key_equals(slots[i], key, len))
                return slots[i];
            i = (i + 1) & mask;
        }
        return NULL;
    }
    for (php_entry *e = arr->first; e; e = e->next)
        if (key_equals(e, key, len))
            return e;
    return NULL;
}

/* Links a new entry at the end. key must already be arena-owned and in
 * canonical form. */
static int link_entry(arena *a, php_array *arr, const char *key, size_t len, bool is_int,
                      int64_t int_key, php_value *value)
{
    index_reserve(a, arr);
    php_entry *e = arena_alloc(a, sizeof *e);
    if (!e)
        return -1;
    e->key = key;
    e->key_len = len;
    e->key_is_int = is_int;
    e->int_key = is_int ? int_key : 0;
    e->value = value;
    e->next = NULL;
    if (arr->last)
        arr->last->next = e;
    else
        arr->first = e;
    arr->last = e;
    arr->count++;
    if (is_int && int_key >= arr->next_index)
        arr->next_index = int_key < INT64_MAX ? int_key + 1 : INT64_MAX;
    if (arr->index)
        index_put(arr->index, arr->index_cap, e);
    return 0;
}

/* ---- access ---- */

php_value *php_array_get(const php_array *arr, const char *key, size_t key_len)
{
    php_entry *e = find_entry(arr, key, key_len);
    return e ? e->value : NULL;
}

int php_array_set(arena *a, php_array *arr, const char *key, size_t key_len, php_value *value)
{
    php_entry *e = find_entry(arr, key, key_len);
    if (e) {
        e->value = value; /* last wins, first position kept */
        return 0;
    }
    char *copy = arena_strndup(a, key, key_len);
    if (!copy)
        return -1;
    int64_t int_key = 0;
    bool is_int = php_key_is_int(key, key_len, &int_key);
    return link_entry(a, arr, copy, key_len, is_int, int_key, value);
}

int php_array_append(arena *a, php_array *arr, php_value *value)
{
    int64_t key = arr->next_index;
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%" PRId64, key);
    /* next_index saturates at INT64_MAX; when that key is taken PHP refuses
     * the append ("next element is already occupied") and drops the value. */
    if (key == INT64_MAX && find_entry(arr, buf, (size_t)n))
        return 0;
    char *copy = arena_strndup(a, buf, (size_t)n);
    if (!copy)
        return -1;
    return link_entry(a, arr, copy, (size_t)n, true, key, value);
}

bool php_array_is_list(const php_array *arr)
{
    int64_t expect = 0;
    for (const php_entry *e = arr->first; e; e = e->next) {
        if (!e->key_is_int || e->int_key != expect)
            return false;
        expect++;
    }
    return true;
}

php_array *php_array_copy(arena *a, const php_array *arr)
{
    php_array *copy = php_array_new(a);
    if (!copy)
        return NULL;
    /* Keys are immutable arena strings: the copy shares them. */
    for (const php_entry *e = arr->first; e; e = e->next)
        if (link_entry(a, copy, e->key, e->key_len, e->key_is_int, e->int_key, e->value) != 0)
            return NULL;
    copy->next_index = arr->next_index;
    return copy;
}

/* ---- casts ---- */

static bool is_php_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* The double PHP's zend_dval_to_lval_cap gives: NaN and infinities are 0,
 * out-of-range values saturate. */
static int64_t double_to_int_capped(double d)
{
    if (isnan(d) || isinf(d))
        return 0;
    /* 2^63 is exactly representable; anything >= it does not fit. */
    if (d >= 9223372036854775808.0)
        return INT64_MAX;
    if (d < -9223372036854775808.0)
        return INT64_MIN;
    return (int64_t)d;
}

/*
 * (int)"..." as PHP 7.4 computes it on 64-bit (is_numeric_string with
 * errors allowed, then zval_get_long):
 *   - skip leading " \t\n\r\v\f", then an optional '+' or '-';
 *   - digits, optionally followed by a fraction ('.' digits) or an exponent
 *     ('e'/'E', optional sign, at least one digit); ".5" also counts;
 *   - an integer of at most 19 significant digits that fits int64 is taken
 *     exactly; otherwise (fraction, exponent or overflow) the prefix is
 *     converted as a double and then truncated toward zero;
 *   - Out of range: a double beyond int64 saturates to INT64_MAX/INT64_MIN
 *     (so "99999999999999999999" -> INT64_MAX, "-1e30" -> INT64_MIN), and
 *     a double that overflows to infinity ("1e999") gives 0, as PHP 7.4's
 *     zend_dval_to_lval_cap does;
 *   - anything else gives 0 ("abc", "", "0x1A" -> 0 because only "0" is
 *     read).
 * Conversion of the double uses strtod, which honours LC_NUMERIC: the
 * server runs in the "C" locale.
 */
static int64_t string_intval(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && is_php_space((unsigned char)s[i]))
        i++;
    size_t number_start = i;
    bool negative = false;
    if (i < len && (s[i] == '-' || s[i] == '+')) {
        negative = s[i] == '-';
        i++;
    }
    size_t digits_start = i;
    while (i < len && is_digit((unsigned char)s[i]))
        i++;
    size_t int_digits = i - digits_start;
    bool as_double = false;
    if (int_digits == 0) {
        /* Only ".5" style numbers remain possible. */
        if (!(i + 1 < len && s[i] == '.' && is_digit((unsigned char)s[i + 1])))
            return 0;
        as_double = true;
    } else if (i < len && s[i] == '.') {
        as_double = true;
    } else if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = i + 1;
        if (e < len && (s[e] == '+' || s[e] == '-'))
            e++;
        if (e < len && is_digit((unsigned char)s[e]))
            as_double = true;
    }
    if (!as_double) {
        /* Accumulate negatively so that INT64_MIN is reachable. */
        int64_t acc = 0;
        for (size_t k = digits_start; k < i; k++) {
            int digit = s[k] - '0';
            if (acc < (INT64_MIN + digit) / 10) {
                as_double = true; /* overflow: PHP switches to a double */
                break;
            }
            acc = acc * 10 - digit;
        }
        if (!as_double) {
            if (negative)
                return acc;
            if (acc == INT64_MIN)
                return INT64_MAX; /* "9223372036854775808" saturates */
            return -acc;
        }
    }
    /* s is NUL-terminated (php_value contract), strtod stops at the end of
     * the numeric prefix we validated; it cannot take a hex or "inf" path
     * because the prefix starts with a sign, a digit or ".digit". */
    double d = strtod(s + number_start, NULL);
    return double_to_int_capped(d);
}

int64_t php_intval(const php_value *v)
{
    if (!v)
        return 0;
    if (v->kind == PHP_ARRAY)
        return v->arr && v->arr->count ? 1 : 0;
    return string_intval(v->str, v->len);
}

int64_t php_intval_column(const php_value *v)
{
    int64_t n = php_intval(v);
    return n > INT32_MAX ? INT32_MAX : n < INT32_MIN ? INT32_MIN : n;
}

bool php_truthy(const php_value *v)
{
    if (!v)
        return false;
    if (v->kind == PHP_ARRAY)
        return v->arr && v->arr->count > 0;
    return php_string_truthy(v->str, v->len);
}

/* A copy of s[0..len) with the ASCII letters of one case moved by shift. */
static char *ascii_case_copy(arena *a, const char *s, size_t len, char first, char last, int shift)
{
    char *copy = arena_strndup(a, s, len);
    if (copy)
        for (size_t i = 0; i < len; i++)
            if (copy[i] >= first && copy[i] <= last)
                copy[i] = (char)(copy[i] + shift);
    return copy;
}

char *php_strtolower(arena *a, const char *s, size_t len)
{
    return ascii_case_copy(a, s, len, 'A', 'Z', 'a' - 'A');
}

char *php_strtoupper(arena *a, const char *s, size_t len)
{
    return ascii_case_copy(a, s, len, 'a', 'z', 'A' - 'a');
}

bool php_numeric_string(const char *s, double *out)
{
    if (!s)
        return false;
    while (is_php_space((unsigned char)*s))
        s++;
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    bool digits = false;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits = true;
        else if (!strchr(".eE+- \t\n\r\v\f", *p))
            return false; /* hex, "inf", "nan" and words are not numeric */
    }
    if (!digits)
        return false;
    char *end;
    double d = strtod(s, &end);
    while (is_php_space((unsigned char)*end))
        end++;
    if (*end != '\0')
        return false;
    *out = d;
    return true;
}

const char *php_strval(const php_value *v)
{
    return v && v->kind == PHP_STRING ? v->str : NULL;
}

/* s[0..len) is word (lower-case), ASCII case ignored. */
static bool equals_nocase(const char *s, size_t len, const char *word)
{
    return len == strlen(word) && strncasecmp(s, word, len) == 0;
}

/* PHP's filter trims " \t\r\v\n" and NUL (not \f) before matching. */
static bool is_filter_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\n' || c == '\0';
}

bool php_filter_bool(const php_value *v)
{
    if (!v || v->kind != PHP_STRING)
        return false;
    const char *s = v->str;
    size_t len = v->len;
    while (len && is_filter_space((unsigned char)s[0])) {
        s++;
        len--;
    }
    while (len && is_filter_space((unsigned char)s[len - 1]))
        len--;
    return equals_nocase(s, len, "1") || equals_nocase(s, len, "true") ||
           equals_nocase(s, len, "on") || equals_nocase(s, len, "yes");
}

const char *php_trim(const char *s, size_t len, size_t *out_len)
{
    static const char set[] = " \t\n\r\v"; /* and NUL, tested apart */
    while (len && (s[0] == '\0' || strchr(set, s[0])))
        s++, len--;
    while (len && (s[len - 1] == '\0' || strchr(set, s[len - 1])))
        len--;
    *out_len = len;
    return s;
}

/* ---- debugging form ---- */

static void dump_bytes(strbuf *sb, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c > 0x7E || c == '\\' || c == '[' || c == ']' || c == ',' ||
            c == '=' || c == '#')
            sb_printf(sb, "\\x%02X", c);
        else
            sb_putc(sb, (char)c);
    }
}

static void dump_array(strbuf *sb, const php_array *arr, unsigned depth);

static void dump_value(strbuf *sb, const php_value *v, unsigned depth)
{
    if (!v)
        sb_puts(sb, "(null)");
    else if (v->kind == PHP_ARRAY)
        dump_array(sb, v->arr, depth);
    else
        dump_bytes(sb, v->str, v->len);
}

static void dump_array(strbuf *sb, const php_array *arr, unsigned depth)
{
    if (depth > 1024) {
        sb_puts(sb, "[...]");
        return;
    }
    sb_putc(sb, '[');
    for (const php_entry *e = arr->first; e; e = e->next) {
        if (e != arr->first)
            sb_putc(sb, ',');
        if (e->key_is_int)
            sb_printf(sb, "#%" PRId64, e->int_key);
        else
            dump_bytes(sb, e->key, e->key_len);
        sb_putc(sb, '=');
        dump_value(sb, e->value, depth + 1);
    }
    sb_putc(sb, ']');
}

const char *php_array_dump(arena *a, const php_array *arr)
{
    if (!arr)
        return "(null)";
    strbuf sb;
    sb_init(&sb, a, 256);
    dump_array(&sb, arr, 0);
    return sb_failed(&sb) ? NULL : sb.data;
}

const char *php_value_dump(arena *a, const php_value *v)
{
    strbuf sb;
    sb_init(&sb, a, 64);
    dump_value(&sb, v, 0);
    return sb_failed(&sb) ? NULL : sb.data;
}
