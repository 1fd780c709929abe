/*
 * edit_campus - changes a campus (40-sessions-campuses.md §13.2).
 * Administrators only (docs/compat.md: PHP lets any key do it); one
 * transaction.
 *
 * POST id, url (a '/' appended when missing; absent: "/"), description
 * (absent: ""), active (campus 1 stays active). id 0 answers [false];
 * otherwise [true], also when no campus has that id, as PHP does.
 * created_by becomes the caller and tms the time of the change.
 */
#include "actions/campuses/campus_form.h"
#include "api/action.h"

ACTION_ABOUT(edit_campus, "Change a campus", "40-sessions-campuses.md §13.2",
    "Changes the URL, description and active flag of the campus `id` (campus 1 stays active).");

enum { ARG_URL, ARG_DESCRIPTION, ARG_ACTIVE, ARG_ID };
ACTION_PARAMS(edit_campus, CAMPUS_FORM_PARAMS,
    [ARG_ID] = {"id", FROM_POST, PK_INT, P_SCALAR});

DB_STATEMENT(SQL_UPDATE_CAMPUS, "edit_campus.update", 5,
    "UPDATE access_url SET url = $2, description = $3,"
    "   active = CASE WHEN id = 1 THEN 1 ELSE $4::int END, created_by = $5::int,"
    "   tms = date_trunc('second', now() AT TIME ZONE 'UTC')"
    " WHERE id = $1::int");

ACTION_ANSWER(edit_campus, A_LIST(A_BOOL));

action_result action_edit_campus(api_call *c)
{
    int64_t id = c->args[ARG_ID].i;
    const char *raw_id = campus_id_as_sent(c, &c->args[ARG_ID]);
    if (!raw_id)
        return ACTION_FAILED;
    if (id) {
        const char *url = campus_url_with_slash(c, c->args[ARG_URL].s);
        const char *description = c->args[ARG_DESCRIPTION].s ? c->args[ARG_DESCRIPTION].s : "";
        if (!url || !call_sql(c, &SQL_UPDATE_CAMPUS, call_itoa(c, id), url, description,
                              call_itoa(c, c->args[ARG_ACTIVE].i), c->user->id_text))
            return ACTION_FAILED;
    }
    call_event(c, "campus_id", raw_id, -1);
    struct json_object *data = reply_array(c);
    reply_push(c, data, reply_bool(c, id != 0));
    return call_ok(c, data);
}
