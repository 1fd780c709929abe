/*
 * user_extra.h - user extra fields (extra_field with extra_field_type 1 and
 * their extra_field_values, 20-users-messages.md §1.8.2).
 *
 * Field names (`variable`) are matched case-insensitively, as MySQL's
 * collation does in Chamilo (accents are not folded; docs/compat.md).
 */
#ifndef CHAMILO_MODEL_USER_EXTRA_H
#define CHAMILO_MODEL_USER_EXTRA_H

#include "api/action.h"

/* The characters of a field name (extra_field.variable, varchar(255)). */
#define EXTRA_FIELD_VARIABLE_CHARS 255

typedef enum user_extra_result {
    USER_EXTRA_ERROR,     /* recorded in the call */
    USER_EXTRA_NO_FIELD,  /* no such user field: nothing written (PHP: false) */
    USER_EXTRA_UNCHANGED, /* same value in the same second (MySQL: 0 rows affected) */
    USER_EXTRA_WRITTEN,   /* inserted or updated */
} user_extra_result;

/* Sets the user's value of field `variable` (value NULL stores NULL). */
user_extra_result user_extra_set(api_call *c, const char *user_id, const char *variable,
                                 const char *value);

/* Creates the user text field `name` if no field of that name exists
 * (*created, when not NULL, says whether it did):
 * variable = name trimmed, lower-cased, spaces as '_'; display_text = name;
 * field_order = last + 1. Returns the variable to write values with, NULL on
 * failure. An empty name creates nothing and returns "" (PHP creates a junk
 * field with an empty name). */
const char *user_extra_ensure_field(api_call *c, const char *name, bool *created);

#endif
