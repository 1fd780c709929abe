/*
 * php_json.c - see php_json.h for the contract.
 *
 * Design:
 *   - Strings are encoded in two passes over the input: the first validates
 *     UTF-8 and computes the exact escaped length, the second writes into
 *     space reserved once. Nothing is written for a string that fails, runs
 *     of plain ASCII are copied with memcpy, and the arena never holds the
 *     6x worst-case reservation a one-pass writer would need.
 *   - Doubles: see shortest_digits() for how PHP's serialize_precision = -1
 *     output (shortest round-trip digits) is reproduced with the C library.
 *   - Recursion is bounded by PHP_JSON_MAX_DEPTH, checked on entry to every
 *     container, so hostile trees cannot exhaust the stack.
 *
 * Assumes LC_NUMERIC is "C" (the worker never calls setlocale): snprintf
 * and strtod are used for double conversion.
 */
#include "json/php_json.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "php/php_number.h"

/* ---------------------------------------------------------------- output */

static void out_lit(strbuf *sb, const char *s, size_t n)
{
    char *o = sb_reserve(sb, n);
    if (o) {
        memcpy(o, s, n);
        sb_commit(sb, n);
    }
}

#define OUT_LIT(sb, s) out_lit((sb), (s), sizeof(s) - 1)

/* ----------------------------------------------------------------- strings */

/*
 * Output length of every ASCII byte under flags 0: 1 when copied as is,
 * 2 for the short escapes (\" \\ \/ \b \f \n \r \t), 6 for \u00XX.
 * 0 marks bytes >= 0x80, which start a multi-byte sequence.
 */
static const unsigned char ascii_len[256] = {
    /* 0x00 */ 6, 6, 6, 6, 6, 6, 6, 6, 2, 2, 2, 6, 2, 2, 6, 6,
    /* 0x10 */ 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    /* 0x20 */ 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2,
    /* 0x30 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x40 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x50 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1,
    /* 0x60 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x70 */ 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x80..0xff: 0 */
};

/* The letter after '\\' for the two-byte escapes; 0 means \u00XX. */
static const char short_escape[128] = {
    ['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['\b'] = 'b',
    ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
};

static const char hex_lower[] = "0123456789abcdef";

/*
 * Decodes one UTF-8 sequence starting at s[0] (a byte >= 0x80) with
 * s[0..n) available. Accepts exactly RFC 3629 UTF-8 (no overlongs, no
 * UTF-16 surrogates, nothing above U+10FFFF), which is what PHP's encoder
 * accepts. Returns the sequence length, 0 when invalid.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c >= 0xc2 && c <= 0xdf) {
        if (n < 2 || (s[1] & 0xc0) != 0x80)
            return 0;
        *cp = ((uint32_t)(c & 0x1f) << 6) | (s[1] & 0x3f);
        return 2;
    }
    if (c >= 0xe0 && c <= 0xef) {
        if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
            return 0;
        uint32_t v = ((uint32_t)(c & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
        if (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))
            return 0;
        *cp = v;
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
            return 0;
        uint32_t v = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
                     ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
        if (v < 0x10000 || v > 0x10ffff)
            return 0;
        *cp = v;
        return 4;
    }
    return 0;
}

static char *put_u_escape(char *o, unsigned unit)
{
    o[0] = '\\';
    o[1] = 'u';
    o[2] = hex_lower[(unit >> 12) & 0xf];
    o[3] = hex_lower[(unit >> 8) & 0xf];
    o[4] = hex_lower[(unit >> 4) & 0xf];
    o[5] = hex_lower[unit & 0xf];
    return o + 6;
}

/* Appends the JSON string literal of s[0..n) (quotes included). On invalid
 * UTF-8 nothing is appended. */
static php_json_status put_string(strbuf *sb, const unsigned char *s, size_t n)
{
    /* Pass 1: validate and measure. */
    size_t out_len = 2;
    for (size_t i = 0; i < n;) {
        unsigned l = ascii_len[s[i]];
        if (l) {
            out_len += l;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (!k)
            return PHP_JSON_INVALID_UTF8;
        out_len += cp >= 0x10000 ? 12 : 6;
        i += k;
    }

    char *o = sb_reserve(sb, out_len);
    if (!o)
        return PHP_JSON_NO_MEMORY;
    char *start = o;

    /* Pass 2: write. The input is known to be valid here. */
    *o++ = '"';
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && ascii_len[s[run]] == 1)
            run++;
        if (run > i) {
            memcpy(o, s + i, run - i);
            o += run - i;
            i = run;
            if (i == n)
                break;
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            if (short_escape[c]) {
                o[0] = '\\';
                o[1] = short_escape[c];
                o += 2;
            } else {
                o = put_u_escape(o, c);
            }
            i++;
            continue;
        }
        uint32_t cp = 0;
        i += utf8_decode(s + i, n - i, &cp);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            o = put_u_escape(o, 0xd800 | (cp >> 10));
            o = put_u_escape(o, 0xdc00 | (cp & 0x3ff));
        } else {
            o = put_u_escape(o, cp);
        }
    }
    *o++ = '"';
    sb_commit(sb, (size_t)(o - start));
    return PHP_JSON_OK;
}

