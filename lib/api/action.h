/*
 * action.h - the one header an action handler includes
 * (lib/actions/<domain>/<action>.c), with the shared pieces of its domain
 * (lib/model/). It gives exactly what a handler may use:
 *
 *   call.h     the call as the handler sees it (c->args, c->user, c->course,
 *              the campus), answering (call_ok, call_fail, call_redirect),
 *              events, statements (DB_STATEMENT, call_sql, ACTION_PREFETCH
 *              with call_prefetched, DB_KEYED_STATEMENT)
 *   params.h   ACTION_PARAMS, the declared parameters
 *   reply.h    the answer's JSON, typed from field tables
 *   messages.h the catalogue's messages (MSG_...)
 *
 * and the prototypes of every handler of the action table. The
 * dispatcher's state (call_state.h) and the table itself
 * (action_table.h) are not reachable from here.
 */
#ifndef CHAMILO_API_ACTION_H
#define CHAMILO_API_ACTION_H

#include "api/call.h"
#include "api/messages.h"
#include "api/params.h"
#include "api/reply.h"

/* An action's ACTION_PREFETCH plan function (call.h). */
typedef bool (*action_prefetch_fn)(api_call *c, call_plan *p);

/* One prototype per handler, and its declarations (params.h, call.h:
 * ACTION_PREFETCH and ACTION_TOOL are optional). */
#define ACTION(name, gate, flags)                                                              \
    action_result action_##name(api_call *c);                                                  \
    extern const param_list action_##name##_params;                                            \
    extern const action_prefetch_fn action_##name##_prefetch __attribute__((weak));           \
    extern const course_tool action_##name##_tool __attribute__((weak));
#include "api/actions.def"
#undef ACTION

#endif
