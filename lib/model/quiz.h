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

/* POST fields: the extra-field variables asked for, in order. A value that
 * is not an array asks for none (PHP's foreach skips it); elements that are
 * not strings, or not text the database can hold, are skipped. */
typedef struct quiz_fields {
    const char **names;
    size_t count;
} quiz_fields;

/* Reads arg (declared PK_ANY). False on OOM (recorded). */
bool quiz_fields_read(api_call *c, const api_arg *arg, quiz_fields *out);

/* The values of the fields for the quizzes of rows 0..count-1 of quizzes
 * (their iid in column iid_column), in *out: one row (iid, name, value) per
 * quiz and per name that names an exercise extra field (extra_field_type
 * 17), else a course extra field (2), in the order of the names; value is
 * the quiz's (exercise field) or its course's (course field) first value,
 * "" without one. Names that name neither have no row. Without names or
 * quizzes *out is NULL and no statement runs. False on failure (recorded). */
bool quiz_extra_values(api_call *c, const quiz_fields *fields, const PGresult *quizzes, int count,
                       int iid_column, const PGresult **out);

/* Sets "extra_<name>" on obj for quiz iid from quiz_extra_values' rows
 * (values NULL: none). */
void quiz_set_extras(api_call *c, struct json_object *obj, const char *iid, const PGresult *values);

#endif
