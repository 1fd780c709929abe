/*
 * flow.h - the steps of the global request flow (10-request-flow.md) that
 * live in their own files, called by the dispatcher (flow.c) in this order:
 *
 *   campus_resolve        the current access URL from Host (§1)
 *   auth_validate_key     the API key, the course and session context (§4, §4.2)
 *   tracking_record_visit who-is-online, last login, course access (§7.2
 *                         steps 2-5), before the transaction of a write action
 *   events_commit         the access_ws_<action> rows (§7.2 step 6) and the
 *                         COMMIT of a write action, in one round trip
 *   events_write          the same rows alone, after a write action failed
 *   tracking_flush        steps 2-6 in one statement, after a read action
 *
 * Each returns true (auth_validate_key: AUTH_OK) on success. On failure it
 * has recorded the error in the call (a message, or a database error) and
 * the dispatcher answers it.
 */
#ifndef CHAMILO_API_FLOW_H
#define CHAMILO_API_FLOW_H

#include "api/call.h"

/* With may_guess (the call goes on to a key check), a lookup this worker
 * has made before is not made again now: its outcome is applied as a guess
 * and c->campus_check is set, for the key check's round trip to confirm
 * with campus_guess_holds. */
bool campus_resolve(api_call *c, bool may_guess);
/* r: the result of c->campus_check. True when it gives the guessed campus;
 * else applies the campus it gives (everything planned with the guess must
 * be planned again) and returns false. Either way the campus is confirmed. */
bool campus_guess_holds(api_call *c, const PGresult *r);
/* AUTH_CAMPUS_CHANGED: the guessed campus was wrong (campus_guess_holds);
 * the campus is now the right one and nothing is recorded: plan the call
 * again and check the key again. */
typedef enum { AUTH_OK, AUTH_REFUSED, AUTH_CAMPUS_CHANGED } auth_outcome;
auth_outcome auth_validate_key(api_call *c);
bool tracking_record_visit(api_call *c);
bool events_write(api_call *c);
/* The events, then COMMIT, in one round trip (db_commit_with). False when
 * not committed (the database error is in c->db, OOM is recorded). */
bool events_commit(api_call *c);
bool tracking_flush(api_call *c);

/* The campus id whose membership the key check counts ("0": single-URL,
 * everyone belongs): $2 of the key check statements. */
const char *call_key_check_url(const api_call *c);

/* The values a statement is sent with into out (CALL_MAX_VALUES slots):
 * a keyed statement's (DB_KEYED_STATEMENT) get the key check's in front of
 * own. Returns their number, or -1 when they do not fit. */
int call_statement_values(const api_call *c, const db_stmt *stmt, const char *const *own,
                          int count, const char **out);

/* Runs the action's handler, in one transaction for ACT_WRITE actions,
 * and enforces the error channel: a handler that fails without recording
 * an error gets the internal-error answer, logged with the action's name.
 * Public for the unit tests. */
void flow_run_handler(api_call *c, const action_def *act);

#endif
