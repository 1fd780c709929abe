/*
 * chamilo_date.c - see chamilo_date.h.
 */
#include "core/chamilo_date.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *const MONTHS[12] = {"January", "February", "March",     "April",
                                       "May",     "June",     "July",      "August",
                                       "September", "October", "November", "December"};

/* Reads from min to max digits at *p (advancing it) into *out. */
static bool read_digits(const char **p, const char *end, int min, int max, int *out)
{
    int n = 0, value = 0;
    while (n < max && *p < end && isdigit((unsigned char)**p)) {
        value = value * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = value;
    return n >= min;
}

/* Reads one separator byte at *p. */
static bool read_char(const char **p, const char *end, char c)
{
    if (*p >= end || **p != c)
        return false;
    (*p)++;
    return true;
}

static bool is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[month - 1] + (month == 2 && is_leap_year(year));
}

bool chamilo_date_read(const char *s, size_t len, struct tm *out)
{
    if (!s || (len != 10 && len != 16 && len != 19))
        return false;
    const char *p = s, *end = s + len;
    int year, month, day, hour = 0, minute = 0, second = 0;
    if (!read_digits(&p, end, 4, 4, &year) || !read_char(&p, end, '-') ||
        !read_digits(&p, end, 2, 2, &month) || !read_char(&p, end, '-') ||
        !read_digits(&p, end, 2, 2, &day))
        return false;
    if (len >= 16 && (!read_char(&p, end, ' ') || !read_digits(&p, end, 2, 2, &hour) ||
                      !read_char(&p, end, ':') || !read_digits(&p, end, 2, 2, &minute)))
        return false;
    if (len == 19 && (!read_char(&p, end, ':') || !read_digits(&p, end, 2, 2, &second)))
        return false;
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
        hour > 23 || minute > 59 || second > 59)
        return false; /* the zero date "0000-00-00" included */
    memset(out, 0, sizeof *out);
    out->tm_year = year - 1900;
    out->tm_mon = month - 1;
    out->tm_mday = day;
    out->tm_hour = hour;
    out->tm_min = minute;
    out->tm_sec = second;
    return true;
}

bool chamilo_date_parse(const char *text, struct tm *out)
{
    if (!text)
        return false;
    size_t len = strlen(text);
    return chamilo_date_read(text, len == 10 ? 10 : len >= 19 ? 19 : 0, out);
}

bool php_date_from_ymd_hi(const char *s, int64_t *epoch, bool *full_width)
{
    if (!s)
        return false;
    const char *p = s, *end = s + strlen(s);
    int year, month, day, hour, minute;
    if (!read_digits(&p, end, 1, 4, &year) || !read_char(&p, end, '-') ||
        !read_digits(&p, end, 1, 2, &month) || !read_char(&p, end, '-') ||
        !read_digits(&p, end, 1, 2, &day) || !read_char(&p, end, ' ') ||
        !read_digits(&p, end, 1, 2, &hour) || !read_char(&p, end, ':') ||
        !read_digits(&p, end, 2, 2, &minute) || p != end)
        return false;
    struct tm tm = {0};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    *epoch = (int64_t)timegm(&tm);
    *full_width = end - s == 16;
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

const char *chamilo_date_ago(arena *a, const char *text, time_t now)
{
    struct tm t;
    if (!chamilo_date_parse(text, &t))
        return NULL;
    const int64_t minute = 60, hour = 3600, day = 86400, month = 2592000, year = 31104000;
    int64_t d = (int64_t)now - (int64_t)timegm(&t);
    if (d <= 29)
        return arena_printf(a, "less than a minute ago");
    if (d <= 89)
        return arena_printf(a, "1 minute ago");
    if (d <= 44 * minute + 29)
        return arena_printf(a, "%lld minutes ago", (long long)(d / minute));
    if (d <= 89 * minute + 29)
        return arena_printf(a, "about 1 hour ago");
    if (d <= 23 * hour + 59 * minute + 29)
        return arena_printf(a, "%lld hours ago", (long long)(d / hour));
    if (d <= 47 * hour + 59 * minute + 29)
        return arena_printf(a, "1 day ago");
    if (d <= 29 * day + 23 * hour + 59 * minute + 29)
        return arena_printf(a, "%lld days ago", (long long)(d / day));
    if (d <= 59 * day + 23 * hour + 59 * minute + 29)
        return arena_printf(a, "about 1 month ago");
    if (d < year) {
        long long months = (long long)((d + month / 2) / month); /* round(), at least 2 */
        return arena_printf(a, "%lld months ago", months < 2 ? 2 : months);
    }
    if (d < 2 * year)
        return arena_printf(a, "about 1 year ago");
    return arena_printf(a, "over %lld years ago", (long long)(d / year));
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
