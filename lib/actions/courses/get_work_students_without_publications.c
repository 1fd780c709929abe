/*
 * get_work_students_without_publications - the course's learners who have
 * handed nothing in for an assignment (30-courses.md §9):
 *
 *   [["lastname", "firstname", "<a href=\"&#109;&#97;...\" class=\"clickable_email_link\">&#...;</a>", user id]]
 *
 * GET work is required ("Action not allowed"); the course's teachers and
 * coaches only (NotAllowed). The users are the course's members (in a
 * session context, the session's users of the course) whose platform status
 * is not teacher, without a submission (active or not, not deleted) to the
 * assignment, and, when the assignment is restricted to some users, among
 * them; in membership order. The e-mail link is Display::encrypted_mailto_link:
 * every byte of "mailto:<email>" as &#N; in href, the e-mail as text encoded
 * the same way when it holds an "@" after its first character, else
 * HTML-escaped. The user id is read as plain SQL (a number under PHP 8).
 */
#include <string.h>

#include "api/action.h"
#include "core/strbuf.h"
#include "model/html.h"
#include "model/work.h"

ACTION_ABOUT(get_work_students_without_publications,
    "The course's learners who handed nothing in for an assignment",
    "30-courses.md §9",
    "Lists the learners of the context course who have no submission for the assignment `work`, "
    "with an obfuscated e-mail link. Only the course's teachers and coaches.");

enum { ARG_WORK };
ACTION_PARAMS(get_work_students_without_publications,
    [ARG_WORK] = WORK_PARAM(FROM_GET));
ACTION_TOOL(get_work_students_without_publications, TOOL_STUDENT_PUBLICATION);

/* $1 course, $2 session context, $3 assignment id. */
DB_STATEMENT(SQL_WITHOUT_PUBLICATIONS, "get_work_students_without_publications.list", 3,
    "SELECT u.lastname, u.firstname, u.email, m.user_id"
    "  FROM (SELECT cu.user_id, cu.id AS position FROM course_rel_user cu"
    "         WHERE $2::int = 0 AND cu.c_id = $1::int"
    "        UNION ALL"
    "        SELECT su.user_id, su.id FROM session_rel_course_rel_user su"
    "         WHERE $2::int <> 0 AND su.session_id = $2::int AND su.c_id = $1::int) m"
    "  JOIN \"user\" u ON u.id = m.user_id"
    " WHERE u.status <> 1"
    "   AND NOT EXISTS (SELECT 1 FROM c_student_publication s"
    "                    WHERE s.c_id = $1::int AND s.parent_id = $3::int AND s.user_id = u.id"
    "                      AND s.active IN (0, 1) AND ($2::int = 0 OR s.session_id = $2::int))"
    "   AND (NOT EXISTS (SELECT 1 FROM c_student_publication_rel_user r"
    "                     WHERE r.c_id = $1::int AND r.work_id = $3::int)"
    "        OR EXISTS (SELECT 1 FROM c_student_publication_rel_user r"
    "                    WHERE r.c_id = $1::int AND r.work_id = $3::int AND r.user_id = u.id))"
    " ORDER BY m.position, u.id");
ACTION_PREFETCH(get_work_students_without_publications, SQL_WITHOUT_PUBLICATIONS,
                call_itoa(c, c->course_param), call_itoa(c, c->session_param),
                call_itoa(c, c->args[ARG_WORK].i));

/* Every byte of s as a decimal character reference. */
static void entities_append(strbuf *sb, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        sb_printf(sb, "&#%u;", (unsigned)*p);
}

/* Display::encrypted_mailto_link(email). NULL on OOM (recorded). */
static const char *mailto_link(api_call *c, const char *email)
{
    strbuf sb;
    sb_init(&sb, c->arena, 16 * strlen(email) + 128);
    sb_puts(&sb, "<a href=\"");
    if (strncmp(email, "mailto:", 7) != 0)
        entities_append(&sb, "mailto:");
    entities_append(&sb, email);
    sb_puts(&sb, "\" class=\"clickable_email_link\">");
    const char *at = strchr(email, '@');
    if (at && at != email)
        entities_append(&sb, email);
    else
        html_escape_append(&sb, email);
    sb_puts(&sb, "</a>");
    if (sb_failed(&sb)) {
        call_fail_oom(c);
        return NULL;
    }
    return sb.data;
}

ACTION_ANSWER(get_work_students_without_publications,
              A_LIST(A_TUPLE(A_STRING, A_STRING, A_STRING,
                             A_COLUMN_INT)));

action_result action_get_work_students_without_publications(api_call *c)
{
    if (!work_begin(c, &c->args[ARG_WORK], true))
        return ACTION_FAILED;
    sql_rows rows = call_prefetched(c);
    const PGresult *r = rows.result;
    if (!r)
        return ACTION_FAILED;
    struct json_object *data = reply_array(c);
    for (int row = 0; row < rows.count && !call_failed(c); row++) {
        struct json_object *user = reply_array(c);
        reply_push(c, user, reply_str(c, sql_value(r, row, 0)));
        reply_push(c, user, reply_str(c, sql_value(r, row, 1)));
        const char *email = sql_value(r, row, 2);
        reply_push(c, user, reply_str(c, mailto_link(c, email ? email : "")));
        reply_push(c, user, reply_value(c, FK_COLUMN_INT, PQgetvalue(r, row, 3)));
        reply_push(c, data, user);
    }
    return call_ok(c, data);
}
