/*
 * db.c - see db.h for the contract.
 */
#include "db/db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "db/stmt_trace.h"

struct db_conn {
    const config *cfg;
    char *conninfo; /* owned copy: db_conninfo, or one standby's */
    /* A standby: a request never waits for it (one connection attempt),
     * and it is never written to. */
    bool standby;
    /* Told the end of WAL after each committed db_commit_with, or NULL. */
    db_commit_sink commit_sink;
    void *commit_sink_ctx;
    /* A live campus's writer (db_set_capture_hooks); capture.apply NULL:
     * none. */
    db_capture_hooks capture;
    bool capture_conflict; /* the last commit's sink answered DB_CAPTURE_CONFLICT */
    bool capture_unreachable; /* ... or DB_CAPTURE_UNREACHABLE */
    PGconn *pg;
    /* Bumped on every successful connect; a statement is prepared on this
     * connection when prepared_generation[slot] equals it. */
    unsigned generation;
    unsigned *prepared_generation;
    size_t prepared_cap;
    /* While the database is down: when the current request stops waiting
     * for it (0: no request is waiting), and when the next "cannot
     * connect" may be logged (the log is throttled, the attempts are not). */
    long long wait_deadline_ms;
    long long next_log_ms;
    int log_interval_ms;
    bool lost;
    bool misuse;
    bool commit_not_done; /* the last db_commit() certainly did not commit */
    /* db_begin() was called and its BEGIN not sent yet: it goes with the
     * transaction's first statement, in the same round trip. */
    bool begin_pending;
    bool commit_without_flush; /* db_commit_without_flush() was called */
    bool server_fatal;    /* the server sent a FATAL error on this connection */
    char error[512];
    char sqlstate[6];
    char constraint[64]; /* the constraint the last error names, "" for none */
};

/* Statement slots are process-wide: the same db_stmt object keeps its slot
 * whatever the connection. */
static int next_statement_slot;

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_error(db_conn *db, const char *message, const char *sqlstate)
{
    snprintf(db->error, sizeof db->error, "%s", message ? message : "unknown error");
    size_t n = strlen(db->error);
    while (n && (db->error[n - 1] == '\n' || db->error[n - 1] == ' '))
        db->error[--n] = '\0';
    snprintf(db->sqlstate, sizeof db->sqlstate, "%s", sqlstate ? sqlstate : "");
    db->constraint[0] = '\0';
}

/* set_error() for an error the server reported in r, with the constraint
 * it names (a unique violation names the index). */
static void set_server_error(db_conn *db, const PGresult *r)
{
    set_error(db, PQresultErrorMessage(r), PQresultErrorField(r, PG_DIAG_SQLSTATE));
    const char *constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
    snprintf(db->constraint, sizeof db->constraint, "%s", constraint ? constraint : "");
}

static db_conn *create(const config *cfg, const char *conninfo, bool standby)
{
    db_conn *db = calloc(1, sizeof *db);
    if (!db)
        return NULL;
    db->conninfo = strdup(conninfo);
    if (!db->conninfo) {
        free(db);
        return NULL;
    }
    db->cfg = cfg;
    db->standby = standby;
    db->log_interval_ms = cfg->db_reconnect_min_ms;
    return db;
}

db_conn *db_create(const config *cfg)
{
    return create(cfg, cfg->db_conninfo, false);
}

db_conn *db_create_standby(const config *cfg, const char *conninfo)
{
    return create(cfg, conninfo, true);
}

bool db_is_standby(const db_conn *db)
{
    return db->standby;
}

bool db_connected(const db_conn *db)
{
    return db->pg && PQstatus(db->pg) == CONNECTION_OK;
}

void db_disconnect(db_conn *db)
{
    if (db->pg) {
        PQfinish(db->pg);
        db->pg = NULL;
    }
}

void db_set_capture_hooks(db_conn *db, const db_capture_hooks *hooks)
{
    db->capture = *hooks;
}

/* A live campus: every transaction is a dry run (db_set_capture_hooks). */
static bool captures(const db_conn *db)
{
    return db->capture.apply != NULL;
}

/* A live campus: the copy caught up with MariaDB before a dry run begins. */
static void capture_catch_up(db_conn *db)
{
    if (db->capture.catch_up)
        (void)db->capture.catch_up(db->capture.ctx, db);
}

bool db_capture_conflict(const db_conn *db)
{
    return db->capture_conflict;
}

void db_set_commit_sink(db_conn *db, db_commit_sink sink, void *ctx)
{
    db->commit_sink = sink;
    db->commit_sink_ctx = ctx;
}

void db_destroy(db_conn *db)
{
    if (!db)
        return;
    if (db->pg)
        PQfinish(db->pg);
    free(db->prepared_generation);
    free(db->conninfo);
    free(db);
}

/* Messages the server sends outside a query's results: notices, and a
 * FATAL error that arrives while the connection is idle (a fast shutdown
 * terminates idle backends). The FATAL is remembered: the server closed the
 * connection on its own, so a transaction open on it was not committed
 * (db_commit). Logged through our log instead of libpq's bare stderr. */
static void on_server_notice(void *arg, const PGresult *r)
{
    db_conn *db = arg;
    const char *severity = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
    bool fatal = severity && (strcmp(severity, "FATAL") == 0 || strcmp(severity, "PANIC") == 0);
    if (fatal)
        db->server_fatal = true;
    char message[512];
    snprintf(message, sizeof message, "%s", PQresultErrorMessage(r));
    size_t n = strlen(message);
    while (n && (message[n - 1] == '\n' || message[n - 1] == ' '))
        message[--n] = '\0';
    log_message(fatal ? LOG_LEVEL_WARN : LOG_LEVEL_INFO, "PostgreSQL: %s", message);
}

