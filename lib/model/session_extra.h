/*
 * session_extra.h - session extra fields (extra_field with
 * extra_field_type 3 and their extra_field_values), saved as
 * 40-sessions-campuses.md §10 says.
 *
 * Call inside the action's transaction (ACT_WRITE). False on a database
 * error or OOM, recorded in the call.
 */
#ifndef CHAMILO_MODEL_SESSION_EXTRA_H
#define CHAMILO_MODEL_SESSION_EXTRA_H

#include "api/action.h"

/* ExtraField::saveFieldValues for a session: `extra` maps
 * "<prefix><variable>" to a value (prefix "extra_" for the form fields of
 * save_session and update_session). Every session field gets a value row
 * (inserted, or updated when it differs): the submitted value (an array's
 * values joined with ';'; a checkbox is 1 when its array holds its own key,
 * else 0), or "" for a field not submitted; a date (Y-m-d) or datetime
 * (Y-m-d H:i) field only when the value is exactly one; file, image and tag
 * fields are left alone. extra NULL: every field gets "". When
 * only_given, fields not in `extra` are left alone. */
bool session_extra_save(api_call *c, const char *session_id, const php_value *extra,
                        const char *prefix, bool only_given);

/* Copies every session extra value of session `from` to session `to`
 * (inserted, or updated when it differs). */
bool session_extra_copy(api_call *c, const char *from, const char *to);

#endif
