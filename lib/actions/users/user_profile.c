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
#include <stdlib.h>

#include "api/action_table.h"
#include "model/user_format.h"

/* One row per visible extra value (one row with NULL extras when none). */
static db_stmt SQL_PROFILE = DB_STMT(
    "user_profile.get",
    "SELECT u.id, u.status, u.firstname, u.lastname, u.username, u.official_code, u.phone,"
    "       u.picture_uri, x.display_text, x.value, x.value_id"
    "  FROM \"user\" u"
    "  LEFT JOIN (SELECT v.item_id, v.id AS value_id, f.display_text, v.value"
    "               FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id"
    "              WHERE f.extra_field_type = 1 AND f.visible_to_self = 1) x ON x.item_id = u.id"
    " WHERE u.id = $1::int ORDER BY x.value_id",
    1);

action_result action_user_profile(api_call *c)
{
    call_event(c, "username", c->username, -1);
    PGresult *r = call_sql(c, &SQL_PROFILE, (const char *[]){c->user->id_text});
    if (!r)
        return ACTION_FAILED;
    if (PQntuples(r) == 0)
        return call_fail(c, "User not found.");

    const char *id = PQgetvalue(r, 0, 0);
    const char *picture = user_picture_url(c, id, sql_value(r, 0, 7));
    const char *full_name = user_full_name(c, sql_value(r, 0, 2), sql_value(r, 0, 3));
    struct json_object *data = json_object_new_object();
    struct json_object *extra = json_object_new_array();
    if (!picture || !full_name || !data || !extra) {
        json_object_put(data);
        json_object_put(extra);
        return call_fail_oom(c);
    }
    json_object_object_add(data, "pictureUri", json_object_new_string(picture));
    json_object_object_add(data, "id", json_object_new_int64(strtoll(id, NULL, 10)));
    json_object_object_add(data, "status", json_object_new_int64(strtoll(PQgetvalue(r, 0, 1), NULL, 10)));
    json_object_object_add(data, "fullName", json_object_new_string(full_name));
    json_object_object_add(data, "username", json_object_new_string(PQgetvalue(r, 0, 4)));
    json_object_object_add(data, "officialCode", json_string_or_null(sql_value(r, 0, 5)));
    json_object_object_add(data, "phone", json_string_or_null(sql_value(r, 0, 6)));
    for (int i = 0; i < PQntuples(r); i++) {
        if (PQgetisnull(r, i, 10))
            continue;
        struct json_object *item = json_object_new_object();
        json_object_object_add(item, "title", json_string_or_null(sql_value(r, i, 8)));
        json_object_object_add(item, "value", json_string_or_null(sql_value(r, i, 9)));
        json_object_array_add(extra, item);
    }
    json_object_object_add(data, "extra", extra);
    return call_ok(c, data);
}
