/*
 * session_create.h - SessionManager::create_session, shared by
 * save_session and create_session_from_model (40-sessions-campuses.md §3
 * steps 3-5, §5 step 2).
 */
#ifndef CHAMILO_ACTIONS_SESSIONS_SESSION_CREATE_H
#define CHAMILO_ACTIONS_SESSIONS_SESSION_CREATE_H

#include <stdint.h>

#include "api/action.h"

/* What the new session holds. Strings NULL or "" for none (dates), ids 0
 * for none. */
typedef struct session_fields {
    const char *name;          /* trimmed here */
    const char *start, *end;   /* access dates as sent: "Y-m-d H:i[:s]" */
    bool coach_dates;          /* the coach dates are the access dates too */
    bool no_dates;             /* a duration session: every date NULL */
    const char *description;
    int64_t coach_id;
    bool coach_required;       /* a coach id naming no user is refused ("User not found.") */
    int64_t admin_id;          /* session_admin_id; 0: the caller */
    int64_t category_id;
    int visibility;
    int show_description;
    int duration;
    int send_subscription_notification;
    int64_t url_id;            /* the campus it belongs to */
} session_fields;

/* "Y-m-d H:i" or "Y-m-d H:i:s" (also "Y-m-d" unless with_time), a real
 * date and time (chamilo_date_read) in the call's time zone
 * (call_timezone), as "Y-m-d H:i:s" in UTC in the arena; NULL when it is
 * not one (or on a failure, recorded). */
const char *session_date(api_call *c, const char *s, bool with_time);
#define session_exact_datetime(c, s) session_date((c), (s), true)

/* Checks the fields in PHP's order and creates the session, its campus
 * link and its session_created event. Returns the new id (> 0); 0 with
 * *problem set to the catalogue text PHP returns for a refused session
 * (a name missing or taken, a bad or inverted date); -1 on failure
 * (recorded in the call). */
int64_t session_create(api_call *c, const session_fields *f, const char **problem);

#endif
