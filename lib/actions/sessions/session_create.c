/*
 * session_create.c - see session_create.h.
 */
#include "actions/sessions/session_create.h"

#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "model/session_columns.h"
#include "core/chamilo_date.h"
#include "php/php_value.h"

DB_STATEMENT(SQL_COACH_EXISTS, "session_create.coach", 1,
    "SELECT 1 FROM \"user\" WHERE id = $1::int");

/* A name taken (case-insensitively, the unique index) inserts nothing: no
 * row returned. $6 and $7 the access dates (also the display dates), $8
 * whether the coach dates are them too, $9 no dates at all. */
DB_STATEMENT(SQL_INSERT_SESSION, "session_create.insert", 14,
    "INSERT INTO session (name, id_coach, session_admin_id, visibility, description,"
    "   show_description, send_subscription_notification, access_start_date, access_end_date,"
    "   display_start_date, display_end_date, coach_access_start_date, coach_access_end_date,"
    "   duration, session_category_id, nbr_courses, nbr_users, nbr_classes)"
    " SELECT $1, NULLIF($2::int, 0), $3::int, $4::int, $5, $10::int, $11::int,"
    "        d.s, d.e, d.s, d.e, CASE WHEN $8::bool THEN d.s END, CASE WHEN $8::bool THEN d.e END,"
    "        $12::int, NULLIF($13::int, 0), 0, 0, 0"
    "   FROM (SELECT CASE WHEN NOT $9::bool THEN $6::timestamp END AS s,"
    "                CASE WHEN NOT $9::bool THEN $7::timestamp END AS e) d"
    " ON CONFLICT ((lower(name))) DO NOTHING RETURNING id, $14::int AS url_id");

DB_STATEMENT(SQL_LINK_CAMPUS, "session_create.campus", 2,
    "INSERT INTO access_url_rel_session (access_url_id, session_id) VALUES ($1::int, $2::int)"
    " ON CONFLICT DO NOTHING");

const char *session_date(api_call *c, const char *s, bool with_time)
{
    size_t len = s ? strlen(s) : 0;
    struct tm t;
    if ((with_time && len != 16 && len != 19) || !chamilo_date_read(s, len, &t))
        return NULL;
    const char *local = arena_printf(c->arena, "%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900,
                                     t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
    const char *utc = local ? chamilo_date_utc_sql(c->arena, call_timezone(c), local) : NULL;
    return utc ? utc : (call_fail_oom(c), NULL);
}

int64_t session_create(api_call *c, const session_fields *f, const char **problem)
{
    *problem = NULL;
    size_t name_len;
    const char *name = php_trim(f->name ? f->name : "", f->name ? strlen(f->name) : 0, &name_len);
    name = name ? arena_strndup(c->arena, name, name_len) : NULL;
    if (!name)
        return call_fail_oom(c), -1;
    const char *start = NULL, *end = NULL;
    if (!*name)
        *problem = MSG_SessionNameIsRequired;
    else if (f->start && *f->start && !(start = session_exact_datetime(c, f->start)))
        *problem = MSG_InvalidStartDateWasGiven;
    else if (f->end && *f->end && !(end = session_exact_datetime(c, f->end)))
        *problem = MSG_InvalidEndDateWasGiven;
    else if (start && end && strcmp(f->start, f->end) >= 0)
        *problem = MSG_StartDateShouldBeBeforeEndDate;
    if (*problem)
        return 0;
    if (!param_string_acceptable(name, name_len, SESSION_NAME_CHARS))
        return call_fail_with(c, MSG_BadParameter, "name"), -1;

    const char *coach = call_itoa(c, f->coach_id);
    if (!coach)
        return -1;
    if (f->coach_required || f->coach_id) {
        PGresult *found = call_sql(c, &SQL_COACH_EXISTS, coach);
        if (!found)
            return -1;
        if (PQntuples(found) == 0)
            return call_fail(c, MSG_UserNotFound), -1;
    }

    PGresult *r = call_sql(c, &SQL_INSERT_SESSION, name, coach,
                           f->admin_id ? call_itoa(c, f->admin_id) : c->user->id_text,
                           call_itoa(c, f->visibility), f->description, start, end,
                           f->coach_dates ? "t" : "f", f->no_dates ? "t" : "f",
                           call_itoa(c, f->show_description),
                           call_itoa(c, f->send_subscription_notification),
                           call_itoa(c, f->duration), call_itoa(c, f->category_id),
                           call_itoa(c, f->url_id));
    if (!r)
        return -1;
    if (PQntuples(r) == 0) {
        *problem = MSG_SessionNameAlreadyExists;
        return 0;
    }
    const char *id = PQgetvalue(r, 0, 0);
    if (!call_sql(c, &SQL_LINK_CAMPUS, PQgetvalue(r, 0, 1), id))
        return -1;
    call_event_typed(c, "session_created", "session_id", id, -1);
    return strtoll(id, NULL, 10);
}
