/*
 * session_extra.c - see session_extra.h.
 */
#include "model/session_extra.h"

#include "model/extra_values.h"

DB_STATEMENT(SQL_COPY, "session_extra.copy", 2,
    "WITH vals AS (SELECT v.field_id AS id, v.value FROM extra_field_values v"
    "   JOIN extra_field f ON f.id = v.field_id AND f.extra_field_type = 3"
    "  WHERE v.item_id = $1::int),"
    " updated AS (UPDATE extra_field_values v SET value = vals.value,"
    "     updated_at = date_trunc('second', now() AT TIME ZONE 'UTC')"
    "   FROM vals WHERE v.field_id = vals.id AND v.item_id = $2::int"
    "   AND v.value IS DISTINCT FROM vals.value)"
    " INSERT INTO extra_field_values (field_id, item_id, value)"
    " SELECT id, $2::int, value FROM vals"
    "  WHERE NOT EXISTS (SELECT 1 FROM extra_field_values v"
    "                     WHERE v.field_id = vals.id AND v.item_id = $2::int)"
    " ON CONFLICT (field_id, item_id) DO UPDATE SET value = EXCLUDED.value,"
    "   updated_at = date_trunc('second', now() AT TIME ZONE 'UTC')"
    " WHERE extra_field_values.value IS DISTINCT FROM EXCLUDED.value");

bool session_extra_save(api_call *c, const char *session_id, const php_value *extra,
                        const char *prefix, bool only_given)
{
    return extra_values_save(c, EXTRA_ITEM_SESSION, session_id, extra, prefix, only_given);
}

bool session_extra_copy(api_call *c, const char *from, const char *to)
{
    return call_sql(c, &SQL_COPY, from, to) != NULL;
}
