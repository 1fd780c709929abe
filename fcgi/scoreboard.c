/*
 * scoreboard.c - see scoreboard.h for the contract and who writes what.
 */
#include "scoreboard.h"

#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "api/action_table.h"
#include "core/metrics.h"

enum worker_state { STATE_EMPTY, STATE_STARTING, STATE_IDLE, STATE_BUSY };

typedef struct action_counters {
    uint64_t buckets[METRICS_BUCKETS + 1]; /* requests per latency bucket */
    uint64_t errors;
    uint64_t duration_us;
} action_counters;

typedef struct worker_slot {
    /* master */
    uint64_t starts;
    uint64_t abnormal_exits;
    /* master while the slot is empty, else the worker */
    uint64_t state;
    uint64_t pid;
    /* the worker */
    uint64_t accepted;
    stmt_trace_counts db;         /* summed, field by field */
    uint64_t live_lag_ms;         /* the latest read by this slot's workers */
    uint64_t live_lag_read_at_ms; /* when (0: never) */
} worker_slot;

typedef struct header {
    uint64_t log_generation; /* master */
    uint64_t start_time;     /* seconds since the epoch */
    uint64_t slot_count;
    uint64_t action_count;   /* table rows + 1 for "(unknown)" */
    /* the status process */
    uint64_t listen_queue_known;
    uint64_t listen_queue;
    uint64_t listen_queue_max;
    uint64_t listen_queue_backlog;
    /* every worker (db/route.h): the end of WAL of the latest write
     * acknowledged, which a standby must have replayed to serve a read */
    uint64_t replay_floor;
} header;

static header *board;
static worker_slot *slots;
static action_counters *actions; /* [slot * action_count + action] */
static const action_def *action_rows;

