/*
 * get_test_average_results_list - success and average score of quizzes
 * (30-courses.md §6.3, §6.4); administrators only:
 *
 *   [{"id": int, "title", "created_by", "updated_by", "type",
 *     "completion": int|float, "completion_method", "number_of_last_attempts": int,
 *     "average_score_in_percent": int|float, "extra_<field>": ""...}]
 *
 * POST ids: quiz iids (an array, or one value); empty: "No data
 * available". Each id is read with (int); ids of no quiz, and quizzes
 * nobody attempted, are left out; the others in the order of ids.
 *
 * Per quiz, each user's latest attempt (start_date, then exe_id) counts
 * (PHP takes an arbitrary one: docs/compat.md); attempts weighted 0 are
 * ignored. An attempt succeeds when result / weighting reaches the pass
 * percentage as a share (50 means 0.5; PHP compares the percentage itself
 * with the share, so that every attempt failed: docs/compat.md), 0.5 when
 * the quiz has none. completion = successes / members of the quiz's course
 * ("Success on users count"), or successes / attempts when the course has
 * no member ("Success on attempts count"); an exact division is an
 * integer, as in PHP. average_score_in_percent = the mean share x 100,
 * rounded to 2 decimals. No counted attempt: 0, 0, "Success on users
 * count". type is the feedback type's name. The extra_<field> keys (POST
 * fields: an array of names, or one name) are always "", as in PHP.
 */
#include <stdint.h>
#include <stdlib.h>

#include "api/action.h"
#include "model/quiz.h"
#include "php/php_value.h"

ACTION_ABOUT(get_test_average_results_list, "Success rate and average score of tests",
    "30-courses.md §6.3",
    "For each test of `ids` that someone attempted: the share of users who passed and the "
    "average score, over each user's latest attempt.");

enum { ARG_IDS, ARG_FIELDS };
ACTION_PARAMS(get_test_average_results_list,
    [ARG_IDS] = {"ids", FROM_POST, PK_ANY, P_REQUIRED, 0, MSG_NoData},
    [ARG_FIELDS] = {"fields", FROM_POST, PK_ANY});

/* $1 the quiz iids in request order (int[]). */
DB_STATEMENT(SQL_AVERAGE_RESULTS, "get_test_average_results_list.list", 1,
    "SELECT q.iid, q.title, q.feedback_type, " QUIZ_AUTHOR_COLUMNS("q") ","
    "       (SELECT count(*) FROM course_rel_user cu WHERE cu.c_id = q.c_id) AS members,"
    "       s.attempts, s.successes, round(s.share_sum / NULLIF(s.attempts, 0) * 100, 2) AS average"
    "  FROM unnest($1::int[]) WITH ORDINALITY n(id, ord)"
    "  JOIN c_quiz q ON q.iid = n.id"
    " CROSS JOIN LATERAL ("
    "       SELECT count(*) AS rows,"
    "              count(*) FILTER (WHERE l.exe_weighting <> 0) AS attempts,"
    "              count(*) FILTER (WHERE l.exe_weighting <> 0 AND l.exe_result / l.exe_weighting"
    "                               >= CASE WHEN COALESCE(q.pass_percentage, 0) = 0 THEN 0.5"
    "                                       ELSE q.pass_percentage / 100.0 END) AS successes,"
    "              COALESCE(sum((l.exe_result / l.exe_weighting)::numeric)"
    "                       FILTER (WHERE l.exe_weighting <> 0), 0) AS share_sum"
    "         FROM (SELECT DISTINCT ON (a.exe_user_id) a.exe_result, a.exe_weighting"
    "                 FROM track_e_exercises a WHERE a.exe_exo_id = q.iid"
    "                ORDER BY a.exe_user_id, a.start_date DESC, a.exe_id DESC) l) s"
    " WHERE s.rows > 0"
    " ORDER BY n.ord");

static const char *const FEEDBACK_TYPES[] = {"ExerciseAtTheEndOfTheTest", "DirectFeedback",
                                             "NoFeedback", "ExerciseDirectPopUp"};

/* The strings of a value that is an array of them, or the value itself;
 * text the database cannot hold is left out. */
static const char **strings_of(api_call *c, const php_value *v, size_t *count)
{
    *count = 0;
    size_t n = v->kind == PHP_ARRAY ? v->arr->count : 1;
    const char **out = arena_calloc(c->arena, n ? n : 1, sizeof *out);
    if (!out)
        return call_fail_oom(c), NULL;
    if (v->kind != PHP_ARRAY) {
        if (param_string_acceptable(v->str, v->len, 0))
            out[(*count)++] = v->str;
        return out;
    }
    for (const php_entry *e = v->arr->first; e; e = e->next)
        if (e->value->kind == PHP_STRING && param_string_acceptable(e->value->str, e->value->len, 0))
            out[(*count)++] = e->value->str;
    return out;
}

