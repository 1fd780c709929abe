/*
 * user_columns.h - what the columns of "user" hold (sql/schema.sql), for the
 * checks that refuse a value before the database would: the characters of
 * each varchar(n) column a client writes, and the range of its integer
 * columns. The one place these widths are written: every declared row and
 * every check of a user field names them (t/e2e/users/test_user_columns.py
 * compares them with the schema).
 */
#ifndef CHAMILO_MODEL_USER_COLUMNS_H
#define CHAMILO_MODEL_USER_COLUMNS_H

#include <stdint.h>

/* varchar(n): characters, as PostgreSQL counts them. */
enum user_column_chars {
    USER_USERNAME_CHARS = 100,
    USER_EMAIL_CHARS = 100,
    USER_LASTNAME_CHARS = 60,
    USER_FIRSTNAME_CHARS = 60,
    USER_PHONE_CHARS = 30,
    USER_ADDRESS_CHARS = 250,
    USER_AUTH_SOURCE_CHARS = 50,
    USER_OFFICIAL_CODE_CHARS = 40,
    USER_PICTURE_URI_CHARS = 250,
    USER_PRODUCTIONS_CHARS = 250,
    USER_LANGUAGE_CHARS = 40,
    USER_OPENID_CHARS = 255,
    USER_THEME_CHARS = 255,
};

/* The integer columns: status and creator_id are integer, hr_dept_id is
 * smallint. */
#define USER_STATUS_MIN INT32_MIN
#define USER_STATUS_MAX INT32_MAX
#define USER_CREATOR_ID_MIN INT32_MIN
#define USER_CREATOR_ID_MAX INT32_MAX
#define USER_HR_DEPT_ID_MIN INT16_MIN
#define USER_HR_DEPT_ID_MAX INT16_MAX

#endif
