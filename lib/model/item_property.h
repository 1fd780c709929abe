/*
 * item_property.h - c_item_property, the visibility and edit history of
 * every course item (30-courses.md §1.4, §7.1), as SQL for write statements.
 */
#ifndef CHAMILO_MODEL_ITEM_PROPERTY_H
#define CHAMILO_MODEL_ITEM_PROPERTY_H

/* ITEM-PROPERTY-ADD (30-courses.md §7.1) as two common table expressions
 * of a write statement, <name>_upd and <name>_ins: the item property of
 * (course, tool, ref) in the session context (0: the base course) gets its
 * last edit (now, user, type), or is inserted, visible, by user. course,
 * ref, user and session are SQL expressions of the statement (integers);
 * tool and type SQL literals; nothing is written unless the SQL condition
 * `when` holds. */
#define ITEM_PROPERTY_ADD_CTE(name, when, course, tool, ref, type, user, session)             \
    name "_upd AS (UPDATE c_item_property SET lastedit_date = (now() AT TIME ZONE 'UTC'),"    \
    " lastedit_user_id = " user ", lastedit_type = " type                                     \
    " WHERE c_id = " course " AND tool = " tool " AND ref = " ref                             \
    " AND COALESCE(session_id, 0) = " session " AND (" when ") RETURNING iid),"               \
    " " name "_ins AS (INSERT INTO c_item_property (iid, id, c_id, tool, ref, session_id,"    \
    " to_group_id, to_user_id, insert_user_id, lastedit_user_id, lastedit_type, visibility,"  \
    " insert_date, lastedit_date)"                                                            \
    " SELECT n.iid, n.iid, " course ", " tool ", " ref ", NULLIF(" session ", 0), NULL, NULL, " \
    user ", " user ", " type ", 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'"          \
    " FROM (SELECT nextval(pg_get_serial_sequence('c_item_property', 'iid'))::int AS iid) n"  \
    " WHERE (" when ") AND NOT EXISTS (SELECT 1 FROM " name "_upd) RETURNING iid)"

#endif
