/*
 * db.h - a PostgreSQL connection of the worker (its primary one, or its
 * standby one: db/route.h) and its prepared statements.
 *
 * Every SQL statement of the application is a db_stmt: a static object
 * declared next to the code that runs it, with a unique name. A statement
 * is prepared on its first use on a connection and reused afterwards; after
 * a reconnect every statement is prepared again (60-implementation-notes.md).
 * No SQL is ever built from strings: values travel as text parameters.
 *
 * Connection life:
 *   - db_ready() is called before a request touches the database. It rolls
 *     back a transaction left open by a failed request, and reconnects when
 *     the connection is gone. While the database is down the request waits
 *     for it (PgBouncer's pause): an attempt at once, then one every
 *     db_reconnect_min_ms, for db_wait_ms in all per request (each attempt
 *     bounded by db_connect_timeout), logged at most once per
 *     db_reconnect_max_ms. When it returns false the caller answers
 *     "database unavailable": never a hang beyond that wait.
 *   - A statement, or the BEGIN of a write action, that fails because the
 *     connection dropped is retried once on a fresh connection when no
 *     transaction was open (idle connections are cut by PostgreSQL restarts,
 *     idle_session_timeout and load balancers), after the same wait for a
 *     new connection. The drop is logged.
 *   - Every connection pins the session settings that answers depend on:
 *     DateStyle ISO/YMD, IntervalStyle postgres, TimeZone UTC,
 *     client_encoding UTF8, search_path (db_schema), statement_timeout and
 *     synchronous_commit: no answer depends on the server's defaults; and
 *     plan_cache_mode force_generic_plan (no re-planning of prepared
 *     statements) and jit off (no compiling of a plan at each execution).
 *   - A statement that fails with SQLSTATE 26000 (prepared statement does not
 *     exist) or 0A000 (cached plan must not change result type) outside a
 *     transaction is prepared again and retried once.
 *
 * Not thread-safe: a worker's connections are used by one request at a time.
 */
#ifndef CHAMILO_DB_DB_H
#define CHAMILO_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "config/config.h"
#include "db/statement.h"

typedef struct db_conn db_conn;

/* Allocates the connection object (not connected yet). cfg must outlive it.
 * NULL on OOM. */
db_conn *db_create(const config *cfg);

/* A connection to a hot standby (conninfo: one of db_replica_conninfo's).
 * The same contract as db_create's, except that a request never waits for
 * it: db_ready() and the reconnect after a drop make one attempt and
 * return false at once, unlogged (the caller logs and reads from the
 * primary, db/route.h). Only read statements run on it. NULL on OOM. */
db_conn *db_create_standby(const config *cfg, const char *conninfo);
bool db_is_standby(const db_conn *db);

/* True while a connection is open and not known broken. */
bool db_connected(const db_conn *db);

/* Closes the connection (the object stays; the next use reconnects). */
void db_disconnect(db_conn *db);

/* Receives the WAL insert position (a pg_lsn as a number) read in the same
 * round trip as a committed db_commit_with(), so that a later read on a
 * standby can tell whether it has replayed this commit. */
typedef void (*db_commit_sink)(void *ctx, uint64_t lsn);

/* A pg_lsn's text ("16/B374D848") as a number; 0 when unreadable (NULL
 * included). */
uint64_t db_parse_lsn(const char *text);
void db_set_commit_sink(db_conn *db, db_commit_sink sink, void *ctx);

/* A live campus (docs/live-campus.md, "Writes"): with capture hooks set,
 * every transaction of this connection is a dry run. Before it begins,
 * catch_up returns once the copy holds every transaction MariaDB had
 * committed (so the dry run decides on current rows; false: it could not
 * tell, the transaction runs all the same). Its BEGIN turns the capture
 * on (migration 011: the rows it writes are recorded), and in place of its
 * COMMIT the captured rows are read and the transaction is rolled back;
 * apply then writes them to MariaDB and its outcome is the commit's.
 * wait_applied: the caller needs read-your-writes (apply returns once the
 * follower has brought the rows back here); false for the bookkeeping's
 * batches. captured holds tbl, op, old_row and new_row (text), in the
 * order written; valid during the call only. */