/* Opens a new connection. Our defaults come first and the operator's
 * conninfo last, so that anything the operator sets wins (expand_dbname
 * expands the conninfo in place). */
static bool connect_now(db_conn *db)
{
    char connect_timeout[16];
    snprintf(connect_timeout, sizeof connect_timeout, "%d", db->cfg->db_connect_timeout);
    const char *keywords[] = {"connect_timeout", "keepalives", "keepalives_idle",
                              "keepalives_interval", "keepalives_count", "application_name",
                              "dbname", NULL};
    const char *values[] = {connect_timeout, "1", "60", "10", "3", "chamilo-fcgi",
                            db->conninfo, NULL};
    db_disconnect(db);
    db->pg = PQconnectdbParams(keywords, values, 1);
    if (!db->pg) {
        set_error(db, "out of memory allocating a PostgreSQL connection", NULL);
        return false;
    }
    if (PQstatus(db->pg) != CONNECTION_OK) {
        set_error(db, PQerrorMessage(db->pg), NULL);
        db_disconnect(db);
        return false;
    }
    db->server_fatal = false;
    PQsetNoticeReceiver(db->pg, on_server_notice, db);
    /* Session settings that every answer relies on, pinned whatever the
     * server's or the role's defaults (db.h). Statements outside a
     * transaction are the per-call bookkeeping: with
     * bookkeeping_synchronous_commit off they do not wait for the WAL flush;
     * db_begin() turns it back on for the actions' own transactions.
     * plan_cache_mode: every statement runs with its generic plan from the
     * first execution, instead of PostgreSQL planning the first five anew
     * and comparing (measured: 5-20% more user_profile calls per second on
     * two cores); their plans do not depend on their values (ids and keys
     * through unique indexes, small tables). jit off: a generic plan's cost
     * grows with the tables, and past jit_above_cost PostgreSQL compiles it
     * on every execution, compiled code not being kept with the plan
     * (measured on 10,000 quizzes: get_test_updates_list 0.5 s of compiling
     * for 0.25 s of execution). One round trip, values as parameters. */
    char statement_timeout[24];
    snprintf(statement_timeout, sizeof statement_timeout, "%dms", db->cfg->db_statement_timeout_ms);
    const char *settings[] = {statement_timeout,
                              db->cfg->bookkeeping_synchronous_commit ? "on" : "off",
                              db->cfg->db_schema};
    PGresult *r = PQexecParams(db->pg,
                               "SELECT set_config('statement_timeout', $1, false),"
                               " set_config('synchronous_commit', $2, false),"
                               " set_config('search_path', $3, false),"
                               " set_config('DateStyle', 'ISO, YMD', false),"
                               " set_config('IntervalStyle', 'postgres', false),"
                               " set_config('TimeZone', 'UTC', false),"
                               " set_config('client_encoding', 'UTF8', false),"
                               " set_config('plan_cache_mode', 'force_generic_plan', false),"
                               " set_config('jit', 'off', false)",
                               3, NULL, settings, NULL, NULL, 0);
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok)
        set_error(db, PQresultErrorMessage(r), PQresultErrorField(r, PG_DIAG_SQLSTATE));
    PQclear(r);
    if (!ok) {
        log_error("cannot pin the session settings: %s", db->error);
        db_disconnect(db);
        return false;
    }
    db->generation++;
    db->lost = false;
    return true;
}

static void sleep_ms(long long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Connects, waiting for the database while it is down (PgBouncer's pause):
 * attempts every db_reconnect_min_ms until one succeeds or the request has
 * waited db_wait_ms in all (the deadline is per request: db_ready() starts
 * it again). The first attempt is made at once, whatever happened before:
 * a database that is back is noticed by the next request, not at the end
 * of a backoff. Failures are logged, throttled: the interval doubles from
 * db_reconnect_min_ms up to db_reconnect_max_ms while the outage lasts.
 * (The force argument is kept for the callers; every attempt is forced.) */
static bool reconnect(db_conn *db, bool force)
{
    (void)force;
    long long now = monotonic_ms();
    if (!db->wait_deadline_ms)
        db->wait_deadline_ms = now + (db->standby ? 0 : db->cfg->db_wait_ms);
    for (;;) {
        bool connected = connect_now(db);
        stmt_trace_connect(connected, db->generation > 1); /* metrics */
        now = monotonic_ms();
        if (connected) {
            if (db->generation > 1)
                log_info("connected to PostgreSQL again");
            db->log_interval_ms = db->cfg->db_reconnect_min_ms;
            db->next_log_ms = 0;
            return true;
        }
        db->lost = true;
        if (db->standby)
            return false; /* the caller logs and reads from the primary */
        if (now >= db->next_log_ms) {
            log_error("cannot connect to PostgreSQL: %s (retrying for %lld ms more)", db->error,
                      db->wait_deadline_ms > now ? db->wait_deadline_ms - now : 0);
            db->next_log_ms = now + db->log_interval_ms;
            db->log_interval_ms = db->log_interval_ms * 2 > db->cfg->db_reconnect_max_ms
                                      ? db->cfg->db_reconnect_max_ms
                                      : db->log_interval_ms * 2;
        }
        long long left = db->wait_deadline_ms - now;
        if (left <= 0)
            return false;
        sleep_ms(left < db->cfg->db_reconnect_min_ms ? left : db->cfg->db_reconnect_min_ms);
    }
}

bool db_ready(db_conn *db)
{
    db->lost = false;
    db->wait_deadline_ms = 0; /* a new request: a new wait */
    if (!db->pg || PQstatus(db->pg) != CONNECTION_OK)
        return reconnect(db, false);
    PGTransactionStatusType ts = PQtransactionStatus(db->pg);
    if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
        log_warn("rolling back a transaction left open by the previous request");
        db_rollback(db);
    } else if (ts == PQTRANS_ACTIVE || ts == PQTRANS_UNKNOWN) {
        /* A command still running or a broken link: start over. */
        return reconnect(db, true);
    }
    return db->pg != NULL;
}

static bool ensure_slot(db_conn *db, db_stmt *stmt)
{
    if (stmt->slot < 0)
        stmt->slot = next_statement_slot++;
    size_t need = (size_t)stmt->slot + 1;
    if (need > db->prepared_cap) {
        size_t cap = db->prepared_cap ? db->prepared_cap * 2 : 64;
        while (cap < need)
            cap *= 2;
        unsigned *p = realloc(db->prepared_generation, cap * sizeof *p);
        if (!p) {
            set_error(db, "out of memory", NULL);
            return false;
        }
        memset(p + db->prepared_cap, 0, (cap - db->prepared_cap) * sizeof *p);
        db->prepared_generation = p;
        db->prepared_cap = cap;
    }
    return true;
}

static bool prepare(db_conn *db, db_stmt *stmt)
{
    PGresult *r = PQprepare(db->pg, stmt->name, stmt->sql, stmt->nparams, NULL);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) {
        set_error(db, PQresultErrorMessage(r), PQresultErrorField(r, PG_DIAG_SQLSTATE));
        log_error("cannot prepare statement %s: %s", stmt->name, db->error);
    } else {
        db->prepared_generation[stmt->slot] = db->generation;
    }
    PQclear(r);
    return ok;
}

