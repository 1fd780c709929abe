/*
 * json_input.c - JSON that reaches the parameter bags: the `hash` query
 * parameter (10-request-flow.md §3.2) and a JSON body (§3.4, 1.11.32).
 *
 * Two passes over the text, no intermediate tree (an 8 MB array decoded
 * by json-c first would cost 2 s of CPU and 300 MB before the parameter
 * limit is even looked at):
 *
 *  1. validate: PHP 7.4's json_decode rules (its scanner and parser), with
 *     no allocation. JSON that PHP rejects (single-quoted strings, NaN,
 *     "1.", raw control characters, unpaired surrogates, invalid UTF-8,
 *     nesting deeper than PHP's default of 512) is ignored, as in PHP, so
 *     the whole text is checked before anything is stored; but a text
 *     nested deeper than max_depth is refused with PARSE_TOO_DEEP whether
 *     it is valid or not (one rule for nesting). The pass counts
 *     the values the build would store and stops as soon as they exceed
 *     what max_params leaves: such a document is refused with "Too many
 *     parameters" at once, even if its remainder is not valid JSON (a
 *     deviation from "invalid JSON is ignored" that only such a document
 *     sees; docs/compat.md).
 *  2. build: straight from the text into the request arena, in document
 *     order, enforcing the limits as each value is stored: every stored
 *     scalar and every empty array counts as one value against max_params,
 *     each object key against max_key_length, arrays nested deeper than
 *     max_depth below a top-level member fail with PARSE_TOO_DEEP. The first
 *     limit passed ends the build, so the work and the memory are bounded
 *     by the limits and the body size, whatever the document.
 *
 * Values become what Security::remove_XSS makes of them: strings are
 * sanitized (xss.c); integers print in decimal, integers beyond int64 are
 * doubles as in PHP, doubles print as PHP 7.4's (string) cast does
 * (precision 14: 1.5 -> "1.5", 1e25 -> "1.0E+25"); true -> "1"; false and
 * null -> ""; arrays keep their keys and are converted element by element.
 * Our choice: a JSON object nested inside `hash` (PHP 7.4 produces warnings
 * and a garbled value there) is converted like an array with its keys; a
 * nested object of a JSON body is an array in PHP too (assoc decoding).
 * A key repeated in one object keeps its first position and its last value,
 * as in PHP, but each occurrence counts against max_params.
 *
 * Ownership: every stored string and key is in the arena.
 */
#include "core/hex.h"
#include "core/utf8.h"
#include "json/php_json.h"
#include "php/php_number.h"
#include "request/json_input.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- validation (PHP's json scanner and parser rules) ---- */

typedef struct validator {
    const unsigned char *s;
    size_t len;
    size_t pos;
    bool objects_are_stdclass; /* json_decode($x) rather than ($x, true) */
    /* Values the build would store (scalars and empty arrays below the
     * root), and how many it may: past that the validation stops. */
    size_t values;
    size_t budget;
    bool over_budget;
    /* A container deeper than max_depth below the root was seen: the build
     * would fail there first, so that is the error to report. */
    unsigned max_depth;
    bool too_deep;
} validator;

/* Counts one value that the build would store; false past the budget. */
static bool count_value(validator *v, unsigned depth)
{
    if (depth == 0)
        return true; /* the document itself is not stored */
    if (++v->values <= v->budget)
        return true;
    v->over_budget = true;
    return false;
}

