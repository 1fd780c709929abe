/*
 * live_mariadb.h - a worker's connection to a live campus's MariaDB
 * (live_mariadb_url; docs/live-campus.md, "Writes" and "Current where it
 * matters"). MariaDB stays the campus: the pool writes there, and checks
 * there that the caller's key and account still hold.
 *
 * Writes. Every write (an action's transaction, the bookkeeping's batches)
 * runs in PostgreSQL as a dry run whose rows are captured (db.h,
 * db_set_capture_hooks; migration 011). live_mariadb_apply() is that sink:
 * it writes the captured rows to MariaDB in one transaction, by primary
 * key, with the values the dry run computed (an update sets only the
 * columns the dry run changed), and, when asked, returns once the follower
 * has applied that transaction to PostgreSQL, so the caller's next read
 * sees its write. New rows keep the ids PostgreSQL's sequences gave them;
 * an id MariaDB may have handed out already (below its AUTO_INCREMENT)
 * moves our sequence past MariaDB's and answers DB_CAPTURE_CONFLICT, so
 * that the work runs again with fresh ids. A duplicate key, an update whose
 * row is gone, a lock wait timeout or a deadlock in MariaDB answer
 * DB_CAPTURE_CONFLICT too, with nothing written.
 *
 * Statements are prepared, values always bound; the table and column names
 * in them are MariaDB's own, read from information_schema when the
 * connection opens, never from a request.
 *
 * The object is the worker's; nothing is shared between processes.
 */
#ifndef CHAMILO_DB_LIVE_MARIADB_H
#define CHAMILO_DB_LIVE_MARIADB_H

#include <stdbool.h>

#include "config/config.h"
#include "db/db.h"

typedef struct live_mariadb live_mariadb;

/* Nothing is connected yet (the first use connects). NULL on OOM. */
live_mariadb *live_mariadb_create(const config *cfg);
void live_mariadb_destroy(live_mariadb *m);

/* The db_capture_hooks of a live campus's primary connection (ctx: the
 * live_mariadb). catch_up asks MariaDB for its position (@@gtid_binlog_pos)
 * and waits, at most 250 ms, until the follower has applied it. */
bool live_mariadb_catch_up(void *ctx, db_conn *db);
db_capture_outcome live_mariadb_apply(void *ctx, db_conn *db, const PGresult *captured,
                                      bool wait_applied, char *why, size_t whylen);

/* What MariaDB says, now, of the account the key check accepted. */
typedef enum {
    LIVE_KEY_HOLDS,       /* same user id, active, not expired, the same MsgREST key */
    LIVE_KEY_REFUSED,     /* any of those no longer true */
    LIVE_KEY_UNREACHABLE, /* MariaDB could not be asked: the caller fails closed */
} live_key_verdict;

/* The key check, in two halves so that MariaDB's round trip overlaps
 * PostgreSQL's: live_mariadb_key_send() sends the look-up of username's
 * account and MsgREST key without waiting; live_mariadb_key_verdict()
 * waits for it and compares it with what the copy gave (user_id, and the
 * caller's key, which the copy's matched). A look-up sent and not judged
 * must be dropped with live_mariadb_key_discard() (a no-op otherwise)
 * before the connection serves anything else. */
void live_mariadb_key_send(live_mariadb *m, const char *username);
live_key_verdict live_mariadb_key_verdict(live_mariadb *m, const char *user_id,
                                          const char *api_key);
void live_mariadb_key_discard(live_mariadb *m);

#endif