typedef enum {
    DB_CAPTURE_APPLIED,  /* written to MariaDB and committed there */
    DB_CAPTURE_CONFLICT, /* refused by MariaDB's current rows or locks: nothing written; the same
                          * work, run again, may succeed (db_capture_conflict, SQLSTATE 40001) */
    DB_CAPTURE_FAILED,   /* nothing written (an error, recorded in *why) */
    DB_CAPTURE_UNREACHABLE, /* MariaDB could not be reached, or went away before COMMIT:
                             * nothing written (db_connection_lost then says true) */
    DB_CAPTURE_UNKNOWN,  /* MariaDB's connection ended during its COMMIT: outcome unknown */
} db_capture_outcome;
typedef struct db_capture_hooks {
    bool (*catch_up)(void *ctx, db_conn *db);
    db_capture_outcome (*apply)(void *ctx, db_conn *db, const PGresult *captured,
                                bool wait_applied, char *why, size_t whylen);
    void *ctx;
} db_capture_hooks;
void db_set_capture_hooks(db_conn *db, const db_capture_hooks *hooks);
/* True when the last commit failed with DB_CAPTURE_CONFLICT. */
bool db_capture_conflict(const db_conn *db);

/* Closes the connection and frees the object. NULL is accepted. */
void db_destroy(db_conn *db);

/* Makes the connection usable for a new request (see above). Returns false
 * when the database cannot be reached now; db_error() says why. */
bool db_ready(db_conn *db);

/* Runs a prepared statement with nvalues text parameters (values[i] NULL =
 * SQL NULL; values may be NULL when nvalues is 0). nvalues must equal
 * stmt->nparams: a mismatch is a programming error, refused before anything
 * is sent (db_misuse() then returns true). Returns the result on
 * PGRES_TUPLES_OK / PGRES_COMMAND_OK; the caller owns it and PQclear()s it.
 * Returns NULL on any failure; db_error() and db_sqlstate() tell which. */
PGresult *db_exec(db_conn *db, db_stmt *stmt, const char *const *values, int nvalues);

/* Receives one row of a statement read row by row: row holds that row
 * alone (row 0), valid during the call only. Returns false to stop the
 * reading (the rest of the result is discarded). */
typedef bool (*db_row_sink)(void *ctx, const PGresult *row);

/* Runs a prepared statement like db_exec, but hands its rows to sink one
 * at a time as they arrive (libpq single-row mode), so that no more than
 * one row is held in memory. *rows receives how many rows sink took.
 * True when the statement completed and sink took every row. False on a
 * failure (db_error, db_sqlstate, db_connection_lost tell which), or when
 * sink stopped (the statement is cancelled; the connection stays usable):
 * the rows handed before stay handed. A failure before the first row is
 * retried as db_exec retries it (a dropped idle connection, a stale
 * prepared statement); after it, never. Outside a transaction only, and
 * nvalues must equal stmt->nparams (else db_misuse). Timed and counted as
 * one statement (db/stmt_trace.h). */
bool db_exec_rows(db_conn *db, db_stmt *stmt, const char *const *values, int nvalues,
                  db_row_sink sink, void *ctx, long long *rows);

/* Runs n (1..4) prepared statements in ONE round trip (libpq pipeline
 * mode): all are sent, then all results read. results[i] receives the
 * result of stmts[i] on success (the caller owns it), NULL when that
 * statement failed or was skipped because an earlier one failed. Returns
 * true when every statement succeeded; on false db_error() tells the first
 * failure. A connection dropped while idle is reconnected and the whole
 * pipeline sent again once (outside a transaction), as db_exec does. Each
 * counts[i] must equal stmts[i]->nparams. Statements with side effects
 * belong in a transaction, not here: a statement after a failed one does
 * not run. */
bool db_exec_pipeline(db_conn *db, int n, db_stmt *const *stmts,
                      const char *const *const *values, const int *counts, PGresult **results);

