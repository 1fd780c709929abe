/*
 * item_property.h - Chamilo's per-item visibility and history rows
 * (c_item_property, 30-courses.md §1.4) as the course tools write them.
 */
#ifndef CHAMILO_MODEL_ITEM_PROPERTY_H
#define CHAMILO_MODEL_ITEM_PROPERTY_H

#include <stdbool.h>

#include "api/action.h"

/* ITEM-PROPERTY-ADD of 30-courses.md §7.1 for the call's course and
 * session, by the caller: when a row exists for (course, tool, ref, the
 * session, or no session when the call has none) it is updated
 * (lastedit_date = now, lastedit_user_id, lastedit_type = type); otherwise
 * one is inserted (insert and lastedit dates now, by the caller, no group
 * or user, visibility 1, session NULL when none) with id = its iid.
 * Inside the action's transaction. False on failure (recorded). */
bool item_property_add(api_call *c, const char *tool, const char *ref, const char *type);

#endif
