/*
 * users_profiles_by_extra_field - the profiles of the users whose value of a
 * user extra field is the given one (20-users-messages.md §4.3).
 * Administrators only.
 *
 * POST field_name, field_value (both required; PHP crashes without them:
 * "Invalid value for the parameter <name>" here), active ("1", or anything
 * PHP compares equal to 1: only active users).
 *
 * Answers an object keyed by user id, in id order:
 *   {"<id>": {"pictureUri", "id", "status", "fullName", "username",
 *             "officialCode", "phone"}, ...}
 * and [] when nothing matches (no such field, no such value). The field
 * name and the value are compared case-insensitively, as MySQL's collation
 * does in Chamilo (accents significant: docs/compat.md). A value row whose
 * user no longer exists is skipped (PHP crashes on it).
 */
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "model/user_format.h"

ACTION_ABOUT(users_profiles_by_extra_field, "Profiles of the users with a given extra field value",
    "20-users-messages.md §4.3",
    "Lists, keyed by user id, the profiles of the users whose user extra field `field_name` has "
    "the value `field_value` (both compared case-insensitively); `active` 1 keeps active users "
    "only.");

enum { ARG_FIELD_NAME, ARG_FIELD_VALUE, ARG_ACTIVE };
ACTION_PARAMS(users_profiles_by_extra_field,
    [ARG_FIELD_NAME] = {"field_name", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP, 255},
    [ARG_FIELD_VALUE] = {"field_value", FROM_POST, PK_STRING, P_SCALAR | P_LOOKUP},
    [ARG_ACTIVE] = {"active", FROM_POST, PK_STRING, P_LOOKUP});

/* $1 variable, $2 value, $3 only active users ('t'/'f'). A user with two
 * matching rows (two fields of that name) is listed once. */
DB_STATEMENT(SQL_PROFILES, "users_profiles_by_extra_field.list", 3,
    "SELECT u.id, u.status, u.firstname, u.lastname, u.username, u.official_code, u.phone,"
    "       u.picture_uri"
    "  FROM \"user\" u"
    " WHERE u.id IN (SELECT v.item_id FROM extra_field_values v"
    "                  JOIN extra_field f ON f.id = v.field_id"
    "                 WHERE f.extra_field_type = 1 AND lower(f.variable) = lower($1::text)"
    "                   AND lower(v.value) = lower($2::text))"
    "   AND (NOT $3::bool OR u.active = 1)"
    " ORDER BY u.id");

/* PHP's `$active == 1` for a POST string: a numeric string whose value
 * is 1 ("1", " 1", "01", "1.0", "1e0"). */
static bool loosely_equals_one(const char *s)
{
    double d;
    return php_numeric_string(s, &d) && d == 1.0;
}

ACTION_ANSWER(users_profiles_by_extra_field, A_BY_ID(A_OBJECT(USER_PROFILE_KEYS)));

action_result action_users_profiles_by_extra_field(api_call *c)
{
    static const int required[] = {ARG_FIELD_NAME, ARG_FIELD_VALUE};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!c->args[required[i]].raw)
            return call_fail_with(c, MSG_BadParameter,
                                  required[i] == ARG_FIELD_NAME ? "field_name" : "field_value");
    const char *name = c->args[ARG_FIELD_NAME].s;
    const char *value = c->args[ARG_FIELD_VALUE].s;
    call_event(c, "extra_field_name", name, -1);
    struct json_object *data = NULL;
    if (name && value) { /* NULL: text no row can hold (P_LOOKUP) */
        bool only_active = loosely_equals_one(c->args[ARG_ACTIVE].s);
        PGresult *r = call_sql(c, &SQL_PROFILES, name, value, only_active ? "t" : "f");
        if (!r)
            return ACTION_FAILED;
        if (PQntuples(r) > 0)
            data = reply_object(c);
        for (int i = 0; i < PQntuples(r); i++)
            reply_set(c, data, PQgetvalue(r, i, 0), user_profile_object(c, r, i));
    }
    return call_ok(c, data ? data : reply_array(c));
}
