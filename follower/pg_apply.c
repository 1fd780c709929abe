/* pg_apply.c - the PostgreSQL side of the follower: our tables from the
 * catalog, one prepared INSERT/UPDATE/DELETE per table by primary key, and
 * each MariaDB transaction applied with its GTID position in one
 * PostgreSQL transaction. Statement texts are built once per table from
 * catalog names quoted by libpq; values are always parameters. */
#include "follow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ours, not Chamilo's: never followed. */
static const char *const OWN_TABLES[] = {"schema_version", "live_follow_state",
                                          "live_write_capture"};

static void *xmalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        follow_log("out of memory");
        exit(EXIT_START);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        follow_log("out of memory");
        exit(EXIT_START);
    }
    return p;
}

static void table_free(pg_table *t)
{
    for (int i = 0; i < t->ncols; i++)
        free(t->cols[i]);
    free(t->cols);
    free(t->not_null);
    free(t->is_date);
    free(t->types);
    free(t->pk);
    free(t->map);
    free(t->used);
    free(t->name);
    free(t);
}

void pg_disconnect(pg_side *pg)
{
    while (pg->tables) {
        pg_table *next = pg->tables->next;
        table_free(pg->tables);
        pg->tables = next;
    }
    if (pg->conn)
        PQfinish(pg->conn);
    pg->conn = NULL;
}

static int command_ok(PGresult *r)
{
    ExecStatusType s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

static int exec_simple(pg_side *pg, const char *sql)
{
    PGresult *r = PQexec(pg->conn, sql);
    int ok = command_ok(r);
    if (!ok)
        follow_log("PostgreSQL: %s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    return ok ? 0 : -1;
}

/* Our tables with their columns, not-null flags, date columns and primary
 * keys (in key order). */
static const char CATALOG_SQL[] =
    "SELECT c.relname, a.attname, a.attnotnull,"
    "       t.typname IN ('date', 'timestamp', 'timestamptz'),"
    "       coalesce(array_position(i.indkey::int2[], a.attnum)"
    "                - array_lower(i.indkey::int2[], 1) + 1, 0), a.atttypid, a.attidentity <> ''"
    "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
    "  JOIN pg_type t ON t.oid = a.atttypid"
    "  LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary"
    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
    " ORDER BY c.relname, a.attnum";

static int load_catalog(pg_side *pg)
{
    PGresult *r = PQexec(pg->conn, CATALOG_SQL);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        follow_log("PostgreSQL: reading the catalog: %s", PQresultErrorMessage(r));
        PQclear(r);
        return -1;
    }
    int n = PQntuples(r);
    for (int row = 0; row < n;) {
        const char *name = PQgetvalue(r, row, 0);
        int end = row;
        while (end < n && strcmp(PQgetvalue(r, end, 0), name) == 0)
            end++;
        int own = 0;
        for (size_t k = 0; k < sizeof OWN_TABLES / sizeof *OWN_TABLES; k++)
            own |= strcmp(name, OWN_TABLES[k]) == 0;
        if (!own) {
            pg_table *t = xmalloc(sizeof *t);
            t->name = xstrdup(name);
            t->ncols = end - row;
            t->cols = xmalloc(sizeof *t->cols * (size_t)t->ncols);
            t->not_null = xmalloc(sizeof *t->not_null * (size_t)t->ncols);
            t->is_date = xmalloc(sizeof *t->is_date * (size_t)t->ncols);
            t->types = xmalloc(sizeof *t->types * (size_t)t->ncols);
            t->pk = xmalloc(sizeof *t->pk * (size_t)t->ncols);
            t->used = xmalloc(sizeof *t->used * (size_t)t->ncols);
            t->identity = -1;
            t->txn_max_id = 0;
            for (int i = 0; i < t->ncols; i++) {
                if (PQgetvalue(r, row + i, 6)[0] == 't')
                    t->identity = i;
                t->cols[i] = xstrdup(PQgetvalue(r, row + i, 1));
                t->not_null[i] = PQgetvalue(r, row + i, 2)[0] == 't';
                t->is_date[i] = PQgetvalue(r, row + i, 3)[0] == 't';
                t->types[i] = (Oid)strtoul(PQgetvalue(r, row + i, 5), NULL, 10);
                int keypos = atoi(PQgetvalue(r, row + i, 4));
                if (keypos > 0 && keypos <= t->ncols) {
                    t->pk[keypos - 1] = i;
                    if (keypos > t->npk)
                        t->npk = keypos;
                }
            }
            if (t->npk == 0) {
                follow_log("table %s has no primary key: it is not followed", t->name);
                table_free(t);
            } else {
                t->next = pg->tables;
                pg->tables = t;
            }
        }
        row = end;
    }
    PQclear(r);
    return 0;
}

int pg_connect(pg_side *pg, const char *conninfo)
{
    const char *keys[] = {"dbname", "application_name", NULL};
    const char *vals[] = {conninfo, "chamilo-fcgi-follow", NULL};
    pg->tables = NULL;
    pg->conn = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(pg->conn) != CONNECTION_OK) {
        follow_log("PostgreSQL: %s", PQerrorMessage(pg->conn));
        pg_disconnect(pg);
        return -1;
    }
    /* Dates are sent as ISO text; our timestamps carry no time zone. No
     * commit waits for the WAL flush: a transaction PostgreSQL loses in a
     * crash loses its position with it, and is read from the binlog again. */
    if (exec_simple(pg, "SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC';"
                        " SET client_encoding = 'UTF8'; SET synchronous_commit = off") != 0 ||
        load_catalog(pg) != 0) {
        pg_disconnect(pg);
        return -1;
    }
    return 0;
}