/* One attempt: prepare if needed, execute. *retry tells the caller whether
 * a second attempt may succeed (see db.h). */
static PGresult *exec_once(db_conn *db, db_stmt *stmt, const char *const *values, bool *retry)
{
    *retry = false;
    bool in_tx = PQtransactionStatus(db->pg) != PQTRANS_IDLE;
    if (db->prepared_generation[stmt->slot] != db->generation && !prepare(db, stmt)) {
        if (PQstatus(db->pg) != CONNECTION_OK) {
            db->lost = true;
            *retry = !in_tx;
        }
        return NULL;
    }
    PGresult *r = PQexecPrepared(db->pg, stmt->name, stmt->nparams, values, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        return r;
    /* set_error() copies the message and SQLSTATE out of r: after PQclear()
     * only db->sqlstate may be read (r owns the strings it returned). */
    if (r)
        set_server_error(db, r);
    else
        set_error(db, PQerrorMessage(db->pg), NULL);
    PQclear(r);
    if (PQstatus(db->pg) != CONNECTION_OK) {
        db->lost = true;
        *retry = !in_tx;
    } else if (!in_tx &&
               (strcmp(db->sqlstate, "26000") == 0 || strcmp(db->sqlstate, "0A000") == 0)) {
        db->prepared_generation[stmt->slot] = 0; /* prepare again */
        *retry = true;
    }
    return NULL;
}

static PGresult *exec_with_retry(db_conn *db, db_stmt *stmt, const char *const *values)
{
    if (!db->pg && !reconnect(db, false))
        return NULL;
    if (!ensure_slot(db, stmt))
        return NULL;
    bool retry;
    PGresult *r = exec_once(db, stmt, values, &retry);
    if (r || !retry)
        return r;
    if (db->lost) {
        log_warn("PostgreSQL connection lost (%s); reconnecting once", db->error);
        if (!reconnect(db, true))
            return NULL;
    }
    return exec_once(db, stmt, values, &retry);
}

/* ---- pipelines ----
 * One round trip for several commands (libpq pipeline mode): a deferred
 * BEGIN (db_begin), the statements, and a COMMIT (db_commit_with). */

typedef struct pipeline {
    bool begin; /* BEGIN first (and SET LOCAL synchronous_commit = on when needed) */
    bool session_commit_mode;  /* with begin: keep the session's synchronous_commit */
    const char *lock_timeout;  /* with begin: SET LOCAL lock_timeout to this, or NULL */
    int n;
    db_stmt *const *stmts;
    const char *const *const *values;
    bool commit;               /* COMMIT last */
    bool commit_without_flush; /* SET LOCAL synchronous_commit = off before it */
    bool commit_lsn;           /* with commit: then the end of WAL (pipeline_outcome) */
    /* A live campus's dry run (db_set_capture_hooks): with begin, the capture
     * is turned on; with commit, the captured rows are read and the
     * transaction rolled back instead (pipeline_outcome.captured). */
    bool capture;
} pipeline;

typedef struct pipeline_outcome {
    bool committed;      /* the COMMIT's CommandComplete came */
    bool error_response; /* the server answered an error (it has a SQLSTATE) */
    bool stale;          /* a prepared statement is gone (26000, 0A000): prepare again */
    uint64_t commit_lsn; /* with p->commit_lsn: the WAL insert position after COMMIT, or 0 */
    PGresult *captured;  /* with p->capture and p->commit: the rows captured (the caller clears) */
} pipeline_outcome;

/* Whether the pipeline's BEGIN is followed by SET LOCAL synchronous_commit
 * = on: an action's own writes wait for the WAL flush whatever the session
 * default. */
static bool sets_synchronous_commit(const db_conn *db, const pipeline *p)
{
    return p->begin && !p->session_commit_mode &&
           (!db->cfg->bookkeeping_synchronous_commit || db->cfg->db_replica_remote_apply);
}

/* With db_replica_remote_apply the actions' writes wait until the
 * synchronous standbys have applied them (README, "Read replicas"). */
static const char *synchronous_commit_command(const db_conn *db)
{
    return db->cfg->db_replica_remote_apply ? "SET LOCAL synchronous_commit = remote_apply"
                                            : "SET LOCAL synchronous_commit = on";
}

uint64_t db_parse_lsn(const char *text)
{
    unsigned hi, lo;
    if (!text || sscanf(text, "%X/%X", &hi, &lo) != 2)
        return 0;
    return (uint64_t)hi << 32 | lo;
}

/* The commands that are not prepared statements, by position. */
static int begin_commands(const db_conn *db, const pipeline *p)
{
    if (!p->begin)
        return 0;
    return 1 + (sets_synchronous_commit(db, p) ? 1 : 0) + (p->lock_timeout ? 1 : 0) +
           (p->capture ? 1 : 0);
}

/* A live campus's dry run: the capture's switch, sent after BEGIN, and the
 * captured rows, read in place of COMMIT (migration 011). */
static const char CAPTURE_ON[] = "SELECT set_config('chamilo_fcgi.capture', 'on', true)";
static const char CAPTURE_READ[] =
    "SELECT tbl, op, old_row::text, new_row::text FROM live_write_capture"
    " WHERE xact = txid_current() ORDER BY seq";

static bool send_command(PGconn *pg, const char *sql)
{
    return PQsendQueryParams(pg, sql, 0, NULL, NULL, NULL, NULL, 0) == 1;
}

/* Sends the pipeline and reads every answer. results[i] gets statement
 * i's result on success (all NULL on failure). Returns true when every
 * command succeeded; on failure the first error is recorded. */
static bool pipeline_run(db_conn *db, const pipeline *p, PGresult **results, pipeline_outcome *out)
{
    *out = (pipeline_outcome){0};
    for (int i = 0; i < p->n; i++)
        results[i] = NULL;
    int leading = begin_commands(db, p);
    bool sent = PQenterPipelineMode(db->pg) == 1;
    if (sent && p->begin)
        sent = send_command(db->pg, "BEGIN") &&
               (!sets_synchronous_commit(db, p) ||
                send_command(db->pg, synchronous_commit_command(db))) &&
               (!p->lock_timeout ||
                PQsendQueryParams(db->pg, "SELECT set_config('lock_timeout', $1, true)", 1, NULL,
                                  &p->lock_timeout, NULL, NULL, 0) == 1) &&
               (!p->capture || send_command(db->pg, CAPTURE_ON));
    for (int i = 0; sent && i < p->n; i++)
        sent = PQsendQueryPrepared(db->pg, p->stmts[i]->name, p->stmts[i]->nparams, p->values[i],
                                   NULL, NULL, 0) == 1;
    if (sent && p->commit && p->capture)
        sent = send_command(db->pg, CAPTURE_READ) && send_command(db->pg, "ROLLBACK");
    else if (sent && p->commit && p->commit_without_flush)
        sent = send_command(db->pg, "SET LOCAL synchronous_commit = off");
    if (sent && p->commit && !p->capture)
        sent = send_command(db->pg, "COMMIT");
    if (sent && p->commit && p->commit_lsn)
        sent = send_command(db->pg, "SELECT pg_current_wal_insert_lsn()");
    sent = sent && PQpipelineSync(db->pg) == 1;
    if (!sent) {
        set_error(db, PQerrorMessage(db->pg), NULL);
        PQexitPipelineMode(db->pg);
        return false;
    }

    /* Each command's result, then NULL; after the last, the sync. After an
     * error the rest come back PGRES_PIPELINE_ABORTED. */
    /* With a capture, commit_at is the ROLLBACK and the captured rows come
     * just before it. */
    int trailing = p->commit ? (p->capture || p->commit_without_flush ? 2 : 1) : 0;
    int commit_at = leading + p->n + trailing - 1;
    int commands = commit_at + 1 + (p->commit && p->commit_lsn ? 1 : 0);
    bool ok = true;
    for (int k = 0; k < commands; k++) {
        PGresult *r = PQgetResult(db->pg);
        if (!r) {
            if (ok)
                set_error(db, PQerrorMessage(db->pg), NULL);
            ok = false;
            break; /* the connection is gone */
        }
        int stmt = k - leading; /* statement index, when 0 <= stmt < n */
        bool is_commit = p->commit && k == commit_at;
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
            if (is_commit && !p->capture && strcmp(PQcmdStatus(r), "COMMIT") != 0) {
                set_error(db, "COMMIT rolled the transaction back", NULL); /* "ROLLBACK" */
                ok = false;
            }
            out->committed = out->committed || (is_commit && ok && !p->capture);
            if (p->capture && p->commit && k == commit_at - 1 && st == PGRES_TUPLES_OK) {
                out->captured = r;
                r = NULL;
            }
            if (k > commit_at && st == PGRES_TUPLES_OK && PQntuples(r) == 1)
                out->commit_lsn = db_parse_lsn(PQgetvalue(r, 0, 0));
            if (stmt >= 0 && stmt < p->n) {
                results[stmt] = r;
                r = NULL;
            }
        } else if (k > commit_at) {
            /* After the COMMIT: the transaction stands whatever this says. */
        } else if (st != PGRES_PIPELINE_ABORTED) {
            const char *sqlstate = PQresultErrorField(r, PG_DIAG_SQLSTATE);
            out->error_response = out->error_response || sqlstate != NULL;
            if (ok) {
                set_server_error(db, r);
                if (stmt >= 0 && stmt < p->n &&
                    (strcmp(db->sqlstate, "26000") == 0 || strcmp(db->sqlstate, "0A000") == 0)) {
                    db->prepared_generation[p->stmts[stmt]->slot] = 0; /* prepare again */
                    out->stale = true;
                }
            }
            ok = false;
        }
        PQclear(r);
        PQclear(PQgetResult(db->pg)); /* NULL: the end of this command */
    }
    PGresult *sync = PQgetResult(db->pg);
    if (PQresultStatus(sync) != PGRES_PIPELINE_SYNC)
        ok = false;
    PQclear(sync);
    PQexitPipelineMode(db->pg);
    if (!ok) {
        for (int i = 0; i < p->n; i++) {
            PQclear(results[i]);
            results[i] = NULL;
        }
        PQclear(out->captured);
        out->captured = NULL;
    }
    return ok;
}

