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

/* ---- the answer's shape (ACTION_ANSWER) ----
 *
 * Every action declares the shape of its `data` beside its handler, built
 * from the same field tables the handler answers with, and the OpenAPI
 * description (`chamilo-fcgi --openapi`, lib/api/openapi.c) turns it into
 * the JSON Schema of the action's answer under the configured php_types.
 * The action table links each row to its declaration: an action without
 * one does not link. The end-to-end tests validate every answer they
 * receive against that schema, so a declaration that drifts from its
 * handler fails the test that saw the difference.
 *
 *   ACTION_ANSWER(get_users, A_LIST(A_ROW_WITH(USER, A_MORE(A_TEXT))));
 *   ACTION_ANSWER(logout, A_OBJECT(A_KEY("status", A_BOOL)));
 *
 * Shapes:
 *   A_VALUE(kind)       a value as a field of that kind gives it (nullable
 *                       where the kind maps SQL NULL to null); A_STRING is
 *                       A_VALUE(FK_STRING) (a string or null), A_COLUMN_INT
 *                       A_VALUE(FK_COLUMN_INT)
 *   A_INT A_TEXT A_BOOL A_NUMBER A_NULL A_ANY
 *                       an integer, a string (never null), a boolean, a
 *                       number, null, anything
 *   A_ROW(table)        an object with exactly the table's keys
 *   A_ROW_WITH(table, keys...)  the same, then the keys given
 *   A_ROW_NULLS(table)  an object with the table's keys, each null
 *   A_OBJECT(keys...)   an object with exactly the keys given
 *   A_KEY(name, shape)  a key that is always there; A_KEY_OPT: sometimes
 *   A_MORE(shape)       any other keys, each of that shape
 *   A_LIST(shape)       a JSON list; A_EMPTY: [] only
 *   A_TUPLE(shapes...)  a JSON list of these, in this order
 *   A_BY_ID(shape)      an object keyed by ids (a PHP array with id keys;
 *                       [] when empty, as PHP encodes an empty array)
 *   A_LIST_OR_BY_ID(shape)  a PHP list filtered keeping its keys: a list
 *                       while they run 0, 1, ..., else keyed by position
 *   A_NULLABLE(shape)   the shape or null
 *   A_ONE_OF(shapes...) one of the shapes
 *   A_REDIRECT          no data: a 302 with its Location (ACT_REDIRECT)
 *   A_NOTE(text, shape) the shape, with a sentence for the reader
 */
typedef enum shape_kind {
    SHAPE_VALUE,
    SHAPE_INT,
    SHAPE_TEXT,
    SHAPE_BOOL,
    SHAPE_NUMBER,
    SHAPE_NULL,
    SHAPE_ANY,
    SHAPE_OBJECT,
    SHAPE_LIST,
    SHAPE_EMPTY,
    SHAPE_TUPLE,
    SHAPE_BY_ID,
    SHAPE_NULLABLE,
    SHAPE_ONE_OF,
    SHAPE_REDIRECT,
} shape_kind;

typedef struct answer_shape answer_shape;

/* One key of an object shape; key NULL: any other key, of that shape. */
typedef struct shape_key {
    const char *key;
    const answer_shape *shape;
    bool optional;
} shape_key;

struct answer_shape {
    shape_kind kind;
    field_kind value;                      /* SHAPE_VALUE */
    const json_field *fields;              /* SHAPE_OBJECT: the table's keys first, */
    size_t field_count;
    const shape_key *keys;                 /* then these */
    size_t key_count;
    const answer_shape *const *inner;      /* LIST, BY_ID, NULLABLE: one; ONE_OF, TUPLE: all */
    size_t inner_count;
    const char *note;
    bool nulls; /* SHAPE_OBJECT: the table's keys are null */
};

#define SHAPE_(...) (&(const answer_shape){__VA_ARGS__})
#define SHAPE_COUNT_(type, ...) (sizeof((type[]){__VA_ARGS__}) / sizeof(type))
#define SHAPE_KEYS_(...)                                                                       \
    .keys = (const shape_key[]){__VA_ARGS__},                                                  \
    .key_count = SHAPE_COUNT_(const shape_key, __VA_ARGS__)
#define SHAPE_INNER_(...)                                                                      \
    .inner = (const answer_shape *const[]){__VA_ARGS__},                                       \
    .inner_count = SHAPE_COUNT_(const answer_shape *const, __VA_ARGS__)

#define A_VALUE(kind_) SHAPE_(.kind = SHAPE_VALUE, .value = (kind_))
#define A_STRING A_VALUE(FK_STRING)
#define A_COLUMN_INT A_VALUE(FK_COLUMN_INT)
#define A_INT SHAPE_(.kind = SHAPE_INT)
#define A_TEXT SHAPE_(.kind = SHAPE_TEXT)
#define A_BOOL SHAPE_(.kind = SHAPE_BOOL)
#define A_NUMBER SHAPE_(.kind = SHAPE_NUMBER)
#define A_NULL SHAPE_(.kind = SHAPE_NULL)
#define A_ANY SHAPE_(.kind = SHAPE_ANY)
#define A_REDIRECT SHAPE_(.kind = SHAPE_REDIRECT)
#define A_EMPTY SHAPE_(.kind = SHAPE_EMPTY)
#define A_ROW(table)                                                                           \
    SHAPE_(.kind = SHAPE_OBJECT, .fields = (table), .field_count = FIELD_COUNT_(table))
#define A_ROW_WITH(table, ...)                                                                 \
    SHAPE_(.kind = SHAPE_OBJECT, .fields = (table), .field_count = FIELD_COUNT_(table),        \
           SHAPE_KEYS_(__VA_ARGS__))
#define A_ROW_NULLS(table)                                                                     \
    SHAPE_(.kind = SHAPE_OBJECT, .fields = (table), .field_count = FIELD_COUNT_(table),        \
           .nulls = true)
#define A_OBJECT(...) SHAPE_(.kind = SHAPE_OBJECT, SHAPE_KEYS_(__VA_ARGS__))
#define A_KEY(name, shape) {(name), (shape), false}
#define A_KEY_OPT(name, shape) {(name), (shape), true}
#define A_MORE(shape) {NULL, (shape), true}
#define A_LIST(shape) SHAPE_(.kind = SHAPE_LIST, SHAPE_INNER_(shape))
#define A_BY_ID(shape) SHAPE_(.kind = SHAPE_BY_ID, SHAPE_INNER_(shape))
#define A_LIST_OR_BY_ID(shape) A_ONE_OF(A_LIST(shape), A_BY_ID(shape))
#define A_NULLABLE(shape) SHAPE_(.kind = SHAPE_NULLABLE, SHAPE_INNER_(shape))
#define A_TUPLE(...) SHAPE_(.kind = SHAPE_TUPLE, SHAPE_INNER_(__VA_ARGS__))
#define A_ONE_OF(...) SHAPE_(.kind = SHAPE_ONE_OF, SHAPE_INNER_(__VA_ARGS__))
#define A_NOTE(text, shape) SHAPE_(.kind = SHAPE_ONE_OF, SHAPE_INNER_(shape), .note = (text))
#define FIELD_COUNT_(table) (sizeof(table) / sizeof((table)[0]))

/* The declaration the action table links to (actions.def). */
#define ACTION_ANSWER(action, shape) const answer_shape *const action_##action##_answer = (shape)

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
