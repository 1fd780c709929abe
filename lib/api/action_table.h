/*
 * action_table.h - the action table generated from actions.def.
 *
 * Contract: action_lookup() finds a row by its exact (case-sensitive) name
 * without scanning the table: the rows are indexed once per process by
 * action_table_init(), which also refuses a table with a duplicate name.
 */
#ifndef CHAMILO_API_ACTION_TABLE_H
#define CHAMILO_API_ACTION_TABLE_H

#include <stddef.h>

#include "api/action.h"

typedef enum gate_kind {
    GATE_PUBLIC,
    GATE_KEY,
    GATE_ADMIN,
    GATE_SELF_OR_ADMIN,
    GATE_ADMIN_KEYS,
} gate_kind;

typedef struct action_gate {
    gate_kind kind;
    param_source target_source; /* GATE_SELF_OR_ADMIN: where the target user id is read */
    const char *target_param;
} action_gate;

enum action_flags {
    ACT_WRITE = 1 << 0,
    ACT_COURSE = 1 << 1,
    ACT_REDIRECT = 1 << 2, /* answers a 302 with a Location, no JSON (10 §9.2) */
    ACT_RAW = 1 << 3,      /* answers its data alone, pretty-printed, without the envelope,
                              as text/html without CORS (30 §6.1); refusals before and in
                              the handler keep the envelope */
};

typedef action_result (*action_handler)(api_call *c);
typedef struct action_def action_def;

struct action_def {
    const char *name;
    action_handler handler;
    action_gate gate;
    unsigned flags;
    const param_list *params; /* declared beside the handler (ACTION_PARAMS) */
    const action_about *about; /* declared atop the handler (ACTION_ABOUT) */
    /* The shape of its answer's data (ACTION_ANSWER, reply.h), for the
     * OpenAPI description. */
    const answer_shape *const *answer;
    /* The statement sent with the key check (ACTION_PREFETCH), or NULL. */
    const action_prefetch_fn *prefetch;
    /* The course tool whose access a call records (ACTION_TOOL), or NULL. */
    const course_tool *tool;
};

/* The gate spellings used in actions.def. */
#define PUBLIC { GATE_PUBLIC, FROM_GET, NULL }
#define KEY { GATE_KEY, FROM_GET, NULL }
#define ADMIN { GATE_ADMIN, FROM_GET, NULL }
#define ADMIN_KEYS { GATE_ADMIN_KEYS, FROM_GET, NULL }
#define SELF(src, param) { GATE_SELF_OR_ADMIN, (src), (param) }

/* Builds the name index. Returns 0, or -1 (logged) on a duplicate name. */
int action_table_init(void);

/* The row named name (len bytes), or NULL. */
const action_def *action_lookup(const char *name, size_t len);

/* All rows in table order, for documentation and tests. */
const action_def *action_table_rows(size_t *count);

#endif