/* One attempt: prepare what needs it, run the pipeline. *retry tells the
 * caller whether a second attempt may succeed: the connection was lost, or
 * a statement went stale, outside a transaction (one the pipeline began
 * counts as outside: it is rolled back first), and no COMMIT was sent. */
static bool pipeline_once(db_conn *db, const pipeline *p, PGresult **results,
                          pipeline_outcome *out, bool *retry)
{
    *retry = false;
    *out = (pipeline_outcome){0};
    /* A deferred BEGIN means no transaction of ours is open on the server,
     * whatever libpq says of a connection that died (PQTRANS_UNKNOWN). */
    bool in_tx = !p->begin && PQtransactionStatus(db->pg) != PQTRANS_IDLE;
    for (int i = 0; i < p->n; i++) {
        results[i] = NULL;
        if (db->prepared_generation[p->stmts[i]->slot] != db->generation &&
            !prepare(db, p->stmts[i])) {
            if (PQstatus(db->pg) != CONNECTION_OK) {
                db->lost = true;
                *retry = !in_tx && !p->commit;
            }
            return false;
        }
    }
    if (pipeline_run(db, p, results, out)) {
        if (p->begin)
            db->begin_pending = false;
        return true;
    }
    if (PQstatus(db->pg) != CONNECTION_OK) {
        db->lost = true;
        *retry = !in_tx && !p->commit;
    } else if (out->stale && !in_tx && !p->commit) {
        /* The transaction this pipeline began is aborted: end it, so that
         * the retry begins afresh. */
        if (p->begin && PQtransactionStatus(db->pg) != PQTRANS_IDLE)
            PQclear(PQexec(db->pg, "ROLLBACK"));
        *retry = true;
    } else if (p->begin && PQtransactionStatus(db->pg) != PQTRANS_IDLE) {
        db->begin_pending = false; /* begun, and failed: the caller rolls back */
    }
    return false;
}