pg_table *pg_find_table(pg_side *pg, const char *name, size_t len)
{
    for (pg_table *t = pg->tables; t; t = t->next)
        if (strlen(t->name) == len && memcmp(t->name, name, len) == 0)
            return t;
    return NULL;
}

int pg_read_position(pg_side *pg, char **gtid)
{
    PGresult *r = PQexec(pg->conn, "SELECT gtid_pos FROM live_follow_state");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        follow_log("PostgreSQL: reading live_follow_state: %s(run chamilo-fcgi --migrate)",
                   PQresultErrorMessage(r));
        PQclear(r);
        return -1;
    }
    int found = PQntuples(r) == 1;
    if (found)
        *gtid = xstrdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return found;
}

int pg_init_position(pg_side *pg, const char *gtid, int replace)
{
    const char *sql = replace
        ? "INSERT INTO live_follow_state (gtid_pos) VALUES ($1) ON CONFLICT (singleton) DO UPDATE"
          " SET gtid_pos = excluded.gtid_pos, source_commit_at = NULL, applied_at = now(),"
          " caught_up_at = NULL"
        : "INSERT INTO live_follow_state (gtid_pos) VALUES ($1)";
    const char *params[] = {gtid};
    PGresult *r = PQexecParams(pg->conn, sql, 1, NULL, params, NULL, NULL, 0);
    int ok = command_ok(r);
    if (!ok)
        follow_log("PostgreSQL: recording the position: %s%s", PQresultErrorMessage(r),
                   replace ? "" : "(a position is already recorded: --reset replaces it)");
    PQclear(r);
    return ok ? 0 : -1;
}

/* ---- statements */

static char *quoted(PGconn *conn, const char *ident)
{
    char *q = PQescapeIdentifier(conn, ident, strlen(ident));
    if (!q) {
        follow_log("PostgreSQL: %s", PQerrorMessage(conn));
        exit(EXIT_START);
    }
    return q;
}

typedef struct {
    char *buf;
    size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->buf = realloc(b->buf, b->cap);
        if (!b->buf) {
            follow_log("out of memory");
            exit(EXIT_START);
        }
    }
    memcpy(b->buf + b->len, s, n + 1);
    b->len += n;
}

static void sb_ident(sbuf *b, PGconn *conn, const char *ident)
{
    char *q = quoted(conn, ident);
    sb_add(b, q);
    PQfreemem(q);
}

static void sb_param(sbuf *b, int n)
{
    char p[16];
    snprintf(p, sizeof p, "$%d", n);
    sb_add(b, p);
}

