/*
 * live.h - a live campus (docs/live-campus.md): PostgreSQL is a copy of the
 * campus's MariaDB, kept by chamilo-fcgi-follow, and a call is answered
 * only while that copy is current within live_max_lag_ms.
 *
 * The follower keeps one row, live_follow_state (migration 008). The lag
 * statement reads how old the copy is: now minus the later of caught_up_at
 * (the last time the follower had applied everything MariaDB had written,
 * refreshed twice a second while the binlog is idle) and source_commit_at
 * (MariaDB's commit time, to the second, of the last transaction applied:
 * everything MariaDB committed before it is applied, so a busy follower
 * that keeps up stays current). lib/api sends it in the key check's round
 * trip of every call with a key (no round trip of its own), on whichever
 * server answers the call: a standby's copy of the row is as old as the
 * standby. When the copy is too old, or the row or both times are missing
 * (never caught up, a reset), the call is refused: fail closed, its key
 * not accepted, since a key revoked in MariaDB may still be valid in the
 * copy.
 */
#ifndef CHAMILO_DB_LIVE_H
#define CHAMILO_DB_LIVE_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "config/config.h"
#include "db/statement.h"

/* The lag statement (no values). */
db_stmt *db_live_lag_statement(void);

/* Judges the lag statement's result against cfg->live_max_lag_ms: true
 * when the copy is current enough. Records the lag read and a refusal for
 * the metrics (stmt_trace.h); logs when this process's judgement changes
 * (refusing, answering again), not once per call. */
bool db_live_current(const config *cfg, const PGresult *lag);

#endif