/* Runs the pipeline with the retry rules of exec_with_retry, timed for the
 * slow log (each statement with its share of the round trip). */
static bool pipeline_with_retry(db_conn *db, const pipeline *p, PGresult **results,
                                pipeline_outcome *out)
{
    *out = (pipeline_outcome){0};
    for (int i = 0; i < p->n; i++)
        results[i] = NULL;
    if (!db->pg && !reconnect(db, false))
        return false;
    for (int i = 0; i < p->n; i++)
        if (!ensure_slot(db, p->stmts[i]))
            return false;
    int64_t started = stmt_trace_now_us();
    bool retry;
    bool ok = pipeline_once(db, p, results, out, &retry);
    if (!ok && retry) {
        if (db->lost) {
            log_warn("PostgreSQL connection lost (%s); reconnecting once", db->error);
            if (!reconnect(db, true))
                return false;
        }
        ok = pipeline_once(db, p, results, out, &retry);
    }
    if (p->n > 0) {
        int64_t each = (stmt_trace_now_us() - started) / p->n;
        stmt_trace_round_trip();
        for (int i = 0; i < p->n; i++)
            stmt_trace_statement(p->stmts[i]->name, each, results[i] != NULL);
    }
    return ok;
}

/* Refuses value counts that do not match the declarations (db_misuse). */
static bool counts_match(db_conn *db, int n, db_stmt *const *stmts, const int *counts)
{
    db->misuse = false;
    for (int i = 0; i < n; i++) {
        if (counts[i] != stmts[i]->nparams) {
            char message[160];
            snprintf(message, sizeof message,
                     "statement %s called with %d values, declared with %d", stmts[i]->name,
                     counts[i], stmts[i]->nparams);
            set_error(db, message, NULL);
            db->misuse = true;
            return false;
        }
    }
    return true;
}

bool db_exec_pipeline(db_conn *db, int n, db_stmt *const *stmts,
                      const char *const *const *values, const int *counts, PGresult **results)
{
    for (int i = 0; i < n; i++)
        results[i] = NULL;
    if (!counts_match(db, n, stmts, counts))
        return false;
    pipeline p = {.begin = db->begin_pending, .n = n, .stmts = stmts, .values = values,
                  .capture = captures(db)};
    pipeline_outcome out;
    return pipeline_with_retry(db, &p, results, &out);
}

