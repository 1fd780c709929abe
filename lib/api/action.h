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
 *   ACTION_ABOUT what the action is for (below)
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

/*
 * What an action is for, in words, declared once at the top of its handler
 * file, right after the #include lines:
 *
 *     ACTION_ABOUT(user_profile, "The caller's own profile", "20-users-messages.md §4.1",
 *                  "Answers the profile of the user the api_key belongs to: ...");
 *
 *   summary      one line, no final period: what a caller gets or does
 *   contract     the section of docs/contract/ that specifies it ("<file> §<n>")
 *   description  a few sentences: what it does, and who may call it where
 *                that goes beyond the table's gate (the course's teachers,
 *                the caller's own data); the gate itself is stated in words
 *                by the OpenAPI document, from actions.def
 *
 * The action table links each row to its declaration, so an action without
 * one does not link. They feed `--openapi` (summary, description; the
 * handler's folder, its domain, is the operation's tag) and
 * `--list-actions`; t/e2e/flow/test_openapi.py checks that none is empty and
 * that every contract section exists.
 */
typedef struct action_about {
    const char *summary;
    const char *contract;
    const char *description;
    const char *source; /* the handler file, lib/actions/<domain>/<action>.c (__FILE__) */
} action_about;

#define ACTION_ABOUT(action, summary_, contract_, description_)                                 \
    const action_about action_##action##_about = {summary_, contract_, description_, __FILE__}

/* An action's ACTION_PREFETCH plan function (call.h). */
typedef bool (*action_prefetch_fn)(api_call *c, call_plan *p);

/* One prototype per handler, and its declarations (params.h, reply.h's
 * ACTION_ANSWER, call.h: ACTION_PREFETCH and ACTION_TOOL are optional). */
#define ACTION(name, gate, flags)                                                              \
    action_result action_##name(api_call *c);                                                  \
    extern const param_list action_##name##_params;                                            \
    extern const action_about action_##name##_about;                                           \
    extern const answer_shape *const action_##name##_answer;                                   \
    extern const action_prefetch_fn action_##name##_prefetch __attribute__((weak));           \
    extern const course_tool action_##name##_tool __attribute__((weak));
#include "api/actions.def"
#undef ACTION

#endif
