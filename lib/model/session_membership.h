/*
 * session_membership.h - who studies in a training session, written as
 * Chamilo's SessionManager writes it (40-sessions-campuses.md §8, §9):
 * session_rel_user (the session), session_rel_course_rel_user (each course
 * of the session), the counters session.nbr_users and
 * session_rel_course.nbr_users, and the event rows of the work
 * (session_add_user, session_add_user_course, user_subscribed,
 * session_delete_user, session_delete_user_course), whose actor is the
 * caller.
 *
 * Both functions run their statements through the call (call_sql): call
 * them inside the action's transaction (ACT_WRITE), which they leave open.
 * They lock the session row first, so that two calls on the same session
 * count its members one after the other. Both are idempotent: a user
 * already subscribed gets no second row and no second event; a user not
 * subscribed is not unsubscribed again.
 *
 * A session that does not exist, and user ids that name no user, are
 * skipped silently (PHP does nothing, or fails on a foreign key). They
 * return false only on a database error, recorded in the call.
 */
#ifndef CHAMILO_MODEL_SESSION_MEMBERSHIP_H
#define CHAMILO_MODEL_SESSION_MEMBERSHIP_H

#include <stddef.h>
#include <stdint.h>

#include "api/action.h"

/* The visibility given to the new per-course rows. */
typedef enum session_course_visibility {
    SESSION_COURSE_VISIBILITY_OF_SESSION, /* session.visibility, 1 when that is 0
                                             (subscribeUsersToSession's default) */
    SESSION_COURSE_READ_ONLY,             /* 1 (subscribe_user_to_session_from_username) */
} session_course_visibility;

/* Subscribes the users as students (relation_type 0) to the session and to
 * every course of it, keeping the members it has. */
bool session_subscribe_users(api_call *c, int64_t session_id, const int64_t *user_ids,
                             size_t count, session_course_visibility visibility);

/* Removes the users' student/tutor rows (relation_type other than 1, the
 * DRH) from the session and all their rows (coach rows included) from its
 * courses, with the counters going down by what was removed. */
bool session_unsubscribe_users(api_call *c, int64_t session_id, const int64_t *user_ids,
                               size_t count);

/* SessionManager::add_courses_to_session with "remove the others": the
 * session's course set becomes the listed courses that exist (ids naming
 * no course are skipped). Courses left out lose their session_rel_course
 * row and all their per-course rows (session_delete_course event); new
 * ones get a row at position 0 (session_add_course event) and every
 * learner of the session (session_rel_user, relation type other than 1)
 * is subscribed to them as session_subscribe_users does, with the
 * session's visibility. session.nbr_courses follows. With
 * with_assignments, the active top-level assignments of the base course of
 * each added course are copied into the session (import_assignments; the
 * folders on disk too when sys_course_path is set). *exists says whether
 * the session exists (nothing is done otherwise). */
bool session_set_courses(api_call *c, int64_t session_id, const int64_t *course_ids, size_t count,
                         bool with_assignments, bool *exists);

#endif
