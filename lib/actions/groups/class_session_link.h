/*
 * class_session_link.h - what add_group_sub_session and
 * delete_group_sub_session share (25-groups-audit.md §3.10, §3.13): their
 * parameters, the session (§2.6: valid when S > 0 and it exists) and the
 * class's members as the session membership model takes them.
 */
#ifndef CHAMILO_ACTIONS_GROUPS_CLASS_SESSION_LINK_H
#define CHAMILO_ACTIONS_GROUPS_CLASS_SESSION_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "api/action.h"

/* POST group_id and session_id, PHP (int); arrays refused (PHP reads them
 * as 1). */
enum { ARG_GROUP_ID, ARG_SESSION_ID };
#define CLASS_SESSION_LINK_PARAMS(action)                                                      \
    ACTION_PARAMS(action, [ARG_GROUP_ID] = {"group_id", FROM_POST, PK_INT, P_SCALAR},           \
                  [ARG_SESSION_ID] = {"session_id", FROM_POST, PK_INT, P_SCALAR})

typedef struct class_session_link {
    const char *group_id;   /* decimal G */
    int64_t session;        /* S */
    const char *session_id; /* S, decimal */
    bool session_valid;     /* S > 0 and the session exists */
    bool linked;            /* the class has a link to S */
    const int64_t *members; /* M(G), in membership order */
    size_t member_count;
} class_session_link;

/* Locks the class's links until COMMIT (usergroup_lock_links), then reads
 * the session, the link and M(G). False on a database error (recorded). */
bool class_session_link_read(api_call *c, class_session_link *link);

#endif
