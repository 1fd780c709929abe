/*
 * statement.h - a prepared statement's declaration, the part of lib/db that
 * the code declaring statements needs (handlers, models, the dispatcher).
 * Running statements is db.h's, on the worker's connection.
 */
#ifndef CHAMILO_DB_STATEMENT_H
#define CHAMILO_DB_STATEMENT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct db_stmt {
    const char *name; /* unique across the program, e.g. "user_profile.get" */
    const char *sql;
    int nparams;      /* the number of $n placeholders; every call passes exactly this many */
    int slot;         /* runtime: index in the connection's prepared table, -1 until first use */
    /* Set by lib/api's DB_KEYED_STATEMENT (call.h): the statement reads the
     * caller's row and starts with the API key check's columns and values.
     * Nothing in lib/db looks at it. */
    bool carries_key_check;
} db_stmt;

/*
 * Declares and registers a statement, at file scope:
 *
 *     DB_STATEMENT(SQL_PROFILE, "user_profile.get", 1,
 *                  "SELECT ... WHERE u.id = $1::int");
 *
 * defines `static db_stmt SQL_PROFILE` and puts a pointer to it in the
 * linker section "chamilo_db_stmts", so db_statements() lists every
 * statement of the program without a hand-kept list. `chamilo-fcgi
 * --check-statements` (run by the test suite on a throwaway cluster built
 * from sql/schema.sql) prepares all of them, checks that names are unique
 * and that nparams matches what PostgreSQL infers: a typo in any statement
 * fails `make test`, not a user's request.
 */
#define DB_STATEMENT(var, name_, nparams_, sql_)                                               \
    static db_stmt var = {.name = (name_), .sql = (sql_), .nparams = (nparams_), .slot = -1};   \
    DB_REGISTER(var)

/* Registers a statement defined by hand (for macros built on DB_STATEMENT). */
#define DB_REGISTER(var)                                                                        \
    static db_stmt *const var##_registered                                                     \
        __attribute__((used, section("chamilo_db_stmts"), aligned(sizeof(void *)))) = &var

/* Every registered statement, in link order (count in *count). */
db_stmt *const *db_statements(size_t *count);

#endif
