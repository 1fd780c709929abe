/*
 * campus.h - the current campus (access URL) from the request's Host
 * (10-request-flow.md §1), for the dispatcher.
 */
#ifndef CHAMILO_API_CAMPUS_H
#define CHAMILO_API_CAMPUS_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "api/call.h"

/* Sets c->url_id, c->url_id_text and c->web_root. With may_guess (the
 * call goes on to a key check), a lookup this worker has made before is not
 * made again now: its outcome is applied as a guess and the call's
 * campus_check is set, for the key check's round trip to confirm with
 * campus_guess_holds. False on failure, recorded. */
bool campus_resolve(api_call *c, bool may_guess);

/* r: the result of the call's campus_check. True when it gives the guessed
 * campus; else applies the campus it gives (everything planned with the
 * guess must be planned again) and returns false. Either way the campus is
 * confirmed. */
bool campus_guess_holds(api_call *c, const PGresult *r);

#endif
