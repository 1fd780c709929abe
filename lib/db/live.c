/*
 * live.c - see live.h.
 */
#include "db/live.h"

#include <inttypes.h>
#include <stdlib.h>

#include "core/log.h"
#include "db/stmt_trace.h"

/* The copy's age in milliseconds; no row when the follower has never run,
 * NULL when it has no time yet (a reset). Negative when MariaDB's clock,
 * source_commit_at's, is ahead of PostgreSQL's: counted as 0. */
DB_STATEMENT(SQL_LIVE_LAG, "live.follow_lag", 0,
    "SELECT floor(extract(epoch FROM clock_timestamp()"
    " - greatest(caught_up_at, source_commit_at)) * 1000)::bigint"
    "  FROM live_follow_state");

db_stmt *db_live_lag_statement(void)
{
    return &SQL_LIVE_LAG;
}

/* This process's latest judgement, for logging only its changes. */
static bool refusing;

bool db_live_current(const config *cfg, const PGresult *lag)
{
    bool known = lag && PQntuples(lag) == 1 && !PQgetisnull(lag, 0, 0);
    int64_t lag_ms = -1;
    if (known) {
        lag_ms = strtoll(PQgetvalue(lag, 0, 0), NULL, 10);
        lag_ms = lag_ms < 0 ? 0 : lag_ms;
    }
    bool current = known && lag_ms <= cfg->live_max_lag_ms;
    stmt_trace_live_lag(lag_ms, !current);
    if (!current && !refusing) {
        if (known)
            log_warn("live campus: the follower's copy is %" PRId64 " ms behind MariaDB "
                     "(live_max_lag_ms %d): calls answer 503 until it catches up",
                     lag_ms, cfg->live_max_lag_ms);
        else
            log_warn("live campus: the follower has no position or has never caught up "
                     "(live_follow_state): calls answer 503 until it has");
    } else if (current && refusing) {
        log_info("live campus: the follower's copy is current again (%" PRId64 " ms behind)",
                 lag_ms);
    }
    refusing = !current;
    return current;
}