/* Timed for the slow log and the metrics (db/stmt_trace.h). */
PGresult *db_exec(db_conn *db, db_stmt *stmt, const char *const *values, int nvalues)
{
    db->misuse = false;
    if (nvalues != stmt->nparams) {
        char message[160];
        snprintf(message, sizeof message, "statement %s called with %d values, declared with %d",
                 stmt->name, nvalues, stmt->nparams);
        set_error(db, message, NULL);
        db->misuse = true;
        return NULL;
    }
    if (db->begin_pending) {
        /* The transaction's first statement: BEGIN goes with it. */
        PGresult *r;
        db_stmt *const stmts[] = {stmt};
        const char *const *const all_values[] = {values};
        pipeline p = {.begin = true, .n = 1, .stmts = stmts, .values = all_values,
                      .capture = captures(db)};
        pipeline_outcome out;
        return pipeline_with_retry(db, &p, &r, &out) ? r : NULL;
    }
    int64_t started = stmt_trace_now_us();
    PGresult *r = exec_with_retry(db, stmt, values);
    stmt_trace_round_trip();
    stmt_trace_statement(stmt->name, stmt_trace_now_us() - started, r != NULL);
    return r;
}

/* ---- a statement read row by row (libpq single-row mode) ---- */

/* Reads and discards what is left of a statement stopped by its reader:
 * asks the server to cancel it first, so that the rest of a large result
 * is not sent for nothing. The connection stays usable; when the cancel
 * cannot be sent, the results are read to their end all the same. */
static void discard_rest(db_conn *db)
{
    PGcancel *cancel = PQgetCancel(db->pg);
    if (cancel) {
        char why[256];
        (void)PQcancel(cancel, why, (int)sizeof why);
        PQfreeCancel(cancel);
    }
    PGresult *r;
    while ((r = PQgetResult(db->pg)))
        PQclear(r);
}

/* One attempt of db_exec_rows. *retry: nothing was handed to the sink and
 * a second attempt may succeed (as exec_once's). */
static bool rows_once(db_conn *db, db_stmt *stmt, const char *const *values, db_row_sink sink,
                      void *ctx, long long *rows, bool *retry)
{
    *retry = false;
    bool in_tx = PQtransactionStatus(db->pg) != PQTRANS_IDLE;
    if (db->prepared_generation[stmt->slot] != db->generation && !prepare(db, stmt)) {
        if (PQstatus(db->pg) != CONNECTION_OK) {
            db->lost = true;
            *retry = !in_tx;
        }
        return false;
    }
    if (!PQsendQueryPrepared(db->pg, stmt->name, stmt->nparams, values, NULL, NULL, 0) ||
        !PQsetSingleRowMode(db->pg)) {
        set_error(db, PQerrorMessage(db->pg), NULL);
        if (PQstatus(db->pg) != CONNECTION_OK) {
            db->lost = true;
            *retry = !in_tx;
        } else {
            discard_rest(db);
        }
        return false;
    }
    bool ok = true;
    PGresult *r;
    while ((r = PQgetResult(db->pg))) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE && ok) {
            if (!sink(ctx, r)) {
                PQclear(r);
                set_error(db, "the reader of the rows stopped", NULL);
                discard_rest(db);
                return false;
            }
            (*rows)++;
        } else if (st != PGRES_TUPLES_OK && st != PGRES_SINGLE_TUPLE && ok) {
            ok = false;
            set_server_error(db, r);
        }
        PQclear(r);
    }
    if (ok)
        return true;
    if (PQstatus(db->pg) != CONNECTION_OK) {
        db->lost = true;
        *retry = !in_tx && *rows == 0;
    } else if (!in_tx && *rows == 0 &&
               (strcmp(db->sqlstate, "26000") == 0 || strcmp(db->sqlstate, "0A000") == 0)) {
        db->prepared_generation[stmt->slot] = 0; /* prepare again */
        *retry = true;
    }
    return false;
}

bool db_exec_rows(db_conn *db, db_stmt *stmt, const char *const *values, int nvalues,
                  db_row_sink sink, void *ctx, long long *rows)
{
    db->misuse = false;
    *rows = 0;
    if (nvalues != stmt->nparams || db->begin_pending) {
        char message[160];
        snprintf(message, sizeof message,
                 "statement %s read row by row with %d values (declared with %d)%s", stmt->name,
                 nvalues, stmt->nparams, db->begin_pending ? " inside a transaction" : "");
        set_error(db, message, NULL);
        db->misuse = true;
        return false;
    }
    int64_t started = stmt_trace_now_us();
    bool ok = false, retry = false;
    if ((db->pg || reconnect(db, false)) && ensure_slot(db, stmt)) {
        ok = rows_once(db, stmt, values, sink, ctx, rows, &retry);
        if (!ok && retry) {
            if (db->lost)
                log_warn("PostgreSQL connection lost (%s); reconnecting once", db->error);
            if (!db->lost || reconnect(db, true))
                ok = rows_once(db, stmt, values, sink, ctx, rows, &retry);
        }
    }
    stmt_trace_round_trip();
    stmt_trace_statement(stmt->name, stmt_trace_now_us() - started, ok);
    return ok;
}

/* A live campus's commit: the captured rows of a transaction already
 * rolled back here, handed to the capture sink, whose outcome is the
 * commit's (db_capture_outcome). Clears out->captured. */
