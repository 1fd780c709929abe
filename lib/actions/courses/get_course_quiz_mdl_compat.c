/*
 * get_course_quiz_mdl_compat - the course's quizzes as one Moodle-style
 * section (30-courses.md §6.1), for the caller, in the course context.
 *
 * Answered raw (ACT_RAW): the JSON alone, pretty-printed, without the
 * envelope, as v2.php echoes it; refusals before it keep the envelope.
 *
 *   [{"id": course id, "name": "Tests", "visible": 0|1, "summary": "",
 *     "summaryformat": 1, "section": 1, "hiddenbynumsections": 0,
 *     "uservisible": bool, "modules": [module...]}]
 *
 * visible/uservisible: the quiz tool's visibility on the course home
 * (c_tool, link exercise/exercise.php, base course), false without a row.
 * One module per row of the exercise grid (§6.4) for the caller, first
 * page of 20, ordered by title: an editor (course_caller_edits) sees every
 * quiz not deleted (active <> -1) of the course and session context; a
 * learner the active ones, without those hidden in the session context.
 * completion: a learner's finished attempts outside learning paths in this
 * course and session context (> 0 gives 1); for an editor PHP compares the
 * title with 0, which PHP 8 does as strings ("Quiz" > "0") unless the title
 * is numeric. HotPotatoes documents are not listed (docs/compat.md).
 *
 * Event: access_ws_get_course_quiz_mdl_compat (course_id, POST course).
 */
#include <stdlib.h>
#include <string.h>

#include "api/action.h"
#include "core/strbuf.h"
#include "core/urlencode.h"
#include "model/course.h"
#include "php/php_value.h"

ACTION_ABOUT(get_course_quiz_mdl_compat, "The course's tests as one Moodle-style section",
    "30-courses.md §6.1",
    "Answers the context course's tests the caller sees as one Moodle-style course section. The "
    "answer is the JSON alone, pretty-printed, without the envelope; refusals keep it.");

ACTION_NO_PARAMS(get_course_quiz_mdl_compat);

/* The quiz tool's visibility, then one row per quiz of the first grid page.
 * $1 course, $2 session context, $3 the caller's id, $4 editor mode. The
 * title is Chamilo's displayed one: tags stripped, the common entities
 * decoded. */
DB_STATEMENT(SQL_QUIZ_GRID, "get_course_quiz_mdl_compat.grid", 4,
    "SELECT COALESCE((SELECT t.visibility = 1 FROM c_tool t"
    "                  WHERE t.c_id = $1::int AND COALESCE(t.session_id, 0) = 0"
    "                    AND t.link = 'exercise/exercise.php'"
    "                  ORDER BY t.iid LIMIT 1), false) AS tool_visible,"
    "       q.iid, q.name, q.attempts"
    "  FROM (SELECT 1) one LEFT JOIN LATERAL ("
    "    SELECT x.iid,"
    "           replace(replace(replace(replace(replace("
    "               regexp_replace(x.title, '<[^>]*>', '', 'g'),"
    "               '&lt;', '<'), '&gt;', '>'), '&quot;', '\"'), '&#039;', ''''), '&amp;', '&')"
    "             AS name,"
    "           (SELECT count(*) FROM track_e_exercises e"
    "             WHERE e.exe_exo_id = x.iid AND e.exe_user_id = $3::int AND e.c_id = $1::int"
    "               AND e.session_id = $2::int AND e.status <> 'incomplete'"
    "               AND e.orig_lp_id = 0 AND e.orig_lp_item_id = 0) AS attempts"
    "      FROM c_quiz x"
    "     WHERE x.c_id = $1::int"
    "       AND (x.session_id IN (0, $2::int) OR x.session_id IS NULL)"
    "       AND CASE WHEN $4::bool THEN x.active <> -1 ELSE x.active = 1 END"
    "       AND ($4::bool OR NOT EXISTS (SELECT 1 FROM c_item_property p"
    "             WHERE p.c_id = x.c_id AND p.tool = 'quiz' AND p.ref = x.iid"
    "               AND p.visibility = 0 AND COALESCE(p.session_id, 0) = $2::int))"
    "     ORDER BY x.title, x.iid LIMIT 20) q ON true"
    " ORDER BY q.name IS NULL, q.name, q.iid");

/* PHP 8's `$title > 0` for an editor's grid row: numerically when the
 * title is a number, else as strings. */
static bool title_above_zero(const char *title)
{
    double number;
    if (php_numeric_string(title, &number))
        return number > 0;
    return strcmp(title, "0") > 0;
}

/* WEB_CODE_PATH exercise/overview.php?cidReq=..&id_session=..&gidReq=0&
 * &exerciseId=<iid>: the grid's link, with its doubled '&' (§6.4). */