static void skip_ws(validator *v)
{
    while (v->pos < v->len) {
        unsigned char c = v->s[v->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        v->pos++;
    }
}

static bool literal(validator *v, const char *word)
{
    size_t n = strlen(word);
    if (v->len - v->pos < n || memcmp(v->s + v->pos, word, n) != 0)
        return false;
    v->pos += n;
    return true;
}

/* The 16-bit unit of the four hex digits at s, or -1. */
static inline int hex4(const unsigned char *s)
{
    int a = hex_digit_value(s[0]), b = hex_digit_value(s[1]), c = hex_digit_value(s[2]),
        d = hex_digit_value(s[3]);
    if ((a | b | c | d) < 0)
        return -1;
    return (a << 12) | (b << 8) | (c << 4) | d;
}

/* Bytes that stand for themselves inside a JSON string: printable ASCII
 * other than '"' and '\\'. */
static const bool plain_string_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static bool validate_string(validator *v, bool is_key)
{
    v->pos++; /* opening quote */
    bool first = true;
    while (v->pos < v->len) {
        /* The common case first, in a tight loop: printable ASCII. */
        size_t run = v->pos;
        while (run < v->len && plain_string_byte[v->s[run]])
            run++;
        if (run > v->pos) {
            v->pos = run;
            first = false;
            continue;
        }
        unsigned char c = v->s[v->pos];
        if (c == '"') {
            v->pos++;
            return true;
        }
        if (c < 0x20)
            return false; /* JSON_ERROR_CTRL_CHAR */
        if (c == '\\') {
            if (v->pos + 1 >= v->len)
                return false;
            unsigned char e = v->s[v->pos + 1];
            if (e == 'u') {
                if (v->len - v->pos < 6)
                    return false;
                int unit = hex4(v->s + v->pos + 2);
                if (unit < 0)
                    return false;
                v->pos += 6;
                if (unit >= 0xD800 && unit <= 0xDBFF) {
                    /* A high surrogate must be followed by a low one. */
                    if (v->len - v->pos < 6 || v->s[v->pos] != '\\' || v->s[v->pos + 1] != 'u')
                        return false;
                    int low = hex4(v->s + v->pos + 2);
                    if (low < 0xDC00 || low > 0xDFFF)
                        return false;
                    v->pos += 6;
                } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                    return false; /* JSON_ERROR_UTF16 */
                } else if (unit == 0 && is_key && first && v->objects_are_stdclass) {
                    return false; /* JSON_ERROR_INVALID_PROPERTY_NAME */
                }
            } else if (e != 0 && strchr("\"\\/bfnrt", e)) {
                v->pos += 2;
            } else {
                return false;
            }
        } else if (c < 0x80) {
            v->pos++;
        } else {
            uint32_t cp;
            size_t n = utf8_sequence(v->s, v->len, v->pos, &cp);
            if (!n)
                return false; /* JSON_ERROR_UTF8 */
            v->pos += n;
        }
        first = false;
    }
    return false;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Scans a number literal (JSON grammar). *is_double: it has a fraction or
 * an exponent. */
static bool validate_number(validator *v, bool *is_double)
{
    *is_double = false;
    if (v->s[v->pos] == '-')
        v->pos++;
    if (v->pos >= v->len || !is_digit(v->s[v->pos]))
        return false;
    if (v->s[v->pos] == '0') {
        v->pos++;
    } else {
        while (v->pos < v->len && is_digit(v->s[v->pos]))
            v->pos++;
    }
    if (v->pos < v->len && v->s[v->pos] == '.') {
        v->pos++;
        if (v->pos >= v->len || !is_digit(v->s[v->pos]))
            return false;
        while (v->pos < v->len && is_digit(v->s[v->pos]))
            v->pos++;
        *is_double = true;
    }
    if (v->pos < v->len && (v->s[v->pos] == 'e' || v->s[v->pos] == 'E')) {
        v->pos++;
        if (v->pos < v->len && (v->s[v->pos] == '+' || v->s[v->pos] == '-'))
            v->pos++;
        if (v->pos >= v->len || !is_digit(v->s[v->pos]))
            return false;
        while (v->pos < v->len && is_digit(v->s[v->pos]))
            v->pos++;
        *is_double = true;
    }
    return true;
}

static bool validate_value(validator *v, unsigned depth);

static bool validate_container(validator *v, unsigned depth, bool is_object)
{
    if (depth >= PHP_JSON_MAX_DEPTH)
        return false; /* JSON_ERROR_DEPTH */
    if (depth > v->max_depth)
        v->too_deep = true;
    v->pos++;
    skip_ws(v);
    char close = is_object ? '}' : ']';
    if (v->pos < v->len && v->s[v->pos] == close) {
        v->pos++;
        return count_value(v, depth); /* an empty array is stored too */
    }
    for (;;) {
        if (is_object) {
            if (v->pos >= v->len || v->s[v->pos] != '"' || !validate_string(v, true))
                return false;
            skip_ws(v);
            if (v->pos >= v->len || v->s[v->pos] != ':')
                return false;
            v->pos++;
            skip_ws(v);
        }
        if (!validate_value(v, depth + 1))
            return false;
        skip_ws(v);
        if (v->pos >= v->len)
            return false;
        if (v->s[v->pos] == close) {
            v->pos++;
            return true;
        }
        if (v->s[v->pos] != ',')
            return false;
        v->pos++;
        skip_ws(v);
    }
}

static bool validate_value(validator *v, unsigned depth)
{
    if (v->pos >= v->len)
        return false;
    unsigned char c = v->s[v->pos];
    bool ok;
    switch (c) {
    case '{':
        return validate_container(v, depth, true);
    case '[':
        return validate_container(v, depth, false);
    case '"':
        ok = validate_string(v, false);
        break;
    case 't':
        ok = literal(v, "true");
        break;
    case 'f':
        ok = literal(v, "false");
        break;
    case 'n':
        ok = literal(v, "null");
        break;
    default: {
        bool is_double;
        ok = (c == '-' || is_digit(c)) && validate_number(v, &is_double);
        break;
    }
    }
    return ok && count_value(v, depth);
}

typedef enum validation {
    JSON_VALID,
    JSON_INVALID,
    JSON_TOO_MANY_VALUES, /* more values than the budget */
    JSON_TOO_DEEP_FIRST,  /* ... after a container deeper than max_depth */
} validation;

/* Whether PHP's json_decode accepts s[0..len), stopping early (with
 * JSON_TOO_MANY_VALUES) as soon as the document holds more than budget
 * values to store: the limit is enforced while reading, so a body of
 * millions of values costs no more than one of budget values. */
static validation validate_document(const char *s, size_t len, bool stdclass, size_t budget,
                                     unsigned max_depth)
{
    validator v = { 0 };
    v.s = (const unsigned char *)s;
    v.len = len;
    v.objects_are_stdclass = stdclass;
    v.budget = budget;
    v.max_depth = max_depth;
    skip_ws(&v);
    bool ok = validate_value(&v, 0);
    if (v.over_budget)
        return v.too_deep ? JSON_TOO_DEEP_FIRST : JSON_TOO_MANY_VALUES;
    /* One rule for nesting: deeper than max_depth is refused, also when
     * the text is not JSON PHP would decode (nested beyond PHP's 512 levels,
     * or broken further on), rather than ignored as invalid. */
    if (!ok && v.too_deep)
        return JSON_TOO_DEEP_FIRST;
    skip_ws(&v);
    return ok && v.pos == v.len ? JSON_VALID : JSON_INVALID;
}

/* ---- building PHP values from validated text ---- */

/* The builder walks text the validator accepted, so it checks nothing of
 * the grammar; it reuses the validator's scanning functions. */
typedef validator reader;

static void put_utf8(char *out, size_t *n, unsigned cp)
{
    *n += utf8_encode(cp, out + *n);
}

/* Decodes the string literal at r->pos into a new NUL-terminated arena
 * string (escapes resolved; it may hold NUL bytes). NULL on OOM. */
static char *read_string(reader *r, arena *a, size_t *out_len)
{
    size_t start = r->pos + 1;
    size_t end = start;
    for (;;) { /* the closing quote: the first '"' not escaped */
        const unsigned char *q = memchr(r->s + end, '"', r->len - end);
        end = (size_t)(q - r->s);
        size_t backslashes = 0;
        while (end - backslashes > start && r->s[end - backslashes - 1] == '\\')
            backslashes++;
        if (backslashes % 2 == 0)
            break;
        end++;
    }
    r->pos = end + 1;
    /* Decoding never lengthens: an escape of 2 or 6 bytes gives 1 to 3, a
     * pair of 12 gives 4. */
    char *out = arena_alloc(a, end - start + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = start; i < end;) {
        /* A short run (between escapes) is scanned in place, a long one
         * with memchr. */
        size_t plain = 0;
        while (plain < 16 && i + plain < end && r->s[i + plain] != '\\')
            plain++;
        if (plain == 16) {
            const unsigned char *escape = memchr(r->s + i + plain, '\\', end - i - plain);
            plain = escape ? (size_t)(escape - (r->s + i)) : end - i;
        }
        memcpy(out + n, r->s + i, plain);
        n += plain;
        i += plain;
        if (i >= end)
            break;
        unsigned char e = r->s[i + 1];
        i += 2;
        switch (e) {
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned cp = (unsigned)hex4(r->s + i);
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) { /* the validator saw the low half */
                unsigned low = (unsigned)hex4(r->s + i + 2);
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            put_utf8(out, &n, cp);
            break;
        }
        default: /* " \ / */
            out[n++] = (char)e;
            break;
        }
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

static parse_status build_value(parse_ctx *ctx, reader *r, unsigned level, php_value **out);

static parse_status check_key(parse_ctx *ctx, size_t key_len)
{
    return key_len > ctx->limits.max_key_length ? parse_fail(ctx, PARSE_KEY_TOO_LONG) : PARSE_OK;
}

/* An object member's key and the ':' after it (the document is valid:
 * validate_document ran first). */
static parse_status read_member_key(parse_ctx *ctx, reader *r, const char **key, size_t *key_len)
{
    *key = read_string(r, ctx->a, key_len);
    if (!*key)
        return parse_fail(ctx, PARSE_NO_MEMORY);
    parse_status st = check_key(ctx, *key_len);
    if (st != PARSE_OK)
        return st;
    skip_ws(r);
    r->pos++; /* ':' */
    skip_ws(r);
    return PARSE_OK;
}

static parse_status scalar(parse_ctx *ctx, const char *s, size_t len, php_value **out)
{
    parse_status st = parse_count_leaf(ctx);
    if (st != PARSE_OK)
        return st;
    *out = php_string_new(ctx->a, s, len);
    return *out ? PARSE_OK : parse_fail(ctx, PARSE_NO_MEMORY);
}

static parse_status build_string(parse_ctx *ctx, reader *r, php_value **out)
{
    parse_status st = parse_count_leaf(ctx);
    if (st != PARSE_OK)
        return st;
    size_t len;
    const char *s = read_string(r, ctx->a, &len);
    if (!s)
        return parse_fail(ctx, PARSE_NO_MEMORY);
    if (ctx->json_raw) { /* json_decode_value: the text as decoded, unsanitized */
        *out = php_string_ref(ctx->a, s, len);
        return *out ? PARSE_OK : parse_fail(ctx, PARSE_NO_MEMORY);
    }
    /* remove_XSS escapes & < > (4 and 3 bytes more each): refuse, before
     * sanitizing, a document whose escapes would more than double it, so
     * that no body costs more than a few times its size. */
    static const unsigned char escape_growth[256] = {['&'] = 4, ['<'] = 3, ['>'] = 3};
    size_t growth = 0;
    for (size_t i = 0; i < len; i++)
        growth += escape_growth[(unsigned char)s[i]]; /* a table: no branch per byte */
    if (growth > ctx->escape_budget)
        return parse_fail(ctx, PARSE_TOO_LARGE);
    ctx->escape_budget -= growth;
    size_t clean_len;
    const char *clean = xss_sanitize_str(ctx->a, s, len, &clean_len);
    if (!clean)
        return parse_fail(ctx, PARSE_NO_MEMORY);
    *out = php_string_ref(ctx->a, clean, clean_len);
    return *out ? PARSE_OK : parse_fail(ctx, PARSE_NO_MEMORY);
}

/* A number as PHP's (string) of what json_decode gives: an int64 in
 * decimal, anything else (a fraction, an exponent, an integer beyond
 * int64) a double. */
static parse_status build_number(parse_ctx *ctx, reader *r, php_value **out)
{
    size_t start = r->pos;
    bool is_double;
    validate_number(r, &is_double);
    char text[64];
    size_t n = r->pos - start;
    char buf[32];
    size_t out_len = 0;
    if (n >= sizeof text) {
        is_double = true; /* more than 63 characters: far beyond int64 */
    }
    if (!is_double) {
        memcpy(text, r->s + start, n);
        text[n] = '\0';
        errno = 0;
        long long i = strtoll(text, NULL, 10);
        if (errno == ERANGE)
            is_double = true;
        else
            out_len = (size_t)snprintf(buf, sizeof buf, "%lld", i);
    }
    if (is_double) {
        /* strtod needs a NUL-terminated copy; a long literal goes to the
         * arena (it is at most the body's size, and rare). */
        char *copy = n < sizeof text ? text : arena_alloc(ctx->a, n + 1);
        if (!copy)
            return parse_fail(ctx, PARSE_NO_MEMORY);
        memcpy(copy, r->s + start, n);
        copy[n] = '\0';
        out_len = php_double_to_string(strtod(copy, NULL), buf);
    }
    return scalar(ctx, buf, out_len, out);
}

/* A JSON array or object whose elements sit `level` brackets below a
 * top-level member. */
static parse_status build_container(parse_ctx *ctx, reader *r, unsigned level, php_value **out)
{
    if (level > ctx->limits.max_depth)
        return parse_fail(ctx, PARSE_TOO_DEEP);
    php_value *arr = php_array_value_new(ctx->a);
    if (!arr)
        return parse_fail(ctx, PARSE_NO_MEMORY);
    bool is_object = r->s[r->pos] == '{';
    char close = is_object ? '}' : ']';
    r->pos++;
    skip_ws(r);
    parse_status st;
    while (r->s[r->pos] != close) {
        const char *key = NULL;
        size_t key_len = 0;
        if (is_object && (st = read_member_key(ctx, r, &key, &key_len)) != PARSE_OK)
            return st;
        php_value *item;
        if ((st = build_value(ctx, r, level + 1, &item)) != PARSE_OK)
            return st;
        int rc = 0;
        if (!item) {
            /* A raw null (json_decode_value) is left out; in a list the next
             * element keeps its index, as PHP's array does. */
            if (!is_object)
                arr->arr->next_index++;
        } else {
            rc = is_object ? php_array_set(ctx->a, arr->arr, key, key_len, item)
                           : php_array_append(ctx->a, arr->arr, item);
        }
        if (rc != 0)
            return parse_fail(ctx, PARSE_NO_MEMORY);
        skip_ws(r);
        if (r->s[r->pos] == ',') {
            r->pos++;
            skip_ws(r);
        }
    }
    r->pos++;
    if (arr->arr->count == 0 && (st = parse_count_leaf(ctx)) != PARSE_OK)
        return st; /* an empty array still costs one value */
    *out = arr;
    return PARSE_OK;
}

/* level: bracket levels between the top-level member and the value's
 * elements if it is a container (a top-level member is built with level 1). */
static parse_status build_value(parse_ctx *ctx, reader *r, unsigned level, php_value **out)
{
    switch (r->s[r->pos]) {
    case '{':
    case '[':
        return build_container(ctx, r, level, out);
    case '"':
        return build_string(ctx, r, out);
    case 't':
        r->pos += 4;
        return scalar(ctx, "1", 1, out);
    case 'f':
        r->pos += 5;
        return scalar(ctx, "", 0, out);
    case 'n':
        r->pos += 4;
        if (ctx->json_raw) {
            *out = NULL; /* json_decode_value keeps null apart from "" */
            return PARSE_OK;
        }
        return scalar(ctx, "", 0, out);
    default:
        return build_number(ctx, r, out);
    }
}

/* Calls sink(member key, sanitized value) for each top-level member of a
 * JSON array (keys "0", "1", ...) or object; a scalar document is ignored. */
typedef parse_status (*member_sink)(parse_ctx *ctx, void *target, const char *key,
                                    size_t key_len, php_value *value);

static parse_status for_each_member(parse_ctx *ctx, reader *r, member_sink sink, void *target)
{
    skip_ws(r);
    unsigned char open = r->s[r->pos];
    if (open != '[' && open != '{')
        return PARSE_OK;
    bool is_object = open == '{';
    char close = is_object ? '}' : ']';
    r->pos++;
    skip_ws(r);
    parse_status st = PARSE_OK;
    for (size_t index = 0; r->s[r->pos] != close; index++) {
        char number[24];
        const char *key = number;
        size_t key_len;
        if (is_object) {
            if ((st = read_member_key(ctx, r, &key, &key_len)) != PARSE_OK)
                return st;
        } else {
            key_len = (size_t)snprintf(number, sizeof number, "%zu", index);
        }
        php_value *value;
        if ((st = build_value(ctx, r, 1, &value)) != PARSE_OK)
            return st;
        if ((st = sink(ctx, target, key, key_len, value)) != PARSE_OK)
            return st;
        skip_ws(r);
        if (r->s[r->pos] == ',') {
            r->pos++;
            skip_ws(r);
        }
    }
    return PARSE_OK;
}

/* What remove_XSS's escapes may add to a JSON document beyond its own size:
 * a small document is never refused for its markup. */
#define ESCAPE_ALLOWANCE (64 * 1024)

static parse_status apply(parse_ctx *ctx, const char *text, size_t len, bool stdclass,
                          member_sink sink, void *target)
{
    if (!text)
        return PARSE_OK;
    size_t budget = ctx->limits.max_params > ctx->leaf_count
                        ? ctx->limits.max_params - ctx->leaf_count
                        : 0;
    switch (validate_document(text, len, stdclass, budget, ctx->limits.max_depth)) {
    case JSON_INVALID:
        return PARSE_OK; /* PHP's json_decode returns null: ignored */
    case JSON_TOO_MANY_VALUES:
        return parse_fail(ctx, PARSE_TOO_MANY_PARAMS);
    case JSON_TOO_DEEP_FIRST:
        return parse_fail(ctx, PARSE_TOO_DEEP);
    case JSON_VALID:
        break;
    }
    reader r = { 0 };
    r.s = (const unsigned char *)text;
    r.len = len;
    ctx->escape_budget = len + ESCAPE_ALLOWANCE;
    return for_each_member(ctx, &r, sink, target);
}

/* ---- hash ---- */

static parse_status set_in_query_bag(parse_ctx *ctx, void *target, const char *key,
                                     size_t key_len, php_value *value)
{
    if (php_array_set(ctx->a, target, key, key_len, value) != 0)
        return parse_fail(ctx, PARSE_NO_MEMORY);
    return PARSE_OK;
}

parse_status json_apply_hash(parse_ctx *ctx, php_array *query_bag, const char *text, size_t len)
{
    /* Rest::decodeParams is json_decode($hash): objects, not arrays. */
    return apply(ctx, text, len, true, set_in_query_bag, query_bag);
}

/* ---- body ---- */

static parse_status set_in_all_bags(parse_ctx *ctx, void *target, const char *key,
                                    size_t key_len, php_value *value)
{
    api_params *bags = target;
    php_array *all[] = { bags->get, bags->post, bags->query_bag, bags->request_bag };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (php_array_set(ctx->a, all[i], key, key_len, value) != 0)
            return parse_fail(ctx, PARSE_NO_MEMORY);
    return PARSE_OK;
}

parse_status json_apply_body(parse_ctx *ctx, api_params *bags, const char *body, size_t len)
{
    return apply(ctx, body, len, false, set_in_all_bags, bags);
}

/* ---- a JSON text received as a parameter ---- */

parse_status json_decode_value(arena *a, const char *text, size_t len, const parse_limits *limits,
                               php_value **out)
{
    *out = NULL;
    parse_ctx ctx;
    parse_ctx_init(&ctx, a, limits);
    ctx.json_raw = true;
    if (!text)
        return PARSE_OK;
    switch (validate_document(text, len, false, ctx.limits.max_params, ctx.limits.max_depth)) {
    case JSON_INVALID:
        return PARSE_OK; /* PHP's json_decode returns null */
    case JSON_TOO_MANY_VALUES:
        return PARSE_TOO_MANY_PARAMS;
    case JSON_TOO_DEEP_FIRST:
        return PARSE_TOO_DEEP;
    case JSON_VALID:
        break;
    }
    reader r = { 0 };
    r.s = (const unsigned char *)text;
    r.len = len;
    skip_ws(&r);
    parse_status st = build_value(&ctx, &r, 1, out);
    if (st != PARSE_OK)
        *out = NULL;
    return st;
}
