/* chamilo-fcgi-follow - keeps our PostgreSQL tables in step with a live
 * Chamilo campus's MariaDB by reading its binlog (docs/live-campus.md).
 *
 *   chamilo-fcgi-follow --from mysql://USER@HOST:PORT/DB --to CONNINFO
 *                       [--server-id N] [--init-gtid current|GTID_LIST [--reset]]
 *
 * The MariaDB password comes from MYSQL_PWD, PostgreSQL's from its
 * conninfo, PGPASSWORD or ~/.pgpass: none is put on a command line.
 * Stops after the transaction in progress on SIGTERM or SIGINT. */
#include "follow.h"

#include "core/gtid.h"
#include "core/mysql_url.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <mysql.h>
#include <mariadb_rpl.h>
#include <mysqld_error.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* ---- the source: mysql://USER[:PASS]@HOST[:PORT]/DB (core/mysql_url.h); the
 * password from the URL, else MYSQL_PWD. */
typedef mysql_url source;

static int parse_source(const char *url, source *src)
{
    if (mysql_url_parse(url, src) != 0)
        return -1;
    if (!src->has_password && getenv("MYSQL_PWD"))
        snprintf(src->password, sizeof src->password, "%s", getenv("MYSQL_PWD"));
    return 0;
}

static MYSQL *my_connect(const source *src)
{
    MYSQL *m = mysql_init(NULL);
    unsigned timeout = 5;
    mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (!mysql_real_connect(m, src->host, src->user, src->password, NULL, src->port, NULL, 0)) {
        follow_log("MariaDB %s:%u: %s", src->host, src->port, mysql_error(m));
        mysql_close(m);
        return NULL;
    }
    return m;
}

/* The single value of a query, copied into out; -1 on error. */
static int my_value(MYSQL *m, const char *sql, char *out, size_t n)
{
    if (mysql_query(m, sql) != 0) {
        follow_log("MariaDB: %s: %s", sql, mysql_error(m));
        return -1;
    }
    MYSQL_RES *res = mysql_store_result(m);
    MYSQL_ROW row = res ? mysql_fetch_row(res) : NULL;
    snprintf(out, n, "%s", row && row[0] ? row[0] : "");
    if (res)
        mysql_free_result(res);
    return row ? 0 : -1;
}

/* The prerequisites, each with its own message. Returns 0 when all hold. */
static int check_prerequisites(MYSQL *m, const source *src)
{
    static const struct {
        const char *variable, *want, *fix;
    } settings[] = {
        {"@@log_bin", "1", "log_bin (e.g. log_bin = mariadb-bin) and a server_id"},
        {"@@binlog_format", "ROW", "binlog_format = ROW"},
        {"@@binlog_row_image", "FULL", "binlog_row_image = FULL"},
        {"@@binlog_row_metadata", "FULL", "binlog_row_metadata = FULL"},
    };
    int bad = 0;
    char v[512];
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
        char q[96];
        snprintf(q, sizeof q, "SELECT %s", settings[i].variable);
        if (my_value(m, q, v, sizeof v) != 0)
            return -1;
        if (strcasecmp(v, settings[i].want) != 0) {
            follow_log("prerequisite: %s is '%s', it must be %s: set %s in MariaDB's"
                       " configuration ([mariadbd] section) and restart it", settings[i].variable + 2,
                       v, settings[i].want, settings[i].fix);
            bad = 1;
        }
    }
    if (my_value(m, "SELECT @@gtid_binlog_pos IS NOT NULL", v, sizeof v) != 0 || strcmp(v, "1") != 0) {
        follow_log("prerequisite: MariaDB gives no GTID position (@@gtid_binlog_pos): MariaDB 10.0"
                   " or later is needed");
        bad = 1;
    }
    if (mysql_query(m, "SHOW GRANTS") != 0) {
        follow_log("MariaDB: SHOW GRANTS: %s", mysql_error(m));
        return -1;
    }
    MYSQL_RES *res = mysql_store_result(m);
    int replication = 0, select_ok = 0;
    char dbgrant[160];
    snprintf(dbgrant, sizeof dbgrant, " ON `%s`.*", src->db);
    for (MYSQL_ROW row; res && (row = mysql_fetch_row(res));) {
        const char *g = row[0] ? row[0] : "";
        if (strstr(g, "ALL PRIVILEGES ON *.*") || strstr(g, "REPLICATION SLAVE") ||
            strstr(g, "REPLICATION REPLICA"))
            replication |= strstr(g, "ON *.*") != NULL;
        if (strstr(g, "ALL PRIVILEGES ON *.*") || strstr(g, "SELECT,") || strstr(g, "SELECT ON"))
            select_ok |= strstr(g, "ON *.*") != NULL || strstr(g, dbgrant) != NULL;
    }
    if (res)
        mysql_free_result(res);
    if (!replication) {
        follow_log("prerequisite: the account %s has no REPLICATION SLAVE grant: GRANT REPLICATION"
                   " SLAVE ON *.* TO the account", src->user);
        bad = 1;
    }
    if (!select_ok) {
        follow_log("prerequisite: the account %s cannot read %s: GRANT SELECT ON `%s`.* TO the"
                   " account", src->user, src->db, src->db);
        bad = 1;
    }
    return bad ? -1 : 0;
}

