/*
 * quiz.h - pieces shared by the quiz readers (30-courses.md §4.12, §6.2,
 * §6.3): the extra fields a client asks for (POST fields) and the quiz's
 * author and last editor.
 */
#ifndef CHAMILO_MODEL_QUIZ_H
#define CHAMILO_MODEL_QUIZ_H

#include "api/action.h"

/* The created_by and updated_by columns of quiz `q` (an alias of c_quiz):
 * the username of the insert user, and of the last editor (the insert
 * user's when they are the same), of its latest base-course item property
 * (tool quiz); "" without one. */
#define QUIZ_AUTHOR_COLUMNS(q)                                                                 \
    "COALESCE((SELECT iu.username FROM c_item_property p"                                      \
    "           JOIN \"user\" iu ON iu.id = p.insert_user_id"                                  \
    "          WHERE p.c_id = " q ".c_id AND p.tool = 'quiz' AND p.ref = " q ".iid"             \
    "            AND COALESCE(p.session_id, 0) = 0"                                            \
    "          ORDER BY p.lastedit_date DESC, p.iid DESC LIMIT 1), '') AS created_by,"         \
    " COALESCE((SELECT eu.username FROM c_item_property p"                                     \
    "           JOIN \"user\" eu ON eu.id = COALESCE(p.lastedit_user_id, p.insert_user_id)"    \
    "          WHERE p.c_id = " q ".c_id AND p.tool = 'quiz' AND p.ref = " q ".iid"             \
    "            AND COALESCE(p.session_id, 0) = 0"                                            \
    "          ORDER BY p.lastedit_date DESC, p.iid DESC LIMIT 1), '') AS updated_by"

/* A quiz list as course_exercises and get_test_updates_list read it: the
 * action's prefetched statement (a column iid, then QUIZ_AUTHOR_COLUMNS),
 * and the values of the extra fields POST fields asks for (an array of
 * extra-field variables; anything else asks for none): per quiz and per
 * name that names an exercise extra field (extra_field_type 17), else a
 * course extra field (2), the quiz's (exercise field) or its course's
 * (course field) first value, "" without one; names that name neither are
 * left out. */
typedef struct quiz_list {
    const PGresult *quizzes;
    int count;
    const PGresult *extras; /* NULL: no field asked for, or no quiz */
} quiz_list;

/* Reads the list; fields is the action's PK_ANY parameter. False on failure
 * (recorded). */
bool quiz_list_read(api_call *c, const api_arg *fields, quiz_list *out);

/* Row `row` as an object: the columns of `columns`, then "extra_<name>"
 * for each field, then created_by and updated_by. */
struct json_object *quiz_list_item(api_call *c, const quiz_list *list, int row,
                                   const json_field *columns, size_t count);

#endif
