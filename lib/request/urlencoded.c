/*
 * urlencoded.c - query strings and application/x-www-form-urlencoded
 * bodies, stored with PHP 7.4's variable-name rules.
 *
 * The name rules are those of php_register_variable_ex (main/php_variables.c,
 * PHP 7.4), restated here as facts:
 *   1. leading spaces of the name are skipped;
 *   2. in the base name (up to the first '['), ' ' and '.' become '_';
 *   3. an empty base name drops the variable ("=x", "[a]=x");
 *   4. each "[...]" group is one nesting level: "[]" appends, "[k]" uses key
 *      k as written (one leading whitespace character right after '[' is
 *      skipped only to detect "[ ]" as an append; "[ k]" keeps the space);
 *   5. after a group, anything that does not start with '[' is ignored
 *      ("a[b]c" is a[b]);
 *   6. a '[' without a matching ']':
 *        - in the first group: that '[' becomes '_' and the rest of the
 *          name is kept as is, as one plain name ("a[b" is "a_b",
 *          "a.b[c.d" is "a_b_c.d");
 *        - after a complete group: the rest is dropped ("a[b][c" is a[b]);
 *   7. a name stored as a string and later as an array (or the reverse):
 *      the last one wins, in the first one's position.
 * Deliberate deviations: more levels than max_depth, a name longer than
 * max_key_length, or more values than max_params fail the whole request
 * instead of being dropped silently (request.h).
 */
#include "request/urlencoded.h"

#include <string.h>

#include "core/hex.h"

/* ---- decoding ---- */

size_t url_decode(char *out, const char *src, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == '+') {
            out[o++] = ' ';
        } else if (c == '%' && i + 2 < len) {
            int hi = hex_digit_value((unsigned char)src[i + 1]);
            int lo = hex_digit_value((unsigned char)src[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out[o++] = (char)(hi * 16 + lo);
                i += 2;
            } else {
                out[o++] = '%';
            }
        } else {
            out[o++] = (char)c;
        }
    }
    return o;
}

/* ---- variable registration ---- */

static bool is_c_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Where a bracket group leads: an append ("[]") or a key. */
typedef struct index_ref {
    bool append;
    const char *key;
    size_t len;
} index_ref;

static parse_status store(parse_ctx *ctx, php_array *arr, index_ref idx, php_value *value)
{
    int rc = idx.append ? php_array_append(ctx->a, arr, value)
                        : php_array_set(ctx->a, arr, idx.key, idx.len, value);
    return rc == 0 ? PARSE_OK : parse_fail(ctx, PARSE_NO_MEMORY);
}

/* The array stored at idx in arr, created (or replacing a string) when
 * needed. NULL on OOM. */
static php_array *descend(parse_ctx *ctx, php_array *arr, index_ref idx)
{
    if (!idx.append) {
        php_value *existing = php_array_get(arr, idx.key, idx.len);
        if (existing && existing->kind == PHP_ARRAY)
            return existing->arr;
    }
    php_value *child = php_array_value_new(ctx->a);
    if (!child || store(ctx, arr, idx, child) != PARSE_OK)
        return NULL;
    return child->arr;
}

