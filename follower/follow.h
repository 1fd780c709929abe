/* follow.h - chamilo-fcgi-follow: MariaDB's binlog (ROW format) applied to
 * our PostgreSQL tables, one PostgreSQL transaction per MariaDB transaction,
 * the GTID position committed with it (docs/live-campus.md).
 *
 * Ownership: a txn_buf owns every value of the transaction being read (one
 * arena, emptied after the transaction is applied or abandoned). A
 * pg_table is owned by the follower's table list and lives as long as the
 * PostgreSQL connection's catalog does (rebuilt after a reconnect). */
#ifndef FOLLOW_H
#define FOLLOW_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

/* Exit statuses: 0 stopped on request, 1 a start-up or prerequisite
 * failure, 2 usage, 3 stopped on something an operator must resolve
 * (a schema change, a value PostgreSQL cannot hold). */
enum { EXIT_STOPPED = 0, EXIT_START = 1, EXIT_USAGE = 2, EXIT_RESYNC = 3 };

void follow_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the transaction being read: an arena of values and a list of row changes */
typedef struct arena_chunk arena_chunk;
typedef struct {
    arena_chunk *head;
} txn_arena;
void *txn_alloc(txn_arena *a, size_t size);
void txn_arena_reset(txn_arena *a);

/* A PostgreSQL table we follow, with its columns as the catalog gives them. */
typedef struct pg_table {
    char *name;
    int ncols;
    char **cols;
    int *not_null;    /* per column */
    int *is_date;     /* per column: 1 date/timestamp (zero dates apply), else 0 */
    Oid *types;       /* per column: its type, the type of its statement parameters */
    int npk;
    int *pk;          /* column indexes of the primary key, in key order */
    /* The mapping of the first table map seen for it: binlog column i goes to
     * PostgreSQL column map[i] (-1: a column we do not have). A later table map
     * that maps differently is a schema change. */
    int map_ncols;
    int *map;
    int *used;        /* per PostgreSQL column: 1 when some binlog column fills it */
    int nused;
    int identity;     /* the column filled by a sequence (an identity column), or -1 */
    long long txn_max_id; /* while a transaction is applied: its largest new identity value */
    int prepared;     /* statements prepared on the current connection */
    char stmt_insert[32], stmt_update[32], stmt_delete[32];
    struct pg_table *next;
} pg_table;

typedef enum { OP_INSERT, OP_UPDATE, OP_DELETE } op_kind;

/* One row change: values per PostgreSQL column (NULL: SQL NULL; only the
 * `used` columns are set). `key` is the row's key before the change
 * (update, delete), `vals` its values after (insert, update). */
typedef struct row_op {
    op_kind kind;
    pg_table *table;
    char **key;
    char **vals;
    const char *reject;   /* set: the row cannot be held (the reason) */
    struct row_op *next;
} row_op;

typedef struct {
    txn_arena arena;
    row_op *first, *last;
    unsigned count;
} txn_buf;

/* ---- binlog table maps and row images (row_image.c) */
typedef struct table_map {
    uint64_t table_id;
    char *db, *name;
    unsigned ncols;
    uint8_t *types;       /* real types (CHAR's real type unpacked from its metadata) */
    uint16_t *meta;
    uint8_t *is_unsigned;
    char **colnames;
} table_map;

/* Decodes a TABLE_MAP event's parts into tm (malloc'd; table_map_free).
 * Returns 0, or -1 with *why set (no column names: binlog_row_metadata is
 * not FULL; a malformed map). */
int table_map_decode(table_map *tm, uint64_t table_id, const char *db, size_t dblen,
                     const char *name, size_t namelen, const uint8_t *types, unsigned ncols,
                     const uint8_t *meta, size_t metalen, const uint8_t *signedness,
                     const uint8_t *names, size_t nameslen, const char **why);
void table_map_free(table_map *tm);

/* Decodes the rows of a rows event (row data after the column bitmaps) into
 * row_ops appended to txn. Columns go to the table's PostgreSQL columns by
 * its map. Returns 0, or -1 with why (a buffer of whylen bytes) filled. */
int rows_decode(txn_buf *txn, const table_map *tm, pg_table *t, op_kind kind,
                unsigned ncols, const uint8_t *present, const uint8_t *present_after,
                const uint8_t *data, size_t len, char *why, size_t whylen);

/* ---- PostgreSQL (pg_apply.c) */
typedef struct {
    PGconn *conn;
    pg_table *tables;
} pg_side;

int pg_connect(pg_side *pg, const char *conninfo);
void pg_disconnect(pg_side *pg);
pg_table *pg_find_table(pg_side *pg, const char *name, size_t len);
/* Reads the recorded position: 1 found (*gtid malloc'd), 0 none, -1 error. */
int pg_read_position(pg_side *pg, char **gtid);
/* Records the first position; refuses (returns -1) when one exists and
 * replace is 0. */
int pg_init_position(pg_side *pg, const char *gtid, int replace);
/* Applies txn and records gtid_pos in one transaction. Returns 0 applied,
 * -1 a connection or server failure (nothing applied: retry later), -2 a
 * refusal an operator must resolve (logged). */
int pg_apply(pg_side *pg, txn_buf *txn, const char *gtid_pos, const char *where,
             long long source_commit_at);
/* Records a position alone (a transaction that changes nothing we follow)
 * or, with gtid_pos NULL, that the follower is caught up. */
int pg_record(pg_side *pg, const char *gtid_pos, long long source_commit_at);

#endif
