/*
 * accesslog.c - see accesslog.h for the contract and the format.
 */
#include "core/accesslog.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

/* ------------------------------------------------------------ formatting */

/* A line being built in a caller's buffer. Appends that do not fit set
 * `full` and leave the text unchanged; RESERVE bytes stay free for the
 * closing "}\n" and its NUL. */
typedef struct line {
    char *buf;
    size_t cap;
    size_t len;
    bool full;
} line;

#define RESERVE 3

static void put(line *l, const char *s, size_t n)
{
    if (l->full || l->len + n + RESERVE > l->cap) {
        l->full = true;
        return;
    }
    memcpy(l->buf + l->len, s, n);
    l->len += n;
    l->buf[l->len] = '\0';
}

static void puts_(line *l, const char *s)
{
    put(l, s, strlen(s));
}

static void putf(line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(line *l, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        l->full = true;
        return;
    }
    put(l, tmp, (size_t)n);
}

/* A JSON string, at most max bytes of s, or null. Printable ASCII is
 * copied; '"' and '\\' are escaped; every other byte becomes \u00XX, so
 * the line stays valid JSON and valid UTF-8 whatever a client sent. */
static void put_string(line *l, const char *s, size_t max)
{
    if (!s) {
        puts_(l, "null");
        return;
    }
    static const char hex[] = "0123456789abcdef";
    size_t n = strnlen(s, max);
    puts_(l, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[6] = {'\\', (char)c};
        if (c == '"' || c == '\\') {
            put(l, esc, 2);
        } else if (c >= 0x20 && c < 0x7f) {
            put(l, esc + 1, 1);
        } else {
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            put(l, esc, 6);
        }
    }
    puts_(l, "\"");
}

/* Milliseconds with three decimals, from microseconds. */
static void put_ms(line *l, int64_t us)
{
    if (us < 0)
        us = 0;
    putf(l, "%" PRId64 ".%03" PRId64, us / 1000, us % 1000);
}

static void put_time(line *l, int64_t time_us)
{
    time_t secs = (time_t)(time_us / 1000000);
    struct tm tm;
    char stamp[32];
    if (!gmtime_r(&secs, &tm) || strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
        puts_(l, "null");
        return;
    }
    putf(l, "\"%s.%03dZ\"", stamp, (int)((time_us / 1000) % 1000));
}

/* The fields common to both logs, without the braces. */
static void put_common(line *l, const accesslog_record *r)
{
    puts_(l, "\"time\":");
    put_time(l, r->time_us);
    putf(l, ",\"worker\":%d,\"remote\":", r->worker);
    put_string(l, r->remote, 64);
    puts_(l, ",\"method\":");
    put_string(l, r->method, 16);
    putf(l, ",\"campus\":%" PRId64 ",\"action\":", r->campus);
    put_string(l, r->action, ACCESSLOG_ACTION_MAX);
    putf(l, ",\"user\":%" PRId64 ",\"status\":%d,\"error\":%s,\"duration_ms\":", r->user,
         r->status, r->error ? "true" : "false");
    put_ms(l, r->duration_us);
    putf(l, ",\"bytes\":%zu", r->bytes);
}

/* Closes the object; RESERVE guarantees the room. */
static size_t finish(line *l)
{
    memcpy(l->buf + l->len, "}\n", 3);
    return l->len + 2;
}

size_t accesslog_format(char *buf, size_t cap, const accesslog_record *r)
{
    line l = {.buf = buf, .cap = cap};
    puts_(&l, "{");
    put_common(&l, r);
    return finish(&l);
}

