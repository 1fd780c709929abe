/*
 * strbuf.h - growable byte buffer whose storage lives in an arena.
 *
 * Contract: a strbuf never frees; growing copies into a larger arena chunk
 * (the old one is reclaimed with the arena). On OOM the buffer enters a
 * sticky failed state: further appends are no-ops and sb_failed() says so,
 * so a writer checks once at the end instead of after every append.
 * data is always NUL-terminated when not failed.
 */
#ifndef CHAMILO_CORE_STRBUF_H
#define CHAMILO_CORE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/arena.h"

typedef struct strbuf {
    arena *arena;
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} strbuf;

void sb_init(strbuf *sb, arena *a, size_t initial_capacity);

/* Room for n more bytes (and the NUL): returns where to write them, or NULL
 * with the buffer failed. Write at most n bytes, then sb_commit() how many. */
char *sb_reserve(strbuf *sb, size_t n);
static inline void sb_commit(strbuf *sb, size_t n)
{
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_append_slow(strbuf *sb, const char *s, size_t n);

/* Appends s[0..n). Inline when it fits: the sanitizer and the JSON encoder
 * append a few bytes at a time over whole request bodies. */
static inline void sb_append(strbuf *sb, const char *s, size_t n)
{
    if (!sb->failed && n < sb->cap - sb->len) {
        memcpy(sb->data + sb->len, s, n);
        sb->len += n;
        sb->data[sb->len] = '\0';
        return;
    }
    sb_append_slow(sb, s, n);
}

static inline void sb_putc(strbuf *sb, char c)
{
    sb_append(sb, &c, 1);
}

void sb_puts(strbuf *sb, const char *s);
/* s as one quoted element of a PostgreSQL array literal: "..." with '"' and
 * '\' escaped (the caller writes the braces and commas). */
void sb_put_array_text(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline bool sb_failed(const strbuf *sb) { return sb->failed; }

#endif
