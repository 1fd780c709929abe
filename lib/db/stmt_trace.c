/*
 * stmt_trace.c - see stmt_trace.h.
 */
#include "db/stmt_trace.h"

#include <time.h>

static accesslog_statement trace[STMT_TRACE_MAX];
static size_t trace_count;
static size_t trace_dropped;
static int trace_round_trips; /* of the current request */
static stmt_trace_counters counters;

int64_t stmt_trace_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void stmt_trace_round_trip(void)
{
    trace_round_trips++;
}

void stmt_trace_statement(const char *name, int64_t elapsed_us, bool ok)
{
    counters.counts.statements++;
    if (!ok)
        counters.counts.statement_errors++;
    if (trace_count < STMT_TRACE_MAX)
        trace[trace_count++] = (accesslog_statement){name, elapsed_us, !ok, trace_round_trips};
    else
        trace_dropped++;
}

void stmt_trace_connect(bool ok, bool again)
{
    if (!ok)
        counters.counts.connect_failures++;
    else if (again)
        counters.counts.reconnects++;
    else
        counters.counts.connects++;
}

void stmt_trace_standby_event(stmt_trace_standby what)
{
    switch (what) {
    case STANDBY_READ:
        counters.counts.standby_reads++;
        break;
    case STANDBY_FALLBACK:
        counters.counts.standby_fallback_reads++;
        break;
    case STANDBY_SKIP_DOWN:
        counters.counts.standby_skips_down++;
        break;
    case STANDBY_SKIP_BEHIND:
        counters.counts.standby_skips_behind++;
        break;
    case STANDBY_SKIP_PROMOTED:
        counters.counts.standby_skips_promoted++;
        break;
    case STANDBY_NOT_REPLAYED:
        counters.counts.standby_not_replayed++;
        break;
    }
}

void stmt_trace_live(stmt_trace_live_event what)
{
    switch (what) {
    case STMT_TRACE_LIVE_WRITE:
        counters.counts.live_writes++;
        break;
    case STMT_TRACE_LIVE_WRITE_CONFLICT:
        counters.counts.live_write_conflicts++;
        break;
    case STMT_TRACE_LIVE_WRITE_WAIT_TIMEOUT:
        counters.counts.live_write_wait_timeouts++;
        break;
    case STMT_TRACE_LIVE_KEY_REFUSED:
        counters.counts.live_key_refusals++;
        break;
    }
}

void stmt_trace_live_lag(int64_t lag_ms, bool refused)
{
    if (refused)
        counters.counts.live_refusals++;
    if (lag_ms >= 0) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        counters.live_lag_ms = (uint64_t)lag_ms;
        counters.live_lag_read_at_ms = (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
    }
}

void stmt_trace_answer_cut(void)
{
    counters.counts.answers_cut++;
}

void stmt_trace_begin_request(void)
{
    trace_count = 0;
    trace_dropped = 0;
    trace_round_trips = 0;
}

const accesslog_statement *stmt_trace_statements(size_t *count, size_t *dropped)
{
    *count = trace_count;
    *dropped = trace_dropped;
    return trace;
}

stmt_trace_counters stmt_trace_take_counters(void)
{
    stmt_trace_counters taken = counters;
    counters = (stmt_trace_counters){0};
    return taken;
}
