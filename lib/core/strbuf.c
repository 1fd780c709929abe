#include "core/strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void sb_init(strbuf *sb, arena *a, size_t initial_capacity)
{
    sb->arena = a;
    sb->len = 0;
    sb->cap = initial_capacity ? initial_capacity : 64;
    sb->data = arena_alloc(a, sb->cap);
    sb->failed = sb->data == NULL;
    if (sb->data)
        sb->data[0] = '\0';
}

char *sb_reserve(strbuf *sb, size_t n)
{
    if (sb->failed)
        return NULL;
    if (n > SIZE_MAX / 4 - sb->len) {
        sb->failed = true;
        return NULL;
    }
    size_t need = sb->len + n + 1;
    if (need <= sb->cap)
        return sb->data + sb->len;
    size_t cap = sb->cap * 2;
    while (cap < need)
        cap *= 2;
    char *p = arena_alloc(sb->arena, cap);
    if (!p) {
        sb->failed = true;
        return NULL;
    }
    memcpy(p, sb->data, sb->len + 1);
    sb->data = p;
    sb->cap = cap;
    return sb->data + sb->len;
}

void sb_append_slow(strbuf *sb, const char *s, size_t n)
{
    if (!sb_reserve(sb, n))
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_puts(strbuf *sb, const char *s)
{
    sb_append(sb, s, strlen(s));
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    if (sb->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || !sb_reserve(sb, (size_t)n)) {
        sb->failed = true;
        va_end(ap);
        return;
    }
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
    va_end(ap);
}

void sb_put_array_text(strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\')
            sb_putc(sb, '\\');
        sb_putc(sb, *p);
    }
    sb_putc(sb, '"');
}
