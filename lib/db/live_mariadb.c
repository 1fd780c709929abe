/*
 * live_mariadb.c - see live_mariadb.h.
 */
#include "db/live_mariadb.h"

#include <errno.h>
#include <inttypes.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>
#include <poll.h>

#include "core/arena.h"
#include "core/gtid.h"
#include "core/log.h"
#include "core/mysql_url.h"
#include "core/strbuf.h"
#include "db/stmt_trace.h"

/* The follower's position (migration 008), polled while a write waits to
 * be read back. */
DB_STATEMENT(SQL_FOLLOW_POSITION, "live.follow_position", 0,
    "SELECT gtid_pos FROM live_follow_state");

/* Moves a table's id sequence to $3 at least (past MariaDB's
 * AUTO_INCREMENT), never back; $1 table, $2 column. No row when the column
 * has no sequence. */
DB_STATEMENT(SQL_SEQUENCE_PAST, "live.sequence_past", 3,
    "SELECT setval(s.seq, greatest($3::bigint, coalesce(pg_sequence_last_value(s.seq), 0) + 1),"
    "              false)"
    "  FROM (SELECT pg_get_serial_sequence(quote_ident($1::text), $2::text)::regclass AS seq) s"
    " WHERE s.seq IS NOT NULL");

/* MariaDB's side of the key check: the account and its first MsgREST key,
 * as the copy's statement reads them (lib/api/call.h, KEY_CHECK_COLUMNS);
 * usernames compare case-insensitively in Chamilo's collation. */
static const char MY_KEY_CHECK[] =
    "SELECT u.id, u.active,"
    " u.expiration_date IS NOT NULL AND u.expiration_date <= UTC_TIMESTAMP(),"
    " (SELECT k.api_key FROM user_api_key k"
    "   WHERE k.user_id = u.id AND k.api_service = 'MsgREST' ORDER BY k.id LIMIT 1)"
    "  FROM user u WHERE u.username = ?";

static const char MY_COLUMNS[] =
    "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_KEY = 'PRI',"
    " EXTRA LIKE '%auto_increment%'"
    "  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
    " ORDER BY TABLE_NAME, ORDINAL_POSITION";

static const char MY_FOREIGN_KEYS[] =
    "SELECT DISTINCT TABLE_NAME, REFERENCED_TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE"
    " WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_SCHEMA = DATABASE()"
    "   AND REFERENCED_TABLE_NAME IS NOT NULL AND REFERENCED_TABLE_NAME <> TABLE_NAME";

/* The pool's own tables (not Chamilo's, not in MariaDB) that a dry run may
 * write: their rows are kept in PostgreSQL, written after MariaDB's
 * COMMIT, with this statement ($1 the row after, as JSON). */
DB_STATEMENT(SQL_KEEP_LOGOUT, "live.keep_bookkeeping_logout", 1,
    "INSERT INTO bookkeeping_logout (user_id, logged_out_at)"
    " SELECT r.user_id, r.logged_out_at"
    "   FROM jsonb_populate_record(NULL::bookkeeping_logout, $1::jsonb) r"
    " ON CONFLICT (user_id) DO UPDATE SET logged_out_at = EXCLUDED.logged_out_at");

static const char MY_AUTO_INCREMENT[] =
    "SELECT AUTO_INCREMENT FROM information_schema.TABLES"
    " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?";

/* How long a write waits, before its dry run, for the follower to reach
 * MariaDB's position (live_mariadb_catch_up). Past it the dry run reads
 * the copy as it is (the call's key check has found it within
 * live_max_lag_ms) and MariaDB's keys settle what the copy did not know:
 * a follower that is stopped costs each write this much, not more. */
enum { CATCH_UP_MS = 250 };

/* New ids start this far past MariaDB's AUTO_INCREMENT, so that Chamilo's
 * own inserts between our check and our COMMIT seldom take one of them. */
enum { ID_HEADROOM = 16 };

typedef struct my_column {
    char *name;
    bool is_date; /* datetime or timestamp: PostgreSQL's JSON writes a 'T' between date and time */
    bool primary;
    bool auto_increment;
} my_column;

typedef struct my_table {
    char *name;
    my_column *columns;
    int ncolumns;
    int auto_increment; /* the column's index, or -1 */
} my_table;

/* The statements prepared on the connection for writes, by their text: a
 * write's statements repeat from call to call (the same action changes
 * the same columns, inserts ask for the same AUTO_INCREMENT), so each is
 * prepared once, not once per row. */
enum { STATEMENT_CACHE_SIZE = 64 };
typedef struct cached_statement {
    char *sql; /* NULL: a free entry */
    MYSQL_STMT *stmt;
    uint64_t last_used;
} cached_statement;

struct live_mariadb {
    const config *cfg;
    mysql_url url;
    MYSQL *my;
    my_table *tables; /* sorted by name (strcmp) */
    int ntables;
    /* MariaDB's foreign keys between tables: references[c * ntables + p]
     * when table c has a foreign key to table p (order_for_mariadb). */
    unsigned char *references;
    MYSQL_STMT *key_check;
    /* The key check in flight (live_mariadb_key_send): the non-blocking
     * execute's wait status (0: done) and result, its bound username. */
    enum { KEY_IDLE, KEY_SENT, KEY_FAILED } key_state;
    int key_wait, key_ret;
    char key_username[256];
    MYSQL_BIND key_in;
    char key_why[512];
    arena *scratch; /* one apply's values and statements; reset after each */
    cached_statement statements[STATEMENT_CACHE_SIZE];
    uint64_t statement_clock;
    bool tables_stale; /* note_schema_error: read the tables again */
};

/* ---- the connection and the catalogue ---- */

