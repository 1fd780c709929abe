/*
 * campus_form.h - the parameters add_campus and edit_campus share
 * (40-sessions-campuses.md §13.1, §13.2): url and description through
 * remove_XSS, active as PHP (int).
 */
#ifndef CHAMILO_ACTIONS_CAMPUSES_CAMPUS_FORM_H
#define CHAMILO_ACTIONS_CAMPUSES_CAMPUS_FORM_H

#include "api/action.h"

/* access_url.url is varchar(255): room for the '/' appended. */
#define CAMPUS_URL_MAX 254
#define CAMPUS_FORM_PARAMS                                                                     \
    {"url", FROM_POST, PK_TEXT, P_SCALAR, CAMPUS_URL_MAX},                                      \
    {"description", FROM_POST, PK_TEXT, P_SCALAR},                                             \
    {"active", FROM_POST, PK_INT, P_SCALAR}

/* The id parameter as sent, PHP's value for the campus_id event: its text
 * when it is a string the log can hold, else its (int). NULL on OOM
 * (recorded). */
const char *campus_id_as_sent(api_call *c, const api_arg *id);

/* url with a '/' appended when it does not end with one ("/" for none).
 * NULL on OOM (recorded). */
const char *campus_url_with_slash(api_call *c, const char *url);

#endif
