/*
 * flow.h - the dispatcher (flow.c): every check common to all actions, in
 * the order of 10-request-flow.md §8, then the handler. Its entry point is
 * app_handle (app.h); this is the part the unit tests drive directly.
 */
#ifndef CHAMILO_API_FLOW_H
#define CHAMILO_API_FLOW_H

#include "api/action_table.h"
#include "api/call.h"

/* Runs the action's handler, in one transaction for ACT_WRITE actions,
 * and enforces the error channel: a handler that fails without recording
 * an error gets the internal-error answer, logged with the action's name. */
void flow_run_handler(api_call *c, const action_def *act);

#endif
