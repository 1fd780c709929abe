#include "model/user_lookup.h"

const char *user_lookup_login(api_call *c, const api_arg *arg)
{
    size_t len = 0;
    const char *trimmed = arg->s ? php_trim(arg->s, arg->len, &len) : NULL;
    if (len == 0)
        return "";
    const char *login = arena_strndup(c->arena, trimmed, len);
    if (!login)
        call_fail_oom(c);
    return login;
}
