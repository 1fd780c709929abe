/*
 * user_extra.c - see user_extra.h.
 */
#include "model/user_extra.h"

#include <ctype.h>
#include <string.h>

/* $1 user id, $2 variable, $3 value. Returns (field exists, rows written).
 * An existing value is updated; a missing one inserted, as an upsert on the
 * unique (field_id, item_id), so that of concurrent first values of a user
 * the later one updates the row the earlier one inserted. (The insert is
 * tried only when no row is seen: an upsert draws an id from the identity
 * each time, and integer ids must not run out on updates.) The update also
 * moves updated_at, so like MySQL it reports a change unless the same value
 * is written again within the same second. */
DB_STATEMENT(SQL_SET_VALUE, "user_extra.set", 3,
    "WITH now_utc AS (SELECT date_trunc('second', LOCALTIMESTAMP) AS t),"
    " field AS (SELECT id FROM extra_field"
    "   WHERE extra_field_type = 1 AND lower(variable) = lower($2) ORDER BY id LIMIT 1),"
    " updated AS (UPDATE extra_field_values v SET value = $3::text, updated_at = now_utc.t"
    "   FROM field, now_utc WHERE v.field_id = field.id AND v.item_id = $1::int"
    "   AND (v.value IS DISTINCT FROM $3::text OR v.updated_at IS DISTINCT FROM now_utc.t)"
    "   RETURNING v.id),"
    " inserted AS (INSERT INTO extra_field_values AS v (field_id, item_id, value, created_at, updated_at)"
    "   SELECT field.id, $1::int, $3::text, now_utc.t, now_utc.t FROM field, now_utc"
    "   WHERE NOT EXISTS (SELECT 1 FROM extra_field_values e"
    "                      WHERE e.field_id = field.id AND e.item_id = $1::int)"
    "   ON CONFLICT (field_id, item_id) DO UPDATE SET value = EXCLUDED.value,"
    "     updated_at = EXCLUDED.updated_at"
    "   WHERE v.value IS DISTINCT FROM EXCLUDED.value OR v.updated_at IS DISTINCT FROM EXCLUDED.updated_at"
    "   RETURNING v.id)"
    "SELECT (SELECT count(*) FROM field), (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted)");

/* $1 variable, $2 display text. */
DB_STATEMENT(SQL_ENSURE_FIELD, "user_extra.ensure_field", 2,
    "INSERT INTO extra_field (extra_field_type, field_type, variable, display_text, default_value,"
    " field_order, visible_to_self, visible_to_others, changeable, filter, created_at)"
    " SELECT 1, 1, $1::text, $2::text, '',"
    "  COALESCE((SELECT max(field_order) FROM extra_field WHERE extra_field_type = 1), 0) + 1,"
    "  0, 0, 0, 0, date_trunc('second', LOCALTIMESTAMP)"
    " WHERE NOT EXISTS (SELECT 1 FROM extra_field WHERE extra_field_type = 1 AND lower(variable) = lower($1::text))"
    " ON CONFLICT DO NOTHING");

user_extra_result user_extra_set(api_call *c, const char *user_id, const char *variable,
                                 const char *value)
{
    PGresult *r = call_sql(c, &SQL_SET_VALUE, user_id, variable, value);
    if (!r)
        return USER_EXTRA_ERROR;
    if (strcmp(PQgetvalue(r, 0, 0), "0") == 0)
        return USER_EXTRA_NO_FIELD;
    return strcmp(PQgetvalue(r, 0, 1), "0") == 0 ? USER_EXTRA_UNCHANGED : USER_EXTRA_WRITTEN;
}

const char *user_extra_ensure_field(api_call *c, const char *name, bool *created)
{
    if (created)
        *created = false;
    size_t len = strlen(name);
    while (len && isspace((unsigned char)name[len - 1]))
        len--;
    while (len && isspace((unsigned char)*name)) {
        name++;
        len--;
    }
    if (len == 0)
        return "";
    char *variable = php_strtolower(c->arena, name, len);
    if (!variable)
        return call_fail_oom(c), NULL;
    for (char *p = variable; *p; p++)
        if (*p == ' ')
            *p = '_';
    PGresult *r = call_sql(c, &SQL_ENSURE_FIELD, variable, name);
    if (!r)
        return NULL;
    if (created)
        *created = strcmp(PQcmdTuples(r), "0") != 0;
    return variable;
}
