/*
 * extra_values.h - the extra field values of an item saved from a form, as
 * Chamilo's ExtraField::saveFieldValues does (40-sessions-campuses.md §10,
 * 30-courses.md §8.1), for any kind of item.
 *
 * Call inside the action's transaction (ACT_WRITE). False on a database
 * error or OOM, recorded in the call.
 */
#ifndef CHAMILO_MODEL_EXTRA_VALUES_H
#define CHAMILO_MODEL_EXTRA_VALUES_H

#include "api/action.h"

/* extra_field.extra_field_type: the kind of item a field describes. */
typedef enum extra_item_type {
    EXTRA_ITEM_COURSE = 2,
    EXTRA_ITEM_SESSION = 3,
} extra_item_type;

/* `extra` maps "<prefix><variable>" to a value. Every field of the item
 * type gets a value row (inserted, or updated when it differs): the
 * submitted value (an array's values joined with ';'; a checkbox is 1 when
 * its array holds its own key, else 0), or "" for a field not submitted; a
 * date (Y-m-d) or datetime (Y-m-d H:i) field only when the value is exactly
 * one; file, image and tag fields are left alone. extra NULL: every field
 * gets "". When only_given, fields not in `extra` are left alone. Entries
 * whose name or value the database cannot hold name no field. */
bool extra_values_save(api_call *c, extra_item_type type, const char *item_id,
                       const php_value *extra, const char *prefix, bool only_given);

#endif
