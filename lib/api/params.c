/*
 * params.c - reading an action's declared parameters (params.h), called by
 * the dispatcher before the handler.
 */
#include "api/params.h"

#include <string.h>

#include "api/call.h"
#include "core/chamilo_date.h"
#include "core/utf8.h"

/* Refuses the parameter: its declared message, or the generic one naming it. */
static bool refuse(api_call *c, const param_def *d)
{
    if (d->invalid)
        call_fail(c, d->invalid);
    else
        call_fail_with(c, MSG_BadParameter, d->name);
    return false;
}

/* PK_DATE's reading: chamilo_date_read's dates as "Y-m-d H:i:s" in the
 * arena. NULL when malformed, or on OOM (then recorded in the call). */
static const char *normalize_date(api_call *c, const char *s, size_t len)
{
    struct tm t;
    if (!chamilo_date_read(s, len, &t))
        return NULL;
    const char *out = arena_printf(c->arena, "%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900,
                                   t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
    if (!out)
        call_fail_oom(c);
    return out;
}

/* The checks every string parameter gets: text PostgreSQL can store, no NUL
 * (PHP would pass it on and MySQL would cut or refuse it), the declared
 * length. */
bool param_string_acceptable(const char *s, size_t len, size_t max_chars)
{
    if (memchr(s, '\0', len) || !utf8_valid(s, len))
        return false;
    return max_chars == 0 || utf8_length(s, len) <= max_chars;
}

static bool acceptable_string(const param_def *d, const char *s, size_t len)
{
    return param_string_acceptable(s, len, d->max_len);
}

static bool read_string(api_call *c, const param_def *d, api_arg *arg)
{
    const php_value *v = arg->raw;
    const char *s = v->str;
    size_t len = v->len;
    if (d->flags & P_TRIM)
        s = php_trim(s, len, &len);
    if (d->kind == PK_TEXT) {
        /* remove_XSS drops invalid UTF-8 and control characters itself:
         * PHP's validation never sees them. */
        s = xss_sanitize_str(c->arena, s, len, &len);
        if (!s)
            return call_fail_oom(c), false;
    } else if (!acceptable_string(d, s, len)) {
        if (d->flags & P_LOOKUP)
            return true; /* matches nothing stored: absent, s stays NULL */
        return refuse(c, d);
    }
    if (d->max_len && utf8_length(s, len) > d->max_len)
        return refuse(c, d);
    if (s != v->str || len != v->len) {
        char *copy = arena_strndup(c->arena, s, len);
        if (!copy)
            return call_fail_oom(c), false;
        s = copy;
    }
    arg->present = len > 0;
    if (d->kind == PK_DATE && arg->present) {
        s = normalize_date(c, s, len);
        if (!s)
            return !call_failed(c) ? refuse(c, d) : false;
        len = strlen(s);
    }
    arg->s = s;
    arg->len = len;
    return true;
}

static bool read_int_list(api_call *c, const param_def *d, api_arg *arg)
{
    const php_array *arr = arg->raw->arr;
    int64_t *list = arena_calloc(c->arena, arr->count ? arr->count : 1, sizeof *list);
    if (!list)
        return call_fail_oom(c), false;
    size_t n = 0;
    for (const php_entry *e = arr->first; e; e = e->next) {
        if (e->value->kind != PHP_STRING)
            return refuse(c, d);
        list[n++] = php_intval_column(e->value);
    }
    arg->list = list;
    arg->count = n;
    arg->present = n > 0;
    return true;
}

bool param_check(api_call *c, const param_def *d, const php_value *v, api_arg *arg)
{
    *arg = (api_arg){.raw = v};
    if (!v) {
        if (d->flags & P_REQUIRED)
            return refuse(c, d);
        return true;
    }
    bool is_array = v->kind == PHP_ARRAY;
    if (is_array && (d->flags & P_SCALAR))
        return refuse(c, d);

    switch (d->kind) {
    case PK_INT:
        arg->i = (d->flags & P_INT64) ? php_intval(v) : php_intval_column(v);
        arg->present = php_truthy(v);
        break;
    case PK_BOOL:
        arg->i = php_truthy(v);
        arg->present = true;
        break;
    case PK_FILTER_BOOL:
        arg->i = php_filter_bool(v);
        arg->present = true;
        break;
    case PK_INT_LIST:
        if (!is_array)
            return refuse(c, d);
        if (!read_int_list(c, d, arg))
            return false;
        break;
    case PK_STRING:
    case PK_TEXT:
    case PK_DATE:
        if (is_array) {
            /* Not declared P_SCALAR: PHP reads the array as "no string". */
            arg->raw = v;
            break;
        }
        if (!read_string(c, d, arg))
            return false;
        break;
    case PK_ARRAY:
        if (!is_array)
            return refuse(c, d);
        arg->present = v->arr->count > 0;
        break;
    case PK_ANY:
        arg->present = php_truthy(v);
        break;
    }
    if ((d->flags & P_REQUIRED) && !arg->present)
        return refuse(c, d);
    return true;
}

bool args_read(api_call *c, const param_list *list)
{
    api_arg *args = arena_calloc(c->arena, list->count ? list->count : 1, sizeof *args);
    if (!args)
        return call_fail_oom(c), false;
    c->args = args;
    for (size_t i = 0; i < list->count; i++) {
        const param_def *d = &list->defs[i];
        const php_value *v = param_get(c->params, d->source, d->name);
        if (d->flags & P_OWN_CHECKS) {
            args[i].raw = v; /* the handler runs param_check itself, in PHP's order */
            if (!v && (d->flags & P_REQUIRED))
                return refuse(c, d);
        } else if (!param_check(c, d, v, &args[i])) {
            return false;
        }
    }
    return true;
}