static int prepare(pg_side *pg, const char *name, const char *sql, int nparams, const Oid *types)
{
    PGresult *r = PQprepare(pg->conn, name, sql, nparams, types);
    int ok = command_ok(r);
    if (!ok)
        follow_log("PostgreSQL: preparing %s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    return ok ? 0 : -1;
}

/* The three statements of a table, by primary key, every parameter typed
 * as its column. The update is one statement that inserts the row when it
 * is not there (a row the import or an earlier event left out comes back
 * once it is valid), so that a transaction's statements can be pipelined:
 *   WITH changed AS (UPDATE t SET c1 = $1, ... WHERE k1 = $n+1 ... RETURNING 1)
 *   INSERT INTO t (c1, ...) SELECT $1, ... WHERE NOT EXISTS (SELECT FROM changed) */
static int prepare_table(pg_side *pg, pg_table *t)
{
    static unsigned serial;
    unsigned id = ++serial;
    snprintf(t->stmt_insert, sizeof t->stmt_insert, "follow_ins_%u", id);
    snprintf(t->stmt_update, sizeof t->stmt_update, "follow_upd_%u", id);
    snprintf(t->stmt_delete, sizeof t->stmt_delete, "follow_del_%u", id);
    sbuf cols = {0}, vals = {0}, set = {0}, where = {0}, delw = {0}, ins = {0}, upd = {0}, del = {0};
    Oid *types = xmalloc(sizeof *types * (size_t)(t->ncols + t->npk));
    Oid *keytypes = xmalloc(sizeof *keytypes * (size_t)t->npk);
    int n = 0;
    for (int i = 0; i < t->ncols; i++) {
        if (!t->used[i])
            continue;
        if (n) {
            sb_add(&cols, ", ");
            sb_add(&vals, ", ");
            sb_add(&set, ", ");
        }
        types[n++] = t->types[i];
        sb_ident(&cols, pg->conn, t->cols[i]);
        sb_param(&vals, n);
        sb_ident(&set, pg->conn, t->cols[i]);
        sb_add(&set, " = ");
        sb_param(&set, n);
    }
    for (int k = 0; k < t->npk; k++) {
        const char *col = t->cols[t->pk[k]];
        sb_add(&where, k ? " AND " : " WHERE ");
        sb_add(&delw, k ? " AND " : " WHERE ");
        sb_ident(&where, pg->conn, col);
        sb_add(&where, " = ");
        sb_param(&where, n + k + 1);
        sb_ident(&delw, pg->conn, col);
        sb_add(&delw, " = ");
        sb_param(&delw, k + 1);
        types[n + k] = keytypes[k] = t->types[t->pk[k]];
    }
    sb_add(&ins, "INSERT INTO ");
    sb_ident(&ins, pg->conn, t->name);
    sb_add(&ins, " (");
    sb_add(&ins, cols.buf);
    sb_add(&ins, ") VALUES (");
    sb_add(&ins, vals.buf);
    sb_add(&ins, ")");
    sb_add(&upd, "WITH changed AS (UPDATE ");
    sb_ident(&upd, pg->conn, t->name);
    sb_add(&upd, " SET ");
    sb_add(&upd, set.buf);
    sb_add(&upd, where.buf);
    sb_add(&upd, " RETURNING 1) INSERT INTO ");
    sb_ident(&upd, pg->conn, t->name);
    sb_add(&upd, " (");
    sb_add(&upd, cols.buf);
    sb_add(&upd, ") SELECT ");
    sb_add(&upd, vals.buf);
    sb_add(&upd, " WHERE NOT EXISTS (SELECT FROM changed)");
    sb_add(&del, "DELETE FROM ");
    sb_ident(&del, pg->conn, t->name);
    sb_add(&del, delw.buf);
    int rc = prepare(pg, t->stmt_insert, ins.buf, n, types) == 0 &&
             prepare(pg, t->stmt_update, upd.buf, n + t->npk, types) == 0 &&
             prepare(pg, t->stmt_delete, del.buf, t->npk, keytypes) == 0 ? 0 : -1;
    sbuf *all[] = {&cols, &vals, &set, &where, &delw, &ins, &upd, &del};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        free(all[i]->buf);
    free(types);
    free(keytypes);
    if (rc == 0)
        t->prepared = 1;
    return rc;
}

/* ---- applying */

typedef enum { RUN_OK, RUN_REFUSED, RUN_FAILED, RUN_STOP } run_result;

/* What an error means: the row refused (data or constraint: rejected as the
 * import rejects it), the connection or server (retried later), or anything
 * else (our schema changed under us: stop). */
static run_result classify(PGresult *r, char *why, size_t whylen)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    snprintf(why, whylen, "%s", PQresultErrorMessage(r));
    size_t l = strlen(why);
    while (l && (why[l - 1] == '\n' || why[l - 1] == ' '))
        why[--l] = '\0';
    if (!state)
        return RUN_FAILED;
    if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0)
        return RUN_REFUSED;
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57", 2) == 0 ||
        strncmp(state, "40", 2) == 0 || strncmp(state, "53", 2) == 0)
        return RUN_FAILED;
    return RUN_STOP;
}