/* ----------------------------------------------------------------- encoder */

typedef struct encoder {
    strbuf sb;
    bool pretty;
} encoder;

/* "\n" followed by 4 spaces per level, the way JSON_PRETTY_PRINT indents. */
static void put_newline_indent(strbuf *sb, int depth)
{
    size_t n = 1 + 4 * (size_t)depth;
    char *o = sb_reserve(sb, n);
    if (!o)
        return;
    o[0] = '\n';
    memset(o + 1, ' ', n - 1);
    sb_commit(sb, n);
}

static php_json_status encode_value(encoder *e, struct json_object *v, int depth);

static php_json_status encode_array(encoder *e, struct json_object *v, int depth)
{
    size_t count = json_object_array_length(v);
    if (count == 0) {
        OUT_LIT(&e->sb, "[]");
        return PHP_JSON_OK;
    }
    OUT_LIT(&e->sb, "[");
    for (size_t i = 0; i < count; i++) {
        if (i)
            OUT_LIT(&e->sb, ",");
        if (e->pretty)
            put_newline_indent(&e->sb, depth);
        php_json_status st = encode_value(e, json_object_array_get_idx(v, i), depth);
        if (st != PHP_JSON_OK)
            return st;
    }
    if (e->pretty)
        put_newline_indent(&e->sb, depth - 1);
    OUT_LIT(&e->sb, "]");
    return PHP_JSON_OK;
}

static php_json_status encode_object(encoder *e, struct json_object *v, int depth)
{
    struct lh_table *t = json_object_get_object(v);
    struct lh_entry *ent = t ? lh_table_head(t) : NULL;
    if (!ent) {
        OUT_LIT(&e->sb, "{}");
        return PHP_JSON_OK;
    }
    OUT_LIT(&e->sb, "{");
    for (bool first = true; ent; ent = lh_entry_next(ent), first = false) {
        if (!first)
            OUT_LIT(&e->sb, ",");
        if (e->pretty)
            put_newline_indent(&e->sb, depth);
        const char *key = lh_entry_k(ent);
        php_json_status st = put_string(&e->sb, (const unsigned char *)key, strlen(key));
        if (st != PHP_JSON_OK)
            return st;
        if (e->pretty)
            OUT_LIT(&e->sb, ": ");
        else
            OUT_LIT(&e->sb, ":");
        st = encode_value(e, (struct json_object *)lh_entry_v(ent), depth);
        if (st != PHP_JSON_OK)
            return st;
    }
    if (e->pretty)
        put_newline_indent(&e->sb, depth - 1);
    OUT_LIT(&e->sb, "}");
    return PHP_JSON_OK;
}

/* depth = number of containers enclosing v. */
static php_json_status encode_value(encoder *e, struct json_object *v, int depth)
{
    char num[PHP_DOUBLE_REPR_SIZE];
    size_t n;
    switch (json_object_get_type(v)) {
    case json_type_null:
        OUT_LIT(&e->sb, "null");
        return PHP_JSON_OK;
    case json_type_boolean:
        if (json_object_get_boolean(v))
            OUT_LIT(&e->sb, "true");
        else
            OUT_LIT(&e->sb, "false");
        return PHP_JSON_OK;
    case json_type_int:
        n = php_format_json_int(v, num);
        out_lit(&e->sb, num, n);
        return PHP_JSON_OK;
    case json_type_double: {
        double d = json_object_get_double(v);
        if (!isfinite(d))
            return PHP_JSON_UNSUPPORTED;
        n = php_format_double(d, 'e', num);
        out_lit(&e->sb, num, n);
        return PHP_JSON_OK;
    }
    case json_type_string:
        return put_string(&e->sb, (const unsigned char *)json_object_get_string(v),
                          (size_t)json_object_get_string_len(v));
    case json_type_array:
        if (depth >= PHP_JSON_MAX_DEPTH)
            return PHP_JSON_TOO_DEEP;
        return encode_array(e, v, depth + 1);
    case json_type_object:
        if (depth >= PHP_JSON_MAX_DEPTH)
            return PHP_JSON_TOO_DEEP;
        return encode_object(e, v, depth + 1);
    }
    return PHP_JSON_UNSUPPORTED;
}

php_json_status php_json_encode(arena *a, struct json_object *v, bool pretty,
                                const char **out, size_t *out_len)
{
    return php_json_encode_nested(a, v, pretty, 0, out, out_len);
}

php_json_status php_json_encode_nested(arena *a, struct json_object *v, bool pretty, int depth,
                                       const char **out, size_t *out_len)
{
    encoder e;
    e.pretty = pretty;
    sb_init(&e.sb, a, 256);
    php_json_status st = encode_value(&e, v, depth);
    if (st == PHP_JSON_OK && sb_failed(&e.sb))
        st = PHP_JSON_NO_MEMORY;
    if (st != PHP_JSON_OK)
        return st;
    *out = e.sb.data;
    if (out_len)
        *out_len = e.sb.len;
    return PHP_JSON_OK;
}

static void release_tree(void *obj)
{
    json_object_put(obj);
}

int php_json_tie(arena *a, struct json_object *obj)
{
    return arena_on_reset(a, release_tree, obj);
}