/* ---- DDL on a followed table */

static const char *skip_space(const char *s)
{
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (s[0] == '/' && s[1] == '*') {
            const char *end = strstr(s + 2, "*/");
            if (!end)
                return s + strlen(s);
            s = end + 2;
        } else
            return s;
    }
}

/* The next word or identifier (backquotes removed) into out; returns the
 * rest. A qualified name db.tbl comes back as its two parts. */
static const char *next_word(const char *s, char *out, size_t n, char *qual, size_t qn)
{
    s = skip_space(s);
    size_t o = 0;
    qual[0] = '\0';
    for (;;) {
        if (*s == '`') {
            s++;
            while (*s && !(*s == '`' && s[1] != '`')) {
                if (*s == '`')
                    s++;
                if (o + 1 < n)
                    out[o++] = *s;
                s++;
            }
            if (*s)
                s++;
        } else
            while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                   *s == '_' || *s == '$' || (unsigned char)*s >= 0x80)
                if (o + 1 < n)
                    out[o++] = *s++;
                else
                    s++;
        out[o] = '\0';
        if (*s == '.') {
            snprintf(qual, qn, "%s", out);
            o = 0;
            s++;
            continue;
        }
        return s;
    }
}

/* The followed table a DDL statement changes, or NULL. */
static const pg_table *ddl_target(pg_side *pg, const char *sql, const char *default_db,
                                  const char *our_db)
{
    char w[256], q[256];
    const char *s = next_word(sql, w, sizeof w, q, sizeof q);
    int many = 0;
    if (strcasecmp(w, "ALTER") == 0 || strcasecmp(w, "CREATE") == 0)
        many = 0;
    else if (strcasecmp(w, "DROP") == 0 || strcasecmp(w, "RENAME") == 0)
        many = 1;
    else if (strcasecmp(w, "TRUNCATE") != 0)
        return NULL;
    int saw_table = strcasecmp(w, "TRUNCATE") == 0;
    for (;;) {
        s = next_word(s, w, sizeof w, q, sizeof q);
        if (!w[0])
            return NULL;
        if (strcasecmp(w, "TABLE") == 0 || strcasecmp(w, "TABLES") == 0) {
            saw_table = 1;
            continue;
        }
        if (strcasecmp(w, "ONLINE") == 0 || strcasecmp(w, "IGNORE") == 0 || strcasecmp(w, "OR") == 0 ||
            strcasecmp(w, "REPLACE") == 0 || strcasecmp(w, "IF") == 0 || strcasecmp(w, "NOT") == 0 ||
            strcasecmp(w, "EXISTS") == 0 || strcasecmp(w, "TEMPORARY") == 0)
            continue;
        break;
    }
    if (!saw_table)
        return NULL;
    for (;;) {
        const char *db = q[0] ? q : default_db;
        const pg_table *t = db && strcmp(db, our_db) == 0 ? pg_find_table(pg, w, strlen(w)) : NULL;
        if (t)
            return t;
        if (!many)
            return NULL;
        s = skip_space(s);
        if (strncasecmp(s, "TO ", 3) == 0)
            s = next_word(s + 3, w, sizeof w, q, sizeof q);
        else if (*s == ',')
            s = next_word(s + 1, w, sizeof w, q, sizeof q);
        else
            return NULL;
        if (!w[0])
            return NULL;
    }
}