static void free_tables(live_mariadb *m)
{
    for (int i = 0; i < m->ntables; i++) {
        for (int j = 0; j < m->tables[i].ncolumns; j++)
            free(m->tables[i].columns[j].name);
        free(m->tables[i].columns);
        free(m->tables[i].name);
    }
    free(m->tables);
    m->tables = NULL;
    m->ntables = 0;
    free(m->references);
    m->references = NULL;
}

static void forget_statement(cached_statement *c)
{
    if (c->stmt)
        mysql_stmt_close(c->stmt);
    free(c->sql);
    *c = (cached_statement){0};
}

static void disconnect(live_mariadb *m)
{
    m->tables_stale = false;
    for (int i = 0; i < STATEMENT_CACHE_SIZE; i++)
        forget_statement(&m->statements[i]);
    m->key_state = KEY_IDLE;
    m->key_wait = 0;
    if (m->key_check)
        mysql_stmt_close(m->key_check);
    m->key_check = NULL;
    if (m->my)
        mysql_close(m->my);
    m->my = NULL;
}

static const my_table *find_table(const live_mariadb *m, const char *name);
static int table_order(const void *a, const void *b);

/* Reads MariaDB's foreign keys between the campus's tables. */
static bool load_references(live_mariadb *m)
{
    size_t n = (size_t)m->ntables;
    m->references = calloc(n ? n * n : 1, 1);
    if (!m->references || mysql_query(m->my, MY_FOREIGN_KEYS) != 0)
        return false;
    MYSQL_RES *res = mysql_store_result(m->my);
    if (!res)
        return false;
    for (MYSQL_ROW row; (row = mysql_fetch_row(res));) {
        const my_table *c = row[0] ? find_table(m, row[0]) : NULL;
        const my_table *p = row[1] ? find_table(m, row[1]) : NULL;
        if (c && p)
            m->references[(size_t)(c - m->tables) * n + (size_t)(p - m->tables)] = 1;
    }
    mysql_free_result(res);
    return true;
}

/* Reads the columns of every table of the campus's database, and their
 * foreign keys. */
static bool load_tables(live_mariadb *m)
{
    free_tables(m);
    if (mysql_query(m->my, MY_COLUMNS) != 0)
        return false;
    MYSQL_RES *res = mysql_store_result(m->my);
    if (!res)
        return false;
    bool ok = true;
    my_table *t = NULL;
    for (MYSQL_ROW row; ok && (row = mysql_fetch_row(res));) {
        if (!row[0] || !row[1] || !row[2])
            continue;
        if (!t || strcmp(t->name, row[0]) != 0) {
            my_table *grown = realloc(m->tables, (size_t)(m->ntables + 1) * sizeof *grown);
            if (!grown) {
                ok = false;
                break;
            }
            m->tables = grown;
            t = &m->tables[m->ntables++];
            *t = (my_table){.name = strdup(row[0]), .auto_increment = -1};
            ok = t->name != NULL;
        }
        my_column *cols = ok ? realloc(t->columns, (size_t)(t->ncolumns + 1) * sizeof *cols) : NULL;
        if (!cols) {
            ok = false;
            break;
        }
        t->columns = cols;
        my_column *c = &cols[t->ncolumns];
        *c = (my_column){
            .name = strdup(row[1]),
            .is_date = strcmp(row[2], "datetime") == 0 || strcmp(row[2], "timestamp") == 0,
            .primary = row[3] && strcmp(row[3], "1") == 0,
            .auto_increment = row[4] && strcmp(row[4], "1") == 0,
        };
        if (!c->name) {
            ok = false;
            break;
        }
        if (c->auto_increment)
            t->auto_increment = t->ncolumns;
        t->ncolumns++;
    }
    mysql_free_result(res);
    /* information_schema's order is its collation's: sorted again as
     * find_table searches (before load_references, which keeps indexes). */
    if (ok && m->ntables > 1)
        qsort(m->tables, (size_t)m->ntables, sizeof *m->tables, table_order);
    ok = ok && load_references(m);
    if (!ok)
        free_tables(m);
    return ok;
}

static int table_compare(const void *key, const void *elem)
{
    return strcmp(key, ((const my_table *)elem)->name);
}

static const my_table *find_table(const live_mariadb *m, const char *name)
{
    return bsearch(name, m->tables, (size_t)m->ntables, sizeof *m->tables, table_compare);
}

static int table_order(const void *a, const void *b)
{
    return strcmp(((const my_table *)a)->name, ((const my_table *)b)->name);
}

static const my_column *find_column(const my_table *t, const char *name)
{
    for (int i = 0; i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0)
            return &t->columns[i];
    return NULL;
}

/* Opens the connection when there is none; false with why filled when
 * MariaDB cannot be reached. A connection MariaDB dropped while idle (a
 * restart, wait_timeout) is found by its next statement, whose caller
 * connects again when nothing was done (no round trip to check it first). */