static const char *quiz_url(api_call *c, const char *iid)
{
    strbuf sb;
    sb_init(&sb, c->arena, 160);
    sb_puts(&sb, c->web_root);
    sb_puts(&sb, "main/exercise/overview.php?");
    http_build_query_append(&sb, (const char *const[]){"cidReq", c->course.code, "id_session",
                                                       c->session_id_text, "gidReq", "0", NULL});
    sb_puts(&sb, "&&exerciseId=");
    sb_puts(&sb, iid);
    if (sb_failed(&sb))
        return call_fail_oom(c), NULL;
    return sb.data;
}

static struct json_object *module(api_call *c, const char *iid, const char *name, int completion)
{
    struct json_object *m = reply_object(c);
    reply_set(c, m, "id", reply_value(c, FK_INT, iid));
    reply_set(c, m, "url", reply_str(c, quiz_url(c, iid)));
    reply_set(c, m, "name", reply_str(c, name));
    reply_set(c, m, "instance", reply_int(c, 1));
    reply_set(c, m, "visible", reply_int(c, 1));
    reply_set(c, m, "uservisible", reply_bool(c, true));
    reply_set(c, m, "visibleoncoursepage", reply_int(c, 0));
    reply_set(c, m, "modicon",
              reply_str(c, arena_printf(c->arena, "%smain/img/icons/22/quiz.png", c->web_root)));
    reply_set(c, m, "modname", reply_str(c, "quiz"));
    reply_set(c, m, "modplural", reply_str(c, "Tests"));
    reply_set(c, m, "availability", reply_str(c, NULL));
    reply_set(c, m, "indent", reply_int(c, 0));
    reply_set(c, m, "onclick", reply_str(c, ""));
    reply_set(c, m, "afterlink", reply_str(c, NULL));
    reply_set(c, m, "customdata", reply_str(c, ""));
    reply_set(c, m, "noviewlink", reply_bool(c, false));
    reply_set(c, m, "completion", reply_int(c, completion));
    return m;
}

ACTION_ANSWER(
    get_course_quiz_mdl_compat,
    A_NOTE("answered raw: this list alone, pretty-printed, as text/html",
           A_LIST(A_OBJECT(
               A_KEY("id", A_INT), A_KEY("name", A_TEXT), A_KEY("visible", A_INT),
               A_KEY("summary", A_TEXT), A_KEY("summaryformat", A_INT), A_KEY("section", A_INT),
               A_KEY("hiddenbynumsections", A_INT), A_KEY("uservisible", A_BOOL),
               A_KEY("modules",
                     A_LIST(A_OBJECT(
                         A_KEY("id", A_INT), A_KEY("url", A_STRING),
                         A_KEY("name", A_STRING), A_KEY("instance", A_INT),
                         A_KEY("visible", A_INT), A_KEY("uservisible", A_BOOL),
                         A_KEY("visibleoncoursepage", A_INT), A_KEY("modicon", A_STRING),
                         A_KEY("modname", A_TEXT), A_KEY("modplural", A_TEXT),
                         A_KEY("availability", A_NULL), A_KEY("indent", A_INT),
                         A_KEY("onclick", A_TEXT), A_KEY("afterlink", A_NULL),
                         A_KEY("customdata", A_TEXT), A_KEY("noviewlink", A_BOOL),
                         A_KEY("completion", A_INT))))))));

action_result action_get_course_quiz_mdl_compat(api_call *c)
{
    course_event_post_course(c);
    bool editor = course_caller_edits(c);
    /* The grid depends on the caller, known only now: the statement runs
     * here rather than in the key check's round trip. */
    PGresult *r = call_sql(c, &SQL_QUIZ_GRID, c->course.id_text, c->session_id_text,
                           c->user->id_text, editor ? "t" : "f");
    if (!r)
        return ACTION_FAILED;
    bool visible = PQntuples(r) > 0 && PQgetvalue(r, 0, 0)[0] == 't';
    int iid = PQfnumber(r, "iid"), name = PQfnumber(r, "name"), attempts = PQfnumber(r, "attempts");
    struct json_object *modules = reply_array(c);
    for (int row = 0; row < PQntuples(r) && !call_failed(c); row++) {
        if (PQgetisnull(r, row, iid))
            continue; /* a course without quizzes */
        const char *title = PQgetvalue(r, row, name);
        int completion = editor ? title_above_zero(title)
                                : strtoll(PQgetvalue(r, row, attempts), NULL, 10) > 0;
        reply_push(c, modules, module(c, PQgetvalue(r, row, iid), title, completion));
    }
    struct json_object *section = reply_object(c);
    reply_set(c, section, "id", reply_int(c, c->course.id));
    reply_set(c, section, "name", reply_str(c, "Tests"));
    reply_set(c, section, "visible", reply_int(c, visible));
    reply_set(c, section, "summary", reply_str(c, ""));
    reply_set(c, section, "summaryformat", reply_int(c, 1));
    reply_set(c, section, "section", reply_int(c, 1));
    reply_set(c, section, "hiddenbynumsections", reply_int(c, 0));
    reply_set(c, section, "uservisible", reply_bool(c, visible));
    reply_set(c, section, "modules", modules);
    struct json_object *data = reply_array(c);
    reply_push(c, data, section);
    return call_ok(c, data);
}
