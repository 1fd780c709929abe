/*
 * params.c - reading an action's declared parameters (params.h), called by
 * the dispatcher before the handler.
 */
#include "api/params.h"

#include <ctype.h>
#include <string.h>

#include "api/call.h"
#include "core/utf8.h"

/* Refuses the parameter: its declared message, or the generic one naming it. */
static bool refuse(api_call *c, const param_def *d)
{
    if (d->invalid)
        call_fail(c, d->invalid);
    else
        call_failf(c, "%s %s", MSG_BadParameter, d->name);
    return false;
}

const char *param_normalize_date(api_call *c, const char *s, size_t len)
{
    static const char shape[] = "dddd-dd-dd dd:dd:dd";
    if (len != 10 && len != 16 && len != 19)
        return NULL;
    for (size_t i = 0; i < len; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
            return NULL;
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 1 || month < 1 || month > 12 || day < 1 ||
        day > days_in[month - 1] + (month == 2 && leap))
        return NULL;
    if (len >= 16) {
        int hour = (s[11] - '0') * 10 + (s[12] - '0');
        int minute = (s[14] - '0') * 10 + (s[15] - '0');
        int second = len == 19 ? (s[17] - '0') * 10 + (s[18] - '0') : 0;
        if (hour > 23 || minute > 59 || second > 59)
            return NULL;
    }
    const char *out = arena_printf(c->arena, "%.10s %.5s:%.2s", s, len >= 16 ? s + 11 : "00:00",
                                   len == 19 ? s + 17 : "00");
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
        s = param_normalize_date(c, s, len);
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

/* One parameter; false when refused (error recorded). */
static bool read_one(api_call *c, const param_def *d, api_arg *arg)
{
    const php_value *v = param_get(c->params, d->source, d->name);
    arg->raw = v;
    if (!v) {
        if (d->flags & P_REQUIRED)
            return refuse(c, d);
        return true;
    }
    if (d->flags & P_OWN_CHECKS)
        return true;
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
    for (size_t i = 0; i < list->count; i++)
        if (!read_one(c, &list->defs[i], &args[i]))
            return false;
    return true;
}
