/*
 * migrate.c - schema versions: `chamilo-fcgi --migrate` and the check the
 * master makes before it forks the pool (see migrate.h).
 *
 * Both open one short-lived libpq connection of their own; the workers'
 * connections (lib/db) know nothing of this. A migration file is run as
 * one simple-query string (it holds several statements); everything else
 * goes through PQexecParams with parameters.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "core/log.h"
#include "migrate.h"

/* pg_advisory_lock key held while migrating: "chamilo" in ASCII. */
#define MIGRATE_LOCK_KEY "27980790351096943"

/* SQLSTATE undefined_table: schema_version does not exist. */
#define SQLSTATE_UNDEFINED_TABLE "42P01"

/* The largest migration file read (a schema change, not a data dump). */
#define MIGRATION_MAX_BYTES (16L * 1024 * 1024)

typedef struct migration_file {
    long version;
    char name[NAME_MAX + 1];
} migration_file;

/* ---------------------------------------------------------- locations */

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *migrate_default_dir(char *buf, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    static const char *const candidates[] = {"/../share/chamilo-fcgi/sql/migrations",
                                             "/../sql/migrations"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        int w = snprintf(buf, len, "%s%s", exe, candidates[i]);
        if (w > 0 && (size_t)w < len && is_dir(buf))
            return buf;
    }
    return NULL;
}

/* --------------------------------------------------------- connection */

/* Our defaults first, the operator's conninfo last (it wins), as the
 * workers connect (lib/db/db.c). */
static PGconn *connect_db(const config *cfg, const char *application_name)
{
    char connect_timeout[16];
    snprintf(connect_timeout, sizeof connect_timeout, "%d", cfg->db_connect_timeout);
    const char *keywords[] = {"connect_timeout", "application_name", "dbname", NULL};
    const char *values[] = {connect_timeout, application_name, cfg->db_conninfo, NULL};
    return PQconnectdbParams(keywords, values, 1);
}

/* The first line of a libpq message (they end with a newline). */
static const char *one_line(const char *msg, char *buf, size_t len)
{
    snprintf(buf, len, "%s", msg ? msg : "");
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

/* The database's schema version: 0 when schema_version does not exist (a
 * database this program did not create), -1 on another error (message in
 * err). */
static long read_version(PGconn *pg, char *err, size_t errlen)
{
    PGresult *r = PQexecParams(pg, "SELECT coalesce(max(version), 0) FROM schema_version", 0,
                               NULL, NULL, NULL, NULL, 0);
    long version = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
        version = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    } else {
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (state && strcmp(state, SQLSTATE_UNDEFINED_TABLE) == 0)
            version = 0;
        else
            one_line(PQresultErrorMessage(r), err, errlen);
    }
    PQclear(r);
    return version;
}

/* ------------------------------------------------------- schema check */

/* A live campus writes through captured dry runs (migration 011): a table
 * without the capture trigger would have its rows rolled back and never
 * reach MariaDB. True when every table but the pool's own has it; else
 * the tables are named in the log. */
static bool live_capture_complete(PGconn *pg)
{
    PGresult *r = PQexecParams(
        pg,
        "SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c"
        " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'"
        "   AND c.relname NOT IN ('schema_version', 'live_follow_state', 'live_write_capture')"
        "   AND NOT EXISTS (SELECT FROM pg_trigger g"
        "                    WHERE g.tgrelid = c.oid AND g.tgname = 'live_capture')",
        0, NULL, NULL, NULL, NULL, 0);
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    if (!ok)
        log_error("cannot start: live_campus is on and the capture triggers could not be "
                  "checked: %s", PQresultErrorMessage(r));
    else if (!PQgetisnull(r, 0, 0)) {
        log_error("cannot start: live_campus is on and these tables have no live_capture "
                  "trigger (migration 011), so their writes would never reach MariaDB: %s",
                  PQgetvalue(r, 0, 0));
        ok = false;
    }
    PQclear(r);
    return ok;
}