static bool hand_captured(db_conn *db, pipeline_outcome *out, bool wait_applied)
{
    char why[512] = "";
    db_capture_outcome outcome = DB_CAPTURE_FAILED;
    if (out->captured)
        outcome = db->capture.apply(db->capture.ctx, db, out->captured, wait_applied, why,
                                    sizeof why);
    else
        snprintf(why, sizeof why, "the captured rows were not read");
    PQclear(out->captured);
    out->captured = NULL;
    db->capture_conflict = outcome == DB_CAPTURE_CONFLICT;
    db->capture_unreachable = outcome == DB_CAPTURE_UNREACHABLE;
    db->commit_not_done = outcome != DB_CAPTURE_APPLIED && outcome != DB_CAPTURE_UNKNOWN;
    switch (outcome) {
    case DB_CAPTURE_APPLIED:
        if (wait_applied && db->commit_sink) {
            /* The follower has applied the write here: standbys serve the
             * caller's next read once they have replayed this far. */
            PGresult *r = PQexec(db->pg, "SELECT pg_current_wal_insert_lsn()");
            if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
                db->commit_sink(db->commit_sink_ctx, db_parse_lsn(PQgetvalue(r, 0, 0)));
            PQclear(r);
        }
        return true;
    case DB_CAPTURE_CONFLICT:
        set_error(db, why, "40001"); /* db_contention: the same work may succeed again */
        return false;
    case DB_CAPTURE_FAILED:
    case DB_CAPTURE_UNREACHABLE:
    case DB_CAPTURE_UNKNOWN:
        break;
    }
    set_error(db, why, NULL);
    return false;
}

bool db_exec_bounded(db_conn *db, int n, db_stmt *const *stmts,
                     const char *const *const *values, const int *counts, PGresult **results,
                     int lock_timeout_ms)
{
    for (int i = 0; i < n; i++)
        results[i] = NULL;
    if (!counts_match(db, n, stmts, counts))
        return false;
    if (db_in_transaction(db)) {
        set_error(db, "db_exec_bounded inside a transaction", NULL);
        db->misuse = true;
        return false;
    }
    capture_catch_up(db);
    char timeout[24];
    snprintf(timeout, sizeof timeout, "%dms", lock_timeout_ms);
    pipeline p = {.begin = true, .session_commit_mode = true, .lock_timeout = timeout, .n = n,
                  .stmts = stmts, .values = values, .commit = true,
                  .capture = captures(db)};
    pipeline_outcome out;
    bool ok = pipeline_with_retry(db, &p, results, &out);
    ok = p.capture ? ok && hand_captured(db, &out, false) : ok && out.committed;
    if (db->pg && PQstatus(db->pg) != CONNECTION_OK)
        db->lost = true;
    if (!ok) {
        for (int i = 0; i < n; i++) {
            PQclear(results[i]);
            results[i] = NULL;
        }
        db_rollback(db); /* a statement failed: its transaction is aborted */
    }
    return ok;
}

bool db_begin(db_conn *db)
{
    if (!db->pg && !reconnect(db, false))
        return false;
    /* Deferred: BEGIN goes with the transaction's first statement, in one
     * round trip (pipeline_run). The action's writes always wait for the
     * flush, whatever the session default (SET LOCAL synchronous_commit =
     * on with it). A connection cut while idle (PostgreSQL restart,
     * idle_session_timeout, a load balancer) is noticed by that round trip:
     * no transaction was open, so it reconnects and starts over once. */
    if (PQstatus(db->pg) != CONNECTION_OK) {
        /* Known dead (the last call lost it): nothing is open, start over. */
        log_warn("PostgreSQL connection lost before BEGIN (%s); reconnecting once", db->error);
        if (!reconnect(db, true))
            return false;
    }
    capture_catch_up(db);
    db->begin_pending = true;
    db->commit_without_flush = false;
    db->capture_conflict = false;
    db->capture_unreachable = false;
    return true;
}

/* db_commit_with's pipeline: the last statements, COMMIT, one round trip.
 * The answers are read one by one (not PQexec, which would report only the
 * last one): when PostgreSQL stops (a fast shutdown), a backend finishes
 * its COMMIT, sends its CommandComplete and only then its FATAL
 * "terminating connection"; an error response without CommandComplete
 * means it stopped before committing, and so does a FATAL that came while
 * the connection was idle, before the COMMIT (on_server_notice).
 * db->commit_not_done tells the caller that the transaction is certainly
 * not committed, so the work may run again; a connection that just ends
 * leaves the outcome unknown. */
bool db_commit_with(db_conn *db, int n, db_stmt *const *stmts, const char *const *const *values,
                    const int *counts)
{
    db->commit_not_done = false;
    bool without_flush = db->commit_without_flush;
    db->commit_without_flush = false;
    if (!counts_match(db, n, stmts, counts))
        return false;
    if (db->begin_pending && n == 0) {
        db->begin_pending = false; /* nothing was sent: nothing to commit */
        return true;
    }
    /* No connection here means the transaction's own was lost: never
     * send its tail on a new one. */
    if (!db->pg)
        return false;
    if (n > DB_COMMIT_MAX_STATEMENTS) {
        set_error(db, "too many statements for one COMMIT", NULL);
        db->misuse = true;
        return false;
    }
    pipeline p = {.begin = db->begin_pending, .n = n, .stmts = stmts, .values = values,
                  .commit = true, .commit_without_flush = without_flush,
                  .commit_lsn = db->commit_sink != NULL && !captures(db),
                  .capture = captures(db)};
    PGresult *results[DB_COMMIT_MAX_STATEMENTS];
    pipeline_outcome out;
    /* A pipeline with a COMMIT is never retried (pipeline_once). */
    bool ok = pipeline_with_retry(db, &p, results, &out);
    for (int i = 0; i < n; i++)
        PQclear(results[i]);
    if (PQstatus(db->pg) != CONNECTION_OK)
        db->lost = true;
    if (p.capture) {
        /* Rolled back here whatever happens: MariaDB's outcome is the commit's. */
        if (!ok) {
            db->commit_not_done = true;
            return false;
        }
        return hand_captured(db, &out, true);
    }
    db->commit_not_done =
        !out.committed && db->lost && (out.error_response || db->server_fatal);
    if (out.committed && out.commit_lsn && db->commit_sink)
        db->commit_sink(db->commit_sink_ctx, out.commit_lsn);
    return ok && out.committed;
}

