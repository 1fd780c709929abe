/*
 * chamilo_date.c - see chamilo_date.h.
 */
#include "core/chamilo_date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const MONTHS[12] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool chamilo_date_parse(const char *text, struct tm *out)
{
    if (!text)
        return false;
    size_t len = strlen(text);
    if (len < 10 || text[4] != '-' || text[7] != '-')
        return false;
    memset(out, 0, sizeof *out);
    int y = digits(text, 4), mo = digits(text + 5, 2), d = digits(text + 8, 2);
    int h = 0, mi = 0, se = 0;
    if (len >= 19) {
        if (text[10] != ' ' || text[13] != ':' || text[16] != ':')
            return false;
        h = digits(text + 11, 2);
        mi = digits(text + 14, 2);
        se = digits(text + 17, 2);
    } else if (len != 10) {
        return false;
    }
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
        se < 0 || se > 60)
        return false; /* the zero date "0000-00-00" included */
    out->tm_year = y - 1900;
    out->tm_mon = mo - 1;
    out->tm_mday = d;
    out->tm_hour = h;
    out->tm_min = mi;
    out->tm_sec = se;
    return true;
}

const char *chamilo_date_sql(arena *a, const char *text)
{
    struct tm t;
    if (!chamilo_date_parse(text, &t))
        return NULL;
    return arena_printf(a, "%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900, t.tm_mon + 1,
                        t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
}

const char *chamilo_date_long(arena *a, const char *text)
{
    struct tm t;
    if (!chamilo_date_parse(text, &t))
        return NULL;
    int h12 = t.tm_hour % 12 ? t.tm_hour % 12 : 12;
    return arena_printf(a, "%s %02d, %04d at %02d:%02d %s", MONTHS[t.tm_mon], t.tm_mday,
                        t.tm_year + 1900, h12, t.tm_min, t.tm_hour < 12 ? "AM" : "PM");
}

const char *chamilo_date_long_24h(arena *a, const char *text)
{
    struct tm t;
    if (!chamilo_date_parse(text, &t))
        return NULL;
    return arena_printf(a, "%s %02d, %04d at %02d:%02d", MONTHS[t.tm_mon], t.tm_mday,
                        t.tm_year + 1900, t.tm_hour, t.tm_min);
}

const char *chamilo_date_range(arena *a, const char *start, const char *end)
{
    struct tm t;
    const char *from = start && chamilo_date_parse(start, &t) ? chamilo_date_long_24h(a, start) : NULL;
    const char *until = end && chamilo_date_parse(end, &t) ? chamilo_date_long_24h(a, end) : NULL;
    if (from && until)
        return arena_printf(a, "From %s to %s", from, until);
    if (from)
        return arena_printf(a, "From %s", from);
    if (until)
        return arena_printf(a, "Until %s", until);
    return arena_strdup(a, "");
}
