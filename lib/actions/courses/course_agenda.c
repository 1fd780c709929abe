/*
 * course_agenda - the course's events of the current month (30-courses.md
 * §4.5). Course context required (ACT_COURSE).
 *
 * c_calendar_event rows with their item property, starting or ending in the
 * current calendar month (UTC), or spanning it within one year; of the
 * session context only (or of no session), or of both when the course
 * setting agenda_share_events_in_sessions is 1. Platform admins, coaches
 * and the course's teachers see the events for everybody and for any
 * course group; others the events for everybody, for one of their groups or
 * for them alone. Editors (admins, coaches) see hidden events too. Each
 * event once:
 *   [{"id": int iid, "title", "content", "startDate", "endDate", "isAllDay": bool}]
 * content with src="/ made absolute; dates LOCAL_SQL or null.
 *
 * Not reproduced (docs/compat.md): the tool-access tracking row, HTML
 * sanitising of titles and contents (stored as Chamilo's editor wrote
 * them), the HRM option and a coach's events of the session's other
 * courses.
 * Event: access_ws_course_agenda (course_id, POST course).
 */
#include <string.h>

#include "api/action.h"
#include "model/course.h"

ACTION_ABOUT(course_agenda, "The course's events of the current month", "30-courses.md §4.5",
    "Lists the context course's calendar events starting, ending or spanning the current month "
    "that the caller may see, with their dates and content.");

ACTION_NO_PARAMS(course_agenda);
ACTION_TOOL(course_agenda, TOOL_CALENDAR_EVENT);

/* $1 course, $2 session, $3 the caller's login name. */
DB_STATEMENT(SQL_AGENDA, "course_agenda.list", 3,
    "WITH me AS (SELECT (SELECT id FROM \"user\" WHERE lower(username) = lower($3)) AS id),"
    " win AS (SELECT date_trunc('month', LOCALTIMESTAMP) AS first,"
    "                date_trunc('month', LOCALTIMESTAMP) + interval '1 month - 1 second' AS last),"
    " share AS (SELECT EXISTS (SELECT 1 FROM c_course_setting s WHERE s.c_id = $1::int"
    "                  AND s.variable = 'agenda_share_events_in_sessions' AND s.value = '1') AS on)"
    " SELECT ag.iid, ag.title, ag.content, ag.start_date, ag.end_date, ag.all_day = 1 AS all_day,"
    "        ip.visibility,"
    "        ip.to_group_id IS NULL OR ip.to_group_id = 0"
    "        OR ip.to_group_id IN (SELECT g.iid FROM c_group_info g WHERE g.c_id = $1::int)"
    "          AS for_teachers,"
    "        (COALESCE(ip.to_user_id, 0) = 0 AND COALESCE(ip.to_group_id, 0) = 0)"
    "        OR ip.to_group_id IN " COURSE_USER_GROUPS_SQL("$1::int", "me.id")
    "        OR (ip.to_user_id = me.id AND COALESCE(ip.to_group_id, 0) = 0) AS for_students,"
    "        EXISTS (SELECT 1 FROM course_rel_user t WHERE t.c_id = $1::int AND t.user_id = me.id"
    "                 AND t.status = 1) AS caller_teaches"
    "   FROM c_calendar_event ag"
    "   JOIN c_item_property ip ON ip.c_id = ag.c_id AND ip.tool = 'calendar_event'"
    "        AND ip.ref = ag.id"
    "   CROSS JOIN me CROSS JOIN win CROSS JOIN share"
    "  WHERE ag.c_id = $1::int AND ip.visibility IN (0, 1)"
    "    AND CASE WHEN share.on THEN ag.session_id IN (0, $2::int)"
    "                  AND (ip.session_id IN (0, $2::int) OR ip.session_id IS NULL)"
    "             WHEN $2::int = 0 THEN ag.session_id = 0"
    "                  AND (ip.session_id = 0 OR ip.session_id IS NULL)"
    "             ELSE ag.session_id = $2::int AND ip.session_id = $2::int END"
    "    AND (ag.start_date BETWEEN win.first AND win.last"
    "         OR ag.end_date BETWEEN win.first AND win.last"
    "         OR (extract(year FROM ag.start_date) = extract(year FROM ag.end_date)"
    "             AND extract(month FROM win.first) BETWEEN extract(month FROM ag.start_date)"
    "                                                   AND extract(month FROM ag.end_date)))"
    "  ORDER BY ag.start_date, ag.iid, ip.iid");
ACTION_PREFETCH(course_agenda, SQL_AGENDA, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param), c->username);

ACTION_ANSWER(course_agenda,
              A_LIST(A_OBJECT(A_KEY("id", A_INT), A_KEY("title", A_TEXT),
                              A_KEY("content", A_STRING),
                              A_KEY("startDate", A_STRING),
                              A_KEY("endDate", A_STRING), A_KEY("isAllDay", A_BOOL))));

action_result action_course_agenda(api_call *c)
{
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    bool editor = course_caller_edits(c);
    struct json_object *data = reply_array(c);
    const char *last_id = NULL;
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        const char *id = PQgetvalue(r, row, 0);
        bool teacher = editor || PQgetvalue(r, row, 9)[0] == 't';
        if (!editor && strcmp(PQgetvalue(r, row, 6), "1") != 0)
            continue;
        if (PQgetvalue(r, row, teacher ? 7 : 8)[0] != 't')
            continue;
        if (last_id && strcmp(last_id, id) == 0)
            continue;
        last_id = id;
        struct json_object *event = reply_object(c);
        reply_set(c, event, "id", reply_value(c, FK_INT, id));
        reply_set(c, event, "title", reply_str(c, PQgetvalue(r, row, 1)));
        reply_set(c, event, "content", reply_str(c, course_absolute_src(c, sql_value(r, row, 2))));
        reply_set(c, event, "startDate", course_date(c, COURSE_DATE_SQL, sql_value(r, row, 3)));
        reply_set(c, event, "endDate", course_date(c, COURSE_DATE_SQL, sql_value(r, row, 4)));
        reply_set(c, event, "isAllDay", reply_value(c, FK_BOOL, PQgetvalue(r, row, 5)));
        reply_push(c, data, event);
    }
    course_event_post_course(c);
    return call_ok(c, data);
}
