/*
 * session_lists.c - see session_lists.h.
 */
#include "actions/sessions/session_lists.h"

#include "api/action.h"
#include "core/strbuf.h"
#include "model/session_membership.h"

const char *session_list_event_value(api_call *c, int64_t session_id, const php_value *list)
{
    strbuf sb;
    sb_init(&sb, c->arena, 64);
    sb_printf(&sb, "%lld:", (long long)session_id);
    if (list && list->kind == PHP_ARRAY)
        for (const php_entry *e = list->arr->first; e; e = e->next) {
            if (e != list->arr->first)
                sb_putc(&sb, ',');
            if (e->value->kind != PHP_STRING)
                sb_puts(&sb, "Array");
            else if (param_string_acceptable(e->value->str, e->value->len, 0))
                sb_append(&sb, e->value->str, e->value->len);
            else /* no text the log can hold: the id it stands for */
                sb_printf(&sb, "%lld", (long long)php_intval(e->value));
        }
    if (sb_failed(&sb))
        return call_fail_oom(c), NULL;
    return sb.data;
}

action_result session_add_users(api_call *c)
{
    const api_arg *users = &c->args[ARG_LIST_USERS];
    int64_t session_id = c->args[ARG_ID_SESSION].i;
    if (!session_subscribe_users(c, session_id, users->list, users->count,
                                 SESSION_COURSE_VISIBILITY_OF_SESSION))
        return ACTION_FAILED;
    return session_users_answer(c, call_text(c, MSG_UsersAdded));
}

action_result session_users_answer(api_call *c, const char *message)
{
    const char *logged =
        session_list_event_value(c, c->args[ARG_ID_SESSION].i, c->args[ARG_LIST_USERS].raw);
    if (!logged)
        return ACTION_FAILED;
    call_event(c, "session_id-users_ids", logged, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, true));
    reply_set(c, data, "message", reply_str(c, message));
    return call_ok(c, data);
}
