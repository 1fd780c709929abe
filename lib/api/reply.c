/*
 * reply.c - see reply.h.
 *
 * Ownership in json-c terms: reply_object/reply_array create a tree node
 * with one reference, owned by the arena (php_json_tie: put at reset). When
 * such a container is added to a parent, the parent takes a second
 * reference (json_object_get), so parent and arena each drop their own.
 * Scalars have one reference, which the parent takes over.
 */
#include "api/reply.h"
#include "api/stream.h"

#include <errno.h>
#include <stdlib.h>

#include "core/log.h"
#include "json/php_json.h"

static bool is_container(struct json_object *v)
{
    json_type t = json_object_get_type(v);
    return t == json_type_object || t == json_type_array;
}

/* A new scalar, or NULL with the OOM recorded. */
static struct json_object *scalar(api_call *c, struct json_object *v)
{
    if (!v)
        call_fail_oom(c);
    return v;
}

static struct json_object *container(api_call *c, struct json_object *v)
{
    if (!v || php_json_tie(c->arena, v) != 0)
        return call_fail_oom(c), NULL;
    return v;
}

struct json_object *reply_object(api_call *c)
{
    return container(c, json_object_new_object());
}

struct json_object *reply_array(api_call *c)
{
    return container(c, json_object_new_array());
}

/* The reference a parent takes: a new one for a container, the scalar's own
 * otherwise. Releases a scalar when it cannot be added. */
static struct json_object *take(struct json_object *value)
{
    return value && is_container(value) ? json_object_get(value) : value;
}

static void drop(struct json_object *value)
{
    json_object_put(value);
}

void reply_set(api_call *c, struct json_object *obj, const char *key, struct json_object *value)
{
    if (!obj || !key) {
        if (value && !is_container(value))
            json_object_put(value);
        return;
    }
    struct json_object *ref = take(value);
    if (json_object_object_add(obj, key, ref) != 0) {
        drop(ref);
        call_fail_oom(c);
    }
}

void reply_push(api_call *c, struct json_object *arr, struct json_object *value)
{
    if (!arr) {
        if (value && !is_container(value))
            json_object_put(value);
        return;
    }
    struct json_object *ref = take(value);
    if (json_object_array_add(arr, ref) != 0) {
        drop(ref);
        call_fail_oom(c);
    }
}

struct json_object *reply_str(api_call *c, const char *s)
{
    return s ? scalar(c, json_object_new_string(s)) : NULL;
}

struct json_object *reply_strn(api_call *c, const char *s, size_t len)
{
    if (!s)
        return NULL;
    if (len > INT32_MAX)
        return call_fail_oom(c), NULL;
    return scalar(c, json_object_new_string_len(s, (int)len));
}

struct json_object *reply_int(api_call *c, int64_t n)
{
    return scalar(c, json_object_new_int64(n));
}

struct json_object *reply_bool(api_call *c, bool b)
{
    return scalar(c, json_object_new_boolean(b));
}

struct json_object *reply_double(api_call *c, double d)
{
    return scalar(c, json_object_new_double(d));
}

/* PHP 8's pdo_mysql gives integer columns as ints; a value outside int64
 * (an unsigned BIGINT) stays a string there too. */
static struct json_object *column_int(api_call *c, const char *text)
{
    if (!config_php8_types(c->cfg))
        return reply_str(c, text);
    errno = 0;
    char *end;
    long long n = strtoll(text, &end, 10);
    if (errno || end == text || *end)
        return reply_str(c, text);
    return reply_int(c, n);
}

static struct json_object *column_float(api_call *c, const char *text)
{
    if (!config_php8_types(c->cfg))
        return reply_str(c, text);
    char *end;
    double d = strtod(text, &end);
    if (end == text || *end)
        return reply_str(c, text);
    return reply_double(c, d);
}