/* ---- following */

typedef struct {
    source src;
    const char *conninfo;
    uint32_t server_id;
    pg_side pg;
    MYSQL *my;
    MARIADB_RPL *rpl;
    table_map maps[256];
    unsigned nmaps;
} follower;

static void maps_clear(follower *f)
{
    for (unsigned i = 0; i < f->nmaps; i++)
        table_map_free(&f->maps[i]);
    f->nmaps = 0;
}

static void close_source(follower *f)
{
    if (f->rpl)
        mariadb_rpl_close(f->rpl);
    f->rpl = NULL;
    if (f->my)
        mysql_close(f->my);
    f->my = NULL;
    maps_clear(f);
}

/* Sets the mapping of t from a table map: the first one seen fixes it; a
 * later one that maps otherwise is a schema change (1). */
static int map_table(pg_table *t, const table_map *tm)
{
    int *map = calloc(tm->ncols ? tm->ncols : 1, sizeof *map);
    if (!map) {
        follow_log("out of memory");
        exit(EXIT_START);
    }
    for (unsigned i = 0; i < tm->ncols; i++) {
        map[i] = -1;
        for (int c = 0; c < t->ncols; c++)
            if (strcmp(t->cols[c], tm->colnames[i]) == 0)
                map[i] = c;
    }
    if (t->map) {
        int same = t->map_ncols == (int)tm->ncols && memcmp(t->map, map, sizeof *map * tm->ncols) == 0;
        free(map);
        return same ? 0 : 1;
    }
    t->map = map;
    t->map_ncols = (int)tm->ncols;
    t->nused = 0;
    for (unsigned i = 0; i < tm->ncols; i++)
        if (map[i] >= 0 && !t->used[map[i]]) {
            t->used[map[i]] = 1;
            t->nused++;
        }
    return 0;
}

static void resync_advice(const follower *f)
{
    follow_log("to resynchronise: stop Chamilo's writes (maintenance mode), then run"
               " `chamilo-fcgi --migrate` if the new chamilo-fcgi needs it,"
               " `chamilo-fcgi-import --from mysql://%s@%s:%u/%s --to '...' --replace`"
               " and `chamilo-fcgi-follow --from ... --to '...' --init-gtid current --reset`,"
               " then start the follower and Chamilo's writes again",
               f->src.user, f->src.host, f->src.port, f->src.db);
}

static int start_dump(follower *f, const char *gtid)
{
    char q[1300];
    snprintf(q, sizeof q, "SET @slave_connect_state = '%s'", gtid);
    /* The GTID list is ours (digits, '-' and ','), checked by gtid_parse. */
    if (mysql_query(f->my, q) || mysql_query(f->my, "SET @slave_gtid_strict_mode = 1") ||
        mysql_query(f->my, "SET @slave_gtid_ignore_duplicates = 0") ||
        mysql_query(f->my, "SET @mariadb_slave_capability = 4") ||
        mysql_query(f->my, "SET @master_binlog_checksum = @@global.binlog_checksum") ||
        mysql_query(f->my, "SET @master_heartbeat_period = 500000000")) {
        follow_log("MariaDB: %s", mysql_error(f->my));
        return -1;
    }
    f->rpl = mariadb_rpl_init(f->my);
    if (!f->rpl)
        return -1;
    mariadb_rpl_optionsv(f->rpl, MARIADB_RPL_SERVER_ID, f->server_id);
    mariadb_rpl_optionsv(f->rpl, MARIADB_RPL_START, (unsigned long)4);
    mariadb_rpl_optionsv(f->rpl, MARIADB_RPL_FILENAME, "", (size_t)0);
    mariadb_rpl_optionsv(f->rpl, MARIADB_RPL_FLAGS, (unsigned int)0);
    if (mariadb_rpl_open(f->rpl) != 0) {
        follow_log("MariaDB: starting the binlog at %s: %s", gtid, mysql_error(f->my));
        return -1;
    }
    return 0;
}

