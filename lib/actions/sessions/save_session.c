/*
 * save_session - creates a session (40-sessions-campuses.md §3).
 * Administrators only; one transaction.
 *
 * POST name, coach_username (the coach's user id, PHP (int)),
 * access_start_date, access_end_date ("Y-m-d H:i[:s]", also the display
 * dates), description, id_campus (with multiple_access_urls; else campus 1),
 * extra[extra_<variable>] (session extra fields, §10).
 * Answers {"status":true,"message":"A new session has been created",
 * "id_session": <id>}; a refused session (name missing or taken, bad
 * dates) answers the same with PHP's text in id_session, as PHP does.
 * A coach id naming no user: "User not found." (PHP: the database's
 * foreign-key error text).
 */
#include "actions/sessions/session_create.h"
#include "api/action.h"
#include "model/session_columns.h"
#include "model/session_extra.h"

ACTION_ABOUT(save_session, "Create a session", "40-sessions-campuses.md §3",
    "Creates a session from `name`, its coach, access dates, description, campus and session "
    "extra field values, and answers its id.");

enum { ARG_NAME, ARG_COACH, ARG_START, ARG_END, ARG_DESCRIPTION, ARG_ID_CAMPUS, ARG_EXTRA };
ACTION_PARAMS(save_session,
    [ARG_NAME] = {"name", FROM_POST, PK_STRING, P_SCALAR, SESSION_NAME_CHARS},
    [ARG_COACH] = {"coach_username", FROM_POST, PK_INT, P_SCALAR},
    [ARG_START] = {"access_start_date", FROM_POST, PK_STRING, P_SCALAR},
    [ARG_END] = {"access_end_date", FROM_POST, PK_STRING, P_SCALAR},
    [ARG_DESCRIPTION] = {"description", FROM_POST, PK_STRING, P_SCALAR},
    [ARG_ID_CAMPUS] = {"id_campus", FROM_POST, PK_INT, P_SCALAR},
    [ARG_EXTRA] = {"extra", FROM_POST, PK_ANY});

ACTION_ANSWER(save_session,
              A_OBJECT(A_KEY("status", A_BOOL), A_KEY("message", A_TEXT),
                       A_KEY("id_session", A_NOTE("the new id, or why the session was refused",
                                                  A_ONE_OF(A_INT, A_TEXT)))));

action_result action_save_session(api_call *c)
{
    int64_t campus = c->cfg->multiple_access_urls
                         ? (c->args[ARG_ID_CAMPUS].i ? c->args[ARG_ID_CAMPUS].i : c->url_id)
                         : 1;
    session_fields f = {
        .name = c->args[ARG_NAME].s,
        .start = c->args[ARG_START].s,
        .end = c->args[ARG_END].s,
        .description = c->args[ARG_DESCRIPTION].s,
        .coach_id = c->args[ARG_COACH].i,
        .coach_required = true,
        .visibility = 1,
        .show_description = 1,
        .url_id = campus,
    };
    const char *problem;
    int64_t id = session_create(c, &f, &problem);
    if (id < 0)
        return ACTION_FAILED;
    const char *id_text = id ? call_itoa(c, id) : call_text(c, problem);
    if (!id_text)
        return ACTION_FAILED;
    const php_value *extra = c->args[ARG_EXTRA].raw;
    if (id && !session_extra_save(c, id_text, extra && extra->kind == PHP_ARRAY ? extra : NULL,
                                  "extra_", false))
        return ACTION_FAILED;
    call_event(c, "session_id", id_text, -1);
    struct json_object *data = reply_object(c);
    reply_set(c, data, "status", reply_bool(c, true));
    reply_set(c, data, "message", reply_str(c, call_text(c, MSG_ANewSessionWasCreated)));
    reply_set(c, data, "id_session", id ? reply_int(c, id) : reply_str(c, call_text(c, problem)));
    return call_ok(c, data);
}
