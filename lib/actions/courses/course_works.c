/*
 * course_works - the assignments of the course (30-courses.md §4.11): a
 * LIST-OR-OBJECT (§1.5) of every c_student_publication column of the
 * assignment, in table order (integer columns as PHP reads plain SQL,
 * qualification and weight as floats), then
 *
 *   "expires_on": LOCAL_SQL|null, "ends_on": LOCAL_SQL|null (null whenever
 *   expires_on is, as in PHP), "enable_qualification", "count_unique_attempts":
 *   int, "amount": "<span class=\"label label-success\">X/Y</span>",
 *   "type": "work.png"
 *
 * and, for a student, "feedback" (" <span class=\"label label-warning\">0
 * Feedback</span>", label-info with n > 0 comments on their submissions) and
 * "last_upload" ("" or "<qualification> - " when qualified, then LOCAL_SQL of
 * their latest submission). title is the url's last part when empty;
 * sent_date is LOCAL_SQL. X counts the students who handed something in, Y
 * the students assigned (the assignment's users, else the course's).
 *
 * Assignments of the session context (or of the base course without one),
 * active or not but not deleted, not of a group, by title. The course's
 * teachers and coaches see them all; a student only the visible ones
 * (item visibility exactly 1) assigned to everybody or to them, keyed by
 * their position in the whole list (docs/compat.md: PHP decides on the
 * caller's platform status).
 */
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "core/chamilo_date.h"
#include "model/work.h"

ACTION_ABOUT(course_works, "The course's assignments", "30-courses.md §4.11",
    "Lists the context course's assignments with their dates, counts and, for a student, their "
    "feedback and last upload.");

ACTION_NO_PARAMS(course_works);
ACTION_TOOL(course_works, TOOL_STUDENT_PUBLICATION);

/* $1 course, $2 session context, $3 the caller's username. */
DB_STATEMENT(SQL_WORKS, "course_works.list", 3,
    "WITH me AS (SELECT u.id FROM \"user\" u WHERE lower(u.username) = lower($3)"
    "             ORDER BY u.id LIMIT 1)"
    " SELECT w.iid, w.c_id, w.id, w.url, w.url_correction, w.title, w.title_correction,"
    "        w.description, w.author, w.active, w.accepted, w.post_group_id, w.sent_date,"
    "        w.filetype, w.has_properties, w.view_properties, w.qualification,"
    "        w.date_of_qualification, w.parent_id, w.qualificator_id, w.weight, w.session_id,"
    "        w.user_id, w.allow_text_assignment, w.contains_file, w.document_id,"
    "        a.expires_on, a.ends_on, a.enable_qualification,"
    "        COALESCE(ip.visibility, -1) AS visibility,"
    "        EXISTS (SELECT 1 FROM c_student_publication_rel_user r"
    "                 WHERE r.c_id = w.c_id AND r.work_id = w.id) AS restricted,"
    "        EXISTS (SELECT 1 FROM c_student_publication_rel_user r"
    "                 WHERE r.c_id = w.c_id AND r.work_id = w.id AND r.user_id = me.id) AS assigned_to_me,"
    "        (SELECT count(DISTINCT s.user_id) FROM c_student_publication s"
    "          WHERE s.c_id = w.c_id AND s.parent_id = w.id AND s.active IN (0, 1)) AS unique_attempts,"
    "        CASE WHEN EXISTS (SELECT 1 FROM c_student_publication_rel_user r"
    "                           WHERE r.c_id = w.c_id AND r.work_id = w.id)"
    "             THEN (SELECT count(*) FROM c_student_publication_rel_user r"
    "                    WHERE r.c_id = w.c_id AND r.work_id = w.id)"
    "             ELSE (SELECT count(*) FROM (" WORK_COURSE_STUDENTS("$1::int", "$2::int") ") st)"
    "        END AS assigned,"
    "        (SELECT count(*) FROM c_student_publication_comment cm"
    "          WHERE cm.c_id = w.c_id AND cm.work_id IN ("
    "                SELECT s.id FROM c_student_publication s WHERE s.c_id = w.c_id"
    "                   AND s.parent_id = w.id AND s.user_id = me.id AND s.active IN (0, 1)))"
    "          AS comments,"
    "        lu.qualification AS last_qualification, lu.sent_date AS last_sent_date"
    "   FROM c_student_publication w CROSS JOIN me"
    "   LEFT JOIN c_student_publication_assignment a ON a.publication_id = w.id AND a.c_id = w.c_id"
    "   LEFT JOIN LATERAL (SELECT p.visibility FROM c_item_property p"
    "                       WHERE p.c_id = w.c_id AND p.tool = 'work' AND p.ref = w.id"
    "                         AND COALESCE(p.session_id, 0) IN ($2::int, 0)"
    "                       ORDER BY COALESCE(p.session_id, 0) DESC, p.lastedit_date DESC"
    "                       LIMIT 1) ip ON true"
    "   LEFT JOIN LATERAL (SELECT s.qualification, s.sent_date FROM c_student_publication s"
    "                       WHERE s.c_id = w.c_id AND s.parent_id = w.id AND s.user_id = me.id"
    "                         AND s.active IN (0, 1)"
    "                       ORDER BY s.sent_date DESC, s.iid DESC LIMIT 1) lu ON true"
    "  WHERE w.c_id = $1::int AND COALESCE(w.session_id, 0) = $2::int AND w.active IN (0, 1)"
    "    AND w.parent_id = 0 AND w.post_group_id = 0"
    "  ORDER BY w.title, w.iid");
ACTION_PREFETCH(course_works, SQL_WORKS, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param), c->username);

