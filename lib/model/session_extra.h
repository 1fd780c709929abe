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

/* extra_values_save (model/extra_values.h) for a session's fields
 * (prefix "extra_" for the form fields of save_session and update_session). */
bool session_extra_save(api_call *c, const char *session_id, const php_value *extra,
                        const char *prefix, bool only_given);

/* Copies every session extra value of session `from` to session `to`
 * (inserted, or updated when it differs). */
bool session_extra_copy(api_call *c, const char *from, const char *to);

#endif
