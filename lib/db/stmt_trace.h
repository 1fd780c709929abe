/*
 * stmt_trace.h - what the database layer did for the current request, for
 * the slow log and the metrics (fcgi/observe.c).
 *
 * db.c reports each statement it runs (db_exec: name, elapsed time, success)
 * and each connection attempt; this module keeps them per process: the
 * statements of the current request in a fixed list (STMT_TRACE_MAX, more
 * are counted as dropped), and counters that grow until the observer takes
 * them. Process-global state, no allocation: a worker serves one request at
 * a time.
 */
#ifndef CHAMILO_DB_STMT_TRACE_H
#define CHAMILO_DB_STMT_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/accesslog.h"

#define STMT_TRACE_MAX 64

/* Counts since the last stmt_trace_take_counters(): every field a
 * uint64_t that the scoreboard sums over the workers (fcgi/scoreboard.c
 * adds them field by field, as an array). */
typedef struct stmt_trace_counts {
    uint64_t statements;       /* db_exec calls */
    uint64_t statement_errors; /* db_exec calls that failed */
    uint64_t connects;         /* first connection of this process */
    uint64_t reconnects;       /* later successful connections */
    uint64_t connect_failures; /* failed connection attempts */
    /* Read actions routed to standbys (db/route.h): answered by a standby
     * or by the primary; standbys skipped, by reason; reads sent to the
     * primary because the standby had not replayed the floor. */
    uint64_t standby_reads;
    uint64_t standby_fallback_reads;
    uint64_t standby_skips_down;
    uint64_t standby_skips_behind;
    uint64_t standby_skips_promoted;
    uint64_t standby_not_replayed;
    /* Answers written row by row that failed after their first byte
     * (lib/api/stream.h): the client got a cut answer. */
    uint64_t answers_cut;
    /* Live campus (db/live.h): calls refused because the follower's copy
     * was too far behind. */
    uint64_t live_refusals;
    /* Live campus writes (db/live_mariadb.h): transactions written to
     * MariaDB, refused there for its current rows (the work runs again),
     * answered before the follower had applied them; keys the copy accepted
     * and MariaDB refused. */
    uint64_t live_writes;
    uint64_t live_write_conflicts;
    uint64_t live_write_wait_timeouts;
    uint64_t live_key_refusals;
} stmt_trace_counts;

typedef struct stmt_trace_counters {
    stmt_trace_counts counts;
    /* Live campus: the latest lag read, in milliseconds, and when it was
     * read (CLOCK_REALTIME milliseconds; 0: none read since the last take). */
    uint64_t live_lag_ms;
    uint64_t live_lag_read_at_ms;
} stmt_trace_counters;

/* A monotonic clock in microseconds, for the elapsed times. */
int64_t stmt_trace_now_us(void);

/* Called by db.c: stmt_trace_round_trip once per round trip (one statement,
 * or one pipeline of them), then stmt_trace_statement for each statement it
 * ran. name must outlive the request (db_stmt names are static). */
void stmt_trace_round_trip(void);
void stmt_trace_statement(const char *name, int64_t elapsed_us, bool ok);
void stmt_trace_connect(bool ok, bool again);
/* Called by db/route.c. */
typedef enum stmt_trace_standby {
    STANDBY_READ,         /* a routed read answered by a standby */
    STANDBY_FALLBACK,     /* a routed read answered by the primary */
    STANDBY_SKIP_DOWN,
    STANDBY_SKIP_BEHIND,
    STANDBY_SKIP_PROMOTED,
    STANDBY_NOT_REPLAYED, /* a read whose standby had not replayed the floor */
} stmt_trace_standby;
void stmt_trace_standby_event(stmt_trace_standby what);
/* Called by db/live.c: the follower's lag read by a key check (lag_ms < 0:
 * unknown, never caught up or no state row), and whether the call was refused. */
void stmt_trace_live_lag(int64_t lag_ms, bool refused);

/* Called by db/live_mariadb.c. */
typedef enum {
    STMT_TRACE_LIVE_WRITE,
    STMT_TRACE_LIVE_WRITE_CONFLICT,
    STMT_TRACE_LIVE_WRITE_WAIT_TIMEOUT,
    STMT_TRACE_LIVE_KEY_REFUSED,
} stmt_trace_live_event;
void stmt_trace_live(stmt_trace_live_event what);
/* Called by lib/api/stream.c for each answer cut after its first byte. */
void stmt_trace_answer_cut(void);

/* Forgets the statements of the previous request. */
void stmt_trace_begin_request(void);

/* The statements of the current request, in the order they ran; *dropped
 * receives how many did not fit in the list. */
const accesslog_statement *stmt_trace_statements(size_t *count, size_t *dropped);

/* Returns the counters and sets them back to zero. */
stmt_trace_counters stmt_trace_take_counters(void);

#endif
