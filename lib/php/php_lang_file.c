/*
 * php_lang_file.c - the strict reader of Chamilo's language files.
 */
#include "php/php_lang_file.h"

#include "core/hex.h"
#include "core/utf8.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    const char *s;
    size_t len, pos;
    char *buf; /* the decoded strings of one statement, len bytes at most */
    size_t used;
    char *err;
    size_t errlen;
} reader;

static int fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(reader *r, const char *fmt, ...)
{
    unsigned line = 1;
    for (size_t i = 0; i < r->pos && i < r->len; i++)
        line += r->s[i] == '\n';
    int n = snprintf(r->err, r->errlen, "line %u: ", line);
    if (n >= 0 && (size_t)n < r->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static bool at_end(const reader *r)
{
    return r->pos >= r->len;
}

static int peek(const reader *r, size_t ahead)
{
    return r->pos + ahead < r->len ? (unsigned char)r->s[r->pos + ahead] : -1;
}

static bool starts(const reader *r, const char *word)
{
    size_t n = strlen(word);
    return r->len - r->pos >= n && memcmp(r->s + r->pos, word, n) == 0;
}

/* PHP's label characters: letters, digits, '_' and every byte >= 0x80. */
static bool label_start(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch >= 0x80;
}

static bool label_char(int ch)
{
    return label_start(ch) || (ch >= '0' && ch <= '9');
}

/* Skips white space and comments. A line comment ends at the line's end or
 * before "?>", as in PHP. Returns -1 on an unterminated block comment. */
static int skip_space(reader *r)
{
    while (!at_end(r)) {
        int ch = peek(r, 0);
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
            r->pos++;
        } else if (ch == '#' || (ch == '/' && peek(r, 1) == '/')) {
            while (!at_end(r) && peek(r, 0) != '\n' && !starts(r, "?>"))
                r->pos++;
        } else if (ch == '/' && peek(r, 1) == '*') {
            const char *end = memmem(r->s + r->pos + 2, r->len - r->pos - 2, "*/", 2);
            if (!end)
                return fail(r, "unterminated comment");
            r->pos = (size_t)(end - r->s) + 2;
        } else {
            break;
        }
    }
    return 0;
}

static void put(reader *r, char ch)
{
    r->buf[r->used++] = ch; /* a decoded string is never longer than its source */
}

static int hex_value(int ch)
{
    return ch < 0 ? -1 : hex_digit_value((unsigned char)ch);
}

/* One escape of a double-quoted string; r->pos is on the backslash. */
static int read_escape(reader *r)
{
    int ch = peek(r, 1);
    static const char simple_from[] = "ntrvef\\$\"";
    static const char simple_to[] = "\n\t\r\v\x1b\f\\$\"";
    const char *hit = ch > 0 ? strchr(simple_from, ch) : NULL;
    if (hit) {
        put(r, simple_to[hit - simple_from]);
        r->pos += 2;
        return 0;
    }
    if (ch >= '0' && ch <= '7') { /* \NNN, one to three digits, modulo 256 */
        unsigned v = 0;
        size_t n = 0;
        while (n < 3 && peek(r, 1 + n) >= '0' && peek(r, 1 + n) <= '7')
            v = v * 8 + (unsigned)(peek(r, 1 + n++) - '0');
        put(r, (char)(v & 0xFF));
        r->pos += 1 + n;
        return 0;
    }
    if (ch == 'x' && hex_value(peek(r, 2)) >= 0) { /* \xH or \xHH */
        int v = hex_value(peek(r, 2));
        size_t n = 1;
        if (hex_value(peek(r, 3)) >= 0)
            v = v * 16 + hex_value(peek(r, 3)), n = 2;
        put(r, (char)v);
        r->pos += 2 + n;
        return 0;
    }
    if (ch == 'u' && peek(r, 2) == '{') { /* \u{H...}: PHP refuses a bad one at compile time */
        uint32_t cp = 0;
        size_t n = 0;
        while (hex_value(peek(r, 3 + n)) >= 0) {
            cp = cp * 16 + (uint32_t)hex_value(peek(r, 3 + n));
            if (cp > 0x10FFFF)
                return fail(r, "invalid \\u{} escape");
            n++;
        }
        if (n == 0 || peek(r, 3 + n) != '}')
            return fail(r, "invalid \\u{} escape");
        r->used += utf8_encode(cp, r->buf + r->used);
        r->pos += 4 + n;
        return 0;
    }
    put(r, '\\'); /* not an escape: the backslash stays */
    r->pos++;
    return 0;
}

/* A string literal at r->pos, decoded onto r->buf. */
static int read_string(reader *r)
{
    int quote = peek(r, 0);
    if (quote != '"' && quote != '\'') {
        if (starts(r, "<<<"))
            return fail(r, "heredoc and nowdoc strings are not read");
        return fail(r, "expected a quoted string");
    }
    r->pos++;
    for (;;) {
        if (at_end(r))
            return fail(r, "unterminated string");
        int ch = peek(r, 0);
        if (ch == quote) {
            r->pos++;
            return 0;
        }
        if (ch == '\\') {
            if (quote == '\'') {
                int next = peek(r, 1);
                if (next == '\'' || next == '\\') {
                    put(r, (char)next);
                    r->pos += 2;
                } else {
                    put(r, '\\');
                    r->pos++;
                }
            } else if (read_escape(r) != 0) {
                return -1;
            }
            continue;
        }
        bool interpolates = (ch == '$' && (label_start(peek(r, 1)) || peek(r, 1) == '{')) ||
                            (ch == '{' && peek(r, 1) == '$');
        if (quote == '"' && interpolates)
            return fail(r, "a variable interpolated into a string");
        put(r, (char)ch);
        r->pos++;
    }
}

/* `<string> ( . <string> )*`, decoded and joined onto r->buf. */
static int read_expression(reader *r)
{
    for (;;) {
        if (read_string(r) != 0 || skip_space(r) != 0)
            return -1;
        if (peek(r, 0) != '.')
            return 0;
        r->pos++;
        if (skip_space(r) != 0)
            return -1;
    }
}

/* One `$Name = expr;` or `$Name[<string>] = expr;`. */
static int read_statement(reader *r, php_lang_entry_fn on_entry, void *ctx)
{
    r->pos++; /* '$' */
    size_t name_start = r->pos;
    if (!label_start(peek(r, 0)))
        return fail(r, "expected a variable name after '$'");
    while (label_char(peek(r, 0)))
        r->pos++;
    size_t name_len = r->pos - name_start;
    if (name_len == 4 && memcmp(r->s + name_start, "this", 4) == 0)
        return fail(r, "$this cannot be assigned");
    r->used = 0;
    if (skip_space(r) != 0)
        return -1;
    bool element = false;
    if (peek(r, 0) == '[') {
        element = true;
        r->pos++;
        if (skip_space(r) != 0 || read_string(r) != 0 || skip_space(r) != 0)
            return -1;
        if (peek(r, 0) != ']')
            return fail(r, "expected ']'");
        r->pos++;
        if (skip_space(r) != 0)
            return -1;
    }
    if (peek(r, 0) != '=' || peek(r, 1) == '=')
        return fail(r, "expected '=' after the variable name");
    r->pos++;
    if (skip_space(r) != 0)
        return -1;
    r->used = 0;
    if (read_expression(r) != 0)
        return -1;
    if (peek(r, 0) != ';')
        return fail(r, "expected ';' after the string");
    r->pos++;
    if (!element && !on_entry(ctx, r->s + name_start, name_len, r->buf, r->used))
        return fail(r, "stopped by the reader");
    return 0;
}

int php_lang_file_read(const char *text, size_t len, php_lang_entry_fn on_entry, void *ctx,
                       char *err, size_t errlen)
{
    if (errlen > 0)
        err[0] = '\0';
    reader r = {.s = text, .len = len, .err = err, .errlen = errlen};
    if (!starts(&r, "<?php") ||
        (len > 5 && !(text[5] == ' ' || text[5] == '\t' || text[5] == '\n' || text[5] == '\r')))
        return fail(&r, "the file does not start with \"<?php\"");
    r.buf = malloc(len ? len : 1);
    if (!r.buf) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    r.pos = 5;
    int rc = 0;
    for (;;) {
        if ((rc = skip_space(&r)) != 0)
            break;
        if (at_end(&r))
            break;
        if (starts(&r, "?>")) {
            /* PHP prints what follows, except one newline right after. */
            r.pos += 2;
            if (starts(&r, "\r\n"))
                r.pos += 2;
            else if (starts(&r, "\n"))
                r.pos++;
            if (!at_end(&r))
                rc = fail(&r, "text after \"?>\"");
            break;
        }
        if (peek(&r, 0) != '$') {
            rc = fail(&r, "expected a $variable assignment");
            break;
        }
        if ((rc = read_statement(&r, on_entry, ctx)) != 0)
            break;
    }
    free(r.buf);
    return rc;
}
