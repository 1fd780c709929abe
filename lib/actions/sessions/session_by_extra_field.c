/*
 * session_by_extra_field.c - see session_by_extra_field.h.
 */
#include "actions/sessions/session_by_extra_field.h"

#include <string.h>

#include "api/action.h"

static bool php_nonempty_string(const api_arg *a)
{
    return a->s && a->len && !(a->len == 1 && a->s[0] == '0');
}

const char *session_by_extra_field(api_call *c, sql_rows found)
{
    const api_arg *name = &c->args[ARG_FIELD_NAME], *value = &c->args[ARG_FIELD_VALUE];
    if (!php_nonempty_string(name) || !php_nonempty_string(value))
        return call_fail(c, MSG_NoData), NULL;
    if (!found.result)
        return NULL;
    if (found.count == 0)
        return call_fail(c, MSG_NoSessionMatched), NULL;
    if (found.count > 1)
        return call_fail(c, MSG_MoreThanOneSessionMatched), NULL;
    const char *logged = arena_printf(c->arena, "%s:%s", name->s, value->s);
    if (!logged)
        return call_fail_oom(c), NULL;
    call_event(c, "extra_field_name-extra_field_value", logged, -1);
    return PQgetvalue(found.result, 0, 0);
}
