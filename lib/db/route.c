/*
 * route.c - see route.h for the contract.
 */
#include "db/route.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "db/stmt_trace.h"

/* $1: the replay floor. Whether the server is still a standby, whether it
 * has replayed the floor, and the WAL it has received and replayed (NULL
 * when it has none: restored from an archive, or not a standby). */
DB_STATEMENT(SQL_FRESHNESS, "route.standby_freshness", 1,
    "SELECT pg_is_in_recovery(),"
    " COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, false),"
    " pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()");

enum { FRESH_IN_RECOVERY, FRESH_REPLAYED, FRESH_RECEIVED_LSN, FRESH_REPLAYED_LSN };

/* The replay lag is measured by the worker, from what the freshness
 * statement reports: the WAL a standby had received but not replayed when
 * a check first saw it (pending_lsn) is still not replayed pending_since_ms
 * later. That is a lower bound of the true lag, short of it by at most the
 * time between two of the worker's reads. (The standby's own
 * now() - pg_last_xact_replay_timestamp() is no measure: after an idle
 * spell the first WAL to arrive looks as old as the last transaction
 * replayed, for the millisecond it takes to replay it.) */
typedef struct standby {
    char *conninfo;
    long long skipped_until_ms; /* 0: in use or never skipped */
    uint64_t pending_lsn;       /* 0: nothing seen waiting for replay */
    long long pending_since_ms;
} standby;

struct db_route {
    const config *cfg;
    db_conn *primary;
    standby *standbys;
    int count;
    int preferred; /* worker slot modulo count */
    int current;   /* the standby `reader` connects to, -1: none */
    db_conn *reader;
    char floor_text[32];
    const char *floor_values[1];
};

static uint64_t process_floor;
static uint64_t *replay_floor = &process_floor;
static int worker_slot;

void db_route_process_setup(uint64_t *shared_floor, int slot)
{
    replay_floor = shared_floor ? shared_floor : &process_floor;
    worker_slot = slot < 0 ? 0 : slot;
}

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Raises the shared floor to lsn (never lowers it): the host's workers
 * write it concurrently. */
static void raise_floor(void *ctx, uint64_t lsn)
{
    (void)ctx;
    uint64_t seen = __atomic_load_n(replay_floor, __ATOMIC_RELAXED);
    while (seen < lsn &&
           !__atomic_compare_exchange_n(replay_floor, &seen, lsn, true, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED))
        ;
}

db_route *db_route_create(const config *cfg)
{
    db_route *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->cfg = cfg;
    r->current = -1;
    r->primary = db_create(cfg);
    if (!r->primary)
        goto fail;
    char one[1024];
    const char *rest = cfg->db_replica_conninfo ? cfg->db_replica_conninfo : "";
    while (config_replica_next(&rest, one, sizeof one)) {
        standby *grown = realloc(r->standbys, (size_t)(r->count + 1) * sizeof *grown);
        if (!grown)
            goto fail;
        r->standbys = grown;
        r->standbys[r->count] = (standby){.conninfo = strdup(one)};
        if (!r->standbys[r->count++].conninfo)
            goto fail;
    }
    if (r->count > 0) {
        r->preferred = worker_slot % r->count;
        /* Only when reads may go to a standby: a pool without one does not
         * pay for the position after each write. */
        db_set_commit_sink(r->primary, raise_floor, NULL);
    }
    return r;
fail:
    db_route_destroy(r);
    return NULL;
}

void db_route_destroy(db_route *r)
{
    if (!r)
        return;
    db_destroy(r->reader);
    db_destroy(r->primary);
    for (int i = 0; i < r->count; i++)
        free(r->standbys[i].conninfo);
    free(r->standbys);
    free(r);
}

db_conn *db_route_primary(db_route *r)
{
    return r->primary;
}

/* Sets standby i aside for db_replica_retry_ms, with a log line and a
 * metric; its connection is closed unless it is merely behind. */
static void skip(db_route *r, int i, stmt_trace_standby reason, const char *why)
{
    r->standbys[i].skipped_until_ms = monotonic_ms() + r->cfg->db_replica_retry_ms;
    r->standbys[i].pending_lsn = 0; /* measured afresh when it is back */
    stmt_trace_standby_event(reason);
    log_warn("standby %d (of db_replica_conninfo) skipped: %s; its reads go to the primary "
             "for %d ms",
             i + 1, why, r->cfg->db_replica_retry_ms);
    if (i == r->current && reason != STANDBY_SKIP_BEHIND)
        db_disconnect(r->reader);
}

