#include "actions/groups/connexion_lookup.h"
#include "model/user_lookup.h"

const char *connexion_lookup_login(api_call *c, const api_arg *user)
{
    if (!user->present || (user->len == 1 && user->s[0] == '0')) {
        call_fail(c, MSG_NoData);
        return NULL;
    }
    call_event(c, "username", user->s, -1);
    return user_lookup_login(c, user);
}

const PGresult *connexion_lookup_user(api_call *c, const api_arg *user)
{
    if (!connexion_lookup_login(c, user))
        return NULL;
    sql_rows rows = call_prefetched(c);
    if (!rows.result)
        return NULL;
    if (rows.count == 0)
        return call_fail(c, MSG_UserNotFound), NULL;
    return rows.result;
}