static run_result run_prepared(pg_side *pg, const char *stmt, int n, const char *const *vals,
                               char *why, size_t whylen)
{
    PGresult *r = PQexecPrepared(pg->conn, stmt, n, vals, NULL, NULL, 0);
    run_result rc = RUN_OK;
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = PQstatus(pg->conn) != CONNECTION_OK ? RUN_FAILED : classify(r, why, whylen);
    PQclear(r);
    return rc;
}

static void key_text(const row_op *op, char *out, size_t n)
{
    size_t o = 0;
    out[0] = '\0';
    for (int k = 0; k < op->table->npk && o < n; k++) {
        int c = op->table->pk[k];
        const char *const *src = op->key ? (const char *const *)op->key : (const char *const *)op->vals;
        o += (size_t)snprintf(out + o, n - o, "%s%s=%s", k ? ", " : "", op->table->cols[c],
                              src[c] ? src[c] : "NULL");
    }
}

/* The statement of a row change and its values (params holds at least
 * ncols + npk entries); prepares the table's statements on first use. */
static run_result op_statement(pg_side *pg, const row_op *op, const char **params, int *nparams,
                               const char **stmt)
{
    pg_table *t = op->table;
    if (!t->prepared && prepare_table(pg, t) != 0)
        return PQstatus(pg->conn) != CONNECTION_OK ? RUN_FAILED : RUN_STOP;
    int n = 0;
    if (op->kind != OP_DELETE)
        for (int i = 0; i < t->ncols; i++)
            if (t->used[i])
                params[n++] = op->vals[i];
    if (op->kind != OP_INSERT)
        for (int k = 0; k < t->npk; k++)
            params[n++] = op->key[t->pk[k]];
    *nparams = n;
    *stmt = op->kind == OP_INSERT ? t->stmt_insert : op->kind == OP_UPDATE ? t->stmt_update
          : t->stmt_delete;
    return RUN_OK;
}

static const char **params_for(const pg_table *t)
{
    const char **params = malloc(sizeof *params * (size_t)(t->ncols + t->npk));
    if (!params) {
        follow_log("out of memory");
        exit(EXIT_START);
    }
    return params;
}

static run_result run_op(pg_side *pg, const row_op *op, char *why, size_t whylen)
{
    const char **params = params_for(op->table), *stmt;
    int n;
    run_result rc = op_statement(pg, op, params, &n, &stmt);
    if (rc == RUN_OK)
        rc = run_prepared(pg, stmt, n, params, why, whylen);
    free(params);
    return rc;
}

static const char POSITION_GONE[] = "live_follow_state has no position row any more";

static const char RECORD_SQL[] =
    "UPDATE live_follow_state SET gtid_pos = $1, applied_at = now(),"
    " source_commit_at = CASE WHEN $2::bigint > 0 THEN to_timestamp($2::bigint) END,"
    " rejected_rows = rejected_rows + $3::bigint";

typedef struct {
    char ts[32], rejected[16];
    const char *params[3];
} record_values;

static void record_fill(record_values *v, const char *gtid_pos, long long source_commit_at,
                        unsigned rejected)
{
    snprintf(v->ts, sizeof v->ts, "%lld", source_commit_at);
    snprintf(v->rejected, sizeof v->rejected, "%u", rejected);
    v->params[0] = gtid_pos;
    v->params[1] = v->ts;
    v->params[2] = v->rejected;
}

