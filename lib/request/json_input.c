/*
 * json_input.c - JSON that reaches the parameter bags: the `hash` query
 * parameter (10-request-flow.md §3.2) and a JSON body (§3.4, 1.11.32).
 *
 * Decoding is json-c's, behind a validation pass that makes it accept
 * exactly what PHP 7.4's json_decode accepts. json-c alone is more lenient
 * (single-quoted strings, NaN, "1.", raw control characters and unpaired
 * surrogates in strings) and it saturates integers beyond 64 bits where PHP
 * switches to a double. The validator rejects what PHP rejects and, when an
 * integer literal does not fit int64, hands json-c a copy of the text where
 * that literal ends in ".0", so json-c reads it as the double PHP makes.
 * Depth: PHP's default of 512 levels; deeper documents are invalid, and
 * invalid JSON is ignored, as in PHP. Our max_depth limit then applies to
 * the values stored, as for bracketed names.
 *
 * Values become what Security::remove_XSS makes of them: strings are
 * sanitized (xss.c); integers print in decimal, doubles as PHP 7.4's
 * (string) cast does (precision 14: 1.5 -> "1.5", 1e25 -> "1.0E+25");
 * true -> "1"; false and null -> ""; arrays keep their keys and are
 * converted element by element. Our choice: a JSON object nested inside
 * `hash` (PHP 7.4 produces warnings and a garbled value there) is converted
 * like an array with its keys; a nested object of a JSON body is an array
 * in PHP too (assoc decoding).
 *
 * Limits: every stored scalar and every empty array counts as one value
 * against max_params; each object key against max_key_length; arrays nested
 * deeper than max_depth below a top-level member fail with PARSE_TOO_DEEP.
 *
 * json-c limitation, accepted: an object key holding "\u0000" is cut at
 * that character (json-c keys are C strings).
 *
 * Ownership: json-c trees are released with json_object_put before these
 * functions return; every stored string is copied into the arena.
 */
#include "json/php_json.h"
#include "request/parse_internal.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/strbuf.h"

/* ---- PHP 7.4 float to string ---- */

size_t php_double_to_string(double d, char *buf)
{
    if (isnan(d))
        return (size_t)sprintf(buf, "NAN");
    if (isinf(d))
        return (size_t)sprintf(buf, d > 0 ? "INF" : "-INF");
    if (d == 0)
        return (size_t)sprintf(buf, signbit(d) ? "-0" : "0");

    /* 14 significant digits, correctly rounded: "d.ddddddddddddde+XX". */
    char sci[40];
    snprintf(sci, sizeof sci, "%.13e", d);
    const char *p = sci;
    bool negative = *p == '-';
    if (negative)
        p++;
    char digits[16];
    size_t ndigits = 0;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            digits[ndigits++] = *p;
    int exponent = atoi(p + 1);
    while (ndigits > 1 && digits[ndigits - 1] == '0')
        ndigits--;

    char *o = buf;
    if (negative)
        *o++ = '-';
    int decpt = exponent + 1; /* digits before the decimal point */
    if (decpt < -3 || decpt > 14) {
        /* PHP's exponential form: at least one digit after the point, an
         * upper-case E, a sign and no padding of the exponent. */
        *o++ = digits[0];
        *o++ = '.';
        if (ndigits == 1) {
            *o++ = '0';
        } else {
            memcpy(o, digits + 1, ndigits - 1);
            o += ndigits - 1;
        }
        o += sprintf(o, "E%c%d", exponent < 0 ? '-' : '+', exponent < 0 ? -exponent : exponent);
    } else if (decpt <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int k = decpt; k < 0; k++)
            *o++ = '0';
        memcpy(o, digits, ndigits);
        o += ndigits;
    } else if ((size_t)decpt >= ndigits) {
        memcpy(o, digits, ndigits);
        o += ndigits;
        for (size_t k = ndigits; k < (size_t)decpt; k++)
            *o++ = '0';
    } else {
        memcpy(o, digits, (size_t)decpt);
        o += decpt;
        *o++ = '.';
        memcpy(o, digits + decpt, ndigits - (size_t)decpt);
        o += ndigits - (size_t)decpt;
    }
    *o = '\0';
    return (size_t)(o - buf);
}

/* ---- validation (PHP's json scanner and parser rules) ---- */

typedef struct validator {
    const unsigned char *s;
    size_t len;
    size_t pos;
    bool objects_are_stdclass; /* json_decode($x) rather than ($x, true) */
    /* Rewrite of the text, started at the first integer beyond int64. */
    strbuf rewrite;
    bool rewriting;
    size_t copied; /* bytes of s already copied into rewrite */
    arena *a;
} validator;

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

