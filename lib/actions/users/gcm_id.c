/*
 * gcm_id - stores the caller's push-notification registration id in the
 * user extra field gcm_registration_id (20-users-messages.md §2.1).
 *
 * POST registration_id (sanitized; missing stores NULL; an array is stored
 * as its values joined with ';'). The field is
 * created by authenticate; without it nothing is stored. Always answers
 * {"status": true}, whatever the write did, as PHP does.
 */
#include "api/action.h"
#include "core/strbuf.h"
#include "model/user_extra.h"

ACTION_ABOUT(gcm_id, "Store the caller's push-notification registration id",
    "20-users-messages.md §2.1",
    "Stores `registration_id` in the caller's user extra field gcm_registration_id (missing: "
    "NULL; a list: its values joined with ';'). Answers {\"status\": true}, whatever was "
    "written.");

enum { ARG_REGISTRATION_ID };
ACTION_PARAMS(gcm_id, [ARG_REGISTRATION_ID] = {"registration_id", FROM_POST, PK_ANY});

/* ExtraFieldValue::save stores an array as its values joined with ';'
 * (nested arrays are skipped). NULL on OOM. */
static const char *join_values(api_call *c, const php_array *arr)
{
    strbuf sb;
    sb_init(&sb, c->arena, 64);
    bool first = true;
    for (const php_entry *e = arr->first; e; e = e->next) {
        if (e->value->kind != PHP_STRING)
            continue;
        if (!first)
            sb_putc(&sb, ';');
        first = false;
        sb_append(&sb, e->value->str, e->value->len);
    }
    return sb_failed(&sb) ? NULL : sb.data;
}

ACTION_ANSWER(gcm_id, A_OBJECT(A_KEY("status", A_BOOL)));

action_result action_gcm_id(api_call *c)
{
    const php_value *raw = c->args[ARG_REGISTRATION_ID].raw;
    const char *registration_id = NULL;
    if (raw) {
        php_value *clean = xss_sanitize(c->arena, raw);
        if (!clean)
            return call_fail_oom(c);
        registration_id = clean->kind == PHP_STRING ? clean->str : join_values(c, clean->arr);
        if (!registration_id)
            return call_fail_oom(c);
    }
    call_event(c, "gcm_id", registration_id, -1);
    if (user_extra_set(c, c->user->id_text, "gcm_registration_id", registration_id) ==
        USER_EXTRA_ERROR)
        return ACTION_FAILED;
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, true));
    return call_ok(c, data);
}
