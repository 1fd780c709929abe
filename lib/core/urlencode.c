#include "core/urlencode.h"

#include <stdbool.h>
#include <string.h>

void url_encode_append(strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char ch = *p;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '_' || ch == '.') {
            sb_putc(sb, (char)ch);
        } else if (ch == ' ') {
            sb_putc(sb, '+');
        } else {
            char esc[3] = {'%', hex[ch >> 4], hex[ch & 15]};
            sb_append(sb, esc, 3);
        }
    }
}

void http_build_query_append(strbuf *sb, const char *const *pairs)
{
    bool first = true;
    for (size_t i = 0; pairs[i]; i += 2) {
        if (!pairs[i + 1])
            continue;
        if (!first)
            sb_putc(sb, '&');
        first = false;
        url_encode_append(sb, pairs[i]);
        sb_putc(sb, '=');
        url_encode_append(sb, pairs[i + 1]);
    }
}