static int hex4(const unsigned char *s)
{
    int value = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char c = s[k];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        value = value * 16 + d;
    }
    return value;
}

/* Strict UTF-8 sequence length at s[i], 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t len, size_t i)
{
    unsigned char c = s[i];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c == 0xE0) {
        need = 3;
        lo = 0xA0;
    } else if (c == 0xED) {
        need = 3;
        hi = 0x9F;
    } else if (c >= 0xE1 && c <= 0xEF) {
        need = 3;
    } else if (c == 0xF0) {
        need = 4;
        lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
        need = 4;
    } else if (c == 0xF4) {
        need = 4;
        hi = 0x8F;
    } else {
        return 0;
    }
    if (len - i < need)
        return 0;
    if (s[i + 1] < lo || s[i + 1] > hi)
        return 0;
    for (size_t k = 2; k < need; k++)
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
    return need;
}

static bool validate_string(validator *v, bool is_key)
{
    v->pos++; /* opening quote */
    bool first = true;
    while (v->pos < v->len) {
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
            size_t n = utf8_len(v->s, v->len, v->pos);
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

static bool validate_number(validator *v)
{
    bool negative = false;
    if (v->s[v->pos] == '-') {
        negative = true;
        v->pos++;
    }
    if (v->pos >= v->len || !is_digit(v->s[v->pos]))
        return false;
    size_t int_start = v->pos;
    if (v->s[v->pos] == '0') {
        v->pos++;
    } else {
        while (v->pos < v->len && is_digit(v->s[v->pos]))
            v->pos++;
    }
    size_t int_digits = v->pos - int_start;
    bool is_double = false;
    if (v->pos < v->len && v->s[v->pos] == '.') {
        v->pos++;
        if (v->pos >= v->len || !is_digit(v->s[v->pos]))
            return false;
        while (v->pos < v->len && is_digit(v->s[v->pos]))
            v->pos++;
        is_double = true;
    }
    if (v->pos < v->len && (v->s[v->pos] == 'e' || v->s[v->pos] == 'E')) {
        v->pos++;
        if (v->pos < v->len && (v->s[v->pos] == '+' || v->s[v->pos] == '-'))
            v->pos++;
        if (v->pos >= v->len || !is_digit(v->s[v->pos]))
            return false;
        while (v->pos < v->len && is_digit(v->s[v->pos]))
            v->pos++;
        is_double = true;
    }
    if (is_double)
        return true;
    /* PHP: more than 19 digits, or 19 digits >= 9223372036854775808 (except
     * exactly that for a negative number), is a double. */
    static const char int64_min_digits[] = "9223372036854775808";
    bool big = int_digits > 19;
    if (int_digits == 19) {
        int cmp = memcmp(v->s + int_start, int64_min_digits, 19);
        big = !(cmp < 0 || (cmp == 0 && negative));
    }
    if (big) {
        if (!v->rewriting) {
            sb_init(&v->rewrite, v->a, v->len + 64);
            v->rewriting = true;
        }
        sb_append(&v->rewrite, (const char *)v->s + v->copied, v->pos - v->copied);
        sb_append(&v->rewrite, ".0", 2);
        v->copied = v->pos;
    }
    return true;
}

static bool validate_value(validator *v, unsigned depth);

static bool validate_container(validator *v, unsigned depth, bool is_object)
{
    if (depth >= PHP_JSON_MAX_DEPTH)
        return false; /* JSON_ERROR_DEPTH */
    v->pos++;
    skip_ws(v);
    char close = is_object ? '}' : ']';
    if (v->pos < v->len && v->s[v->pos] == close) {
        v->pos++;
        return true;
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
    switch (c) {
    case '{':
        return validate_container(v, depth, true);
    case '[':
        return validate_container(v, depth, false);
    case '"':
        return validate_string(v, false);
    case 't':
        return literal(v, "true");
    case 'f':
        return literal(v, "false");
    case 'n':
        return literal(v, "null");
    default:
        return (c == '-' || is_digit(c)) && validate_number(v);
    }
}

/* The text to give json-c (NUL-terminated, in the arena), or NULL when PHP
 * would not decode s. *out_len is its length without the NUL. On OOM sets
 * *oom. */
static const char *validated_text(arena *a, const char *s, size_t len, bool stdclass,
                                  size_t *out_len, bool *oom)
{
    validator v = { 0 };
    v.s = (const unsigned char *)s;
    v.len = len;
    v.objects_are_stdclass = stdclass;
    v.a = a;
    skip_ws(&v);
    if (!validate_value(&v, 0))
        return NULL;
    skip_ws(&v);
    if (v.pos != v.len)
        return NULL;
    if (v.rewriting) {
        sb_append(&v.rewrite, s + v.copied, len - v.copied);
        if (sb_failed(&v.rewrite)) {
            *oom = true;
            return NULL;
        }
        *out_len = v.rewrite.len;
        return v.rewrite.data;
    }
    char *copy = arena_strndup(a, s, len);
    if (!copy) {
        *oom = true;
        return NULL;
    }
    *out_len = len;
    return copy;
}

/* Decodes validated text with json-c. NULL for JSON null and on failure. */
static struct json_object *decode(const char *text, size_t len)
{
    if (len >= INT_MAX)
        return NULL;
    struct json_tokener *tok = json_tokener_new_ex(PHP_JSON_MAX_DEPTH + 2);
    if (!tok)
        return NULL;
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    /* len + 1: the NUL tells json-c the text ends (numbers, literals). */
    struct json_object *obj = json_tokener_parse_ex(tok, text, (int)len + 1);
    if (json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(obj);
        obj = NULL;
    }
    json_tokener_free(tok);
    return obj;
}

/* ---- conversion to sanitized PHP values ---- */

static parse_status convert(parse_ctx *ctx, struct json_object *j, unsigned level,
                            php_value **out);

static parse_status check_key(parse_ctx *ctx, size_t key_len)
{
    return key_len > ctx->limits.max_key_length ? parse_fail(ctx, PARSE_KEY_TOO_LONG) : PARSE_OK;
}

static parse_status scalar(parse_ctx *ctx, const char *s, size_t len, php_value **out)
{
    parse_status st = parse_count_leaf(ctx);
    if (st != PARSE_OK)
        return st;
    *out = php_string_new(ctx->a, s, len);
    return *out ? PARSE_OK : parse_fail(ctx, PARSE_NO_MEMORY);
}

static parse_status convert_string(parse_ctx *ctx, struct json_object *j, php_value **out)
{
    parse_status st = parse_count_leaf(ctx);
    if (st != PARSE_OK)
        return st;
    const char *s = json_object_get_string(j);
    size_t len = (size_t)json_object_get_string_len(j);
    if (ctx->json_raw) {
        *out = php_string_new(ctx->a, s, len);
        return *out ? PARSE_OK : parse_fail(ctx, PARSE_NO_MEMORY);
    }
    size_t clean_len;
    const char *clean = xss_sanitize_str(ctx->a, s, len, &clean_len);
    if (!clean)
        return parse_fail(ctx, PARSE_NO_MEMORY);
    /* The identifier fast path returns json-c's own buffer: copy it. */
    *out = clean == s ? php_string_new(ctx->a, s, len) : php_string_ref(ctx->a, clean, clean_len);
    return *out ? PARSE_OK : parse_fail(ctx, PARSE_NO_MEMORY);
}

/* Converts a JSON array or object whose elements sit `level` brackets below
 * a top-level member. */
static parse_status convert_container(parse_ctx *ctx, struct json_object *j, unsigned level,
                                      php_value **out)
{
    if (level > ctx->limits.max_depth)
        return parse_fail(ctx, PARSE_TOO_DEEP);
    php_value *arr = php_array_value_new(ctx->a);
    if (!arr)
        return parse_fail(ctx, PARSE_NO_MEMORY);
    parse_status st;
    if (json_object_is_type(j, json_type_array)) {
        size_t n = json_object_array_length(j);
        for (size_t i = 0; i < n; i++) {
            php_value *item;
            st = convert(ctx, json_object_array_get_idx(j, i), level + 1, &item);
            if (st != PARSE_OK)
                return st;
            if (!item) {
                /* A raw null: left out, and the next element keeps its index. */
                arr->arr->next_index++;
                continue;
            }
            if (php_array_append(ctx->a, arr->arr, item) != 0)
                return parse_fail(ctx, PARSE_NO_MEMORY);
        }
    } else {
        struct json_object_iterator it = json_object_iter_begin(j);
        struct json_object_iterator end = json_object_iter_end(j);
        for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
            const char *key = json_object_iter_peek_name(&it);
            size_t key_len = strlen(key);
            if ((st = check_key(ctx, key_len)) != PARSE_OK)
                return st;
            php_value *item;
            st = convert(ctx, json_object_iter_peek_value(&it), level + 1, &item);
            if (st != PARSE_OK)
                return st;
            if (!item)
                continue; /* a raw null */
            if (php_array_set(ctx->a, arr->arr, key, key_len, item) != 0)
                return parse_fail(ctx, PARSE_NO_MEMORY);
        }
    }
    if (arr->arr->count == 0 && (st = parse_count_leaf(ctx)) != PARSE_OK)
        return st; /* an empty array still costs one value */
    *out = arr;
    return PARSE_OK;
}

/* level: bracket levels between the top-level member and j's elements if j
 * is a container (a top-level member is converted with level 1). */
static parse_status convert(parse_ctx *ctx, struct json_object *j, unsigned level,
                            php_value **out)
{
    char buf[32];
    switch (json_object_get_type(j)) {
    case json_type_null:
        if (ctx->json_raw) {
            *out = NULL;
            return PARSE_OK;
        }
        return scalar(ctx, "", 0, out);
    case json_type_boolean:
        return json_object_get_boolean(j) ? scalar(ctx, "1", 1, out) : scalar(ctx, "", 0, out);
    case json_type_int: {
        /* The validator made every int beyond int64 a double. */
        int n = snprintf(buf, sizeof buf, "%lld", (long long)json_object_get_int64(j));
        return scalar(ctx, buf, (size_t)n, out);
    }
    case json_type_double: {
        size_t n = php_double_to_string(json_object_get_double(j), buf);
        return scalar(ctx, buf, n, out);
    }
    case json_type_string:
        return convert_string(ctx, j, out);
    case json_type_array:
    case json_type_object:
        return convert_container(ctx, j, level, out);
    }
    return parse_fail(ctx, PARSE_BAD_BODY);
}

/* Calls set(member key, sanitized value) for each top-level member of a
 * JSON array or object; ignores scalars. */
typedef parse_status (*member_sink)(parse_ctx *ctx, void *target, const char *key,
                                    size_t key_len, php_value *value);

static parse_status for_each_member(parse_ctx *ctx, struct json_object *root, member_sink sink,
                                    void *target)
{
    parse_status st = PARSE_OK;
    if (json_object_is_type(root, json_type_array)) {
        size_t n = json_object_array_length(root);
        for (size_t i = 0; i < n && st == PARSE_OK; i++) {
            char key[24];
            int key_len = snprintf(key, sizeof key, "%zu", i);
            php_value *value;
            st = convert(ctx, json_object_array_get_idx(root, i), 1, &value);
            if (st == PARSE_OK)
                st = sink(ctx, target, key, (size_t)key_len, value);
        }
    } else if (json_object_is_type(root, json_type_object)) {
        struct json_object_iterator it = json_object_iter_begin(root);
        struct json_object_iterator end = json_object_iter_end(root);
        for (; st == PARSE_OK && !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
            const char *key = json_object_iter_peek_name(&it);
            size_t key_len = strlen(key);
            php_value *value;
            st = check_key(ctx, key_len);
            if (st == PARSE_OK)
                st = convert(ctx, json_object_iter_peek_value(&it), 1, &value);
            if (st == PARSE_OK)
                st = sink(ctx, target, key, key_len, value);
        }
    }
    return st;
}

static parse_status apply(parse_ctx *ctx, const char *text, size_t len, bool stdclass,
                          member_sink sink, void *target)
{
    if (!text)
        return PARSE_OK;
    bool oom = false;
    size_t valid_len = 0;
    const char *valid = validated_text(ctx->a, text, len, stdclass, &valid_len, &oom);
    if (oom)
        return parse_fail(ctx, PARSE_NO_MEMORY);
    if (!valid)
        return PARSE_OK; /* PHP's json_decode returns null: ignored */
    struct json_object *root = decode(valid, valid_len);
    parse_status st = for_each_member(ctx, root, sink, target);
    json_object_put(root);
    return st;
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
    bool oom = false;
    size_t valid_len = 0;
    const char *valid = validated_text(a, text, len, false, &valid_len, &oom);
    if (oom)
        return PARSE_NO_MEMORY;
    if (!valid)
        return PARSE_OK; /* PHP's json_decode returns null */
    struct json_object *root = decode(valid, valid_len);
    if (!root)
        return PARSE_OK; /* the document null */
    parse_status st = convert(&ctx, root, 1, out);
    json_object_put(root);
    if (st != PARSE_OK)
        *out = NULL;
    return st;
}
