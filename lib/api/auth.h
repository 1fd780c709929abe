/*
 * auth.h - the API key and the course and session context
 * (10-request-flow.md §4, §4.2), in one round trip, for the dispatcher.
 */
#ifndef CHAMILO_API_AUTH_H
#define CHAMILO_API_AUTH_H

#include "api/call.h"

/* AUTH_CAMPUS_CHANGED: the guessed campus was wrong (campus_guess_holds);
 * the campus is now the right one and nothing is recorded: plan the call
 * again and check the key again. AUTH_REFUSED: the answer is recorded. */
typedef enum { AUTH_OK, AUTH_REFUSED, AUTH_CAMPUS_CHANGED } auth_outcome;

/* Checks c->api_key for c->username and sets c->user; with a course or
 * session parameter, sets c->course and c->session_id, or records the
 * refusal (no such course or session, or one the caller may not enter).
 * The action's planned prefetch goes in the same round trip. */
auth_outcome auth_validate_key(api_call *c);

#endif