static bool ensure_connected(live_mariadb *m, char *why, size_t whylen)
{
    if (m->my)
        return true;
    m->my = mysql_init(NULL);
    if (!m->my) {
        snprintf(why, whylen, "MariaDB: out of memory");
        return false;
    }
    unsigned connect_timeout = (unsigned)m->cfg->db_connect_timeout;
    unsigned io_timeout = (unsigned)(m->cfg->db_statement_timeout_ms / 1000 + 1);
    mysql_options(m->my, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
    mysql_options(m->my, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
    mysql_options(m->my, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
    mysql_options(m->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    /* The key check's look-up is sent without waiting (live_mariadb_key_send). */
    mysql_options(m->my, MYSQL_OPT_NONBLOCK, 0);
    /* UTC, as every date we hold; a lock wait ends as our statements do. */
    char init[200];
    snprintf(init, sizeof init,
             "SET time_zone = '+00:00', innodb_lock_wait_timeout = %u, autocommit = 1,"
             " session_track_system_variables = 'last_gtid'",
             io_timeout);
    mysql_options(m->my, MYSQL_INIT_COMMAND, init);
    const char *host = m->url.host;
    /* CLIENT_FOUND_ROWS: an update's count is the rows it matched, so that
     * a row that is gone can be told from one already as written. */
    if (!mysql_real_connect(m->my, host, m->url.user, m->url.password, m->url.db, m->url.port,
                            NULL, CLIENT_FOUND_ROWS) ||
        !load_tables(m)) {
        snprintf(why, whylen, "MariaDB %s:%u/%s: %s", host, m->url.port, m->url.db,
                 mysql_error(m->my));
        disconnect(m);
        return false;
    }
    return true;
}

live_mariadb *live_mariadb_create(const config *cfg)
{
    live_mariadb *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cfg = cfg;
    m->scratch = arena_create(16384);
    if (!m->scratch || mysql_url_parse(cfg->live_mariadb_url, &m->url) != 0) {
        arena_destroy(m->scratch);
        free(m);
        return NULL;
    }
    return m;
}

void live_mariadb_destroy(live_mariadb *m)
{
    if (!m)
        return;
    disconnect(m);
    free_tables(m);
    arena_destroy(m->scratch);
    free(m);
}

/* ---- statements with bound values ---- */

/* A value for MariaDB: NULL for SQL NULL, else text. */
typedef struct bound_value {
    const char *text;
    size_t len;
} bound_value;

/* A captured value as MariaDB takes it (text; dates with a space between
 * date and time), in the scratch arena. */
static bound_value value_of(live_mariadb *m, const my_column *col, struct json_object *v)
{
    bound_value out = {0};
    switch (json_object_get_type(v)) {
    case json_type_null:
        return out;
    case json_type_boolean:
        out.text = json_object_get_boolean(v) ? "1" : "0";
        out.len = 1;
        return out;
    case json_type_string: {
        size_t len = (size_t)json_object_get_string_len(v);
        const char *s = json_object_get_string(v);
        if (col->is_date && len > 10 && s[10] == 'T') {
            char *copy = arena_strndup(m->scratch, s, len);
            if (!copy)
                return out;
            copy[10] = ' ';
            s = copy;
        }
        out.text = s;
        out.len = len;
        return out;
    }
    default:
        out.text = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
        out.len = out.text ? strlen(out.text) : 0;
        return out;
    }
}

/* A table or column MariaDB no longer has (a Chamilo upgrade altered it
 * since the connection read the tables): the connection is closed after
 * this write, so that the next one reads them again. */
static void note_schema_error(live_mariadb *m, unsigned error_number)
{
    if (error_number == ER_BAD_FIELD_ERROR || error_number == ER_NO_SUCH_TABLE)
        m->tables_stale = true;
}

/* sql prepared on the connection: from the cache, else prepared now (the
 * least recently used entry making room). NULL on failure, with MariaDB's
 * error number and message. */
static MYSQL_STMT *prepared(live_mariadb *m, const char *sql, unsigned *error_number, char *why,
                            size_t whylen)
{
    cached_statement *slot = &m->statements[0];
    for (int i = 0; i < STATEMENT_CACHE_SIZE; i++) {
        cached_statement *c = &m->statements[i];
        if (c->sql && strcmp(c->sql, sql) == 0) {
            c->last_used = ++m->statement_clock;
            return c->stmt;
        }
        if (!c->sql || (slot->sql && c->last_used < slot->last_used))
            slot = c;
    }
    forget_statement(slot);
    slot->stmt = mysql_stmt_init(m->my);
    slot->sql = strdup(sql);
    if (!slot->stmt || !slot->sql) {
        forget_statement(slot);
        *error_number = CR_OUT_OF_MEMORY;
        snprintf(why, whylen, "MariaDB: out of memory");
        return NULL;
    }
    if (mysql_stmt_prepare(slot->stmt, sql, (unsigned long)strlen(sql)) != 0) {
        *error_number = mysql_stmt_errno(slot->stmt);
        snprintf(why, whylen, "MariaDB: %s", mysql_stmt_error(slot->stmt));
        forget_statement(slot);
        return NULL;
    }
    slot->last_used = ++m->statement_clock;
    return slot->stmt;
}

/* Runs sql with the values bound; *affected gets the rows matched. The
 * error, when false, is MariaDB's (its number in *error_number, the
 * message in why). */
static bool run_bound(live_mariadb *m, const char *sql, const bound_value *values, int n,
                      uint64_t *affected, unsigned *error_number, char *why, size_t whylen)
{
    MYSQL_STMT *st = prepared(m, sql, error_number, why, whylen);
    if (!st) {
        note_schema_error(m, *error_number);
        return false;
    }
    MYSQL_BIND *bind = n ? arena_calloc(m->scratch, (size_t)n, sizeof *bind) : NULL;
    if (n && !bind) {
        *error_number = CR_OUT_OF_MEMORY;
        snprintf(why, whylen, "MariaDB: out of memory");
        return false;
    }
    for (int i = 0; i < n; i++) {
        if (!values[i].text) {
            bind[i].buffer_type = MYSQL_TYPE_NULL;
            continue;
        }
        bind[i].buffer_type = MYSQL_TYPE_STRING;
        bind[i].buffer = (void *)(uintptr_t)values[i].text;
        bind[i].buffer_length = (unsigned long)values[i].len;
    }
    bool ok = (!n || mysql_stmt_bind_param(st, bind) == 0) && mysql_stmt_execute(st) == 0;
    if (ok && affected)
        *affected = (uint64_t)mysql_stmt_affected_rows(st);
    if (!ok) {
        *error_number = mysql_stmt_errno(st);
        snprintf(why, whylen, "MariaDB: %s", mysql_stmt_error(st));
        note_schema_error(m, *error_number);
    }
    return ok;
}

static void put_identifier(strbuf *sb, const char *name)
{
    sb_putc(sb, '`');
    for (const char *p = name; *p; p++) {
        if (*p == '`')
            sb_putc(sb, '`');
        sb_putc(sb, *p);
    }
    sb_putc(sb, '`');
}

/* ---- applying the captured rows ---- */

/* APPLY_COMMIT_UNKNOWN: the connection ended during COMMIT. */
typedef enum { APPLY_OK, APPLY_CONFLICT, APPLY_FAILED, APPLY_LOST, APPLY_COMMIT_UNKNOWN } apply_status;

/* A MariaDB error as an outcome: what may clear by running the work again
 * (a duplicate key, a lock wait, a deadlock) is a conflict; a lost
 * connection ends the connection. */
static apply_status status_of_error(unsigned error_number)
{
    switch (error_number) {
    case ER_DUP_ENTRY:
    case ER_LOCK_WAIT_TIMEOUT:
    case ER_LOCK_DEADLOCK:
        return APPLY_CONFLICT;
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
        return APPLY_LOST;
    default:
        return APPLY_FAILED;
    }
}

/* Runs a text query (a constant: nothing of a request is in it), opening
 * the connection when there is none; a connection MariaDB dropped while
 * idle is found here and opened once more, as nothing was done yet. Not
 * for a query that needs the session it follows (@@last_gtid). */
static apply_status query_reconnecting(live_mariadb *m, const char *sql, char *why,
                                       size_t whylen)
{
    for (int attempt = 0;; attempt++) {
        if (!ensure_connected(m, why, whylen))
            return APPLY_LOST;
        if (mysql_query(m->my, sql) == 0)
            return APPLY_OK;
        apply_status status = status_of_error(mysql_errno(m->my));
        snprintf(why, whylen, "MariaDB: %s", mysql_error(m->my));
        if (status != APPLY_LOST || attempt > 0)
            return status;
        disconnect(m);
    }
}

/* The first column of the first row of the query just run, into out (""
 * for NULL); false when it has no row. */
static bool read_value(live_mariadb *m, char *out, size_t n)
{
    MYSQL_RES *res = mysql_store_result(m->my);
    MYSQL_ROW row = res ? mysql_fetch_row(res) : NULL;
    snprintf(out, n, "%s", row && row[0] ? row[0] : "");
    if (res)
        mysql_free_result(res);
    return row != NULL;
}

/* The WHERE clause of an update or a delete: every primary key column,
 * its value from the row before. */
static bool put_key_condition(live_mariadb *m, strbuf *sb, const my_table *t,
                              struct json_object *old_row, bound_value *values, int *n,
                              char *why, size_t whylen)
{
    bool any = false;
    sb_puts(sb, " WHERE ");
    for (int i = 0; i < t->ncolumns; i++) {
        const my_column *c = &t->columns[i];
        if (!c->primary)
            continue;
        struct json_object *v;
        if (!json_object_object_get_ex(old_row, c->name, &v)) {
            snprintf(why, whylen, "table %s: primary key column %s is not one of ours", t->name,
                     c->name);
            return false;
        }
        if (any)
            sb_puts(sb, " AND ");
        put_identifier(sb, c->name);
        sb_puts(sb, " = ?");
        values[(*n)++] = value_of(m, c, v);
        any = true;
    }
    if (!any)
        snprintf(why, whylen, "table %s has no primary key in MariaDB", t->name);
    return any;
}

/* Whether a new row's id may already be MariaDB's: below the table's
 * AUTO_INCREMENT. Then our sequence is moved past it (the work runs again
 * with fresh ids). */
static apply_status check_new_id(live_mariadb *m, db_conn *db, const my_table *t,
                                 struct json_object *new_row, char *why, size_t whylen)
{
    const my_column *c = &t->columns[t->auto_increment];
    struct json_object *v;
    if (!json_object_object_get_ex(new_row, c->name, &v) || !json_object_is_type(v, json_type_int))
        return APPLY_OK;
    int64_t id = json_object_get_int64(v);
    unsigned error_number = 0;
    MYSQL_STMT *st = prepared(m, MY_AUTO_INCREMENT, &error_number, why, whylen);
    MYSQL_BIND in = {.buffer_type = MYSQL_TYPE_STRING, .buffer = t->name,
                     .buffer_length = (unsigned long)strlen(t->name)};
    unsigned long long next = 0;
    my_bool is_null = 0;
    MYSQL_BIND out = {.buffer_type = MYSQL_TYPE_LONGLONG, .buffer = &next, .is_unsigned = 1,
                      .is_null = &is_null};
    bool ok = st && mysql_stmt_bind_param(st, &in) == 0 && mysql_stmt_execute(st) == 0 &&
              mysql_stmt_bind_result(st, &out) == 0;
    int fetched = ok ? mysql_stmt_fetch(st) : 1;
    if (st && !ok) {
        error_number = mysql_stmt_errno(st);
        snprintf(why, whylen, "MariaDB: %s", mysql_stmt_error(st));
    }
    if (st)
        mysql_stmt_free_result(st);
    if (!ok)
        return status_of_error(error_number) == APPLY_LOST ? APPLY_LOST : APPLY_FAILED;
    if (fetched != 0 || is_null || id >= (int64_t)next)
        return APPLY_OK;
    char past[24];
    snprintf(past, sizeof past, "%llu", next + ID_HEADROOM);
    const char *const values[] = {t->name, c->name, past};
    PGresult *r = db_exec(db, &SQL_SEQUENCE_PAST, values, 3);
    if (!r) {
        snprintf(why, whylen, "moving the sequence of %s.%s: %s", t->name, c->name, db_error(db));
        return APPLY_FAILED;
    }
    PQclear(r);
    snprintf(why, whylen, "new id %" PRId64 " of %s is below MariaDB's AUTO_INCREMENT %llu: "
             "the sequence moved past it", id, t->name, next);
    return APPLY_CONFLICT;
}

/* One captured row, written to MariaDB in the open transaction. */
static apply_status apply_row(live_mariadb *m, db_conn *db, const my_table *t, char op,
                              struct json_object *old_row, struct json_object *new_row,
                              char *why, size_t whylen)
{
    strbuf sb;
    sb_init(&sb, m->scratch, 512);
    int n = 0;
    bound_value *values = arena_calloc(m->scratch, (size_t)t->ncolumns * 2 + 1, sizeof *values);
    if (!values)
        return APPLY_FAILED;
    bool is_update = false;
    if (op == 'I') {
        if (t->auto_increment >= 0) {
            apply_status id_status = check_new_id(m, db, t, new_row, why, whylen);
            if (id_status != APPLY_OK)
                return id_status;
        }
        sb_puts(&sb, "INSERT INTO ");
        put_identifier(&sb, t->name);
        sb_puts(&sb, " (");
        strbuf marks;
        sb_init(&marks, m->scratch, 128);
        json_object_object_foreach(new_row, key, v)
        {
            const my_column *c = find_column(t, key);
            if (!c)
                continue; /* a column of ours that MariaDB does not have */
            if (n) {
                sb_puts(&sb, ", ");
                sb_puts(&marks, ", ");
            }
            put_identifier(&sb, c->name);
            sb_putc(&marks, '?');
            values[n++] = value_of(m, c, v);
        }
        sb_puts(&sb, ") VALUES (");
        sb_append(&sb, marks.data ? marks.data : "", marks.len);
        sb_putc(&sb, ')');
        if (sb_failed(&marks))
            return APPLY_FAILED;
    } else if (op == 'U') {
        sb_puts(&sb, "UPDATE ");
        put_identifier(&sb, t->name);
        sb_puts(&sb, " SET ");
        json_object_object_foreach(new_row, key, v)
        {
            struct json_object *before;
            const my_column *c = find_column(t, key);
            if (!c || (json_object_object_get_ex(old_row, key, &before) &&
                       json_object_equal(before, v)))
                continue; /* unchanged: a column Chamilo may be changing is left alone */
            if (n)
                sb_puts(&sb, ", ");
            put_identifier(&sb, c->name);
            sb_puts(&sb, " = ?");
            values[n++] = value_of(m, c, v);
        }
        if (n == 0)
            return APPLY_OK; /* nothing MariaDB holds changed */
        if (!put_key_condition(m, &sb, t, old_row, values, &n, why, whylen))
            return APPLY_FAILED;
        is_update = true;
    } else {
        sb_puts(&sb, "DELETE FROM ");
        put_identifier(&sb, t->name);
        if (!put_key_condition(m, &sb, t, old_row, values, &n, why, whylen))
            return APPLY_FAILED;
    }
    sb_putc(&sb, '\0');
    if (sb_failed(&sb)) {
        snprintf(why, whylen, "out of memory");
        return APPLY_FAILED;
    }
    uint64_t affected = 0;
    unsigned error_number = 0;
    if (!run_bound(m, sb.data, values, n, &affected, &error_number, why, whylen))
        return status_of_error(error_number);
    if (is_update && affected == 0) {
        /* The row is gone from MariaDB (deleted by Chamilo since the copy
         * read it): run again, the copy then knows. */
        snprintf(why, whylen, "a row of %s to update is no longer in MariaDB", t->name);
        return APPLY_CONFLICT;
    }
    return APPLY_OK;
}

static long long monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Returns true once the follower has applied position (a GTID list) to
 * PostgreSQL, false after limit_ms. */
static bool wait_for_follower(db_conn *db, const char *position, int limit_ms)
{
    gtid_list target, applied;
    if (gtid_parse(position, &target) != 0)
        return true; /* not a position: nothing to wait for */
    long long deadline = monotonic_ms() + limit_ms;
    struct timespec pause = {0, 100 * 1000}; /* 0.1 ms, doubling to 6.4 ms */
    for (;;) {
        PGresult *r = db_exec(db, &SQL_FOLLOW_POSITION, NULL, 0);
        bool done = r && PQntuples(r) == 1 && gtid_parse(PQgetvalue(r, 0, 0), &applied) == 0 &&
                    gtid_covers(&applied, &target);
        PQclear(r);
        if (done)
            return true;
        if (monotonic_ms() >= deadline)
            return false;
        nanosleep(&pause, NULL);
        if (pause.tv_nsec < 6400 * 1000)
            pause.tv_nsec *= 2;
    }
}

bool live_mariadb_catch_up(void *ctx, db_conn *db)
{
    live_mariadb *m = ctx;
    char why[512], position[1024];
    if (query_reconnecting(m, "SELECT @@gtid_binlog_pos", why, sizeof why) != APPLY_OK ||
        !read_value(m, position, sizeof position)) {
        log_warn("live campus: could not read MariaDB's position before a write (%s)", why);
        return false;
    }
    if (!position[0])
        return true; /* an empty binary log: nothing to wait for */
    int limit_ms = m->cfg->live_max_lag_ms < CATCH_UP_MS ? m->cfg->live_max_lag_ms : CATCH_UP_MS;
    if (wait_for_follower(db, position, limit_ms))
        return true;
    log_warn("live campus: the follower had not reached MariaDB's position (%s) within %d ms "
             "before a write: it runs on the copy as it is", position, limit_ms);
    return false;
}

/* The GTID MariaDB gave this session's last transaction: from the COMMIT's
 * own answer (session_track_system_variables, set at connect), else asked. */
static bool last_gtid(live_mariadb *m, char *out, size_t n)
{
    out[0] = '\0';
    const char *data;
    size_t len;
    bool is_name = true, named = false;
    for (int more = mysql_session_track_get_first(m->my, SESSION_TRACK_SYSTEM_VARIABLES, &data,
                                                  &len);
         more == 0;
         more = mysql_session_track_get_next(m->my, SESSION_TRACK_SYSTEM_VARIABLES, &data, &len)) {
        if (!is_name && named && len > 0 && len < n) {
            memcpy(out, data, len);
            out[len] = '\0';
            return true;
        }
        named = is_name && len == 9 && memcmp(data, "last_gtid", 9) == 0;
        is_name = !is_name;
    }
    return mysql_query(m->my, "SELECT @@last_gtid") == 0 && read_value(m, out, n);
}

static db_capture_outcome outcome_of(apply_status status)
{
    switch (status) {
    case APPLY_OK:
        return DB_CAPTURE_APPLIED;
    case APPLY_CONFLICT:
        return DB_CAPTURE_CONFLICT;
    case APPLY_COMMIT_UNKNOWN:
        return DB_CAPTURE_UNKNOWN;
    case APPLY_LOST:
        return DB_CAPTURE_UNREACHABLE;
    case APPLY_FAILED:
        break;
    }
    return DB_CAPTURE_FAILED;
}

/* One captured row, read. */
typedef struct captured_row {
    const my_table *table; /* NULL: a table of the pool's own (is_logout) */
    bool is_logout;        /* bookkeeping_logout: kept in PostgreSQL */
    char op;               /* 'I', 'U', 'D' */
    struct json_object *old_row, *new_row;
    const char *new_text; /* new_row's text, as captured */
    int index;            /* the order it was written in */
} captured_row;

static bool table_references(const live_mariadb *m, const my_table *child,
                             const my_table *parent)
{
    size_t n = (size_t)m->ntables;
    return m->references[(size_t)(child - m->tables) * n + (size_t)(parent - m->tables)] != 0;
}

/* Whether y, captured after x, must reach MariaDB before it: MariaDB
 * checks each row's foreign keys at once, PostgreSQL at the end of each
 * statement, and one statement of a dry run (a delete of a course with
 * its rows, say) writes its rows in no such order. A child's row is
 * deleted before its parent's, a parent's inserted before its child's. */
static bool must_go_first(const live_mariadb *m, const captured_row *x, const captured_row *y)
{
    if (!x->table || !y->table || x->table == y->table || x->op != y->op)
        return false;
    return (y->op == 'D' && table_references(m, y->table, x->table)) ||
           (y->op == 'I' && table_references(m, x->table, y->table));
}

/* Whether y, captured after x, may reach MariaDB before it: rows of
 * tables without a foreign key between them may go in any order; rows of
 * one table, and of related tables otherwise, keep the dry run's order. */
static bool may_go_first(const live_mariadb *m, const captured_row *x, const captured_row *y)
{
    if (!x->table || !y->table)
        return true; /* the pool's own rows are not written to MariaDB */
    if (x->table == y->table)
        return false;
    return must_go_first(m, x, y) ||
           (!table_references(m, x->table, y->table) && !table_references(m, y->table, x->table));
}

/* Moves each row, in capture order, in front of the earliest row it must
 * go before, when it may pass every row in between (else in front of the
 * earliest such row after the last one it may not pass). Rows that need
 * no move keep the dry run's order. */
static void order_for_mariadb(const live_mariadb *m, captured_row *rows, int n)
{
    for (int i = 1; i < n; i++) {
        captured_row y = rows[i];
        int target = -1;
        for (int k = 0; k < i; k++) {
            if (!may_go_first(m, &rows[k], &y))
                target = -1; /* y cannot pass this one: only a later target counts */
            else if (target < 0 && must_go_first(m, &rows[k], &y))
                target = k;
        }
        if (target < 0)
            continue;
        memmove(rows + target + 1, rows + target, (size_t)(i - target) * sizeof *rows);
        rows[target] = y;
    }
}

/* Reads the captured rows into rows (n of them). False, with why, when a
 * row is of a table MariaDB does not have (and not the pool's own) or
 * cannot be read. */
static bool read_captured(live_mariadb *m, const PGresult *captured, captured_row *rows, int n,
                          char *why, size_t whylen)
{
    for (int i = 0; i < n; i++) {
        captured_row *r = &rows[i];
        const char *table = PQgetvalue(captured, i, 0);
        r->op = PQgetvalue(captured, i, 1)[0];
        r->index = i;
        r->table = find_table(m, table);
        r->is_logout = !r->table && strcmp(table, "bookkeeping_logout") == 0;
        r->new_text = PQgetisnull(captured, i, 3) ? NULL : PQgetvalue(captured, i, 3);
        if (!r->table && !r->is_logout) {
            snprintf(why, whylen, "a write to %s, a table MariaDB does not have", table);
            return false;
        }
        r->old_row =
            PQgetisnull(captured, i, 2) ? NULL : json_tokener_parse(PQgetvalue(captured, i, 2));
        r->new_row = r->new_text ? json_tokener_parse(r->new_text) : NULL;
        if ((r->op != 'I' && !r->old_row) || (r->op != 'D' && !r->new_row)) {
            snprintf(why, whylen, "a captured row of %s could not be read", table);
            return false;
        }
    }
    return true;
}

/* Writes the rows to MariaDB in one transaction; *gtid gets its position
 * (empty when there was nothing to write). */
static apply_status write_to_mariadb(live_mariadb *m, db_conn *db, const captured_row *rows,
                                     int n, char *gtid, size_t gtid_len, char *why, size_t whylen)
{
    gtid[0] = '\0';
    int campus_rows = 0;
    for (int i = 0; i < n; i++)
        campus_rows += rows[i].table != NULL;
    if (campus_rows == 0)
        return APPLY_OK;
    apply_status status = query_reconnecting(m, "START TRANSACTION", why, whylen);
    if (status != APPLY_OK)
        return status;
    for (int i = 0; status == APPLY_OK && i < n; i++)
        if (rows[i].table)
            status = apply_row(m, db, rows[i].table, rows[i].op, rows[i].old_row,
                               rows[i].new_row, why, whylen);
    if (status == APPLY_LOST) {
        disconnect(m); /* MariaDB ended the transaction with the connection */
        return status;
    }
    if (status != APPLY_OK) {
        (void)mysql_query(m->my, "ROLLBACK");
        if (m->tables_stale)
            disconnect(m);
        return status;
    }
    if (mysql_query(m->my, "COMMIT") != 0) {
        unsigned error_number = mysql_errno(m->my);
        snprintf(why, whylen, "MariaDB: COMMIT: %s", mysql_error(m->my));
        status = status_of_error(error_number);
        if (status == APPLY_LOST)
            disconnect(m);
        return status == APPLY_LOST ? APPLY_COMMIT_UNKNOWN : status;
    }
    if (!last_gtid(m, gtid, gtid_len))
        log_warn("live campus: MariaDB did not give the write's GTID (%s): not waited for",
                 mysql_error(m->my));
    return APPLY_OK;
}

/* The pool's own rows, kept in PostgreSQL once MariaDB has the rest. A
 * failure is logged: the write itself stands. */
static void keep_own_rows(db_conn *db, const captured_row *rows, int n)
{
    for (int i = 0; i < n; i++) {
        if (!rows[i].is_logout || !rows[i].new_text)
            continue;
        const char *const values[] = {rows[i].new_text};
        PGresult *r = db_exec(db, &SQL_KEEP_LOGOUT, values, 1);
        if (!r)
            log_warn("live campus: could not keep a bookkeeping_logout row: %s", db_error(db));
        PQclear(r);
    }
}

db_capture_outcome live_mariadb_apply(void *ctx, db_conn *db, const PGresult *captured,
                                      bool wait_applied, char *why, size_t whylen)
{
    live_mariadb *m = ctx;
    int n = PQntuples(captured);
    if (n == 0)
        return DB_CAPTURE_APPLIED; /* nothing of the campus's changed */
    if (!ensure_connected(m, why, whylen))
        return DB_CAPTURE_UNREACHABLE; /* (the tables are read when it connects) */
    captured_row *rows = arena_calloc(m->scratch, (size_t)n, sizeof *rows);
    if (!rows) {
        snprintf(why, whylen, "out of memory");
        return DB_CAPTURE_FAILED;
    }
    int64_t started = stmt_trace_now_us();
    char gtid[128] = "";
    apply_status status = read_captured(m, captured, rows, n, why, whylen) ? APPLY_OK
                                                                            : APPLY_FAILED;
    if (status == APPLY_OK) {
        order_for_mariadb(m, rows, n);
        status = write_to_mariadb(m, db, rows, n, gtid, sizeof gtid, why, whylen);
    }
    for (int i = 0; i < n; i++) {
        json_object_put(rows[i].old_row);
        json_object_put(rows[i].new_row);
        rows[i].old_row = rows[i].new_row = NULL;
    }
    stmt_trace_statement("live.mariadb_write", stmt_trace_now_us() - started, status == APPLY_OK);
    if (gtid[0] || status == APPLY_CONFLICT)
        stmt_trace_live(status == APPLY_OK ? STMT_TRACE_LIVE_WRITE
                                           : STMT_TRACE_LIVE_WRITE_CONFLICT);
    if (status == APPLY_OK)
        keep_own_rows(db, rows, n);
    arena_reset(m->scratch);
    if (status == APPLY_COMMIT_UNKNOWN)
        return DB_CAPTURE_UNKNOWN;
    if (status != APPLY_OK)
        return outcome_of(status);
    if (wait_applied && gtid[0] && !wait_for_follower(db, gtid, m->cfg->live_max_lag_ms)) {
        log_warn("live campus: the follower has not applied this write (%s) within "
                 "live_max_lag_ms (%d ms); answered all the same",
                 gtid, m->cfg->live_max_lag_ms);
        stmt_trace_live(STMT_TRACE_LIVE_WRITE_WAIT_TIMEOUT);
    }
    return DB_CAPTURE_APPLIED;
}

/* ---- the key check ---- */

/* Prepares the key check's statement (connecting first when needed). */
static bool prepare_key_check(live_mariadb *m, char *why, size_t whylen)
{
    if (m->key_check)
        return true;
    if (!ensure_connected(m, why, whylen))
        return false;
    m->key_check = mysql_stmt_init(m->my);
    if (m->key_check &&
        mysql_stmt_prepare(m->key_check, MY_KEY_CHECK, sizeof MY_KEY_CHECK - 1) == 0)
        return true;
    snprintf(why, whylen, "MariaDB: %s",
             m->key_check ? mysql_stmt_error(m->key_check) : "out of memory");
    if (m->key_check)
        mysql_stmt_close(m->key_check);
    m->key_check = NULL;
    return false;
}

/* Waits for the non-blocking execute in flight (poll on the connection's
 * socket, with its timeout) and returns its result: 0 when it executed. */
static int finish_key_execute(live_mariadb *m)
{
    while (m->key_wait) {
        int wait = m->key_wait;
        struct pollfd p = {.fd = (int)mysql_get_socket(m->my),
                           .events = (short)((wait & MYSQL_WAIT_READ ? POLLIN : 0) |
                                             (wait & MYSQL_WAIT_WRITE ? POLLOUT : 0) |
                                             (wait & MYSQL_WAIT_EXCEPT ? POLLPRI : 0))};
        int timeout = wait & MYSQL_WAIT_TIMEOUT ? (int)mysql_get_timeout_value_ms(m->my) : -1;
        int n = poll(&p, 1, timeout);
        if (n < 0 && errno == EINTR)
            continue;
        int ready = 0;
        if (n <= 0)
            ready = MYSQL_WAIT_TIMEOUT;
        else {
            ready |= p.revents & (POLLIN | POLLERR | POLLHUP) ? MYSQL_WAIT_READ : 0;
            ready |= p.revents & POLLOUT ? MYSQL_WAIT_WRITE : 0;
            ready |= p.revents & POLLPRI ? MYSQL_WAIT_EXCEPT : 0;
        }
        m->key_wait = mysql_stmt_execute_cont(&m->key_ret, m->key_check, ready);
    }
    return m->key_ret;
}

void live_mariadb_key_send(live_mariadb *m, const char *username)
{
    live_mariadb_key_discard(m);
    size_t len = strlen(username);
    m->key_state = KEY_FAILED;
    if (len >= sizeof m->key_username) {
        snprintf(m->key_why, sizeof m->key_why, "a username of %zu bytes", len);
        return;
    }
    if (!prepare_key_check(m, m->key_why, sizeof m->key_why))
        return;
    memcpy(m->key_username, username, len + 1);
    m->key_in = (MYSQL_BIND){.buffer_type = MYSQL_TYPE_STRING, .buffer = m->key_username,
                             .buffer_length = (unsigned long)len};
    if (mysql_stmt_bind_param(m->key_check, &m->key_in) != 0) {
        snprintf(m->key_why, sizeof m->key_why, "MariaDB: %s", mysql_stmt_error(m->key_check));
        return;
    }
    m->key_wait = mysql_stmt_execute_start(&m->key_ret, m->key_check);
    m->key_state = KEY_SENT;
}

/* Reads the executed look-up's row and judges it. */
static live_key_verdict judge_key_row(live_mariadb *m, const char *user_id, const char *api_key,
                                      bool *read_failed)
{
    long long id = 0, active = 0, expired = 0;
    char key[65] = "";
    unsigned long key_len = 0;
    my_bool key_null = 0;
    MYSQL_BIND out[4] = {
        {.buffer_type = MYSQL_TYPE_LONGLONG, .buffer = &id},
        {.buffer_type = MYSQL_TYPE_LONGLONG, .buffer = &active},
        {.buffer_type = MYSQL_TYPE_LONGLONG, .buffer = &expired},
        {.buffer_type = MYSQL_TYPE_STRING, .buffer = key, .buffer_length = sizeof key - 1,
         .length = &key_len, .is_null = &key_null},
    };
    MYSQL_STMT *st = m->key_check;
    *read_failed = mysql_stmt_bind_result(st, out) != 0;
    int fetched = *read_failed ? 1 : mysql_stmt_fetch(st);
    mysql_stmt_free_result(st);
    if (fetched == 1) {
        *read_failed = true;
        snprintf(m->key_why, sizeof m->key_why, "MariaDB: %s", mysql_stmt_error(st));
        return LIVE_KEY_UNREACHABLE;
    }
    if (fetched == MYSQL_NO_DATA)
        return LIVE_KEY_REFUSED; /* no such user any more */
    key[key_len < sizeof key ? key_len : sizeof key - 1] = '\0';
    char id_text[24];
    snprintf(id_text, sizeof id_text, "%lld", id);
    bool holds = strcmp(id_text, user_id) == 0 && active == 1 && !expired && !key_null &&
                 strcmp(key, api_key) == 0;
    return holds ? LIVE_KEY_HOLDS : LIVE_KEY_REFUSED;
}

live_key_verdict live_mariadb_key_verdict(live_mariadb *m, const char *user_id,
                                          const char *api_key)
{
    live_key_verdict verdict = LIVE_KEY_UNREACHABLE;
    for (int attempt = 0; attempt < 2 && m->key_state == KEY_SENT; attempt++) {
        m->key_state = KEY_IDLE;
        if (finish_key_execute(m) == 0) {
            bool read_failed;
            verdict = judge_key_row(m, user_id, api_key, &read_failed);
            if (verdict == LIVE_KEY_REFUSED)
                stmt_trace_live(STMT_TRACE_LIVE_KEY_REFUSED);
            if (!read_failed)
                return verdict;
        } else {
            snprintf(m->key_why, sizeof m->key_why, "MariaDB: %s",
                     mysql_stmt_error(m->key_check));
        }
        if (status_of_error(mysql_stmt_errno(m->key_check)) != APPLY_LOST)
            break;
        /* The server went away since the last call (a restart, wait_timeout):
         * once more on a new connection. */
        char username[sizeof m->key_username];
        memcpy(username, m->key_username, sizeof username);
        disconnect(m);
        live_mariadb_key_send(m, username);
    }
    m->key_state = KEY_IDLE;
    log_warn("live campus: the key check could not ask MariaDB (%s): refused", m->key_why);
    return LIVE_KEY_UNREACHABLE;
}

void live_mariadb_key_discard(live_mariadb *m)
{
    if (m->key_state != KEY_SENT) {
        m->key_state = KEY_IDLE;
        return;
    }
    m->key_state = KEY_IDLE;
    if (finish_key_execute(m) != 0 || mysql_stmt_store_result(m->key_check) != 0) {
        disconnect(m); /* whatever is left on the wire goes with it */
        return;
    }
    mysql_stmt_free_result(m->key_check);
}