static const json_field WORK[] = {
    {"iid", "iid", FK_COLUMN_INT},
    {"c_id", "c_id", FK_COLUMN_INT},
    {"id", "id", FK_COLUMN_INT},
    {"url", "url", FK_STRING},
    {"url_correction", "url_correction", FK_STRING},
    {"title", "title", FK_STRING},
    {"title_correction", "title_correction", FK_STRING},
    {"description", "description", FK_STRING},
    {"author", "author", FK_STRING},
    {"active", "active", FK_COLUMN_INT},
    {"accepted", "accepted", FK_COLUMN_INT},
    {"post_group_id", "post_group_id", FK_COLUMN_INT},
    {"sent_date", "sent_date", FK_STRING},
    {"filetype", "filetype", FK_STRING},
    {"has_properties", "has_properties", FK_COLUMN_INT},
    {"view_properties", "view_properties", FK_COLUMN_INT},
    {"qualification", "qualification", FK_COLUMN_FLOAT},
    {"date_of_qualification", "date_of_qualification", FK_STRING},
    {"parent_id", "parent_id", FK_COLUMN_INT},
    {"qualificator_id", "qualificator_id", FK_COLUMN_INT},
    {"weight", "weight", FK_COLUMN_FLOAT},
    {"session_id", "session_id", FK_COLUMN_INT},
    {"user_id", "user_id", FK_COLUMN_INT},
    {"allow_text_assignment", "allow_text_assignment", FK_COLUMN_INT},
    {"contains_file", "contains_file", FK_COLUMN_INT},
    {"document_id", "document_id", FK_COLUMN_INT},
};

/* LOCAL_SQL of a timestamp column, or NULL for NULL. */
static struct json_object *local_sql(api_call *c, const char *value)
{
    return reply_str(c, value ? chamilo_date_sql(c->arena, call_timezone(c), value) : NULL);
}

static const char *basename_of(const char *url)
{
    const char *slash = url ? strrchr(url, '/') : NULL;
    return slash ? slash + 1 : url ? url : "";
}

ACTION_ANSWER(course_works,
              A_LIST_OR_BY_ID(A_ROW_WITH(
                  WORK, A_KEY("expires_on", A_STRING), A_KEY("ends_on", A_STRING),
                  A_KEY("enable_qualification", A_COLUMN_INT),
                  A_KEY("count_unique_attempts", A_INT), A_KEY("amount", A_STRING),
                  A_KEY("title", A_STRING), A_KEY("sent_date", A_STRING),
                  A_KEY("type", A_TEXT), A_KEY_OPT("feedback", A_STRING),
                  A_KEY_OPT("last_upload", A_STRING))));

action_result action_course_works(api_call *c)
{
    call_event(c, "username", c->username, -1);
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    bool editor = c->course.is_teacher || c->course.is_coach;
#define COL(name) PQfnumber(r, name)
    int title = COL("title"), url = COL("url"), sent = COL("sent_date"),
        expires = COL("expires_on"), ends = COL("ends_on"), qualify = COL("enable_qualification"),
        visibility = COL("visibility"), restricted = COL("restricted"),
        mine = COL("assigned_to_me"), unique = COL("unique_attempts"), assigned = COL("assigned"),
        comments = COL("comments"), last_q = COL("last_qualification"),
        last_sent = COL("last_sent_date");
#undef COL
    struct json_object *list = reply_array(c), *keyed = reply_object(c);
    bool sequential = true;
    int listed = 0;
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        if (!editor && (strcmp(PQgetvalue(r, row, visibility), "1") != 0 ||
                        (PQgetvalue(r, row, restricted)[0] == 't' &&
                         PQgetvalue(r, row, mine)[0] != 't')))
            continue;
        struct json_object *work = reply_row(c, r, row, FIELDS(WORK));
        const char *expires_on = sql_value(r, row, expires);
        reply_set(c, work, "expires_on", local_sql(c, expires_on));
        reply_set(c, work, "ends_on", local_sql(c, expires_on ? sql_value(r, row, ends) : NULL));
        reply_set(c, work, "enable_qualification",
                  reply_value(c, FK_COLUMN_INT, sql_value(r, row, qualify)));
        reply_set(c, work, "count_unique_attempts",
                  reply_value(c, FK_INT, PQgetvalue(r, row, unique)));
        reply_set(c, work, "amount",
                  reply_str(c, arena_printf(c->arena, "<span class=\"label label-success\">%s/%s</span>",
                                            PQgetvalue(r, row, unique), PQgetvalue(r, row, assigned))));
        const char *name = sql_value(r, row, title);
        reply_set(c, work, "title",
                  reply_str(c, name && *name ? name : basename_of(sql_value(r, row, url))));
        reply_set(c, work, "sent_date", local_sql(c, sql_value(r, row, sent)));
        reply_set(c, work, "type", reply_str(c, "work.png"));
        if (!editor) {
            const char *n = PQgetvalue(r, row, comments);
            reply_set(c, work, "feedback",
                      reply_str(c, arena_printf(c->arena, " <span class=\"label label-%s\">%s Feedback</span>",
                                                strcmp(n, "0") == 0 ? "warning" : "info", n)));
            const char *upload = "";
            if (!PQgetisnull(r, row, last_sent)) {
                const char *date =
                    chamilo_date_sql(c->arena, call_timezone(c), PQgetvalue(r, row, last_sent));
                double q = atof(PQgetvalue(r, row, last_q));
                upload = q != 0 ? arena_printf(c->arena, "%.2f - %s", q, date)
                                : arena_printf(c->arena, "%s", date);
            }
            reply_set(c, work, "last_upload", reply_str(c, upload));
        }
        if (row != listed)
            sequential = false;
        listed++;
        reply_push(c, list, work);
        reply_set(c, keyed, call_itoa(c, row), work);
    }
    return call_ok(c, sequential ? list : keyed);
}
