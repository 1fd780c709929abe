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

/* ----------------------------------------------------------------- numbers */

/* Writes v in decimal to the end of buf[0..21) and returns the start. */
static char *u64_to_dec(uint64_t v, char *end)
{
    char *p = end;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return p;
}

static size_t format_i64(int64_t v, char out[24])
{
    char tmp[24];
    char *end = tmp + sizeof tmp;
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char *p = u64_to_dec(mag, end);
    if (v < 0)
        *--p = '-';
    size_t n = (size_t)(end - p);
    memcpy(out, p, n);
    out[n] = '\0';
    return n;
}

/*
 * Parses the output of "%.*e" (d[.ddd]e[+-]x) into plain digits and a
 * decimal exponent: value = 0.DIGITS * 10^decpt. Returns the digit count.
 */
static int parse_e_format(const char *s, char digits[24], int *decpt)
{
    int n = 0;
    const char *p = s;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[n++] = *p;
    digits[n] = '\0';
    int exp10 = (int)strtol(p + 1, NULL, 10);
    *decpt = exp10 + 1;
    return n;
}

/* Adds one unit in the last place of digits[0..n); returns the new count and
 * adjusts *decpt when the carry ripples out ("999" -> "1", decpt + 1). */
static int increment_digits(char *digits, int n, int *decpt)
{
    int i = n - 1;
    while (i >= 0 && digits[i] == '9')
        digits[i--] = '0';
    if (i < 0) {
        digits[0] = '1';
        digits[1] = '\0';
        (*decpt)++;
        return 1;
    }
    digits[i]++;
    return n;
}

static bool digits_round_trip(const char *digits, int n, int decpt, double x)
{
    char buf[48];
    snprintf(buf, sizeof buf, "%c.%.*se%d", digits[0], n - 1, digits + 1, decpt - 1);
    return strtod(buf, NULL) == x;
}

/*
 * Shortest decimal digits of finite x > 0 that read back as x, the ones
 * PHP's zend_dtoa mode 0 produces (serialize_precision = -1). Fills digits
 * (no trailing zeros) and decpt with x = 0.DIGITS * 10^decpt.
 *
 * Why "%.*e" is enough: for a normal double, any decimal with at most 15
 * significant digits that lies within half an ulp of x is the only such
 * decimal (decimal spacing at 15 digits exceeds the binary ulp), so if the
 * correctly rounded 15-digit form reads back, stripping its zeros gives the
 * shortest form. Otherwise the answer has 16 or 17 digits; the correctly
 * rounded candidate is the closest one, which is what dtoa picks, except
 * when x is a power of two: its interval is twice as wide above as below,
 * so a candidate one unit above may read back when the rounded one (below
 * x) does not. Subnormals have coarse ulps, so every length is tried.
 */
static int shortest_digits(double x, char digits[24], int *decpt)
{
#if FLT_EVAL_METHOD == 0
    /* Fast path for values with few decimals (33.3, 0.001, 1.5e-7): the
     * first k for which m = round(x * 10^k) gives m / 10^k == x. m and 10^k
     * are exact doubles (m < 2^50, k <= 22) and IEEE division rounds
     * correctly, so the comparison is exactly "m e-k reads back as x". With
     * m < 2^50 the decimal spacing 10^-k exceeds four ulps of x, so that
     * candidate is the only one with k decimals, and no smaller k was
     * missed (x * 10^k is within far less than 0.5 of its integer there). */
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    for (int k = 1; k <= 22; k++) {
        double scaled = x * pow10[k];
        if (scaled >= 1125899906842624.0) /* 2^50 */
            break;
        /* Round to nearest; exact since scaled < 2^50 keeps 0.5 representable
         * (and no libm needed). */
        double m = (double)(uint64_t)(scaled + 0.5);
        if (m >= 1 && m / pow10[k] == x) {
            char tmp[24];
            char *end = tmp + sizeof tmp;
            char *p = u64_to_dec((uint64_t)m, end);
            int n = (int)(end - p);
            memcpy(digits, p, (size_t)n);
            *decpt = n - k;
            while (n > 1 && digits[n - 1] == '0') /* cannot happen for the first k; cheap */
                n--;
            digits[n] = '\0';
            return n;
        }
    }
#endif
    char buf[48];
    int exp2;
    bool pow2 = frexp(x, &exp2) == 0.5;
    bool normal = x >= 2.2250738585072014e-308;
    int p = normal ? 15 : 1;
    int n = 0;
    for (; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, x);
        double c = strtod(buf, NULL);
        n = parse_e_format(buf, digits, decpt);
        if (c == x)
            break;
        if (pow2 && c < x && p < 17) {
            int d2 = *decpt;
            char alt[24];
            memcpy(alt, digits, (size_t)n + 1);
            int n2 = increment_digits(alt, n, &d2);
            if (digits_round_trip(alt, n2, d2, x)) {
                memcpy(digits, alt, (size_t)n2 + 1);
                *decpt = d2;
                n = n2;
                break;
            }
        }
    }
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    return n;
}