int schema_check(const config *cfg, const char *config_path)
{
    char err[512];
    PGconn *pg = connect_db(cfg, "chamilo-fcgi schema check");
    if (!pg || PQstatus(pg) != CONNECTION_OK) {
        log_warn("could not check the database schema version (%s); starting anyway: the "
                 "workers answer 503 until the database is reachable",
                 one_line(pg ? PQerrorMessage(pg) : "out of memory", err, sizeof err));
        PQfinish(pg);
        return 0;
    }
    long version = read_version(pg, err, sizeof err);
    if (version >= SCHEMA_VERSION_EXPECTED && cfg->live_campus && !live_capture_complete(pg)) {
        PQfinish(pg);
        return 1;
    }
    PQfinish(pg);
    if (version < 0) {
        log_error("cannot start: could not read the schema version of the database: %s", err);
        return 1;
    }
    if (version < SCHEMA_VERSION_EXPECTED) {
        if (version == 0)
            log_error("cannot start: the database has no schema_version table; load "
                      "sql/schema.sql into an empty database, then run: chamilo-fcgi -c %s "
                      "--migrate",
                      config_path);
        else
            log_error("cannot start: the database schema is at version %ld, this chamilo-fcgi "
                      "needs version %d; run: chamilo-fcgi -c %s --migrate",
                      version, SCHEMA_VERSION_EXPECTED, config_path);
        return 1;
    }
    return 0;
}

/* ----------------------------------------------------------- migrating */

/* NNN-what.sql: the version NNN, or -1 for a name of another shape. */
static long version_of(const char *name)
{
    const char *p = name;
    long version = 0;
    while (isdigit((unsigned char)*p)) {
        if (version > 100000000)
            return -1;
        version = version * 10 + (*p - '0');
        p++;
    }
    size_t len = strlen(name);
    if (p == name || *p != '-' || len < 5 || strcmp(name + len - 4, ".sql") != 0)
        return -1;
    return version;
}

static int by_version(const void *a, const void *b)
{
    const migration_file *x = a, *y = b;
    return (x->version > y->version) - (x->version < y->version);
}

/* The migration files of dir, sorted; *count set. NULL with a message on
 * stderr when the folder cannot be read or two files share a version. */
static migration_file *list_migrations(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "chamilo-fcgi: cannot read %s: %s\n", dir, strerror(errno));
        return NULL;
    }
    migration_file *files = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long version = version_of(e->d_name);
        if (version < 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            migration_file *grown = realloc(files, cap * sizeof *files);
            if (!grown) {
                fputs("chamilo-fcgi: out of memory\n", stderr);
                free(files);
                closedir(d);
                return NULL;
            }
            files = grown;
        }
        files[n].version = version;
        snprintf(files[n].name, sizeof files[n].name, "%s", e->d_name);
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(files, n, sizeof *files, by_version);
    for (size_t i = 1; i < n; i++) {
        if (files[i].version == files[i - 1].version) {
            fprintf(stderr, "chamilo-fcgi: %s and %s have the same version number\n",
                    files[i - 1].name, files[i].name);
            free(files);
            return NULL;
        }
    }
    *count = n;
    return files ? files : calloc(1, sizeof *files);
}

