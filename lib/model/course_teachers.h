/*
 * course_teachers.h - TEACHERS(course) of 30-courses.md §1.6 as one SQL
 * expression, for every statement that shows a course's teachers.
 */
#ifndef CHAMILO_MODEL_COURSE_TEACHERS_H
#define CHAMILO_MODEL_COURSE_TEACHERS_H

/* SQL_COURSE_TEACHERS("c.id"): a text expression, "First Last | ..." of
 * every user with a teacher row (course_rel_user.status = 1) in the course
 * whose id the enclosing statement names by the string literal `course_id`;
 * "" when there is none. One entry per teacher user (two teachers of the
 * same name both appear, two rows of one teacher count once), in
 * subscription order: by the teacher's first course_rel_user row, as
 * Chamilo 1.11.32 on MariaDB returns them. Names as PERSON(): English
 * order, inner whitespace collapsed, trimmed. */
#define SQL_COURSE_TEACHERS(course_id)                                                          \
    "COALESCE((SELECT string_agg(t.name, ' | ' ORDER BY t.first_row) FROM ("                    \
    "    SELECT regexp_replace(btrim(concat_ws(' ', teacher.firstname, teacher.lastname)),"     \
    "                          '\\s+', ' ', 'g') AS name, min(tu.id) AS first_row"             \
    "      FROM course_rel_user tu JOIN \"user\" teacher ON teacher.id = tu.user_id"            \
    "     WHERE tu.c_id = " course_id " AND tu.status = 1"                                      \
    "     GROUP BY teacher.id) t), '')"

#endif
