/*
 * course_columns.h - the characters the course columns clients write hold
 * (sql/schema.sql, varchar(n) as PostgreSQL counts them), for the parameter
 * declarations that refuse a longer value before the database would. The
 * one place these widths are written.
 */
#ifndef CHAMILO_MODEL_COURSE_COLUMNS_H
#define CHAMILO_MODEL_COURSE_COLUMNS_H

enum course_column_chars {
    COURSE_CODE_CHARS = 40,               /* course.code */
    COURSE_TITLE_CHARS = 250,             /* course.title */
    COURSE_LANGUAGE_CHARS = 20,           /* course.course_language */
    COURSE_REGISTRATION_CODE_CHARS = 255, /* course.registration_code */
    NOTEBOOK_TITLE_CHARS = 255,           /* c_notebook.title */
};

#endif
