/*
 * item_property.c - c_item_property writes (item_property.h).
 */
#include "model/item_property.h"

/* $1 course, $2 tool, $3 ref, $4 session (0: none), $5 the caller, $6 type.
 * One statement: the update, else the insert, whose id is its iid (the
 * identity's next value, taken once). */
DB_STATEMENT(SQL_ITEM_PROPERTY_ADD, "item_property.add", 6,
    "WITH updated AS ("
    "  UPDATE c_item_property SET lastedit_date = date_trunc('second', LOCALTIMESTAMP),"
    "         lastedit_user_id = $5::int, lastedit_type = $6"
    "   WHERE c_id = $1::int AND tool = $2 AND ref = $3::int"
    "     AND (CASE WHEN $4::int = 0 THEN session_id IS NULL OR session_id = 0"
    "               ELSE session_id = $4::int END)"
    "  RETURNING iid),"
    " inserted AS ("
    "  INSERT INTO c_item_property (iid, id, c_id, tool, ref, insert_date, lastedit_date,"
    "                               insert_user_id, lastedit_user_id, lastedit_type, to_group_id,"
    "                               to_user_id, visibility, session_id)"
    "  SELECT n.iid, n.iid, $1::int, $2, $3::int, date_trunc('second', LOCALTIMESTAMP),"
    "         date_trunc('second', LOCALTIMESTAMP), $5::int, $5::int, $6, NULL, NULL, 1,"
    "         NULLIF($4::int, 0)"
    "    FROM (SELECT nextval(pg_get_serial_sequence('c_item_property', 'iid')) AS iid) n"
    "   WHERE NOT EXISTS (SELECT 1 FROM updated)"
    "  RETURNING iid)"
    " SELECT (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted)");

bool item_property_add(api_call *c, const char *tool, const char *ref, const char *type)
{
    return call_sql(c, &SQL_ITEM_PROPERTY_ADD, c->course.id_text, tool, ref, c->session_id_text,
                    c->user->id_text, type) != NULL;
}