static uint64_t load(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void store(uint64_t *p, uint64_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
}

/* Single writer: a plain load and store, no locked instruction. */
static void add(uint64_t *p, uint64_t n)
{
    store(p, load(p) + n);
}

int scoreboard_create(int slot_count)
{
    size_t table_rows;
    action_rows = action_table_rows(&table_rows);
    size_t action_count = table_rows + 1;
    size_t size = sizeof(header) + (size_t)slot_count * sizeof(worker_slot) +
                  (size_t)slot_count * action_count * sizeof(action_counters);
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    /* Anonymous mappings start zeroed. */
    board = p;
    slots = (worker_slot *)(void *)(board + 1);
    actions = (action_counters *)(void *)(slots + slot_count);
    board->start_time = (uint64_t)time(NULL);
    board->slot_count = (uint64_t)slot_count;
    board->action_count = action_count;
    return 0;
}

void scoreboard_reopen_logs(void)
{
    if (board)
        add(&board->log_generation, 1);
}

unsigned scoreboard_log_generation(void)
{
    return board ? (unsigned)load(&board->log_generation) : 0;
}

void scoreboard_worker_spawning(int slot)
{
    if (!board)
        return;
    add(&slots[slot].starts, 1);
    store(&slots[slot].pid, 0);
    store(&slots[slot].state, STATE_STARTING);
}

void scoreboard_worker_exited(int slot, bool clean)
{
    if (!board)
        return;
    if (!clean)
        add(&slots[slot].abnormal_exits, 1);
    store(&slots[slot].pid, 0);
    store(&slots[slot].state, STATE_EMPTY);
}

static void add_db(worker_slot *w, const stmt_trace_counters *db)
{
    _Static_assert(sizeof(stmt_trace_counts) % sizeof(uint64_t) == 0, "counts are uint64_t");
    uint64_t *into = (uint64_t *)&w->db;
    const uint64_t *from = (const uint64_t *)&db->counts;
    for (size_t i = 0; i < sizeof(stmt_trace_counts) / sizeof(uint64_t); i++)
        add(&into[i], from[i]);
    if (db->live_lag_read_at_ms) {
        store(&w->live_lag_ms, db->live_lag_ms);
        store(&w->live_lag_read_at_ms, db->live_lag_read_at_ms);
    }
}

uint64_t *scoreboard_replay_floor(void)
{
    return board ? &board->replay_floor : NULL;
}

void scoreboard_worker_ready(int slot, const stmt_trace_counters *db)
{
    if (!board)
        return;
    add_db(&slots[slot], db);
    store(&slots[slot].pid, (uint64_t)getpid());
    store(&slots[slot].state, STATE_IDLE);
}

void scoreboard_request_started(int slot)
{
    if (!board)
        return;
    add(&slots[slot].accepted, 1);
    store(&slots[slot].state, STATE_BUSY);
}

static size_t action_index(const char *action)
{
    const action_def *row = action ? action_lookup(action, strlen(action)) : NULL;
    return row ? (size_t)(row - action_rows) : (size_t)board->action_count - 1;
}

void scoreboard_request_finished(int slot, const char *action, bool error, int64_t duration_us,
                                 const stmt_trace_counters *db)
{
    if (!board)
        return;
    worker_slot *w = &slots[slot];
    action_counters *a = &actions[(size_t)slot * board->action_count + action_index(action)];
    add(&a->buckets[metrics_bucket(duration_us)], 1);
    add(&a->duration_us, duration_us > 0 ? (uint64_t)duration_us : 0);
    if (error)
        add(&a->errors, 1);
    add_db(w, db);
    store(&w->state, STATE_IDLE);
}

void scoreboard_note_listen_queue(uint64_t queued, uint64_t backlog)
{
    if (!board)
        return;
    store(&board->listen_queue, queued);
    store(&board->listen_queue_backlog, backlog);
    if (queued > load(&board->listen_queue_max))
        store(&board->listen_queue_max, queued);
    store(&board->listen_queue_known, 1);
}

/* ------------------------------------------------------------ rendering */

/* Sum over the slots of the field at offset in worker_slot. */
static uint64_t sum_slots(size_t offset)
{
    uint64_t total = 0;
    for (uint64_t i = 0; i < board->slot_count; i++)
        total += load((const uint64_t *)(const void *)((const char *)&slots[i] + offset));
    return total;
}

static void counter(strbuf *out, const char *name, const char *help, uint64_t value)
{
    metrics_header(out, name, "counter", help);
    sb_printf(out, "%s %" PRIu64 "\n", name, value);
}

static void gauge(strbuf *out, const char *name, const char *help, uint64_t value)
{
    metrics_header(out, name, "gauge", help);
    sb_printf(out, "%s %" PRIu64 "\n", name, value);
}

static void render_pool(strbuf *out)
{
    uint64_t by_state[4] = {0};
    uint64_t respawns = 0;
    for (uint64_t i = 0; i < board->slot_count; i++) {
        uint64_t state = load(&slots[i].state);
        if (state < 4)
            by_state[state]++;
        uint64_t starts = load(&slots[i].starts);
        respawns += starts > 1 ? starts - 1 : 0;
    }
    gauge(out, "chamilo_fcgi_start_time_seconds", "When the pool started, in seconds since the epoch.",
          load(&board->start_time));
    gauge(out, "chamilo_fcgi_workers_max", "Worker processes configured (workers).",
          board->slot_count);
    metrics_header(out, "chamilo_fcgi_workers", "gauge",
                   "Worker processes by state: idle (waiting for a request), busy (serving one), "
                   "starting (forked, not ready yet).");
    sb_printf(out, "chamilo_fcgi_workers{state=\"idle\"} %" PRIu64 "\n", by_state[STATE_IDLE]);
    sb_printf(out, "chamilo_fcgi_workers{state=\"busy\"} %" PRIu64 "\n", by_state[STATE_BUSY]);
    sb_printf(out, "chamilo_fcgi_workers{state=\"starting\"} %" PRIu64 "\n",
              by_state[STATE_STARTING]);
    counter(out, "chamilo_fcgi_accepted_connections_total",
            "Requests accepted by the workers (PHP-FPM's accepted conn).",
            sum_slots(offsetof(worker_slot, accepted)));
    counter(out, "chamilo_fcgi_worker_respawns_total",
            "Workers started to replace one that exited (crash or max_requests_per_worker).",
            respawns);
    counter(out, "chamilo_fcgi_worker_abnormal_exits_total",
            "Workers that died of a signal or exited with a failure status.",
            sum_slots(offsetof(worker_slot, abnormal_exits)));
    if (load(&board->listen_queue_known)) {
        gauge(out, "chamilo_fcgi_listen_queue",
              "Connections waiting in the kernel for a worker (PHP-FPM's listen queue), sampled.",
              load(&board->listen_queue));
        gauge(out, "chamilo_fcgi_listen_queue_max",
              "Highest listen_queue sampled since the start (PHP-FPM's max listen queue).",
              load(&board->listen_queue_max));
        gauge(out, "chamilo_fcgi_listen_queue_length",
              "Size of the listen queue (listen_backlog capped by net.core.somaxconn).",
              load(&board->listen_queue_backlog));
    }
}

static void render_database(strbuf *out)
{
    counter(out, "chamilo_fcgi_db_connects_total",
            "First PostgreSQL connections of worker processes.",
            sum_slots(offsetof(worker_slot, db.connects)));
    counter(out, "chamilo_fcgi_db_reconnects_total",
            "PostgreSQL connections opened again after one was lost.",
            sum_slots(offsetof(worker_slot, db.reconnects)));
    counter(out, "chamilo_fcgi_db_connect_failures_total",
            "Failed attempts to connect to PostgreSQL.",
            sum_slots(offsetof(worker_slot, db.connect_failures)));
    counter(out, "chamilo_fcgi_db_statements_total", "Prepared statements executed.",
            sum_slots(offsetof(worker_slot, db.statements)));
    counter(out, "chamilo_fcgi_db_errors_total",
            "Prepared statements that failed (SQL error or lost connection).",
            sum_slots(offsetof(worker_slot, db.statement_errors)));
    metrics_header(out, "chamilo_fcgi_db_routed_reads_total", "counter",
                   "Read actions called with a key while standbys are configured "
                   "(db_replica_conninfo), by the server that answered them.");
    static const struct {
        const char *name, *labels;
        size_t offset;
    } standby_series[] = {
        {"chamilo_fcgi_db_routed_reads_total", "server=\"standby\"",
         offsetof(worker_slot, db.standby_reads)},
        {"chamilo_fcgi_db_routed_reads_total", "server=\"primary\"",
         offsetof(worker_slot, db.standby_fallback_reads)},
        {"chamilo_fcgi_db_standby_skips_total", "reason=\"down\"",
         offsetof(worker_slot, db.standby_skips_down)},
        {"chamilo_fcgi_db_standby_skips_total", "reason=\"behind\"",
         offsetof(worker_slot, db.standby_skips_behind)},
        {"chamilo_fcgi_db_standby_skips_total", "reason=\"promoted\"",
         offsetof(worker_slot, db.standby_skips_promoted)},
    };
    for (size_t i = 0; i < sizeof standby_series / sizeof *standby_series; i++) {
        if (i == 2)
            metrics_header(out, "chamilo_fcgi_db_standby_skips_total", "counter",
                           "Standbys set aside for db_replica_retry_ms, by reason: down (cannot "
                           "connect, connection lost), behind (replay later than "
                           "db_replica_max_lag_ms), promoted (no longer in recovery).");
        sb_printf(out, "%s{%s} %" PRIu64 "\n", standby_series[i].name, standby_series[i].labels,
                  sum_slots(standby_series[i].offset));
    }
    counter(out, "chamilo_fcgi_db_standby_not_replayed_total",
            "Reads answered by the primary because their standby had not yet replayed a write "
            "this pool host acknowledged.",
            sum_slots(offsetof(worker_slot, db.standby_not_replayed)));
    counter(out, "chamilo_fcgi_answers_cut_total",
            "Answers written row by row (whole-campus lists) that failed after their first "
            "byte: the request was aborted, the client got a cut response.",
            sum_slots(offsetof(worker_slot, db.answers_cut)));
}

/* Live campus (db/live.h): the latest lag any worker read, and the calls
 * refused for lag. Shown once a worker has read one or refused a call. (A
 * slot's lag and its time are two stores: a reader between them may pair a
 * lag with the time of the one before, a harmless mismatch for a gauge.) */
static void render_live(strbuf *out)
{
    uint64_t newest = 0, lag_ms = 0;
    for (uint64_t i = 0; i < board->slot_count; i++) {
        uint64_t at = load(&slots[i].live_lag_read_at_ms);
        if (at > newest) {
            newest = at;
            lag_ms = load(&slots[i].live_lag_ms);
        }
    }
    uint64_t refusals = sum_slots(offsetof(worker_slot, db.live_refusals));
    uint64_t writes = sum_slots(offsetof(worker_slot, db.live_writes));
    uint64_t conflicts = sum_slots(offsetof(worker_slot, db.live_write_conflicts));
    uint64_t timeouts = sum_slots(offsetof(worker_slot, db.live_write_wait_timeouts));
    uint64_t key_refusals = sum_slots(offsetof(worker_slot, db.live_key_refusals));
    if (!newest && !refusals && !writes && !conflicts && !key_refusals)
        return;
    if (newest) {
        metrics_header(out, "chamilo_fcgi_live_follow_lag_seconds", "gauge",
                       "Live campus: how far the follower's copy was behind MariaDB at the "
                       "latest key check (live_follow_state: now minus the later of "
                       "caught_up_at and source_commit_at).");
        sb_printf(out, "chamilo_fcgi_live_follow_lag_seconds %" PRIu64 ".%03" PRIu64 "\n",
                  lag_ms / 1000, lag_ms % 1000);
        gauge(out, "chamilo_fcgi_live_follow_lag_read_at_seconds",
              "When that lag was read, in seconds since the epoch.", newest / 1000);
    }
    counter(out, "chamilo_fcgi_live_lag_refusals_total",
            "Calls answered 503 because the follower's copy was behind by more than "
            "live_max_lag_ms, or had no state.",
            refusals);
    counter(out, "chamilo_fcgi_live_writes_total",
            "Live campus: transactions written to MariaDB (actions' writes and bookkeeping "
            "batches).",
            writes);
    counter(out, "chamilo_fcgi_live_write_conflicts_total",
            "Live campus: writes MariaDB refused for its current rows (an id or a unique key "
            "taken, a row gone, a lock wait, a deadlock); the work ran again.",
            conflicts);
    counter(out, "chamilo_fcgi_live_write_wait_timeouts_total",
            "Live campus: writes answered before the follower had applied them (after "
            "live_max_lag_ms): the caller's next read may miss them.",
            timeouts);
    counter(out, "chamilo_fcgi_live_key_refusals_total",
            "Live campus: keys the copy accepted and MariaDB refused (revoked, account disabled "
            "or expired there, not yet followed).",
            key_refusals);
}

/* The counters of action a summed over the slots. */
static action_counters sum_action(size_t a)
{
    action_counters total;
    memset(&total, 0, sizeof total);
    for (uint64_t i = 0; i < board->slot_count; i++) {
        const action_counters *c = &actions[i * board->action_count + a];
        for (size_t b = 0; b <= METRICS_BUCKETS; b++)
            total.buckets[b] += load(&c->buckets[b]);
        total.errors += load(&c->errors);
        total.duration_us += load(&c->duration_us);
    }
    return total;
}

static const char *action_label(size_t a)
{
    return a + 1 < board->action_count ? action_rows[a].name : "(unknown)";
}

static void render_actions(strbuf *out)
{
    size_t n = (size_t)board->action_count;
    action_counters *totals = arena_calloc(out->arena, n, sizeof *totals);
    if (!totals) {
        out->failed = true;
        return;
    }
    for (size_t a = 0; a < n; a++)
        totals[a] = sum_action(a);

    /* requests_total is the histogram's count, so the two always agree. */
    metrics_header(out, "chamilo_fcgi_requests_total", "counter",
                   "Requests by action (the action parameter; (unknown) = missing or not in the "
                   "table).");
    for (size_t a = 0; a < n; a++) {
        uint64_t count = 0;
        for (size_t b = 0; b <= METRICS_BUCKETS; b++)
            count += totals[a].buckets[b];
        sb_puts(out, "chamilo_fcgi_requests_total{action=\"");
        metrics_label_value(out, action_label(a));
        sb_printf(out, "\"} %" PRIu64 "\n", count);
    }
    metrics_header(out, "chamilo_fcgi_request_errors_total", "counter",
                   "Requests by action answered with an error (error envelope or HTTP status >= "
                   "400).");
    for (size_t a = 0; a < n; a++) {
        sb_puts(out, "chamilo_fcgi_request_errors_total{action=\"");
        metrics_label_value(out, action_label(a));
        sb_printf(out, "\"} %" PRIu64 "\n", totals[a].errors);
    }
    metrics_header(out, "chamilo_fcgi_request_duration_seconds", "histogram",
                   "Time from accepting a request to having written its answer, by action.");
    for (size_t a = 0; a < n; a++) {
        strbuf labels;
        sb_init(&labels, out->arena, 64);
        sb_puts(&labels, "action=\"");
        metrics_label_value(&labels, action_label(a));
        sb_putc(&labels, '"');
        if (sb_failed(&labels)) {
            out->failed = true;
            return;
        }
        metrics_histogram(out, "chamilo_fcgi_request_duration_seconds", labels.data,
                          totals[a].buckets, totals[a].duration_us);
    }
}

void scoreboard_render(strbuf *out)
{
    if (!board)
        return;
    render_pool(out);
    render_database(out);
    render_live(out);
    render_actions(out);
}