struct json_object *reply_value(api_call *c, field_kind kind, const char *text)
{
    switch (kind) {
    case FK_COLUMN_INT:
        return text ? column_int(c, text) : NULL;
    case FK_COLUMN_FLOAT:
        return text ? column_float(c, text) : NULL;
    case FK_INT:
        return reply_int(c, text ? strtoll(text, NULL, 10) : 0);
    case FK_STRING:
        return reply_str(c, text);
    case FK_STRING_EMPTY:
        return reply_str(c, text ? text : "");
    case FK_BOOL:
        return reply_bool(c, text && (text[0] == 't' || text[0] == '1'));
    }
    return NULL;
}

/* The result column of each field, or false (internal error recorded). */
static bool resolve_columns(api_call *c, const PGresult *r, const json_field *fields,
                            size_t count, int *columns)
{
    for (size_t i = 0; i < count; i++) {
        columns[i] = PQfnumber(r, fields[i].column);
        if (columns[i] < 0) {
            const char *what = arena_printf(c->arena, "no column \"%s\" for the field \"%s\"",
                                            fields[i].column, fields[i].key);
            call_fail_internal(c, what ? what : "a field's column is missing");
            return false;
        }
    }
    return true;
}

/* Sets the fields of row into obj (NULL: nothing). */
static struct json_object *fill_row(api_call *c, struct json_object *obj, const PGresult *r,
                                    int row, const json_field *fields, size_t count,
                                    const int *columns)
{
    for (size_t i = 0; obj && i < count; i++) {
        const char *text = PQgetisnull(r, row, columns[i]) ? NULL : PQgetvalue(r, row, columns[i]);
        reply_set(c, obj, fields[i].key, reply_value(c, fields[i].kind, text));
    }
    return obj;
}

static struct json_object *row_object(api_call *c, const PGresult *r, int row,
                                      const json_field *fields, size_t count, const int *columns)
{
    return fill_row(c, reply_object(c), r, row, fields, count, columns);
}

bool reply_columns(api_call *c, const PGresult *r, const json_field *fields, size_t count,
                   int *columns)
{
    return resolve_columns(c, r, fields, count, columns);
}

struct json_object *reply_row_detached(api_call *c, const PGresult *r, int row,
                                       const json_field *fields, size_t count, const int *columns)
{
    struct json_object *obj = json_object_new_object();
    if (!obj)
        return call_fail_oom(c), NULL;
    fill_row(c, obj, r, row, fields, count, columns);
    if (call_failed(c)) {
        json_object_put(obj);
        return NULL;
    }
    return obj;
}

struct json_object *reply_row(api_call *c, const PGresult *r, int row, const json_field *fields,
                              size_t count)
{
    int *columns = arena_calloc(c->arena, count ? count : 1, sizeof *columns);
    if (!columns)
        return call_fail_oom(c), NULL;
    if (!resolve_columns(c, r, fields, count, columns))
        return NULL;
    return row_object(c, r, row, fields, count, columns);
}

struct json_object *reply_rows(api_call *c, const PGresult *r, const json_field *fields,
                               size_t count)
{
    struct json_object *list = reply_array(c);
    int *columns = arena_calloc(c->arena, count ? count : 1, sizeof *columns);
    if (!list || !columns)
        return call_fail_oom(c), NULL;
    if (!resolve_columns(c, r, fields, count, columns))
        return NULL;
    for (int row = 0; row < PQntuples(r) && !call_failed(c); row++)
        reply_push(c, list, row_object(c, r, row, fields, count, columns));
    return list;
}

const char *reply_json_text(api_call *c, struct json_object *obj)
{
    if (!obj)
        return NULL; /* its failure is recorded already */
    const char *text;
    switch (php_json_encode(c->arena, obj, false, &text, NULL)) {
    case PHP_JSON_OK:
        return text;
    case PHP_JSON_NO_MEMORY:
        call_fail_oom(c);
        return NULL;
    default:
        call_fail_internal(c, "reply_json_text: not encodable");
        return NULL;
    }
}