parse_status php_register_variable(parse_ctx *ctx, php_array *dest, const char *name,
                                   size_t name_len, php_value *value)
{
    const char *nul = memchr(name, '\0', name_len);
    if (nul)
        name_len = (size_t)(nul - name);
    if (name_len > ctx->limits.max_key_length)
        return parse_fail(ctx, PARSE_KEY_TOO_LONG);

    while (name_len && name[0] == ' ') {
        name++;
        name_len--;
    }

    size_t base_len = 0;
    bool mangle = false;
    while (base_len < name_len && name[base_len] != '[') {
        mangle |= name[base_len] == ' ' || name[base_len] == '.';
        base_len++;
    }
    if (base_len == 0)
        return PARSE_OK; /* PHP ignores a variable without a base name */

    parse_status st = parse_count_leaf(ctx);
    if (st != PARSE_OK)
        return st;

    php_array *arr = dest;
    if (base_len == name_len && !mangle) /* the common case: a plain name */
        return store(ctx, arr, (index_ref){ false, name, name_len }, value);

    /* The base name with ' ' and '.' made '_', in a buffer as long as the
     * whole name so that rule 6 can extend it in place. */
    char *base = arena_alloc(ctx->a, name_len + 1);
    if (!base)
        return parse_fail(ctx, PARSE_NO_MEMORY);
    for (size_t i = 0; i < base_len; i++)
        base[i] = (name[i] == ' ' || name[i] == '.') ? '_' : name[i];
    index_ref idx = { false, base, base_len };
    if (base_len == name_len)
        return store(ctx, arr, idx, value);

    size_t ip = base_len; /* at a '[' */
    unsigned level = 0;
    for (;;) {
        if (++level > ctx->limits.max_depth)
            return parse_fail(ctx, PARSE_TOO_DEEP);
        ip++;
        size_t index_start = ip;
        if (ip < name_len && is_c_space((unsigned char)name[ip]))
            ip++;
        index_ref next;
        size_t close;
        if (ip < name_len && name[ip] == ']') {
            next = (index_ref){ true, NULL, 0 };
            close = ip;
        } else {
            const char *found = memchr(name + ip, ']', name_len - ip);
            if (!found) {
                if (level == 1) {
                    /* Rule 6, first group: "base" + '_' + raw rest. */
                    size_t rest = name_len - index_start;
                    base[base_len] = '_';
                    memcpy(base + base_len + 1, name + index_start, rest);
                    idx.len = base_len + 1 + rest;
                }
                /* Otherwise rule 6, later group: keep the last complete index. */
                return store(ctx, arr, idx, value);
            }
            close = (size_t)(found - name);
            next = (index_ref){ false, name + index_start, close - index_start };
        }
        arr = descend(ctx, arr, idx);
        if (!arr)
            return parse_fail(ctx, PARSE_NO_MEMORY);
        idx = next;
        ip = close + 1;
        if (ip >= name_len || name[ip] != '[')
            return store(ctx, arr, idx, value); /* rule 5 */
    }
}

/* ---- pairs ---- */

parse_status urlencoded_parse(parse_ctx *ctx, php_array *dest, const char *data, size_t len)
{
    if (!data)
        return PARSE_OK;
    char *name_buf = NULL; /* reused for every name: names are copied when stored */
    size_t name_cap = 0;
    size_t pos = 0;
    while (pos < len) {
        const char *amp = memchr(data + pos, '&', len - pos);
        size_t end = amp ? (size_t)(amp - data) : len;
        const char *pair = data + pos;
        size_t pair_len = end - pos;
        pos = end + 1;
        if (pair_len == 0)
            continue;

        const char *eq = memchr(pair, '=', pair_len);
        size_t raw_name_len = eq ? (size_t)(eq - pair) : pair_len;
        const char *raw_value = eq ? eq + 1 : pair + pair_len;
        size_t raw_value_len = eq ? pair_len - raw_name_len - 1 : 0;

        if (!name_buf || raw_name_len + 1 > name_cap) {
            name_cap = raw_name_len + 1 < 64 ? 64 : raw_name_len + 1;
            name_buf = arena_alloc(ctx->a, name_cap);
            if (!name_buf)
                return parse_fail(ctx, PARSE_NO_MEMORY);
        }
        size_t name_len = url_decode(name_buf, pair, raw_name_len);

        char *value_buf = arena_alloc(ctx->a, raw_value_len + 1);
        if (!value_buf)
            return parse_fail(ctx, PARSE_NO_MEMORY);
        size_t value_len = url_decode(value_buf, raw_value, raw_value_len);
        value_buf[value_len] = '\0';
        php_value *value = php_string_ref(ctx->a, value_buf, value_len);
        if (!value)
            return parse_fail(ctx, PARSE_NO_MEMORY);

        parse_status st = php_register_variable(ctx, dest, name_buf, name_len, value);
        if (st != PARSE_OK)
            return st;
    }
    return PARSE_OK;
}