bool db_commit(db_conn *db)
{
    return db_commit_with(db, 0, NULL, NULL, NULL);
}

bool db_commit_not_done(const db_conn *db)
{
    return db->commit_not_done;
}

void db_rollback(db_conn *db)
{
    db->begin_pending = false;
    db->commit_without_flush = false;
    if (db->pg && PQtransactionStatus(db->pg) != PQTRANS_IDLE) {
        PGresult *r = PQexec(db->pg, "ROLLBACK");
        PQclear(r);
    }
}

bool db_commit_without_flush(db_conn *db)
{
    db->commit_without_flush = true;
    return true;
}

bool db_in_transaction(const db_conn *db)
{
    return db->begin_pending || (db->pg && PQtransactionStatus(db->pg) != PQTRANS_IDLE);
}

const char *db_error(const db_conn *db)
{
    return db->error;
}

const char *db_sqlstate(const db_conn *db)
{
    return db->sqlstate;
}

const char *db_constraint(const db_conn *db)
{
    return db->constraint;
}

bool db_contention(const db_conn *db)
{
    static const char *const states[] = {"55P03", "57014", "40P01", "40001"};
    for (size_t i = 0; i < sizeof states / sizeof *states; i++)
        if (strcmp(db->sqlstate, states[i]) == 0)
            return true;
    return false;
}

bool db_connection_lost(const db_conn *db)
{
    return db->lost || db->capture_unreachable;
}

bool db_misuse(const db_conn *db)
{
    return db->misuse;
}

/* The linker defines these for the section named by DB_STATEMENT. */
extern db_stmt *const __start_chamilo_db_stmts[] __attribute__((weak));
extern db_stmt *const __stop_chamilo_db_stmts[] __attribute__((weak));

db_stmt *const *db_statements(size_t *count)
{
    *count = __start_chamilo_db_stmts
                 ? (size_t)(__stop_chamilo_db_stmts - __start_chamilo_db_stmts)
                 : 0;
    return __start_chamilo_db_stmts;
}

int db_check_statements(db_conn *db, FILE *out)
{
    if (!db_ready(db))
        return -1;
    size_t count;
    db_stmt *const *all = db_statements(&count);
    int problems = 0;
    for (size_t i = 0; i < count; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(all[i]->name, all[j]->name) == 0) {
                fprintf(out, "%s: the name is used twice\n", all[i]->name);
                problems++;
            }
        }
        if (!ensure_slot(db, all[i]) || !prepare(db, all[i])) {
            fprintf(out, "%s: %s\n", all[i]->name, db->error);
            problems++;
            continue;
        }
        PGresult *r = PQdescribePrepared(db->pg, all[i]->name);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            fprintf(out, "%s: %s\n", all[i]->name, PQresultErrorMessage(r));
            problems++;
        } else if (PQnparams(r) != all[i]->nparams) {
            fprintf(out, "%s: declared with %d parameters, PostgreSQL counts %d\n",
                    all[i]->name, all[i]->nparams, PQnparams(r));
            problems++;
        }
        PQclear(r);
    }
    return problems;
}

int db_explain_statements(db_conn *db, db_plan_sink sink, void *ctx, FILE *problems_out)
{
    if (!db_ready(db))
        return -1;
    size_t count;
    db_stmt *const *all = db_statements(&count);
    int problems = 0;
    for (size_t i = 0; i < count; i++) {
        db_stmt *stmt = all[i];
        if (!ensure_slot(db, stmt) || !prepare(db, stmt)) {
            fprintf(problems_out, "%s: %s\n", stmt->name, db->error);
            problems++;
            continue;
        }
        /* EXECUTE name(NULL, ...): with plan_cache_mode pinned to
         * force_generic_plan the plan shown is the generic one, the plan the
         * pool runs whatever the values; EXPLAIN without ANALYZE runs
         * nothing, writes included. */
        char *ident = PQescapeIdentifier(db->pg, stmt->name, strlen(stmt->name));
        size_t len = (ident ? strlen(ident) : 0) + 64 + 6 * (size_t)stmt->nparams;
        char *sql = ident ? malloc(len) : NULL;
        if (!sql) {
            PQfreemem(ident);
            fprintf(problems_out, "%s: out of memory\n", stmt->name);
            problems++;
            continue;
        }
        int at = snprintf(sql, len, "EXPLAIN (FORMAT JSON) EXECUTE %s", ident);
        for (int p = 0; p < stmt->nparams; p++)
            at += snprintf(sql + at, len - (size_t)at, "%sNULL", p == 0 ? "(" : ", ");
        if (stmt->nparams > 0)
            snprintf(sql + at, len - (size_t)at, ")");
        PQfreemem(ident);
        PGresult *r = PQexec(db->pg, sql);
        free(sql);
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
            fprintf(problems_out, "%s: %s\n", stmt->name, PQresultErrorMessage(r));
            problems++;
        } else {
            sink(ctx, stmt->name, PQgetvalue(r, 0, 0));
        }
        PQclear(r);
    }
    return problems;
}
