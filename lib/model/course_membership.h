/*
 * course_membership.h - subscribing one user to a course and unsubscribing
 * them, as Chamilo's CourseManager::subscribeUser and ::unsubscribe do
 * (30-courses.md §8.3, §8.5), for every action that enrols people
 * (subscribe_user_to_course, unsubscribe_user_from_course, the class and
 * session actions that enrol their members).
 *
 * Both run their statements through the call (call_sql), so inside a write
 * action they belong to its transaction: a later failure rolls them back.
 * Each is one statement that writes the membership rows and, when the
 * configuration logs events (log_events), the library's event rows of
 * 25-groups-audit.md §2.2 (user_subscribed / user_unsubscribed, value types
 * course_code and user_object, by the caller, c_id = the course, session_id
 * = the call's session context), so any number of users can be enrolled by
 * one call. The user_object value is the PHP-serialized main fields of the
 * user (id, user_id, username, firstname, lastname, complete_name, email,
 * official_code, status, active, language, phone), stored with MySQL's
 * escaping as Chamilo stores it (`s:2:\"id\";i:5;`).
 *
 * Session context (c->session_id != 0): the user is enrolled into (removed
 * from) the course inside that session instead, as PHP does; the session
 * must contain the course.
 *
 * Idempotent: subscribing twice leaves one row (the unique indexes are the
 * guard, also against a concurrent call), unsubscribing twice removes
 * nothing the second time.
 */
#ifndef CHAMILO_MODEL_COURSE_MEMBERSHIP_H
#define CHAMILO_MODEL_COURSE_MEMBERSHIP_H

#include <stdbool.h>

#include "api/action.h"

/* course_rel_user.status values. */
#define COURSE_STATUS_TEACHER 1
#define COURSE_STATUS_STUDENT 5

typedef enum membership_result {
    MEMBERSHIP_FAILED = -1,   /* error recorded in the call */
    MEMBERSHIP_UNCHANGED = 0, /* nothing written: see each function */
    MEMBERSHIP_CHANGED = 1,   /* rows written, events recorded */
} membership_result;

typedef struct course_subscription {
    const char *course_id; /* decimal course.id */
    const char *user_id;   /* decimal user.id */
    int status;            /* COURSE_STATUS_TEACHER or anything else = student */
    /* CourseManager's "teacher permission check": when true, a course whose
     * `subscribe` flag is 0 takes nobody, unless the caller is a platform
     * admin or a session administrator (user.status 3). */
    bool respect_subscribe_flag;
} course_subscription;

/* Subscribes. UNCHANGED when the course or the user does not exist, the
 * user is already a member (course_rel_user with relation_type <> 1; in a
 * session: session_rel_course_rel_user), the course refuses by its
 * subscribe flag (above), the session does not contain the course, or, for
 * a student, the course's max_subscribed_students extra field is set and
 * reached. Otherwise inserts course_rel_user (sort = the user's last sort
 * in category 0 + 1, relation_type 0, user_course_cat 0) or, in a session,
 * session_rel_course_rel_user (status 0, the session's visibility, 1 when
 * 0), the session_rel_user row when missing and the session's and session
 * course's user counters; and two user_subscribed events. Not done: the
 * e-mails to teachers and the forum notification subscriptions
 * (docs/compat.md). */
membership_result course_subscribe(api_call *c, const course_subscription *s);

/* Unsubscribes. Without a session context: deletes the user's
 * course_rel_user rows of the course (relation_type <> 1, a HR manager's
 * follow-up stays), the user's course groups and tutorships
 * (c_group_rel_user, c_group_rel_tutor), submissions (c_student_publication),
 * forum notifications and mail queue rows (c_forum_notification,
 * c_forum_mailcue) in the course. In a session: the
 * session_rel_course_rel_user row, and the session_rel_user row when the
 * user keeps no other course of the session; counters recomputed.
 * Events: user_unsubscribed (course_code; without a session also
 * user_object) when the user was a member. UNCHANGED when the user was no
 * member (nothing written, no event). */
membership_result course_unsubscribe(api_call *c, const char *course_id, const char *user_id);

/* ---- what the two membership actions share (30 §8.3, §8.5) ---- */

/* The course a membership call names: by `code` (case-insensitively, as
 * MySQL compares it) when it is not empty, else by `id`; neither (an
 * empty code and id 0) names no course. */
typedef struct membership_course {
    bool found;
    const char *id;         /* decimal course.id, when found */
    bool self_registration; /* course.subscribe = 1 */
} membership_course;
/* False on failure (recorded). */
bool membership_course_find(api_call *c, const char *code, int64_t id, membership_course *out);

/* The answer [done] and the access_ws event (course_id-user_id,
 * "<course_id>:<user_id>" of the parameters as PHP casts them). */
action_result membership_answer(api_call *c, int64_t course_id, int64_t user_id, bool done);

#endif