/* PHP's $a / $b of two integers: an integer when exact, else a float. */
static struct json_object *php_division(api_call *c, long long a, long long b)
{
    return a % b == 0 ? reply_int(c, a / b) : reply_double(c, (double)a / (double)b);
}

ACTION_ANSWER(get_test_average_results_list,
              A_LIST(A_OBJECT(A_KEY("id", A_INT), A_KEY("title", A_TEXT),
                              A_KEY("created_by", A_TEXT),
                              A_KEY("updated_by", A_TEXT), A_KEY("type", A_TEXT),
                              A_KEY("completion", A_NUMBER), A_KEY("completion_method", A_TEXT),
                              A_KEY("number_of_last_attempts", A_INT),
                              A_KEY("average_score_in_percent", A_NUMBER),
                              A_MORE(A_NOTE("extra_<field>: always \"\"", A_TEXT)))));

action_result action_get_test_average_results_list(api_call *c)
{
    call_event(c, "success", "true", -1);
    size_t id_count;
    const char **ids = strings_of(c, c->args[ARG_IDS].raw, &id_count);
    if (!ids)
        return ACTION_FAILED;
    size_t kept = 0;
    for (size_t i = 0; i < id_count; i++) { /* (int) of each id; beyond int, no quiz */
        long long id = strtoll(ids[i], NULL, 10);
        if (id >= INT32_MIN && id <= INT32_MAX)
            ids[kept++] = call_itoa(c, id);
    }
    id_count = kept;
    size_t field_count = 0;
    const char **fields = c->args[ARG_FIELDS].raw
                              ? strings_of(c, c->args[ARG_FIELDS].raw, &field_count)
                              : NULL;
    if (c->args[ARG_FIELDS].raw && !fields)
        return ACTION_FAILED;
    PGresult *r = call_sql(c, &SQL_AVERAGE_RESULTS, sql_text_array(c, ids, id_count));
    if (!r)
        return ACTION_FAILED;
    int iid = PQfnumber(r, "iid"), title = PQfnumber(r, "title"),
        feedback = PQfnumber(r, "feedback_type"), created = PQfnumber(r, "created_by"),
        updated = PQfnumber(r, "updated_by"), members = PQfnumber(r, "members"),
        attempts = PQfnumber(r, "attempts"), successes = PQfnumber(r, "successes"),
        average = PQfnumber(r, "average");
    struct json_object *data = reply_array(c);
    for (int row = 0; row < PQntuples(r) && !call_failed(c); row++) {
        struct json_object *quiz = reply_object(c);
        reply_set(c, quiz, "id", reply_value(c, FK_INT, PQgetvalue(r, row, iid)));
        reply_set(c, quiz, "title", reply_str(c, PQgetvalue(r, row, title)));
        reply_set(c, quiz, "created_by", reply_str(c, PQgetvalue(r, row, created)));
        reply_set(c, quiz, "updated_by", reply_str(c, PQgetvalue(r, row, updated)));
        long type = strtol(PQgetvalue(r, row, feedback), NULL, 10);
        reply_set(c, quiz, "type", reply_str(c, type >= 0 && type < 4 ? FEEDBACK_TYPES[type] : ""));
        long long n = atoll(PQgetvalue(r, row, attempts)), ok = atoll(PQgetvalue(r, row, successes)),
                  users = atoll(PQgetvalue(r, row, members));
        bool by_attempts = n > 0 && users == 0;
        reply_set(c, quiz, "completion",
                  n == 0 ? reply_int(c, 0) : php_division(c, ok, by_attempts ? n : users));
        reply_set(c, quiz, "completion_method",
                  reply_str(c, by_attempts ? "Success on attempts count" : "Success on users count"));
        reply_set(c, quiz, "number_of_last_attempts", reply_int(c, n));
        reply_set(c, quiz, "average_score_in_percent",
                  n == 0 ? reply_int(c, 0) : reply_double(c, atof(PQgetvalue(r, row, average))));
        for (size_t f = 0; f < field_count; f++)
            reply_set(c, quiz, arena_printf(c->arena, "extra_%s", fields[f]), reply_str(c, ""));
        reply_push(c, data, quiz);
    }
    return call_ok(c, data);
}
