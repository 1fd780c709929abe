/*
 * session_columns.h - the characters the session columns clients write hold
 * (sql/schema.sql, varchar(n) as PostgreSQL counts them), for the parameter
 * declarations that refuse a longer value before the database would. The
 * one place these widths are written.
 */
#ifndef CHAMILO_MODEL_SESSION_COLUMNS_H
#define CHAMILO_MODEL_SESSION_COLUMNS_H

enum session_column_chars {
    SESSION_NAME_CHARS = 150, /* session.name */
};

#endif
