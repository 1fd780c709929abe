/*
 * php_serialize.c - see php_serialize.h.
 */
#include "php/php_serialize.h"

#include <stdint.h>
#include <string.h>

#include "core/strbuf.h"
#include "php/php_number.h"
#include "php/php_value.h"

static void ser_bytes(strbuf *sb, const char *s, size_t n)
{
    char len[PHP_INT_REPR_SIZE];
    sb_append(sb, "s:", sizeof "s:" - 1);
    sb_append(sb, len, php_format_int64((int64_t)n, len));
    sb_append(sb, ":\"", sizeof ":\"" - 1);
    sb_append(sb, s, n);
    sb_append(sb, "\";", sizeof "\";" - 1);
}

static void ser_int(strbuf *sb, int64_t i)
{
    char num[PHP_INT_REPR_SIZE];
    sb_append(sb, "i:", sizeof "i:" - 1);
    sb_append(sb, num, php_format_int64(i, num));
    sb_append(sb, ";", sizeof ";" - 1);
}

static bool ser_value(strbuf *sb, struct json_object *v, int depth)
{
    char num[PHP_DOUBLE_REPR_SIZE];
    switch (json_object_get_type(v)) {
    case json_type_null:
        sb_append(sb, "N;", sizeof "N;" - 1);
        return true;
    case json_type_boolean:
        if (json_object_get_boolean(v))
            sb_append(sb, "b:1;", sizeof "b:1;" - 1);
        else
            sb_append(sb, "b:0;", sizeof "b:0;" - 1);
        return true;
    case json_type_int:
        sb_append(sb, "i:", sizeof "i:" - 1);
        sb_append(sb, num, php_format_json_int(v, num));
        sb_append(sb, ";", sizeof ";" - 1);
        return true;
    case json_type_double:
        sb_append(sb, "d:", sizeof "d:" - 1);
        sb_append(sb, num, php_format_double(json_object_get_double(v), 'E', num));
        sb_append(sb, ";", sizeof ";" - 1);
        return true;
    case json_type_string:
        ser_bytes(sb, json_object_get_string(v), (size_t)json_object_get_string_len(v));
        return true;
    case json_type_array: {
        if (depth >= PHP_SERIALIZE_MAX_DEPTH)
            return false;
        size_t count = json_object_array_length(v);
        sb_append(sb, "a:", sizeof "a:" - 1);
        sb_append(sb, num, php_format_int64((int64_t)count, num));
        sb_append(sb, ":{", sizeof ":{" - 1);
        for (size_t i = 0; i < count; i++) {
            ser_int(sb, (int64_t)i);
            if (!ser_value(sb, json_object_array_get_idx(v, i), depth + 1))
                return false;
        }
        sb_append(sb, "}", sizeof "}" - 1);
        return true;
    }
    case json_type_object: {
        if (depth >= PHP_SERIALIZE_MAX_DEPTH)
            return false;
        sb_append(sb, "a:", sizeof "a:" - 1);
        sb_append(sb, num, php_format_int64((int64_t)json_object_object_length(v), num));
        sb_append(sb, ":{", sizeof ":{" - 1);
        struct lh_table *t = json_object_get_object(v);
        for (struct lh_entry *ent = t ? lh_table_head(t) : NULL; ent; ent = lh_entry_next(ent)) {
            const char *key = lh_entry_k(ent);
            int64_t ik;
            if (php_key_is_int(key, strlen(key), &ik))
                ser_int(sb, ik);
            else
                ser_bytes(sb, key, strlen(key));
            if (!ser_value(sb, (struct json_object *)lh_entry_v(ent), depth + 1))
                return false;
        }
        sb_append(sb, "}", sizeof "}" - 1);
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