size_t slowlog_format(char *buf, size_t cap, const accesslog_record *r,
                      const accesslog_statement *statements, size_t count, size_t dropped)
{
    /* Room kept for the tail: "],\"statements_dropped\":N". */
    const size_t tail = 48;
    line l = {.buf = buf, .cap = cap > tail ? cap - tail : 0};
    puts_(&l, "{");
    put_common(&l, r);
    int64_t db_us = 0;
    for (size_t i = 0; i < count; i++)
        db_us += statements[i].elapsed_us;
    puts_(&l, ",\"db_ms\":");
    put_ms(&l, db_us);
    puts_(&l, ",\"statements\":[");
    for (size_t i = 0; i < count; i++) {
        size_t before = l.len;
        if (i > 0)
            puts_(&l, ",");
        puts_(&l, "{\"name\":");
        put_string(&l, statements[i].name, 128);
        puts_(&l, ",\"ms\":");
        put_ms(&l, statements[i].elapsed_us);
        putf(&l, ",\"trip\":%d", statements[i].round_trip);
        if (statements[i].failed)
            puts_(&l, ",\"failed\":true");
        puts_(&l, "}");
        if (l.full) {
            /* Cut at the last whole statement. */
            l.len = before;
            l.buf[l.len] = '\0';
            dropped += count - i;
            break;
        }
    }
    l.cap = cap;
    l.full = false;
    putf(&l, "],\"statements_dropped\":%zu", dropped);
    return finish(&l);
}

/* ----------------------------------------------------------------- files */

static bool is_stderr(const char *path)
{
    return strcmp(path, "stderr") == 0;
}

static int open_append(const char *path)
{
    return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
}

void log_file_init(log_file *f, const char *path)
{
    f->path = path && *path ? path : NULL;
    f->fd = -1;
    f->generation = 0;
    f->failed = false;
    f->torn = false;
}

int log_file_check(const char *path, char *errbuf, size_t errlen)
{
    if (!path || !*path || is_stderr(path))
        return 0;
    int fd = open_append(path);
    if (fd < 0) {
        snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    close(fd);
    return 0;
}

void log_file_close(log_file *f)
{
    if (f->fd > 2)
        close(f->fd);
    f->fd = -1;
}

/* Takes back the n bytes a short write appended (the disk filled up in the
 * middle of a line): the file is cut back to where they start, unless
 * someone appended after them (then cutting would lose their line) or the
 * destination cannot be cut (stderr, a pipe). Returns false when the piece
 * stays. */
static bool take_back(int fd, size_t n)
{
    off_t end = lseek(fd, 0, SEEK_CUR); /* O_APPEND: just past our bytes */
    struct stat st;
    if (end < (off_t)n || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != end)
        return false;
    return ftruncate(fd, end - (off_t)n) == 0;
}

void log_file_write(log_file *f, unsigned generation, const char *text, size_t len)
{
    if (!f->path)
        return;
    if (f->fd < 0 || (f->generation != generation && !is_stderr(f->path))) {
        if (f->failed && f->generation == generation)
            return; /* already reported; retried after the next reopen signal */
        log_file_close(f);
        f->generation = generation;
        f->fd = is_stderr(f->path) ? STDERR_FILENO : open_append(f->path);
        f->failed = f->fd < 0;
        if (f->failed) {
            log_error("cannot open %s: %s (lines are dropped until the next SIGHUP)", f->path,
                      strerror(errno));
            return;
        }
        struct stat st;
        if (f->torn && fstat(f->fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
            f->torn = false; /* a new file: the piece stayed in the old one */
    }
    /* A piece left by an earlier short write is ended first, in the same
     * write(2), so that this line starts a line of its own. */
    struct iovec iov[2] = {{.iov_base = (char *)"\n", .iov_len = 1},
                           {.iov_base = (void *)(uintptr_t)text, .iov_len = len}};
    int first = f->torn ? 0 : 1;
    size_t total = len + (f->torn ? 1 : 0);
    ssize_t n;
    do {
        n = writev(f->fd, iov + first, 2 - first);
    } while (n < 0 && errno == EINTR);
    if (n > 0 && (size_t)n < total) {
        /* Whole lines or nothing: the piece is taken back; if it cannot be,
         * the next line starts with a newline instead. */
        if (!take_back(f->fd, (size_t)n))
            f->torn = true;
        else if (first == 0)
            f->torn = true; /* our newline went with it: the old piece is still open */
        errno = ENOSPC;
        n = -1;
    } else if (n > 0) {
        f->torn = false;
    }
    if (n < 0 && !f->failed) {
        f->failed = true;
        log_error("cannot write to %s: %s", f->path, strerror(errno));
    }
}
