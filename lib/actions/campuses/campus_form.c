/*
 * campus_form.c - see campus_form.h.
 */
#include "actions/campuses/campus_form.h"

#include <string.h>

const char *campus_url_with_slash(api_call *c, const char *url)
{
    size_t len = url ? strlen(url) : 0;
    if (len && url[len - 1] == '/')
        return url;
    const char *out = arena_printf(c->arena, "%s/", url ? url : "");
    return out ? out : (call_fail_oom(c), NULL);
}

const char *campus_id_as_sent(api_call *c, const api_arg *id)
{
    const php_value *raw = id->raw;
    if (!raw)
        return "";
    if (raw->kind == PHP_STRING && param_string_acceptable(raw->str, raw->len, 0))
        return raw->str;
    return call_itoa(c, id->i);
}
