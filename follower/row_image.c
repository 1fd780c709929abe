/* row_image.c - MariaDB's table maps and row images, decoded from the bytes
 * of the binlog (Connector/C 3.3's mariadb_rpl_extract_rows cannot read the
 * row events MariaDB 10.11 writes: docs/live-campus.md lists the types
 * decoded here). Every value becomes PostgreSQL's text for it. */
#include "follow.h"

#include <inttypes.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct arena_chunk {
    arena_chunk *next;
    size_t used, size;
    max_align_t data[];
};

void *txn_alloc(txn_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t want = size > 65536 ? size : 65536;
        c = malloc(sizeof *c + want);
        if (!c) {
            follow_log("out of memory (%zu bytes for a transaction's rows)", size);
            exit(EXIT_START);
        }
        c->next = a->head;
        c->used = 0;
        c->size = want;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    return p;
}

void txn_arena_reset(txn_arena *a)
{
    while (a->head) {
        arena_chunk *next = a->head->next;
        free(a->head);
        a->head = next;
    }
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        follow_log("out of memory");
        exit(EXIT_START);
    }
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xcalloc(n + 1, 1);
    memcpy(p, s, n);
    return p;
}

/* A length-encoded integer of the binlog's optional metadata. */
static int packed_len(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    if (*p >= end)
        return -1;
    uint8_t b = *(*p)++;
    int n = b < 251 ? 0 : b == 252 ? 2 : b == 253 ? 3 : b == 254 ? 8 : -1;
    if (n < 0)
        return -1;
    if (n == 0) {
        *out = b;
        return 0;
    }
    if (end - *p < n)
        return -1;
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v |= (uint64_t)(*p)[i] << (8 * i);
    *p += n;
    *out = v;
    return 0;
}

static int is_numeric(uint8_t type)
{
    switch (type) {
    case MYSQL_TYPE_TINY: case MYSQL_TYPE_SHORT: case MYSQL_TYPE_INT24: case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG: case MYSQL_TYPE_FLOAT: case MYSQL_TYPE_DOUBLE:
    case MYSQL_TYPE_NEWDECIMAL: case MYSQL_TYPE_DECIMAL: case MYSQL_TYPE_YEAR:
        return 1;
    default:
        return 0;
    }
}

int table_map_decode(table_map *tm, uint64_t table_id, const char *db, size_t dblen,
                     const char *name, size_t namelen, const uint8_t *types, unsigned ncols,
                     const uint8_t *meta, size_t metalen, const uint8_t *signedness,
                     const uint8_t *names, size_t nameslen, const char **why)
{
    memset(tm, 0, sizeof *tm);
    tm->table_id = table_id;
    tm->db = xstrndup(db, dblen);
    tm->name = xstrndup(name, namelen);
    tm->ncols = ncols;
    tm->types = xcalloc(ncols, 1);
    tm->meta = xcalloc(ncols, sizeof *tm->meta);
    tm->is_unsigned = xcalloc(ncols, 1);
    tm->colnames = xcalloc(ncols, sizeof *tm->colnames);
    size_t m = 0;
    unsigned numeric = 0;
    for (unsigned i = 0; i < ncols; i++) {
        uint8_t t = types[i];
        uint16_t v = 0;
        size_t need = 0;
        switch (t) {
        case MYSQL_TYPE_FLOAT: case MYSQL_TYPE_DOUBLE: case MYSQL_TYPE_BLOB:
        case MYSQL_TYPE_GEOMETRY: case MYSQL_TYPE_JSON: case MYSQL_TYPE_TIMESTAMP2:
        case MYSQL_TYPE_DATETIME2: case MYSQL_TYPE_TIME2:
            need = 1;
            break;
        case MYSQL_TYPE_VARCHAR: case MYSQL_TYPE_VAR_STRING: case MYSQL_TYPE_BIT:
        case MYSQL_TYPE_NEWDECIMAL: case MYSQL_TYPE_STRING: case MYSQL_TYPE_ENUM:
        case MYSQL_TYPE_SET:
            need = 2;
            break;
        default:
            need = 0;
        }
        if (m + need > metalen) {
            *why = "malformed table map (column metadata too short)";
            return -1;
        }
        if (need == 1)
            v = meta[m];
        else if (need == 2 && (t == MYSQL_TYPE_VARCHAR || t == MYSQL_TYPE_VAR_STRING || t == MYSQL_TYPE_BIT))
            v = (uint16_t)(meta[m] | meta[m + 1] << 8);
        else if (need == 2)
            v = (uint16_t)(meta[m] << 8 | meta[m + 1]);
        m += need;
        tm->types[i] = t;
        tm->meta[i] = v;
        if (is_numeric(t)) {
            /* One bit per numeric column, most significant first: 1 unsigned. */
            if (signedness)
                tm->is_unsigned[i] = (uint8_t)((signedness[numeric / 8] >> (7 - numeric % 8)) & 1);
            numeric++;
        }
    }
    if (!names || nameslen == 0) {
        *why = "the table map has no column names: binlog_row_metadata must be FULL";
        return -1;
    }
    const uint8_t *p = names, *end = names + nameslen;
    for (unsigned i = 0; i < ncols; i++) {
        uint64_t len;
        if (packed_len(&p, end, &len) != 0 || (uint64_t)(end - p) < len) {
            *why = "malformed column names in the table map";
            return -1;
        }
        tm->colnames[i] = xstrndup((const char *)p, (size_t)len);
        p += len;
    }
    return 0;
}