/* The whole file as a NUL-terminated string (caller frees), or NULL with a
 * message on stderr. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "chamilo-fcgi: cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    char *text = malloc((size_t)MIGRATION_MAX_BYTES + 1);
    size_t n = text ? fread(text, 1, (size_t)MIGRATION_MAX_BYTES + 1, f) : 0;
    bool failed = !text || ferror(f) || n > (size_t)MIGRATION_MAX_BYTES;
    fclose(f);
    if (failed) {
        fprintf(stderr, "chamilo-fcgi: cannot read %s (unreadable, or over %ld bytes)\n", path,
                MIGRATION_MAX_BYTES);
        free(text);
        return NULL;
    }
    text[n] = '\0';
    return text;
}

/* Runs a command without parameters; false with the message on stderr. */
static bool exec_ok(PGconn *pg, const char *sql, const char *what)
{
    PGresult *r = PQexecParams(pg, sql, 0, NULL, NULL, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        fprintf(stderr, "chamilo-fcgi: %s: %s", what, PQresultErrorMessage(r));
    PQclear(r);
    return ok;
}

/* One migration and its schema_version row, in one transaction. */
static bool apply_one(PGconn *pg, const char *dir, const migration_file *m)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", dir, m->name) >= (int)sizeof path) {
        fprintf(stderr, "chamilo-fcgi: path too long: %s/%s\n", dir, m->name);
        return false;
    }
    char *text = read_file(path);
    if (!text)
        return false;
    if (!exec_ok(pg, "BEGIN", "BEGIN")) {
        free(text);
        return false;
    }
    PGresult *r = PQexec(pg, text);
    free(text);
    ExecStatusType st = PQresultStatus(r);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
    if (!ok)
        fprintf(stderr, "chamilo-fcgi: %s failed, nothing of it was applied: %s", m->name,
                PQresultErrorMessage(r));
    PQclear(r);
    if (ok) {
        char version[24];
        snprintf(version, sizeof version, "%ld", m->version);
        const char *params[] = {version, m->name};
        r = PQexecParams(pg,
                         "INSERT INTO schema_version (version, name) VALUES ($1::integer, $2)"
                         " ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name",
                         2, NULL, params, NULL, NULL, 0);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok)
            fprintf(stderr, "chamilo-fcgi: recording %s in schema_version: %s", m->name,
                    PQresultErrorMessage(r));
        PQclear(r);
    }
    if (ok)
        ok = exec_ok(pg, "COMMIT", m->name);
    else
        exec_ok(pg, "ROLLBACK", "ROLLBACK");
    if (ok)
        printf("applied %s\n", m->name);
    return ok;
}

static int migrate_locked(PGconn *pg, const char *dir)
{
    size_t count = 0;
    migration_file *files = list_migrations(dir, &count);
    if (!files)
        return 1;
    char err[512];
    long version = read_version(pg, err, sizeof err);
    int rc = 0;
    if (version < 0) {
        fprintf(stderr, "chamilo-fcgi: reading the schema version: %s\n", err);
        rc = 1;
    } else if (version == 0) {
        fputs("chamilo-fcgi: the database has no schema_version table: load sql/schema.sql "
              "into an empty database first\n",
              stderr);
        rc = 1;
    }
    for (size_t i = 0; rc == 0 && i < count; i++) {
        if (files[i].version <= version)
            continue;
        if (!apply_one(pg, dir, &files[i]))
            rc = 1;
        else
            version = files[i].version;
    }
    free(files);
    if (rc != 0)
        return rc;
    if (version < SCHEMA_VERSION_EXPECTED) {
        fprintf(stderr,
                "chamilo-fcgi: the migrations in %s reach version %ld, this chamilo-fcgi needs "
                "%d: is this the folder installed with this binary?\n",
                dir, version, SCHEMA_VERSION_EXPECTED);
        return 1;
    }
    printf("schema at version %ld (this chamilo-fcgi needs %d)\n", version,
           SCHEMA_VERSION_EXPECTED);
    return 0;
}

int migrate_apply(const config *cfg, const char *dir)
{
    PGconn *pg = connect_db(cfg, "chamilo-fcgi --migrate");
    if (!pg || PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "chamilo-fcgi: cannot connect to the database: %s",
                pg ? PQerrorMessage(pg) : "out of memory\n");
        PQfinish(pg);
        return 1;
    }
    /* Notices (e.g. "relation already exists, skipping") stay quiet. */
    int rc = 1;
    if (exec_ok(pg, "SET client_min_messages = warning", "SET") &&
        exec_ok(pg, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", "taking the migration lock")) {
        rc = migrate_locked(pg, dir);
        exec_ok(pg, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")", "releasing the lock");
    }
    PQfinish(pg);
    return rc;
}