size_t php_format_double(double d, char exponent_char, char out[PHP_DOUBLE_REPR_SIZE])
{
    char *o = out;
    if (isnan(d)) {
        memcpy(out, "NAN", 4);
        return 3;
    }
    if (signbit(d)) {
        *o++ = '-';
        d = -d;
    }
    if (isinf(d)) {
        memcpy(o, "INF", 4);
        return (size_t)(o - out) + 3;
    }
    if (d == 0) {
        *o++ = '0';
        *o = '\0';
        return (size_t)(o - out);
    }
    /* Integral values below 2^53 are their own shortest form: the rounding
     * interval is at most +-0.5, so no shorter decimal reads back. */
    if (d < 9007199254740992.0 && d == (double)(uint64_t)d) {
        char tmp[24];
        char *end = tmp + sizeof tmp;
        char *p = u64_to_dec((uint64_t)d, end);
        memcpy(o, p, (size_t)(end - p));
        o += end - p;
        *o = '\0';
        return (size_t)(o - out);
    }

    char digits[24];
    int decpt;
    int n = shortest_digits(d, digits, &decpt);

    if (decpt < -3 || decpt > 17) {
        /* PHP's exponential form: one digit, '.', the rest or "0", the
         * exponent with an explicit sign and no leading zeros. */
        int e = decpt - 1;
        *o++ = digits[0];
        *o++ = '.';
        if (n > 1) {
            memcpy(o, digits + 1, (size_t)n - 1);
            o += n - 1;
        } else {
            *o++ = '0';
        }
        *o++ = exponent_char;
        *o++ = e < 0 ? '-' : '+';
        char tmp[8];
        char *end = tmp + sizeof tmp;
        char *p = u64_to_dec((uint64_t)(e < 0 ? -e : e), end);
        memcpy(o, p, (size_t)(end - p));
        o += end - p;
    } else if (decpt <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = decpt; i < 0; i++)
            *o++ = '0';
        memcpy(o, digits, (size_t)n);
        o += n;
    } else {
        for (int i = 0; i < decpt; i++)
            *o++ = i < n ? digits[i] : '0';
        if (n > decpt) {
            *o++ = '.';
            memcpy(o, digits + decpt, (size_t)(n - decpt));
            o += n - decpt;
        }
    }
    *o = '\0';
    return (size_t)(o - out);
}

/* json-c keeps int64 and uint64 in one type; PHP has only int64, but a
 * uint64 above INT64_MAX is still written as its decimal value. */
static size_t format_json_int(struct json_object *v, char out[24])
{
    int64_t i = json_object_get_int64(v);
    if (i < INT64_MAX)
        return format_i64(i, out);
    char tmp[24];
    char *end = tmp + sizeof tmp;
    char *p = u64_to_dec(json_object_get_uint64(v), end);
    size_t n = (size_t)(end - p);
    memcpy(out, p, n);
    out[n] = '\0';
    return n;
}

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
        n = format_json_int(v, num);
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
    encoder e;
    e.pretty = pretty;
    sb_init(&e.sb, a, 256);
    php_json_status st = encode_value(&e, v, 0);
    if (st == PHP_JSON_OK && sb_failed(&e.sb))
        st = PHP_JSON_NO_MEMORY;
    if (st != PHP_JSON_OK)
        return st;
    *out = e.sb.data;
    if (out_len)
        *out_len = e.sb.len;
    return PHP_JSON_OK;
}

/* --------------------------------------------------------------- serialize */

/* PHP turns an array key that is a canonical decimal integer within int64
 * ("0", "-3", "42", but not "05", "-0", "+1" or " 1") into an integer key. */
