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