/* Reads and applies until an error. Returns -1 to reconnect, or an exit
 * status. */
static int follow(follower *f, char *gtid_text, size_t gtid_len)
{
    gtid_list pos;
    if (gtid_parse(gtid_text, &pos) != 0) {
        follow_log("the recorded position '%s' is not a GTID list", gtid_text);
        return EXIT_START;
    }
    gtid_format(&pos, gtid_text, gtid_len);   /* digits, '-' and ',' only: it goes into SQL */
    if (start_dump(f, gtid_text) != 0)
        return -1;
    follow_log("following %s from GTID %s", f->src.db, gtid_text[0] ? gtid_text : "(start)");
    txn_buf txn = {0};
    int in_group = 0, standalone = 0, dirty = 0, status = -1;
    uint32_t g_domain = 0, g_server = 0;
    uint64_t g_seq = 0;
    long long commit_at = 0;
    unsigned long applied = 0;
    time_t last_report = time(NULL);
    MARIADB_RPL_EVENT *ev = NULL;
    char why[1024], where[96];
    while (!stop_requested) {
        ev = mariadb_rpl_fetch(f->rpl, ev);
        if (!ev) {
            if (stop_requested)
                break;
            follow_log("MariaDB: reading the binlog: %s", mysql_error(f->my));
            if (mysql_errno(f->my) == ER_MASTER_FATAL_ERROR_READING_BINLOG) {
                /* The position is gone from MariaDB's binlogs (purged), or
                 * was never there: nothing later can be applied safely. */
                follow_log("stopped: MariaDB cannot send the binlog from GTID %s", gtid_text);
                resync_advice(f);
                status = EXIT_RESYNC;
            }
            break;
        }
        int ends_group = 0;
        switch (ev->event_type) {
        case GTID_EVENT:
            txn_arena_reset(&txn.arena);
            txn = (txn_buf){0};
            /* Every transaction sends the table maps of its rows events again. */
            maps_clear(f);
            in_group = 1;
            /* A group without COMMIT: one statement (DDL), which ends it. */
            standalone = (ev->event.gtid.flags & FL_STANDALONE) != 0;
            g_domain = ev->event.gtid.domain_id;
            g_server = ev->server_id;
            g_seq = ev->event.gtid.sequence_nr;
            commit_at = ev->timestamp;
            break;
        case TABLE_MAP_EVENT: {
            const struct st_mariadb_rpl_table_map_event *e = &ev->event.table_map;
            if (e->database.length != strlen(f->src.db) ||
                memcmp(e->database.str, f->src.db, e->database.length) != 0)
                break;
            pg_table *t = pg_find_table(&f->pg, e->table.str, e->table.length);
            if (!t)
                break;
            table_map *tm = NULL;
            for (unsigned i = 0; i < f->nmaps; i++)
                if (f->maps[i].table_id == e->table_id)
                    tm = &f->maps[i];
            if (tm)
                table_map_free(tm);
            else if (f->nmaps == sizeof f->maps / sizeof *f->maps) {
                follow_log("stopped: more than %zu tables in one transaction",
                           sizeof f->maps / sizeof *f->maps);
                status = EXIT_RESYNC;
                goto out;
            } else
                tm = &f->maps[f->nmaps++];
            const char *reason = NULL;
            if (table_map_decode(tm, e->table_id, e->database.str, e->database.length, e->table.str,
                                 e->table.length, (const uint8_t *)e->column_types.str, e->column_count,
                                 (const uint8_t *)e->metadata.str, e->metadata.length,
                                 e->signed_indicator, e->column_names.data, e->column_names.length,
                                 &reason) != 0) {
                follow_log("stopped: table map of %s: %s", t->name, reason);
                status = EXIT_RESYNC;
                goto out;
            }
            if (map_table(t, tm) != 0) {
                follow_log("stopped: the columns of %s changed in MariaDB (GTID %" PRIu32 "-%" PRIu32
                           "-%" PRIu64 ")", t->name, g_domain, g_server, g_seq);
                resync_advice(f);
                status = EXIT_RESYNC;
                goto out;
            }
            break;
        }
        case WRITE_ROWS_EVENT_V1: case UPDATE_ROWS_EVENT_V1: case DELETE_ROWS_EVENT_V1:
        case WRITE_ROWS_EVENT: case UPDATE_ROWS_EVENT: case DELETE_ROWS_EVENT: {
            const struct st_mariadb_rpl_rows_event *e = &ev->event.rows;
            table_map *tm = NULL;
            for (unsigned i = 0; i < f->nmaps; i++)
                if (f->maps[i].table_id == e->table_id)
                    tm = &f->maps[i];
            if (!tm)
                break;   /* a table we do not follow */
            pg_table *t = pg_find_table(&f->pg, tm->name, strlen(tm->name));
            op_kind kind = e->type == WRITE_ROWS ? OP_INSERT : e->type == UPDATE_ROWS ? OP_UPDATE
                         : OP_DELETE;
            int rc = rows_decode(&txn, tm, t, kind, e->column_count, e->column_bitmap,
                                 e->column_update_bitmap, e->row_data, e->row_data_size, why,
                                 sizeof why);
            if (rc != 0) {
                follow_log("stopped at GTID %" PRIu32 "-%" PRIu32 "-%" PRIu64 ", nothing of it"
                           " applied: %s", g_domain, g_server, g_seq, why);
                if (rc == -2)
                    follow_log("fix the value in MariaDB (a later transaction that changes the row"
                               " does not help: this one is applied first), or resynchronise");
                status = EXIT_RESYNC;
                goto out;
            }
            break;
        }
        case XID_EVENT:
            ends_group = 1;
            break;
        case QUERY_EVENT: {
            const struct st_mariadb_rpl_query_event *e = &ev->event.query;
            char sql[4096], db[128];
            snprintf(sql, sizeof sql, "%.*s", (int)e->statement.length, e->statement.str);
            snprintf(db, sizeof db, "%.*s", (int)e->database.length, e->database.str);
            if (strcasecmp(sql, "BEGIN") == 0)
                break;
            if (strcasecmp(sql, "COMMIT") == 0 || strcasecmp(sql, "ROLLBACK") == 0) {
                ends_group = 1;
                if (sql[0] == 'R' || sql[0] == 'r') {   /* nothing of it happened */
                    txn_arena_reset(&txn.arena);
                    txn = (txn_buf){0};
                }
                break;
            }
            const pg_table *t = ddl_target(&f->pg, sql, db, f->src.db);
            if (t) {
                follow_log("stopped: a schema change of the followed table %s at GTID %" PRIu32
                           "-%" PRIu32 "-%" PRIu64 " (not applied): %s", t->name, g_domain, g_server,
                           g_seq, sql);
                resync_advice(f);
                status = EXIT_RESYNC;
                goto out;
            }
            /* Another statement: DDL elsewhere ends its group; inside a
             * transaction (SAVEPOINT, ROLLBACK TO ...) it changes nothing here. */
            ends_group = standalone;
            break;
        }
        case HEARTBEAT_LOG_EVENT:
            if (!in_group) {
                char text[1200];
                gtid_format(&pos, text, sizeof text);
                if (dirty && pg_record(&f->pg, text, 0) != 0)
                    goto out;
                dirty = 0;
                if (pg_record(&f->pg, NULL, 0) != 0)
                    goto out;
            }
            break;
        default:
            break;
        }
        if (ends_group && in_group) {
            in_group = 0;
            gtid_set(&pos, g_domain, g_server, g_seq);
            char text[1200];
            gtid_format(&pos, text, sizeof text);
            if (txn.count) {
                snprintf(where, sizeof where, "GTID %" PRIu32 "-%" PRIu32 "-%" PRIu64, g_domain,
                         g_server, g_seq);
                int rc = pg_apply(&f->pg, &txn, text, where, commit_at);
                if (rc == -2) {
                    status = EXIT_RESYNC;
                    goto out;
                }
                if (rc != 0)
                    goto out;
                applied++;
                dirty = 0;
            } else
                dirty = 1;   /* recorded with the next transaction or heartbeat */
            snprintf(gtid_text, gtid_len, "%s", text);
            txn_arena_reset(&txn.arena);
            txn = (txn_buf){0};
        }
        if (applied && time(NULL) - last_report >= 10) {
            follow_log("%lu transaction(s) applied, at GTID %s", applied, gtid_text);
            applied = 0;
            last_report = time(NULL);
        }
    }
    if (stop_requested) {
        if (dirty)
            pg_record(&f->pg, gtid_text, 0);
        status = EXIT_STOPPED;
    }
out:
    if (ev)
        mariadb_free_rpl_event(ev);
    txn_arena_reset(&txn.arena);
    return status;
}