static run_result record(pg_side *pg, const char *gtid_pos, long long source_commit_at,
                         unsigned rejected, char *why, size_t whylen)
{
    record_values v;
    record_fill(&v, gtid_pos, source_commit_at, rejected);
    const char *const *params = v.params;
    PGresult *r = PQexecParams(pg->conn, RECORD_SQL, 3, NULL, params, NULL, NULL, 0);
    run_result rc = RUN_OK;
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        rc = PQstatus(pg->conn) != CONNECTION_OK ? RUN_FAILED : classify(r, why, whylen);
    else if (strcmp(PQcmdTuples(r), "1") != 0) {
        snprintf(why, whylen, "%s", POSITION_GONE);
        rc = RUN_STOP;
    }
    PQclear(r);
    return rc;
}

int pg_record(pg_side *pg, const char *gtid_pos, long long source_commit_at)
{
    char why[512];
    if (!gtid_pos)
        return exec_simple(pg, "UPDATE live_follow_state SET caught_up_at = now()");
    run_result rc = record(pg, gtid_pos, source_commit_at, 0, why, sizeof why);
    if (rc != RUN_OK)
        follow_log("PostgreSQL: recording position %s: %s", gtid_pos, why);
    return rc == RUN_OK ? 0 : rc == RUN_STOP ? -2 : -1;
}

/* The fast path: the whole transaction in one pipeline (BEGIN, the rows,
 * the position, COMMIT: one round trip), its results read back every
 * PIPELINE_CHUNK statements so that neither side's buffers fill up.
 * RUN_REFUSED: a row was refused and nothing was applied (the careful path
 * follows). RUN_FAILED leaves the connection unusable: the caller
 * reconnects. */
enum { PIPELINE_CHUNK = 256 };

/* Reads the results of count pipelined statements; seq numbers them across
 * calls, record_seq is the position's update. Keeps the first failure. */
/* The sequences of the tables a transaction inserted into are moved to
 * the largest id it inserted, never back: the pool's writes (which take
 * their new ids from our sequences, lib/db/live_mariadb.h) then never take
 * the id of a row applied here, and the sequences are right if the campus
 * leaves live mode. One statement per such table, in the transaction. */
static const char SEQUENCE_SQL[] =
    "SELECT setval(s::regclass, $3::bigint)"
    "  FROM pg_get_serial_sequence(quote_ident($1::text), $2::text) AS s"
    " WHERE $3::bigint > coalesce(pg_sequence_last_value(s::regclass), 0)";

/* Sets each touched table's txn_max_id; returns how many tables have one. */
static int new_ids(txn_buf *txn)
{
    for (row_op *op = txn->first; op; op = op->next)
        op->table->txn_max_id = 0;
    int tables = 0;
    for (row_op *op = txn->first; op; op = op->next) {
        pg_table *t = op->table;
        if (op->reject || op->kind != OP_INSERT || t->identity < 0 || !op->vals[t->identity])
            continue;
        long long id = strtoll(op->vals[t->identity], NULL, 10);
        if (id > t->txn_max_id) {
            tables += t->txn_max_id == 0;
            t->txn_max_id = id;
        }
    }
    return tables;
}

/* The next table new_ids() marked, from *op on: its SEQUENCE_SQL values
 * (id is the caller's buffer) and the mark cleared; false when none is left. */
static int next_sequence_move(row_op **op, const char *params[3], char id[24])
{
    for (; *op; *op = (*op)->next) {
        pg_table *t = (*op)->table;
        if (t->txn_max_id == 0)
            continue;
        snprintf(id, 24, "%lld", t->txn_max_id);
        t->txn_max_id = 0; /* once per table */
        params[0] = t->name;
        params[1] = t->cols[t->identity];
        params[2] = id;
        return 1;
    }
    return 0;
}

/* Sends SEQUENCE_SQL into the open pipeline for each marked table; *count
 * gets how many. False when sending failed. */
