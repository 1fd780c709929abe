/*
 * update_user_pause_training - the PauseTraining plugin's user settings
 * (20-users-messages.md §5.8). One transaction.
 *
 * POST user_id, pause_formation, start_pause_date, end_pause_date,
 * disable_emails. Writes the user's extra values pause_formation and
 * disable_emails ("1" when (int) of the value is not 0, else "0"), and
 * start_pause_date / end_pause_date (the text as sent, only when it is
 * exactly "YYYY-MM-DD HH:MM"; PHP silently drops other shapes). A field
 * the plugin installer did not create is skipped. Answers [(int) user_id].
 *
 * The checks, in PHP's order and with its messages: the plugin is enabled
 * (configuration pausetraining_tool_enable), user_id is not empty, the call
 * has a valid key (the action table lets keyless calls through so that
 * this message is answered), the user exists, the four values are sent,
 * both dates read as "Y-m-d H:i", start is not after end.
 *
 * Deviation (docs/compat.md): PHP lets any user with a key change anyone's
 * settings; here a user changes their own, administrators anyone's.
 */
#include <string.h>

#include "api/action.h"
#include "model/user_extra.h"
#include "core/chamilo_date.h"

ACTION_ABOUT(update_user_pause_training, "Set a user's PauseTraining plugin settings",
    "20-users-messages.md §5.8",
    "Writes the PauseTraining plugin's extra values of `user_id`: `pause_formation`, "
    "`start_pause_date`, `end_pause_date`, `disable_emails`. The plugin must be enabled and the "
    "call must carry a valid key; the table lets keyless calls through so that the plugin's own "
    "messages come first, in PHP's order.");

enum { ARG_USER_ID, ARG_PAUSE, ARG_START, ARG_END, ARG_DISABLE_EMAILS, ARG_COUNT };
ACTION_PARAMS(update_user_pause_training,
    [ARG_USER_ID] = {"user_id", FROM_POST, PK_INT, P_SCALAR},
    [ARG_PAUSE] = {"pause_formation", FROM_POST, PK_ANY},
    [ARG_START] = {"start_pause_date", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_END] = {"end_pause_date", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_DISABLE_EMAILS] = {"disable_emails", FROM_POST, PK_ANY});

DB_STATEMENT(SQL_USER_EXISTS, "update_user_pause_training.user", 1,
    "SELECT EXISTS (SELECT 1 FROM \"user\" WHERE id = $1::int)");

static bool write_value(api_call *c, const char *user_id, const char *variable, const char *value)
{
    return user_extra_set(c, user_id, variable, value) != USER_EXTRA_ERROR;
}

ACTION_ANSWER(update_user_pause_training, A_NOTE("[the user's id]", A_LIST(A_INT)));

action_result action_update_user_pause_training(api_call *c)
{
    static const char *const names[ARG_COUNT] = {
        [ARG_PAUSE] = "pause_formation", [ARG_START] = "start_pause_date",
        [ARG_END] = "end_pause_date", [ARG_DISABLE_EMAILS] = "disable_emails"};
    static const int required[] = {ARG_PAUSE, ARG_START, ARG_END, ARG_DISABLE_EMAILS};

    if (!c->cfg->pausetraining_tool_enable)
        return call_fail(c, MSG_PluginConfigured);
    const api_arg *user_arg = &c->args[ARG_USER_ID];
    if (!user_arg->present)
        return call_fail(c, MSG_PauseTrainingUserIdRequired);
    if (!c->user)
        return call_fail(c, MSG_PauseTrainingNoKey);
    if (!c->user->is_admin && user_arg->i != c->user->id)
        return call_fail(c, MSG_NotAllowed);

    const char *user_id = call_itoa(c, user_arg->i);
    if (!user_id)
        return ACTION_FAILED;
    PGresult *r = call_sql(c, &SQL_USER_EXISTS, user_id);
    if (!r)
        return ACTION_FAILED;
    if (PQgetvalue(r, 0, 0)[0] != 't')
        return call_fail_with(c, MSG_PauseTrainingUserMissing, user_arg->raw->str);
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!c->args[required[i]].raw)
            return call_fail_with(c, MSG_PauseTrainingVariableMissing, names[required[i]]);

    const char *start = c->args[ARG_START].s;
    const char *end = c->args[ARG_END].s;
    int64_t start_time, end_time;
    bool start_stored, end_stored; /* exactly "YYYY-MM-DD HH:MM": what the plugin stores */
    if (!php_date_from_ymd_hi(start, &start_time, &start_stored))
        return call_fail(c, MSG_PauseTrainingBadStart);
    if (!php_date_from_ymd_hi(end, &end_time, &end_stored))
        return call_fail(c, MSG_PauseTrainingBadEnd);
    if (start_time > end_time)
        return call_fail(c, MSG_PauseTrainingEndBeforeStart);

    const char *pause = php_intval(c->args[ARG_PAUSE].raw) != 0 ? "1" : "0";
    const char *no_emails = php_intval(c->args[ARG_DISABLE_EMAILS].raw) != 0 ? "1" : "0";
    if (!write_value(c, user_id, "pause_formation", pause) ||
        (start_stored && !write_value(c, user_id, "start_pause_date", start)) ||
        (end_stored && !write_value(c, user_id, "end_pause_date", end)) ||
        !write_value(c, user_id, "disable_emails", no_emails))
        return ACTION_FAILED;

    call_event(c, "user_id", user_id, -1);
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_int(c, user_arg->i));
    return call_ok(c, data);
}
