/*
 * route.h - which database connection a call uses: the routing of reads
 * and writes, in the data-access layer.
 *
 * A worker holds its primary connection (db_conninfo: every write, the
 * bookkeeping, every call without an API key) and, when db_replica_conninfo
 * names standbys, one connection to one of them for the read actions
 * called with a key. The standby is chosen by worker slot modulo the
 * number of standbys, so that the pool's workers spread over them; while
 * that one is skipped, the next one in the list that is not.
 *
 * The promise (README, "Read replicas"): a write acknowledged by this pool
 * host is seen by every later read of every worker of this host. Each
 * committed write (db_commit_with) publishes its end of WAL as the
 * "replay floor", a number in memory shared by the host's workers (the
 * scoreboard); each read on a standby sends, in its key check's round trip,
 * the freshness statement, which reports whether the standby is still in
 * recovery, has replayed up to the floor, and which WAL it has received and
 * replayed (route.c measures the lag from it). A read whose standby has not
 * replayed the floor is answered by the primary (the standby stays in
 * use); a standby that is
 * promoted, behind by more than db_replica_max_lag_ms, or down is skipped
 * for db_replica_retry_ms: logged, counted (stmt_trace, the status
 * server), and its reads go to the primary.
 *
 * Not thread-safe: one per worker process.
 */
#ifndef CHAMILO_DB_ROUTE_H
#define CHAMILO_DB_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "config/config.h"
#include "db/db.h"

typedef struct db_route db_route;

/* Where the replay floor lives (a uint64_t in memory shared by the
 * host's workers, e.g. the scoreboard), and the worker's slot (its choice
 * of standby). Called once per process before db_route_create; without it
 * the floor is the process's own and the slot 0. */
void db_route_process_setup(uint64_t *shared_floor, int worker_slot);

/* The primary connection (not connected yet) and the standbys' list. cfg
 * must outlive it. NULL on OOM. */
db_route *db_route_create(const config *cfg);
void db_route_destroy(db_route *r);

/* The connection for writes, the bookkeeping and unrouted reads. */
db_conn *db_route_primary(db_route *r);

/* The connection for a read action called with a key: the worker's
 * standby, connected and ready (db_ready), or the primary when no standby
 * is configured or every one is skipped. Never waits for a standby: one
 * connection attempt per standby whose retry time has come; a failed one
 * is skipped (logged, counted). */
db_conn *db_route_reader(db_route *r);

/* The freshness statement and its one value (the replay floor, valid
 * until the next call), to send first in a standby read's first round
 * trip. */
db_stmt *db_route_freshness(db_route *r, const char *const **values);

/* Judges the freshness statement's result: true when the standby's
 * answers in that round trip stand. False when the read must go to the
 * primary: the standby has not replayed the floor (counted), or is
 * promoted or behind (then skipped, logged, counted). */
bool db_route_fresh(db_route *r, const PGresult *freshness);

/* A statement on the standby failed (not a misuse: a programming error
 * fails anywhere). True: the read runs again on the primary, which changes
 * nothing. A lost connection or a server going away (SQLSTATE classes 57,
 * 08) skips the standby (logged, counted); a conflict with recovery
 * (40001) is not logged; a write refused (25006) is logged as a defect,
 * anything else as a warning. False when reader is not a standby. */
bool db_route_standby_failed(db_route *r, db_conn *reader);

/* Counts a routed read by the connection that answered it (metrics). */
void db_route_count_read(db_route *r, const db_conn *served);

#endif