static int send_sequence_moves(pg_side *pg, txn_buf *txn, int *count)
{
    const char *params[3];
    char id[24];
    *count = 0;
    for (row_op *op = txn->first; next_sequence_move(&op, params, id); (*count)++)
        if (PQsendQueryParams(pg->conn, SEQUENCE_SQL, 3, NULL, params, NULL, NULL, 0) != 1)
            return 0;
    return 1;
}

/* Runs SEQUENCE_SQL for each marked table, in the open transaction. */
static run_result run_sequence_moves(pg_side *pg, txn_buf *txn, char *why, size_t whylen)
{
    const char *params[3];
    char id[24];
    for (row_op *op = txn->first; next_sequence_move(&op, params, id);) {
        PGresult *r = PQexecParams(pg->conn, SEQUENCE_SQL, 3, NULL, params, NULL, NULL, 0);
        run_result rc = PQresultStatus(r) == PGRES_TUPLES_OK ? RUN_OK
                        : PQstatus(pg->conn) != CONNECTION_OK ? RUN_FAILED
                                                              : classify(r, why, whylen);
        PQclear(r);
        if (rc != RUN_OK)
            return rc;
    }
    return RUN_OK;
}

static run_result read_results(pg_side *pg, int count, int *seq, int record_seq, run_result rc,
                               char *why, size_t whylen)
{
    for (int i = 0; i < count; i++, (*seq)++) {
        PGresult *r = PQgetResult(pg->conn);
        if (!r)
            return RUN_FAILED;
        ExecStatusType st = PQresultStatus(r);
        if (rc == RUN_OK) {
            if (st == PGRES_FATAL_ERROR)
                rc = PQstatus(pg->conn) != CONNECTION_OK ? RUN_FAILED : classify(r, why, whylen);
            else if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
                     st != PGRES_PIPELINE_ABORTED) {
                snprintf(why, whylen, "unexpected %s", PQresStatus(st));
                rc = RUN_FAILED;
            } else if (st == PGRES_COMMAND_OK && *seq == record_seq &&
                       strcmp(PQcmdTuples(r), "1") != 0) {
                snprintf(why, whylen, "%s", POSITION_GONE);
                rc = RUN_STOP;
            }
        }
        PQclear(r);
        r = PQgetResult(pg->conn);   /* the NULL that ends this statement's results */
        if (r) {
            PQclear(r);
            return RUN_FAILED;
        }
    }
    return rc;
}

static run_result pipelined(pg_side *pg, txn_buf *txn, const char *gtid_pos,
                            long long source_commit_at, char *why, size_t whylen)
{
    unsigned rejected = 0;
    for (row_op *op = txn->first; op; op = op->next) {   /* prepared outside the pipeline */
        if (op->reject)
            rejected++;
        else if (!op->table->prepared && prepare_table(pg, op->table) != 0)
            return PQstatus(pg->conn) != CONNECTION_OK ? RUN_FAILED : RUN_STOP;
    }
    if (PQenterPipelineMode(pg->conn) != 1)
        return RUN_FAILED;
    run_result rc = RUN_OK;
    int seq = 0, pending = 1, record_seq = -1;
    int sent = PQsendQueryParams(pg->conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0);
    for (row_op *op = txn->first; op && sent && rc == RUN_OK; op = op->next) {
        if (op->reject)
            continue;
        const char **params = params_for(op->table), *stmt;
        int n;
        op_statement(pg, op, params, &n, &stmt);
        sent = PQsendQueryPrepared(pg->conn, stmt, n, params, NULL, NULL, 0);
        free(params);
        if (sent && ++pending >= PIPELINE_CHUNK) {
            sent = PQsendFlushRequest(pg->conn) == 1 && PQflush(pg->conn) == 0;
            if (sent) {
                rc = read_results(pg, pending, &seq, record_seq, rc, why, whylen);
                pending = 0;
            }
        }
    }
    if (sent && rc == RUN_OK && new_ids(txn) > 0) {
        int moved;
        sent = send_sequence_moves(pg, txn, &moved);
        pending += moved;
    }
    if (sent && rc == RUN_OK) {
        record_values v;
        record_fill(&v, gtid_pos, source_commit_at, rejected);
        record_seq = seq + pending;
        sent = PQsendQueryParams(pg->conn, RECORD_SQL, 3, NULL, v.params, NULL, NULL, 0) == 1 &&
               PQsendQueryParams(pg->conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) == 1;
        pending += 2;
    }
    if (!sent || rc == RUN_FAILED || PQpipelineSync(pg->conn) != 1)
        return RUN_FAILED;
    rc = read_results(pg, pending, &seq, record_seq, rc, why, whylen);
    if (rc == RUN_FAILED)
        return RUN_FAILED;
    PGresult *r = PQgetResult(pg->conn);
    int synced = r && PQresultStatus(r) == PGRES_PIPELINE_SYNC;
    PQclear(r);
    if (!synced || PQexitPipelineMode(pg->conn) != 1)
        return RUN_FAILED;
    if (rc != RUN_OK && exec_simple(pg, "ROLLBACK") != 0)
        return RUN_FAILED;
    return rc;
}

