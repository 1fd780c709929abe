/*
 * mysql_url.c - see mysql_url.h.
 */
#include "core/mysql_url.h"

#include "core/hex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void unpercent(char *out, size_t n, const char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < n; i++) {
        int hi = i + 2 < len ? hex_digit_value((unsigned char)s[i + 1]) : -1;
        int lo = i + 2 < len ? hex_digit_value((unsigned char)s[i + 2]) : -1;
        if (s[i] == '%' && hi >= 0 && lo >= 0) {
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else
            out[o++] = s[i];
    }
    out[o] = '\0';
}

int mysql_url_parse(const char *text, mysql_url *u)
{
    memset(u, 0, sizeof *u);
    u->port = 3306;
    if (strncmp(text, "mysql://", 8) != 0)
        goto bad;
    const char *p = text + 8, *at = strrchr(p, '@');
    if (!at)
        goto bad;
    const char *colon = memchr(p, ':', (size_t)(at - p));
    unpercent(u->user, sizeof u->user, p, (size_t)((colon ? colon : at) - p));
    if (colon) {
        unpercent(u->password, sizeof u->password, colon + 1, (size_t)(at - colon - 1));
        u->has_password = 1;
    }
    p = at + 1;
    const char *slash = strchr(p, '/');
    if (!slash || !slash[1] || strlen(slash + 1) >= sizeof u->db)
        goto bad;
    const char *pc = memchr(p, ':', (size_t)(slash - p));
    snprintf(u->host, sizeof u->host, "%.*s", (int)((pc ? pc : slash) - p), p);
    if (pc) {
        char *end;
        unsigned long port = strtoul(pc + 1, &end, 10);
        if (end != slash || port == 0 || port > 65535)
            goto bad;
        u->port = (unsigned)port;
    }
    snprintf(u->db, sizeof u->db, "%s", slash + 1);
    if (u->host[0] && u->user[0])
        return 0;
bad:
    memset(u, 0, sizeof *u);
    return -1;
}
