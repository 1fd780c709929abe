/*
 * accesslog.h - the lines of the access log and the slow log, and the files
 * they go to.
 *
 * Both logs are JSON lines: one object per line, UTF-8-safe (any byte
 * outside printable ASCII in a string is written as \u00XX), so that `jq`,
 * Loki or a grep read them without a parser of our own. The fields are
 * documented in README.md ("Access log and slow log") and fixed here:
 *
 *   {"time":"2026-11-29T18:43:16.123Z","worker":0,"remote":"127.0.0.1",
 *    "method":"POST","campus":1,"action":"user_profile","user":1,
 *    "status":200,"error":false,"duration_ms":1.234,"bytes":321}
 *
 * The slow log has the same fields, then "db_ms" (the time spent in SQL
 * statements), "statements" (each {"name","ms","trip"} in the order they ran:
 * trip numbers the round trips to PostgreSQL, the statements of one pipeline
 * sharing theirs; "failed":true on a failed one) and "statements_dropped"
 * (statements past the recorded maximum).
 *
 * A log_file is written by one process with single write(2) calls in
 * O_APPEND mode, so lines of several workers never interleave. It is
 * reopened (for logrotate) when the generation number passed to
 * log_file_write differs from the one it was opened under.
 */
#ifndef CHAMILO_CORE_ACCESSLOG_H
#define CHAMILO_CORE_ACCESSLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest line written; longer slow-log lines lose their last statements
 * (counted in statements_dropped). Access lines are far shorter. */
#define ACCESSLOG_LINE_MAX 8192

/* Longest action name written; a longer one (clients send anything) is cut. */
#define ACCESSLOG_ACTION_MAX 64

/* One SQL statement run by a request (see db/stmt_trace.h). */
typedef struct accesslog_statement {
    const char *name;   /* the prepared statement's name */
    int64_t elapsed_us;
    bool failed;
    int round_trip;     /* 1 for the request's first round trip to PostgreSQL, ...: the
                           statements of one pipeline share it */
} accesslog_statement;

/* What is logged of one request. Strings may be NULL (written as null). */
typedef struct accesslog_record {
    int64_t time_us;      /* wall clock when the request was accepted, µs since the epoch */
    int worker;           /* the worker's slot in the pool */
    const char *remote;   /* the client: REMOTE_ADDR, or what a trusted proxy forwarded */
    const char *method;   /* REQUEST_METHOD */
    int64_t campus;       /* access URL id; 0 = none */
    const char *action;   /* the action parameter as sent */
    int64_t user;         /* the caller's user id; 0 = none */
    int status;           /* HTTP status sent; 0 = none (the client left first) */
    bool error;           /* the answer is an error ({"error":true} or a 4xx/5xx) */
    int64_t duration_us;  /* from accepting the request to having written the answer */
    size_t bytes;         /* response body bytes */
} accesslog_record;

/* Formats the access-log line of r, with its '\n', into buf (cap bytes,
 * at least 512). Returns its length (always < cap). */
size_t accesslog_format(char *buf, size_t cap, const accesslog_record *r);

/* Formats the slow-log line of r and its statements (count of them, plus
 * dropped ones not recorded) into buf (cap >= 1024). Statements that do not
 * fit are counted as dropped. Returns its length (always < cap). */
size_t slowlog_format(char *buf, size_t cap, const accesslog_record *r,
                      const accesslog_statement *statements, size_t count, size_t dropped);

/* A log destination: a file path or "stderr". */
typedef struct log_file {
    const char *path;   /* NULL or "": disabled */
    int fd;             /* -1 until opened */
    unsigned generation; /* the reopen generation it was opened under */
    bool failed;         /* the last open failed (logged once, retried next generation) */
    bool torn;           /* a short write left part of a line that could not be taken
                            back: the next line starts with a newline */
} log_file;

/* Sets f up for path ("" or NULL = disabled); opens nothing yet. */
void log_file_init(log_file *f, const char *path);

/* Opens the file once to check that it can be written (the master does this
 * at start so a wrong path stops the start). Returns 0, or -1 with a message
 * in errbuf. */
int log_file_check(const char *path, char *errbuf, size_t errlen);

/* Writes len bytes (whole lines) in one write(2), opening the file first, or
 * reopening it when generation changed. Failures are logged (once per
 * generation), never fatal: a full disk must not stop the service. A line is
 * written whole or not at all: the part of a line that a full disk cut short
 * is cut from the file again (unless another process appended after it;
 * then the next line starts with a newline, so that only the cut line is
 * lost, never the next one). */
void log_file_write(log_file *f, unsigned generation, const char *line, size_t len);

/* Closes the file (not stderr). */
void log_file_close(log_file *f);

#endif
