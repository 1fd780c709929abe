/*
 * check_conditional_login - whether the caller passes the deployment's
 * conditional-login hooks (20-users-messages.md §6).
 *
 * Chamilo runs the callbacks of main/auth/conditional_login/
 * conditional_login.php, a PHP file of the deployment; without that file
 * the answer is true. chamilo-fcgi cannot run PHP callbacks, so the answer
 * is always {"check_conditional_login": true} (docs/compat.md).
 */
#include "api/action.h"

ACTION_ABOUT(check_conditional_login, "Whether the caller passes the conditional-login hooks",
    "20-users-messages.md §6",
    "Answers {\"check_conditional_login\": true}: the deployment's PHP callbacks cannot run "
    "here.");

ACTION_NO_PARAMS(check_conditional_login);

ACTION_ANSWER(check_conditional_login, A_OBJECT(A_KEY("check_conditional_login", A_BOOL)));

action_result action_check_conditional_login(api_call *c)
{
    call_event(c, "username", c->username, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "check_conditional_login", reply_bool(c, true));
    return call_ok(c, data);
}
