/*
 * course_exercises - every quiz of the course (30-courses.md §4.12), as an
 * object keyed by quiz iid ([] when there is none), by title:
 *
 *   {"<iid>": {"iid", "c_id", "id", "title", "description", "sound", "type",
 *              "random", "random_answers", "active", "results_disabled",
 *              "access_condition", "max_attempt", "start_time", "end_time",
 *              "feedback_type", "expired_time", "session_id", "propagate_neg",
 *              "save_correct_answers", "review_answers", "random_by_category",
 *              "text_when_finished", "display_category_name",
 *              "pass_percentage", "question_selection_type",
 *              "hide_question_title", "extra_<field>"..., "created_by",
 *              "updated_by"}}
 *
 * The columns in this order are those a 1.11.32 install answered (no
 * text_when_finished_failure, no exercise_category_id); integer columns as
 * PHP reads plain SQL. All quizzes of the base course and of the session
 * context, inactive (active 0) and deleted (-1) ones included, as in PHP.
 * POST fields names extra fields (quiz.h).
 */
#include "api/action.h"
#include "model/quiz.h"

ACTION_ABOUT(course_exercises, "Every test of the course", "30-courses.md §4.12",
    "Answers the context course's tests keyed by id, each with its settings and course extra "
    "field values.");

enum { ARG_FIELDS, ARG_POST_COURSE };
ACTION_PARAMS(course_exercises,
    [ARG_FIELDS] = {"fields", FROM_POST, PK_ANY},
    [ARG_POST_COURSE] = {"course", FROM_POST, PK_INT});
ACTION_TOOL(course_exercises, TOOL_QUIZ);

/* $1 course, $2 session context. */
DB_STATEMENT(SQL_EXERCISES, "course_exercises.list", 2,
    "SELECT q.iid, q.c_id, q.id, q.title, q.description, q.sound, q.type, q.random,"
    "       q.random_answers, q.active, q.results_disabled, q.access_condition, q.max_attempt,"
    "       q.start_time, q.end_time, q.feedback_type, q.expired_time, q.session_id,"
    "       q.propagate_neg, q.save_correct_answers, q.review_answers, q.random_by_category,"
    "       q.text_when_finished, q.display_category_name, q.pass_percentage,"
    "       q.question_selection_type, q.hide_question_title, " QUIZ_AUTHOR_COLUMNS("q")
    "  FROM c_quiz q"
    " WHERE q.c_id = $1::int AND (COALESCE(q.session_id, 0) = 0 OR q.session_id = $2::int)"
    " ORDER BY q.title, q.iid");
ACTION_PREFETCH(course_exercises, SQL_EXERCISES, call_itoa(c, c->course_param),
                call_itoa(c, c->session_param));

static const json_field QUIZ[] = {
    {"iid", "iid", FK_COLUMN_INT},
    {"c_id", "c_id", FK_COLUMN_INT},
    {"id", "id", FK_COLUMN_INT},
    {"title", "title", FK_STRING},
    {"description", "description", FK_STRING},
    {"sound", "sound", FK_STRING},
    {"type", "type", FK_COLUMN_INT},
    {"random", "random", FK_COLUMN_INT},
    {"random_answers", "random_answers", FK_COLUMN_INT},
    {"active", "active", FK_COLUMN_INT},
    {"results_disabled", "results_disabled", FK_COLUMN_INT},
    {"access_condition", "access_condition", FK_STRING},
    {"max_attempt", "max_attempt", FK_COLUMN_INT},
    {"start_time", "start_time", FK_STRING},
    {"end_time", "end_time", FK_STRING},
    {"feedback_type", "feedback_type", FK_COLUMN_INT},
    {"expired_time", "expired_time", FK_COLUMN_INT},
    {"session_id", "session_id", FK_COLUMN_INT},
    {"propagate_neg", "propagate_neg", FK_COLUMN_INT},
    {"save_correct_answers", "save_correct_answers", FK_COLUMN_INT},
    {"review_answers", "review_answers", FK_COLUMN_INT},
    {"random_by_category", "random_by_category", FK_COLUMN_INT},
    {"text_when_finished", "text_when_finished", FK_STRING},
    {"display_category_name", "display_category_name", FK_COLUMN_INT},
    {"pass_percentage", "pass_percentage", FK_COLUMN_INT},
    {"question_selection_type", "question_selection_type", FK_COLUMN_INT},
    {"hide_question_title", "hide_question_title", FK_COLUMN_INT},
};

ACTION_ANSWER(course_exercises,
              A_BY_ID(A_ROW_WITH(QUIZ, A_KEY("created_by", A_TEXT), A_KEY("updated_by", A_TEXT),
                                 A_MORE(A_NOTE("extra_<field>: a requested extra field",
                                               A_TEXT)))));

action_result action_course_exercises(api_call *c)
{
    call_event(c, "course_id", call_itoa(c, c->args[ARG_POST_COURSE].i), -1);
    quiz_list list;
    if (!quiz_list_read(c, &c->args[ARG_FIELDS], &list))
        return ACTION_FAILED;
    if (list.count == 0)
        return call_ok(c, reply_array(c));
    struct json_object *data = reply_object(c);
    for (int row = 0; row < list.count && !call_failed(c); row++)
        reply_set(c, data, PQgetvalue(list.quizzes, row, 0),
                  quiz_list_item(c, &list, row, FIELDS(QUIZ)));
    return call_ok(c, data);
}