/* MariaDB does not write to its binary log the rows a foreign key's ON
 * DELETE / ON UPDATE action changes (they are InnoDB's own work): the
 * follower never sees them, and the copy keeps rows MariaDB no longer has.
 * Chamilo 1.11 has no such key on the tables we follow; one that a later
 * schema adds is named at start. Read from SHOW CREATE TABLE, which the
 * follower's SELECT grant allows (information_schema's
 * REFERENTIAL_CONSTRAINTS shows nothing to an account with only SELECT). */
static void warn_of_cascades(MYSQL *m, pg_side *pg, const char *db)
{
    static const char *const actions[] = {"ON DELETE CASCADE", "ON DELETE SET NULL",
                                          "ON DELETE SET DEFAULT", "ON UPDATE CASCADE",
                                          "ON UPDATE SET NULL", "ON UPDATE SET DEFAULT"};
    for (const pg_table *t = pg->tables; t; t = t->next) {
        char sql[512];
        /* Names from the catalogues (our table's name, the --from database),
         * quoted as MariaDB quotes identifiers; no value of a request. */
        if (strchr(t->name, '`') || strchr(db, '`') ||
            snprintf(sql, sizeof sql, "SHOW CREATE TABLE `%s`.`%s`", db, t->name) >=
                (int)sizeof sql)
            continue;
        if (mysql_query(m, sql) != 0)
            continue; /* a table MariaDB does not have */
        MYSQL_RES *res = mysql_store_result(m);
        MYSQL_ROW row = res ? mysql_fetch_row(res) : NULL;
        const char *text = row && row[1] ? row[1] : "";
        for (const char *line = text; line && *line;) {
            const char *end = strchr(line, '\n');
            size_t len = end ? (size_t)(end - line) : strlen(line);
            const char *shown = line;
            size_t shown_len = len;
            while (shown_len && *shown == ' ')
                shown++, shown_len--;
            if (shown_len && shown[shown_len - 1] == ',')
                shown_len--;
            for (size_t a = 0; a < sizeof actions / sizeof *actions; a++)
                if (memmem(line, len, actions[a], strlen(actions[a]))) {
                    follow_log("warning: %s has %.*s: MariaDB does not write the rows such an"
                               " action changes to its binary log, so the copy of the tables it"
                               " changes keeps rows MariaDB no longer has", t->name,
                               (int)shown_len, shown);
                    break;
                }
            line = end ? end + 1 : NULL;
        }
        if (res)
            mysql_free_result(res);
    }
}

