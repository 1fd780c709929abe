/*
 * bookkeeping_rows.h - what an authenticated call records behind its answer
 * (10-request-flow.md §7.2): who is online, last login, course access
 * (steps 2-5), the access_ws_<action> event rows (step 6) and the access to
 * the action's course tool (30-courses.md §1.8), queued in the
 * worker's bookkeeping (bookkeeping.h), for the dispatcher.
 *
 * Each returns true on success; on failure the error is recorded in the
 * call (or, for the COMMIT, left in the connection: bookkeeping_commit_events).
 */
#ifndef CHAMILO_API_BOOKKEEPING_ROWS_H
#define CHAMILO_API_BOOKKEEPING_ROWS_H

#include <stdbool.h>

#include "api/call.h"

/* Steps 2-5, before the transaction of a write action. */
bool bookkeeping_record_visit(api_call *c);
/* The events, then COMMIT, in one round trip (db_commit_with). False when
 * not committed (the database error is in the connection, OOM is
 * recorded). */
bool bookkeeping_commit_events(api_call *c);
/* The same rows alone, after a write action failed. */
bool bookkeeping_write_events(api_call *c);
/* Steps 2-6 and the tool access in one statement, after a read action. */
bool bookkeeping_record_call(api_call *c);
/* The tool access (30 §1.8) of a write action, after its transaction. */
bool bookkeeping_record_tool(api_call *c);

#endif
