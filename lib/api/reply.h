/*
 * reply.h - building an action's JSON answer: typed values, declared row
 * mappers, and ownership rules a handler cannot get wrong.
 *
 * Types. PHP gives two answers for the same data (spec README, "Types"):
 * under PHP 7.4 every column read by plain SQL is a string, under PHP 8 an
 * integer column is a number. A field's type is declared once, as a
 * field_kind, and the setting php_types picks the runtime centrally, here
 * and nowhere else:
 *
 *   FK_COLUMN_INT    integer column read by plain SQL: 3 under 8, "3" under 7.4
 *   FK_COLUMN_FLOAT  float column read by plain SQL: 0.5 under 8, "0.5" under 7.4
 *   FK_INT           a number the PHP casts ((int), intval): 3 under both
 *   FK_STRING        a string the PHP reads or builds (text, DECIMAL, dates): "3"
 *   FK_STRING_EMPTY  the same, but SQL NULL gives "" (PHP's (string) null)
 *   FK_BOOL          a PostgreSQL boolean: true / false
 * SQL NULL gives JSON null except where the kind says otherwise (FK_INT
 * gives 0, FK_STRING_EMPTY "").
 *
 * Most read actions are a statement plus a table:
 *
 *   static const json_field MESSAGE_FIELDS[] = {
 *       {"id", "id", FK_COLUMN_INT},
 *       {"title", "title", FK_STRING},
 *   };
 *   return call_ok(c, reply_rows(c, r, FIELDS(MESSAGE_FIELDS)));
 *
 * Ownership. Containers (reply_object, reply_array, reply_row, reply_rows)
 * belong to the call: they are tied to its arena and released when the
 * request ends, so a handler never frees and never calls json_object_put.
 * Scalars (reply_str, reply_int, ...) are consumed by the reply_set or
 * reply_push that receives them. A container may be added to several
 * parents. Handlers create JSON only through these functions.
 *
 * Failure. Every function records an allocation failure in the call
 * (API_ERROR_NO_MEMORY) and returns NULL, and every function accepts NULL
 * where a container or a value is expected (doing nothing more), so a
 * handler can build a whole answer and check once: the dispatcher sees the
 * recorded error and sends the one out-of-memory answer, never a `null`
 * field. NULL as a *value* is JSON null (reply_str(c, NULL)).
 */
#ifndef CHAMILO_API_REPLY_H
#define CHAMILO_API_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/call.h"

typedef enum field_kind {
    FK_COLUMN_INT,
    FK_COLUMN_FLOAT,
    FK_INT,
    FK_STRING,
    FK_STRING_EMPTY,
    FK_BOOL,
} field_kind;

/* One member of a row mapper: JSON key, result column (by name, as
 * PQfnumber takes it: lower case unless quoted), kind. */
typedef struct json_field {
    const char *key;
    const char *column;
    field_kind kind;
} json_field;

/* The table and its length, for the row mappers. */
#define FIELDS(table) (table), (sizeof(table) / sizeof((table)[0]))

/* ---- containers (owned by the call) ---- */
struct json_object *reply_object(api_call *c);
struct json_object *reply_array(api_call *c);

/* obj[key] = value. value: a scalar (consumed) or a container (shared).
 * A repeated key replaces the earlier value in place, as in PHP. */
void reply_set(api_call *c, struct json_object *obj, const char *key, struct json_object *value);
/* arr[] = value, with the same rules. */
void reply_push(api_call *c, struct json_object *arr, struct json_object *value);

/* ---- scalars (consumed by reply_set / reply_push) ---- */
struct json_object *reply_str(api_call *c, const char *s);       /* NULL s: null */
struct json_object *reply_strn(api_call *c, const char *s, size_t len);
struct json_object *reply_int(api_call *c, int64_t n);
struct json_object *reply_bool(api_call *c, bool b);
struct json_object *reply_double(api_call *c, double d);
/* A value of the given kind from SQL text (NULL = SQL NULL), as the row
 * mappers convert it. */
struct json_object *reply_value(api_call *c, field_kind kind, const char *text);

/* ---- JSON text ---- */
/* obj (a container of the call) as PHP's json_encode writes it with default
 * flags, the way the envelope is written: for answers that carry JSON inside
 * a string, such as the `hash` of a URL. Arena text; NULL after recording
 * the error (out of memory, or the internal error for text that is not
 * UTF-8). */
const char *reply_json_text(api_call *c, struct json_object *obj);

/* ---- row mappers ---- */
/* One row as an object with the fields in table order. A column missing
 * from the result is a programming error: logged, and the call answers the
 * internal-error envelope. */
struct json_object *reply_row(api_call *c, const PGresult *r, int row, const json_field *fields,
                              size_t count);
/* Every row of r, as a list of such objects. */
struct json_object *reply_rows(api_call *c, const PGresult *r, const json_field *fields,
                               size_t count);

/* ---- lists written as they are read ---- */
/* Success with data that is every row of stmt (run with its values), each
 * mapped through fields as reply_rows maps it: for a read action whose
 * answer is a flat list of a whole campus (get_users: 100,000 rows). The
 * statement runs once the call is otherwise done (checks, bookkeeping),
 * and each row is written to the client as PostgreSQL sends it, then
 * freed: the answer is never whole in memory. The bytes are those
 * call_ok(c, reply_rows(...)) would answer.
 *
 *     return call_ok_stream(c, &SQL_LIST, FIELDS(ROW), campus_id, status);
 *
 * A failure before the first byte is written (the statement fails at
 * once) is answered as call_sql's failure would be. After it, the answer
 * can no longer become an error envelope: it is cut (app.h, http_out.cut),
 * logged and counted (chamilo_fcgi_answers_cut_total). Read actions only,
 * not ACT_RAW ones, not with the action's prefetched or keyed statement
 * (an internal error otherwise). */
action_result call_ok_rows(api_call *c, db_stmt *stmt, const json_field *fields, size_t count,
                           const char *const *values, int nvalues);
#define call_ok_stream(c, stmt, fields, ...)                                                    \
    call_ok_rows((c), (stmt), fields, (const char *const[]){__VA_ARGS__},                        \
                 (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

#endif