static void usage(void)
{
    fprintf(stderr,
            "usage: chamilo-fcgi-follow --from mysql://USER@HOST:PORT/DB --to CONNINFO\n"
            "                           [--server-id N] [--init-gtid current|GTID_LIST [--reset]]\n"
            "The MariaDB password comes from MYSQL_PWD (or the URL); see docs/live-campus.md.\n");
}

static void pause_ms(unsigned ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (!stop_requested && nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, NULL, 'f'},   {"to", required_argument, NULL, 't'},
        {"server-id", required_argument, NULL, 's'}, {"init-gtid", required_argument, NULL, 'i'},
        {"reset", no_argument, NULL, 'r'},        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    follower f = {0};
    const char *from = NULL, *init = NULL;
    int reset = 0, ch;
    f.server_id = 0x4c495645;   /* must differ from every server's and replica's server_id */
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'f': from = optarg; break;
        case 't': f.conninfo = optarg; break;
        case 's': f.server_id = (uint32_t)strtoul(optarg, NULL, 10); break;
        case 'i': init = optarg; break;
        case 'r': reset = 1; break;
        default: usage(); return ch == 'h' ? 0 : EXIT_USAGE;
        }
    }
    if (!from || !f.conninfo || optind != argc || parse_source(from, &f.src) != 0 ||
        (reset && !init)) {
        usage();
        return EXIT_USAGE;
    }
    struct sigaction sa = {0};
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* Start-up: both sides reachable and MariaDB fit, or a clear refusal. */
    if (pg_connect(&f.pg, f.conninfo) != 0)
        return EXIT_START;
    f.my = my_connect(&f.src);
    if (!f.my || check_prerequisites(f.my, &f.src) != 0) {
        follow_log("not started");
        return EXIT_START;
    }
    warn_of_cascades(f.my, &f.pg, f.src.db);
    if (init) {
        char gtid[1200];
        gtid_list g;
        if (strcmp(init, "current") == 0) {
            if (my_value(f.my, "SELECT @@gtid_binlog_pos", gtid, sizeof gtid) != 0)
                return EXIT_START;
        } else
            snprintf(gtid, sizeof gtid, "%s", init);
        if (gtid_parse(gtid, &g) != 0) {
            follow_log("'%s' is not a GTID list (domain-server-sequence, comma-separated)", gtid);
            return EXIT_USAGE;
        }
        gtid_format(&g, gtid, sizeof gtid);
        int rc = pg_init_position(&f.pg, gtid, reset);
        if (rc == 0)
            follow_log("position recorded: following will start after GTID %s", gtid[0] ? gtid : "(none)");
        close_source(&f);
        pg_disconnect(&f.pg);
        return rc == 0 ? 0 : EXIT_START;
    }
    unsigned backoff = 100;
    int status = EXIT_STOPPED;
    while (!stop_requested) {
        char *gtid = NULL;
        if (!f.pg.conn && pg_connect(&f.pg, f.conninfo) != 0)
            goto retry;
        int found = pg_read_position(&f.pg, &gtid);
        if (found == 0) {
            follow_log("no recorded position: run chamilo-fcgi-follow --init-gtid current right"
                       " after chamilo-fcgi-import, while Chamilo's writes are still stopped");
            status = EXIT_START;
            break;
        }
        if (found < 0)
            goto retry;
        if (!f.my && !(f.my = my_connect(&f.src)))
            goto retry;
        char text[1200];
        snprintf(text, sizeof text, "%s", gtid);
        free(gtid);
        gtid = NULL;
        int rc = follow(&f, text, sizeof text);
        if (rc >= 0) {
            status = rc;
            break;
        }
        backoff = 100;
    retry:
        free(gtid);
        close_source(&f);
        pg_disconnect(&f.pg);
        pause_ms(backoff);
        backoff = backoff * 2 > 5000 ? 5000 : backoff * 2;
    }
    close_source(&f);
    pg_disconnect(&f.pg);
    if (status == EXIT_STOPPED)
        follow_log("stopped");
    return status;
}