/* The careful path, after a refusal: a savepoint around each row, refused
 * rows left out and logged. */
static run_result careful(pg_side *pg, txn_buf *txn, const char *gtid_pos, const char *where,
                          long long source_commit_at, char *why, size_t whylen)
{
    if (exec_simple(pg, "BEGIN") != 0)
        return RUN_FAILED;
    unsigned rejected = 0;
    for (row_op *op = txn->first; op; op = op->next) {
        char key[256];
        if (op->reject) {   /* logged by pg_apply once the transaction is in */
            rejected++;
            continue;
        }
        if (exec_simple(pg, "SAVEPOINT follow_row") != 0)
            return RUN_FAILED;
        run_result rc = run_op(pg, op, why, whylen);
        if (rc == RUN_REFUSED) {
            key_text(op, key, sizeof key);
            follow_log("rejected: %s (%s): %s (%s)", op->table->name, key, why, where);
            rejected++;
            if (exec_simple(pg, "ROLLBACK TO SAVEPOINT follow_row") != 0)
                return RUN_FAILED;
            continue;
        }
        if (rc != RUN_OK) {
            if (PQstatus(pg->conn) == CONNECTION_OK)
                exec_simple(pg, "ROLLBACK");
            return rc;
        }
        if (exec_simple(pg, "RELEASE SAVEPOINT follow_row") != 0)
            return RUN_FAILED;
    }
    run_result rc = new_ids(txn) > 0 ? run_sequence_moves(pg, txn, why, whylen) : RUN_OK;
    if (rc == RUN_OK)
        rc = record(pg, gtid_pos, source_commit_at, rejected, why, whylen);
    if (rc != RUN_OK) {
        if (PQstatus(pg->conn) == CONNECTION_OK)
            exec_simple(pg, "ROLLBACK");
        return rc;
    }
    PGresult *r = PQexec(pg->conn, "COMMIT");
    rc = PQresultStatus(r) == PGRES_COMMAND_OK ? RUN_OK : RUN_FAILED;
    if (rc != RUN_OK)
        snprintf(why, whylen, "COMMIT: %s", PQresultErrorMessage(r));
    PQclear(r);
    return rc;
}

int pg_apply(pg_side *pg, txn_buf *txn, const char *gtid_pos, const char *where,
             long long source_commit_at)
{
    char why[1024] = "";
    run_result rc = pipelined(pg, txn, gtid_pos, source_commit_at, why, sizeof why);
    if (rc == RUN_REFUSED)
        rc = careful(pg, txn, gtid_pos, where, source_commit_at, why, sizeof why);
    if (rc == RUN_OK) {
        for (const row_op *op = txn->first; op; op = op->next)
            if (op->reject) {
                char key[256];
                key_text(op, key, sizeof key);
                follow_log("rejected: %s (%s): %s (%s)", op->table->name, key, op->reject, where);
            }
        return 0;
    }
    if (rc == RUN_STOP) {
        follow_log("stopped: PostgreSQL refused %s: %s", where, why);
        return -2;
    }
    follow_log("PostgreSQL: applying %s: %s (tried again after reconnecting)", where,
               why[0] ? why : PQerrorMessage(pg->conn));
    return -1;
}