/* True after a call refused as a programming error (wrong value count). */
bool db_misuse(const db_conn *db);

/* Prepares every registered statement on the connection and compares each
 * one's parameter count with PostgreSQL's (PQdescribePrepared). Writes one
 * line per problem to out. Returns the number of problems (0 = all good),
 * or -1 when the database cannot be reached. */
int db_check_statements(db_conn *db, FILE *out);

/* Runs n (1..4) statements in a transaction of their own that waits at
 * most lock_timeout_ms for a row another transaction holds locked (then it
 * fails with SQLSTATE 55P03), in one round trip: BEGIN, the lock timeout,
 * the statements, COMMIT, with the session's synchronous_commit. True once
 * committed, with results[i] the result of stmts[i] (the caller
 * PQclear()s them); false when anything failed, all results NULL and
 * nothing committed (or, when the connection ended during the COMMIT, an
 * unknown outcome: db_connection_lost). Never retried on a new connection.
 * Outside a transaction only (else db_misuse). */
bool db_exec_bounded(db_conn *db, int n, db_stmt *const *stmts,
                     const char *const *const *values, const int *counts, PGresult **results,
                     int lock_timeout_ms);

/* Receives one statement's name and its generic plan, PostgreSQL's
 * EXPLAIN (FORMAT JSON) text (valid while the call lasts). */
typedef void (*db_plan_sink)(void *ctx, const char *name, const char *plan_json);

/* Prepares every registered statement and hands sink the generic plan the
 * pool runs it with (plan_cache_mode = force_generic_plan, pinned on every
 * connection: the plan does not depend on the values, so none are needed).
 * Nothing is executed. Writes one line per statement that could not be
 * prepared or explained to problems_out. Returns the number of those, or
 * -1 when the database cannot be reached. */
int db_explain_statements(db_conn *db, db_plan_sink sink, void *ctx, FILE *problems_out);

/* Transactions. Each returns false on failure (the connection may be gone).
 * db_rollback() is safe to call when no transaction is open. */
bool db_begin(db_conn *db); /* deferred: BEGIN goes with the first statement */
bool db_commit(db_conn *db);

/* Runs the transaction's last statements (n of them, such as its event
 * rows) and its COMMIT in one round trip. False when anything failed
 * (error recorded; the caller rolls back): then nothing is committed,
 * unless the connection ended with the outcome unknown (db_commit_not_done
 * false with db_connection_lost true). */
#define DB_COMMIT_MAX_STATEMENTS 16
bool db_commit_with(db_conn *db, int n, db_stmt *const *stmts, const char *const *const *values,
                    const int *counts);
/* After a db_commit() that failed with the connection lost: true when the
 * server said so before closing (a fast shutdown's FATAL without the
 * COMMIT's CommandComplete): nothing was committed. False when the outcome
 * is unknown (the connection just ended). True success is reported even if
 * the connection dies right after the CommandComplete. */
bool db_commit_not_done(const db_conn *db);
void db_rollback(db_conn *db);
bool db_in_transaction(const db_conn *db);

/* Lets the open transaction commit without waiting for the WAL flush, when
 * it turned out to hold only bookkeeping rows (sent with its COMMIT).
 * Always true. */
bool db_commit_without_flush(db_conn *db);

/* The last error: a message for the log, and the SQLSTATE ("" when the
 * failure was not reported by the server, e.g. a lost connection). */
const char *db_error(const db_conn *db);
const char *db_sqlstate(const db_conn *db);
/* The constraint (or unique index) the last error names, "" for none. */
const char *db_constraint(const db_conn *db);

/* True when the last error is contention that the same work may not meet
 * again: a lock or statement timeout (SQLSTATE 55P03, 57014), a deadlock
 * (40P01) or a serialization failure (40001). */
bool db_contention(const db_conn *db);

/* True after a failure that came from the connection rather than the SQL
 * (the caller answers "database unavailable"). */
bool db_connection_lost(const db_conn *db);

#endif