static bool php_numeric_key(const char *k, int64_t *out)
{
    const char *p = k;
    bool neg = *p == '-';
    if (neg)
        p++;
    if (*p < '0' || *p > '9')
        return false;
    if (*p == '0')
        return p[1] == '\0' && !neg ? (*out = 0, true) : false;
    uint64_t mag = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        unsigned dgt = (unsigned)(*p - '0');
        if (mag > (UINT64_MAX - dgt) / 10)
            return false;
        mag = mag * 10 + dgt;
    }
    if (neg) {
        if (mag > (uint64_t)INT64_MAX + 1)
            return false;
        *out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
    } else {
        if (mag > (uint64_t)INT64_MAX)
            return false;
        *out = (int64_t)mag;
    }
    return true;
}

static void ser_bytes(strbuf *sb, const char *s, size_t n)
{
    char len[24];
    OUT_LIT(sb, "s:");
    out_lit(sb, len, format_i64((int64_t)n, len));
    OUT_LIT(sb, ":\"");
    out_lit(sb, s, n);
    OUT_LIT(sb, "\";");
}

static void ser_int(strbuf *sb, int64_t i)
{
    char num[24];
    OUT_LIT(sb, "i:");
    out_lit(sb, num, format_i64(i, num));
    OUT_LIT(sb, ";");
}

static bool ser_value(strbuf *sb, struct json_object *v, int depth)
{
    char num[PHP_DOUBLE_REPR_SIZE];
    switch (json_object_get_type(v)) {
    case json_type_null:
        OUT_LIT(sb, "N;");
        return true;
    case json_type_boolean:
        if (json_object_get_boolean(v))
            OUT_LIT(sb, "b:1;");
        else
            OUT_LIT(sb, "b:0;");
        return true;
    case json_type_int:
        OUT_LIT(sb, "i:");
        out_lit(sb, num, format_json_int(v, num));
        OUT_LIT(sb, ";");
        return true;
    case json_type_double:
        OUT_LIT(sb, "d:");
        out_lit(sb, num, php_format_double(json_object_get_double(v), 'E', num));
        OUT_LIT(sb, ";");
        return true;
    case json_type_string:
        ser_bytes(sb, json_object_get_string(v), (size_t)json_object_get_string_len(v));
        return true;
    case json_type_array: {
        if (depth >= PHP_JSON_MAX_DEPTH)
            return false;
        size_t count = json_object_array_length(v);
        OUT_LIT(sb, "a:");
        out_lit(sb, num, format_i64((int64_t)count, num));
        OUT_LIT(sb, ":{");
        for (size_t i = 0; i < count; i++) {
            ser_int(sb, (int64_t)i);
            if (!ser_value(sb, json_object_array_get_idx(v, i), depth + 1))
                return false;
        }
        OUT_LIT(sb, "}");
        return true;
    }
    case json_type_object: {
        if (depth >= PHP_JSON_MAX_DEPTH)
            return false;
        OUT_LIT(sb, "a:");
        out_lit(sb, num, format_i64((int64_t)json_object_object_length(v), num));
        OUT_LIT(sb, ":{");
        struct lh_table *t = json_object_get_object(v);
        for (struct lh_entry *ent = t ? lh_table_head(t) : NULL; ent; ent = lh_entry_next(ent)) {
            const char *key = lh_entry_k(ent);
            int64_t ik;
            if (php_numeric_key(key, &ik))
                ser_int(sb, ik);
            else
                ser_bytes(sb, key, strlen(key));
            if (!ser_value(sb, (struct json_object *)lh_entry_v(ent), depth + 1))
                return false;
        }
        OUT_LIT(sb, "}");
        return true;
    }
    }
    return false;
}

const char *php_serialize_len(arena *a, struct json_object *v, size_t *out_len)
{
    strbuf sb;
    sb_init(&sb, a, 128);
    if (!ser_value(&sb, v, 0) || sb_failed(&sb))
        return NULL;
    *out_len = sb.len;
    return sb.data;
}

const char *php_serialize(arena *a, struct json_object *v)
{
    size_t len;
    return php_serialize_len(a, v, &len);
}

static void release_tree(void *obj)
{
    json_object_put(obj);
}

int php_json_tie(arena *a, struct json_object *obj)
{
    return arena_on_reset(a, release_tree, obj);
}
