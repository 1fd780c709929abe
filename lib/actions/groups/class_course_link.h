/*
 * class_course_link.h - what add_group_sub_course and
 * delete_group_sub_course share (25-groups-audit.md §3.9, §3.12): their
 * parameters, the class's members M(G) (§2.3) and the answer.
 */
#ifndef CHAMILO_ACTIONS_GROUPS_CLASS_COURSE_LINK_H
#define CHAMILO_ACTIONS_GROUPS_CLASS_COURSE_LINK_H

#include "api/action.h"

/* POST group_id and course_id, PHP (int); arrays refused (PHP reads them
 * as 1). */
enum { ARG_GROUP_ID, ARG_COURSE_ID };
#define CLASS_COURSE_LINK_PARAMS(action)                                                       \
    ACTION_PARAMS(action, [ARG_GROUP_ID] = {"group_id", FROM_POST, PK_INT, P_SCALAR},           \
                  [ARG_COURSE_ID] = {"course_id", FROM_POST, PK_INT, P_SCALAR})

typedef struct class_course_link {
    const char *group_id;  /* decimal G */
    const char *course_id; /* decimal C as sent (stored in usergroup_rel_course) */
    const char *course;    /* the course acted on: C, or the call's course
                              context when C is 0 (§2.6); NULL when it does
                              not exist */
    sql_rows members;      /* M(G): user_id, one row per membership (column 0) */
} class_course_link;

/* Locks the class's links until COMMIT (usergroup_lock_links), then reads
 * the course and M(G) (usergroup_members). False on a database error
 * (recorded). */
bool class_course_link_read(api_call *c, class_course_link *link);

#endif