db_conn *db_route_reader(db_route *r)
{
    long long now = monotonic_ms();
    for (int k = 0; k < r->count; k++) {
        int i = (r->preferred + k) % r->count;
        if (r->standbys[i].skipped_until_ms > now)
            continue;
        if (i != r->current) {
            db_destroy(r->reader);
            r->current = -1;
            r->reader = db_create_standby(r->cfg, r->standbys[i].conninfo);
            if (!r->reader)
                return r->primary; /* out of memory: the primary serves */
            r->current = i;
        }
        bool was_skipped = r->standbys[i].skipped_until_ms != 0;
        if (db_ready(r->reader)) {
            if (was_skipped)
                log_info("standby %d (of db_replica_conninfo) serves reads again", i + 1);
            r->standbys[i].skipped_until_ms = 0;
            return r->reader;
        }
        char why[600];
        snprintf(why, sizeof why, "cannot connect (%s)", db_error(r->reader));
        skip(r, i, STANDBY_SKIP_DOWN, why);
    }
    return r->primary;
}

db_stmt *db_route_freshness(db_route *r, const char *const **values)
{
    uint64_t floor = __atomic_load_n(replay_floor, __ATOMIC_ACQUIRE);
    snprintf(r->floor_text, sizeof r->floor_text, "%" PRIX64 "/%" PRIX64, floor >> 32,
             floor & 0xFFFFFFFFu);
    r->floor_values[0] = r->floor_text;
    *values = r->floor_values;
    return &SQL_FRESHNESS;
}

bool db_route_fresh(db_route *r, const PGresult *freshness)
{
    int i = r->current;
    if (i < 0 || !freshness || PQntuples(freshness) != 1)
        return false;
    if (strcmp(PQgetvalue(freshness, 0, FRESH_IN_RECOVERY), "t") != 0) {
        /* Promoted: it follows no primary any more, and it is not the
         * primary of this pool (db_conninfo says which is). */
        skip(r, i, STANDBY_SKIP_PROMOTED,
             "not in recovery (promoted?): it no longer follows db_conninfo's primary");
        return false;
    }
    standby *sb = &r->standbys[i];
    uint64_t received = db_parse_lsn(PQgetvalue(freshness, 0, FRESH_RECEIVED_LSN));
    uint64_t replayed = db_parse_lsn(PQgetvalue(freshness, 0, FRESH_REPLAYED_LSN));
    long long now = monotonic_ms();
    if (sb->pending_lsn && replayed >= sb->pending_lsn)
        sb->pending_lsn = 0; /* what waited is replayed */
    if (!sb->pending_lsn && received > replayed) {
        sb->pending_lsn = received;
        sb->pending_since_ms = now;
    }
    long long lag = sb->pending_lsn ? now - sb->pending_since_ms : 0;
    if (lag > r->cfg->db_replica_max_lag_ms) {
        char why[160];
        snprintf(why, sizeof why,
                 "WAL it received %lld ms ago is not replayed yet (db_replica_max_lag_ms %d)",
                 lag, r->cfg->db_replica_max_lag_ms);
        skip(r, i, STANDBY_SKIP_BEHIND, why);
        return false;
    }
    if (strcmp(PQgetvalue(freshness, 0, FRESH_REPLAYED), "t") != 0) {
        stmt_trace_standby_event(STANDBY_NOT_REPLAYED);
        return false;
    }
    return true;
}

bool db_route_standby_failed(db_route *r, db_conn *reader)
{
    if (!db_is_standby(reader) || r->current < 0 || db_misuse(reader))
        return false;
    const char *sqlstate = db_sqlstate(reader);
    /* Lost, or the server going away: 57 operator intervention (a shutdown,
     * a crash), 08 connection exception. */
    if (db_connection_lost(reader) || strncmp(sqlstate, "57", 2) == 0 ||
        strncmp(sqlstate, "08", 2) == 0) {
        char why[600];
        snprintf(why, sizeof why, "connection lost (%s)", db_error(reader));
        skip(r, r->current, STANDBY_SKIP_DOWN, why);
    } else if (strcmp(sqlstate, "25006") == 0) {
        log_error("a read action wrote on a standby (%s): it must be declared ACT_WRITE",
                  db_error(reader));
    } else if (strcmp(sqlstate, "40001") != 0) { /* 40001: a conflict with recovery */
        log_warn("a read failed on standby %d (SQLSTATE %s: %s); running it on the primary",
                 r->current + 1, sqlstate, db_error(reader));
    }
    /* A read runs again on the primary whatever failed: it changes nothing. */
    return true;
}

void db_route_count_read(db_route *r, const db_conn *served)
{
    if (r->count > 0)
        stmt_trace_standby_event(db_is_standby(served) ? STANDBY_READ : STANDBY_FALLBACK);
}