void table_map_free(table_map *tm)
{
    if (tm->colnames)
        for (unsigned i = 0; i < tm->ncols; i++)
            free(tm->colnames[i]);
    free(tm->colnames);
    free(tm->db);
    free(tm->name);
    free(tm->types);
    free(tm->meta);
    free(tm->is_unsigned);
    memset(tm, 0, sizeof *tm);
}

/* ---- value decoding */

typedef struct {
    const uint8_t *p, *end;
} cursor;

static int take(cursor *c, size_t n, const uint8_t **out)
{
    if ((size_t)(c->end - c->p) < n)
        return -1;
    *out = c->p;
    c->p += n;
    return 0;
}

static uint64_t le(const uint8_t *b, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static uint64_t be(const uint8_t *b, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | b[i];
    return v;
}

/* The fraction of DATETIME2/TIMESTAMP2/TIME2, in microseconds. */
static int fraction(cursor *c, unsigned fsp, unsigned *usec)
{
    const uint8_t *b;
    unsigned n = (fsp + 1) / 2;
    *usec = 0;
    if (n == 0)
        return 0;
    if (take(c, n, &b) != 0)
        return -1;
    uint64_t v = be(b, (int)n);
    *usec = (unsigned)(n == 1 ? v * 10000 : n == 2 ? v * 100 : v);
    return 0;
}

static const int DIG2BYTES[10] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

/* MariaDB's binary DECIMAL(precision, scale) as decimal text into out. */
static int decimal_text(cursor *c, unsigned precision, unsigned scale, char *out, size_t outlen)
{
    unsigned intg = precision - scale, intg0 = intg / 9, intg0x = intg % 9;
    unsigned frac0 = scale / 9, frac0x = scale % 9;
    size_t size = intg0 * 4 + (size_t)DIG2BYTES[intg0x] + frac0 * 4 + (size_t)DIG2BYTES[frac0x];
    const uint8_t *raw;
    if (precision < scale || precision > 65 || take(c, size, &raw) != 0)
        return -1;
    uint8_t buf[40];
    if (size > sizeof buf)
        return -1;
    memcpy(buf, raw, size);
    uint8_t mask = (buf[0] & 0x80) ? 0 : 0xff;
    buf[0] ^= 0x80;
    for (size_t i = 0; i < size; i++)
        buf[i] ^= mask;
    size_t o = 0, at = 0;
    int started = 0;
    char tmp[16];
    if (mask)
        out[o++] = '-';
    if (intg0x) {
        int nb = DIG2BYTES[intg0x];
        uint64_t v = be(buf, nb);
        at += (size_t)nb;
        if (v) {
            o += (size_t)snprintf(out + o, outlen - o, "%" PRIu64, v);
            started = 1;
        }
    }
    for (unsigned i = 0; i < intg0; i++, at += 4) {
        uint64_t v = be(buf + at, 4);
        if (started)
            o += (size_t)snprintf(out + o, outlen - o, "%09" PRIu64, v);
        else if (v) {
            o += (size_t)snprintf(out + o, outlen - o, "%" PRIu64, v);
            started = 1;
        }
    }
    if (!started)
        out[o++] = '0';
    if (scale) {
        out[o++] = '.';
        for (unsigned i = 0; i < frac0; i++, at += 4) {
            snprintf(tmp, sizeof tmp, "%09" PRIu64, be(buf + at, 4));
            memcpy(out + o, tmp, 9);
            o += 9;
        }
        if (frac0x) {
            snprintf(tmp, sizeof tmp, "%0*" PRIu64, (int)frac0x, be(buf + at, DIG2BYTES[frac0x]));
            memcpy(out + o, tmp, frac0x);
            o += frac0x;
        }
    }
    out[o] = '\0';
    return 0;
}

static void date_text(char *out, size_t n, unsigned y, unsigned mo, unsigned d, unsigned h,
                      unsigned mi, unsigned s, unsigned usec, int with_time)
{
    if (!with_time)
        snprintf(out, n, "%04u-%02u-%02u", y, mo, d);
    else if (usec)
        snprintf(out, n, "%04u-%02u-%02u %02u:%02u:%02u.%06u", y, mo, d, h, mi, s, usec);
    else
        snprintf(out, n, "%04u-%02u-%02u %02u:%02u:%02u", y, mo, d, h, mi, s);
}

typedef struct {
    const char *text;     /* NUL-terminated; NULL for SQL NULL */
    size_t len;
    int zero_date;        /* a MySQL zero or partial-zero date */
} value;

/* One value of column i. Text values point into the row data (then
 * `borrowed`, copied by the caller) or into scratch. */
static int decode_value(cursor *c, const table_map *tm, unsigned i, value *v, char *scratch,
                        size_t scratchlen, int *borrowed, char *why, size_t whylen)
{
    uint8_t t = tm->types[i];
    uint16_t meta = tm->meta[i];
    const uint8_t *b;
    *borrowed = 0;
    v->zero_date = 0;
    v->text = scratch;
    switch (t) {
    case MYSQL_TYPE_TINY: case MYSQL_TYPE_SHORT: case MYSQL_TYPE_INT24: case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG: {
        int n = t == MYSQL_TYPE_TINY ? 1 : t == MYSQL_TYPE_SHORT ? 2 : t == MYSQL_TYPE_INT24 ? 3
              : t == MYSQL_TYPE_LONG ? 4 : 8;
        if (take(c, (size_t)n, &b) != 0)
            goto short_row;
        uint64_t u = le(b, n);
        if (tm->is_unsigned[i])
            snprintf(scratch, scratchlen, "%" PRIu64, u);
        else {
            if (n < 8 && (u >> (8 * n - 1)) & 1)
                u |= ~(uint64_t)0 << (8 * n);
            snprintf(scratch, scratchlen, "%" PRId64, (int64_t)u);
        }
        break;
    }
    case MYSQL_TYPE_YEAR:
        if (take(c, 1, &b) != 0)
            goto short_row;
        snprintf(scratch, scratchlen, "%u", b[0] ? 1900u + b[0] : 0u);
        break;
    case MYSQL_TYPE_FLOAT: {
        float f;
        if (take(c, 4, &b) != 0)
            goto short_row;
        memcpy(&f, b, 4);
        snprintf(scratch, scratchlen, "%.9g", (double)f);
        break;
    }
    case MYSQL_TYPE_DOUBLE: {
        double d;
        if (take(c, 8, &b) != 0)
            goto short_row;
        memcpy(&d, b, 8);
        snprintf(scratch, scratchlen, "%.17g", d);
        break;
    }
    case MYSQL_TYPE_NEWDECIMAL:
        if (decimal_text(c, meta >> 8, meta & 0xff, scratch, scratchlen) != 0)
            goto short_row;
        break;
    case MYSQL_TYPE_VARCHAR: case MYSQL_TYPE_VAR_STRING: case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_BLOB: case MYSQL_TYPE_JSON: {
        int lenbytes;
        if (t == MYSQL_TYPE_STRING) {
            unsigned real = meta >> 8, maxlen = meta & 0xff;
            if ((real & 0x30) != 0x30) {
                maxlen |= ((real & 0x30) ^ 0x30) << 4;
                real |= 0x30;
            }
            if (real == MYSQL_TYPE_ENUM || real == MYSQL_TYPE_SET) {
                snprintf(why, whylen, "column %s.%s is an %s, which the follower does not decode",
                         tm->name, tm->colnames[i], real == MYSQL_TYPE_ENUM ? "ENUM" : "SET");
                return -1;
            }
            lenbytes = maxlen > 255 ? 2 : 1;
        } else if (t == MYSQL_TYPE_BLOB || t == MYSQL_TYPE_JSON)
            lenbytes = meta;
        else
            lenbytes = meta > 255 ? 2 : 1;
        if (lenbytes < 1 || lenbytes > 4 || take(c, (size_t)lenbytes, &b) != 0)
            goto short_row;
        uint64_t len = le(b, lenbytes);
        if (take(c, (size_t)len, &b) != 0)
            goto short_row;
        if (memchr(b, '\0', (size_t)len)) {
            snprintf(why, whylen, "a NUL byte in %s.%s, which PostgreSQL text cannot hold",
                     tm->name, tm->colnames[i]);
            return -2;
        }
        v->text = (const char *)b;
        v->len = (size_t)len;
        *borrowed = 1;
        return 0;
    }
    case MYSQL_TYPE_DATE: case MYSQL_TYPE_NEWDATE: {
        if (take(c, 3, &b) != 0)
            goto short_row;
        unsigned d = (unsigned)le(b, 3);
        unsigned y = d >> 9, mo = (d >> 5) & 15, dd = d & 31;
        v->zero_date = y == 0 || mo == 0 || dd == 0;
        date_text(scratch, scratchlen, y, mo, dd, 0, 0, 0, 0, 0);
        break;
    }
    case MYSQL_TYPE_DATETIME: {
        if (take(c, 8, &b) != 0)
            goto short_row;
        uint64_t x = le(b, 8);
        unsigned s = (unsigned)(x % 100), mi = (unsigned)(x / 100 % 100), h = (unsigned)(x / 10000 % 100);
        unsigned d = (unsigned)(x / 1000000 % 100), mo = (unsigned)(x / 100000000 % 100);
        unsigned y = (unsigned)(x / 10000000000ULL);
        v->zero_date = y == 0 || mo == 0 || d == 0;
        date_text(scratch, scratchlen, y, mo, d, h, mi, s, 0, 1);
        break;
    }
    case MYSQL_TYPE_DATETIME2: {
        unsigned usec;
        if (take(c, 5, &b) != 0 || fraction(c, meta, &usec) != 0)
            goto short_row;
        uint64_t x = be(b, 5) - 0x8000000000ULL;
        uint64_t ymd = x >> 17, ym = ymd >> 5, hms = x & 0x1ffff;
        unsigned y = (unsigned)(ym / 13), mo = (unsigned)(ym % 13), d = (unsigned)(ymd & 31);
        v->zero_date = y == 0 || mo == 0 || d == 0;
        date_text(scratch, scratchlen, y, mo, d, (unsigned)(hms >> 12), (unsigned)((hms >> 6) & 63),
                  (unsigned)(hms & 63), usec, 1);
        break;
    }
    case MYSQL_TYPE_TIMESTAMP: case MYSQL_TYPE_TIMESTAMP2: {
        unsigned usec = 0;
        if (take(c, 4, &b) != 0)
            goto short_row;
        time_t secs = (time_t)(t == MYSQL_TYPE_TIMESTAMP ? le(b, 4) : be(b, 4));
        if (t == MYSQL_TYPE_TIMESTAMP2 && fraction(c, meta, &usec) != 0)
            goto short_row;
        if (secs == 0) {
            v->zero_date = 1;
            snprintf(scratch, scratchlen, "0000-00-00 00:00:00");
            break;
        }
        struct tm utc;
        gmtime_r(&secs, &utc);
        date_text(scratch, scratchlen, (unsigned)utc.tm_year + 1900, (unsigned)utc.tm_mon + 1,
                  (unsigned)utc.tm_mday, (unsigned)utc.tm_hour, (unsigned)utc.tm_min,
                  (unsigned)utc.tm_sec, usec, 1);
        break;
    }
    case MYSQL_TYPE_TIME: {
        if (take(c, 3, &b) != 0)
            goto short_row;
        int64_t x = (int64_t)le(b, 3);
        if (x & 0x800000)
            x -= 0x1000000;
        int neg = x < 0;
        uint64_t a = (uint64_t)(neg ? -x : x);
        snprintf(scratch, scratchlen, "%s%02u:%02u:%02u", neg ? "-" : "", (unsigned)(a / 10000),
                 (unsigned)(a / 100 % 100), (unsigned)(a % 100));
        break;
    }
    case MYSQL_TYPE_TIME2: {
        unsigned nfrac = (meta + 1) / 2;
        if (take(c, 3 + nfrac, &b) != 0)
            goto short_row;
        int64_t x = (int64_t)be(b, (int)(3 + nfrac)) - ((int64_t)0x800000 << (8 * nfrac));
        int neg = x < 0;
        uint64_t a = (uint64_t)(neg ? -x : x);
        uint64_t hms = a >> (8 * nfrac), frac = a & ((1ULL << (8 * nfrac)) - 1);
        unsigned usec = (unsigned)(nfrac == 1 ? frac * 10000 : nfrac == 2 ? frac * 100 : frac);
        snprintf(scratch, scratchlen, usec ? "%s%02u:%02u:%02u.%06u" : "%s%02u:%02u:%02u",
                 neg ? "-" : "", (unsigned)((hms >> 12) & 0x3ff), (unsigned)((hms >> 6) & 63),
                 (unsigned)(hms & 63), usec);
        break;
    }
    default:
        snprintf(why, whylen, "column %s.%s has binlog type %u, which the follower does not decode"
                 " (docs/live-campus.md lists the types it does)", tm->name, tm->colnames[i], t);
        return -1;
    }
    v->len = strlen(scratch);
    return 0;
short_row:
    snprintf(why, whylen, "malformed row image of %s (column %s)", tm->name, tm->colnames[i]);
    return -1;
}

static char *txn_strdup(txn_buf *txn, const char *s, size_t n)
{
    char *p = txn_alloc(&txn->arena, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* One row image into a fresh array of the table's values. */
static int image_decode(txn_buf *txn, cursor *c, const table_map *tm, pg_table *t,
                        const uint8_t *present, char ***out, const char **reject, char *why,
                        size_t whylen)
{
    unsigned npresent = 0;
    for (unsigned i = 0; i < tm->ncols; i++)
        npresent += (present[i / 8] >> (i % 8)) & 1;
    const uint8_t *nulls;
    if (take(c, (npresent + 7) / 8, &nulls) != 0) {
        snprintf(why, whylen, "malformed row image of %s (NULL bitmap)", tm->name);
        return -1;
    }
    char **vals = txn_alloc(&txn->arena, sizeof *vals * (size_t)t->ncols);
    memset(vals, 0, sizeof *vals * (size_t)t->ncols);
    unsigned k = 0;
    char scratch[128];
    for (unsigned i = 0; i < tm->ncols; i++) {
        if (!((present[i / 8] >> (i % 8)) & 1))
            continue;
        int is_null = (nulls[k / 8] >> (k % 8)) & 1;
        k++;
        if (is_null)
            continue;
        value v;
        int borrowed;
        int rc = decode_value(c, tm, i, &v, scratch, sizeof scratch, &borrowed, why, whylen);
        if (rc != 0)
            return rc;
        int col = (int)i < t->map_ncols ? t->map[i] : -1;
        if (col < 0)
            continue;
        if (v.zero_date && t->is_date[col]) {
            if (t->not_null[col]) {
                char *r = txn_alloc(&txn->arena, 160);
                snprintf(r, 160, "zero date in NOT NULL column %s", t->cols[col]);
                *reject = r;
            }
            continue;   /* NULL where the column allows it */
        }
        vals[col] = txn_strdup(txn, v.text, v.len);
    }
    *out = vals;
    return 0;
}

int rows_decode(txn_buf *txn, const table_map *tm, pg_table *t, op_kind kind, unsigned ncols,
                const uint8_t *present, const uint8_t *present_after, const uint8_t *data,
                size_t len, char *why, size_t whylen)
{
    if (ncols != tm->ncols) {
        snprintf(why, whylen, "rows event of %s has %u columns, its table map %u", tm->name, ncols,
                 tm->ncols);
        return -1;
    }
    cursor c = {data, data + len};
    while (c.p < c.end) {
        row_op *op = txn_alloc(&txn->arena, sizeof *op);
        memset(op, 0, sizeof *op);
        op->kind = kind;
        op->table = t;
        char **first;
        int rc = image_decode(txn, &c, tm, t, present, &first, &op->reject, why, whylen);
        if (rc != 0)
            return rc;
        if (kind == OP_INSERT)
            op->vals = first;
        else
            op->key = first;
        if (kind == OP_UPDATE) {
            op->reject = NULL;  /* what counts is the row after the change */
            rc = image_decode(txn, &c, tm, t, present_after ? present_after : present, &op->vals,
                              &op->reject, why, whylen);
            if (rc != 0)
                return rc;
        }
        if (kind == OP_DELETE)
            op->reject = NULL;  /* a row that goes needs only its key */
        if (txn->last)
            txn->last->next = op;
        else
            txn->first = op;
        txn->last = op;
        txn->count++;
    }
    return 0;
}
