/*
 * get_test_updates_list - every quiz that has attempts, with its latest one
 * (30-courses.md §6.2); administrators only:
 *
 *   [{"id", "title", "last_attempt_time", "last_attempt_username", "c_id",
 *     "extra_<field>"..., "created_by", "updated_by"}]
 *
 * All courses, sessions and attempt statuses, by quiz iid. The latest
 * attempt (start_date, then exe_id) gives both the time and the username:
 * MySQL's GROUP BY in PHP takes the username of an arbitrary attempt
 * (docs/compat.md). id and c_id are read as plain SQL (numbers under PHP 8).
 * POST fields names extra fields (quiz.h).
 */
#include "api/action.h"
#include "model/quiz.h"

ACTION_ABOUT(get_test_updates_list, "Every test with attempts, with its latest attempt",
    "30-courses.md §6.2",
    "Lists every test that has attempts, in all courses, with the time and user of its latest "
    "attempt and the extra fields named in `fields`.");

enum { ARG_FIELDS };
ACTION_PARAMS(get_test_updates_list, [ARG_FIELDS] = {"fields", FROM_POST, PK_ANY});

/* Every quiz is read: the report is about all of them. Its attempts are
 * found through track_e_exercises (exe_exo_id, exe_user_id). */
DB_STATEMENT(SQL_TEST_UPDATES, "get_test_updates_list.list", 0,
    "SELECT q.iid, q.title, l.start_date AS last_attempt_time,"
    "       l.username AS last_attempt_username, q.c_id, " QUIZ_AUTHOR_COLUMNS("q")
    "  FROM c_quiz q"
    "  JOIN LATERAL (SELECT a.start_date,"
    "                       (SELECT u.username FROM \"user\" u WHERE u.id = a.exe_user_id)"
    "                         AS username"
    "                  FROM track_e_exercises a"
    "                 WHERE a.exe_exo_id = q.iid AND a.exe_user_id IS NOT NULL"
    "                   AND EXISTS (SELECT 1 FROM \"user\" u WHERE u.id = a.exe_user_id)"
    "                 ORDER BY a.start_date DESC, a.exe_id DESC LIMIT 1) l ON true"
    " ORDER BY q.iid");
ACTION_PREFETCH(get_test_updates_list, SQL_TEST_UPDATES);

static const json_field QUIZ[] = {
    {"id", "iid", FK_COLUMN_INT},
    {"title", "title", FK_STRING},
    {"last_attempt_time", "last_attempt_time", FK_STRING},
    {"last_attempt_username", "last_attempt_username", FK_STRING},
    {"c_id", "c_id", FK_COLUMN_INT},
};

ACTION_ANSWER(get_test_updates_list,
              A_LIST(A_ROW_WITH(QUIZ, A_KEY("created_by", A_TEXT), A_KEY("updated_by", A_TEXT),
                                A_MORE(A_NOTE("extra_<field>: a requested extra field", A_TEXT)))));

action_result action_get_test_updates_list(api_call *c)
{
    call_event(c, "success", "true", -1);
    quiz_list list;
    if (!quiz_list_read(c, &c->args[ARG_FIELDS], &list))
        return ACTION_FAILED;
    struct json_object *data = reply_array(c);
    for (int row = 0; row < list.count && !call_failed(c); row++)
        reply_push(c, data, quiz_list_item(c, &list, row, FIELDS(QUIZ)));
    return call_ok(c, data);
}
