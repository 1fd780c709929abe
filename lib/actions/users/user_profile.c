/*
 * user_profile - the caller's own profile (20-users-messages.md §4.1).
 *
 * {"pictureUri": str, "id": int, "status": int, "fullName": str,
 *  "username": str, "officialCode": str|null, "phone": str|null,
 *  "extra": [{"title": str|null, "value": str|null}, ...]}
 * extra lists the caller's values of user fields visible to self, in row
 * order. title is the field's display_text (PHP first tries a translation
 * of the variable name; we ship no translations: docs/compat.md).
 */
#include "api/action.h"
#include "model/user_format.h"

ACTION_ABOUT(user_profile, "The caller's own profile", "20-users-messages.md §4.1",
    "Answers the caller's id, status, names, username, official code, phone, picture and the "
    "values of the user extra fields visible to themselves.");

/* The caller's row once per visible extra value (once with NULL extras
 * when none): the statement carries the key check, so the call costs one
 * statement (call.h, DB_KEYED_STATEMENT). Its first column, u.id, is
 * never NULL: every row counts. */
DB_KEYED_STATEMENT(SQL_PROFILE, "user_profile.get", 0,
    "u.id, u.status, u.firstname, u.lastname, u.username, u.official_code, u.phone,"
    " u.picture_uri, x.display_text, x.value, x.value_id",
    "LEFT JOIN (SELECT v.item_id, v.id AS value_id, f.display_text, v.value"
    "             FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
    "            WHERE f.extra_field_type = 1 AND f.visible_to_self = 1) x ON x.item_id = u.id",
    "ORDER BY x.value_id");

ACTION_NO_PARAMS(user_profile);
ACTION_PREFETCH(user_profile, SQL_PROFILE);

static const json_field EXTRA[] = {
    {"title", "display_text", FK_STRING},
    {"value", "value", FK_STRING},
};

ACTION_ANSWER(user_profile, A_OBJECT(USER_PROFILE_KEYS, A_KEY("extra", A_LIST(A_ROW(EXTRA)))));

action_result action_user_profile(api_call *c)
{
    call_event(c, "username", c->username, -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    if (rows.count == 0)
        return call_fail(c, MSG_UserNotFound);

    struct json_object *data = user_profile_object(c, r, 0);
    struct json_object *extra = reply_array(c);
    int value_id = PQfnumber(r, "value_id");
    for (int i = 0; i < rows.count; i++)
        if (!PQgetisnull(r, i, value_id)) /* the LEFT JOIN found no extra value */
            reply_push(c, extra, reply_row(c, r, i, FIELDS(EXTRA)));
    reply_set(c, data, "extra", extra);
    return call_ok(c, data);
}
