/*
 * chamilo_date.c - see chamilo_date.h.
 */
#include "core/chamilo_date.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* ---- zones ---- */

#define ZONE_NAME_MAX 64  /* the longest tz database name is about 32 bytes */
#define ZONES_REMEMBERED 64

static bool is_utc(const char *zone)
{
    return !zone || !*zone || strcmp(zone, "UTC") == 0;
}

/* The shape of a tz database name: components of [A-Za-z0-9_+-] separated
 * by single '/', none starting with '.', so that no name leaves $TZDIR. */
static bool zone_name_shaped(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > ZONE_NAME_MAX)
        return false;
    bool component_start = true;
    for (const char *p = name; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '/') {
            if (component_start)
                return false;
            component_start = true;
            continue;
        }
        if (!isalnum(ch) && ch != '_' && ch != '-' && ch != '+')
            return false;
        component_start = false;
    }
    return !component_start;
}

/* True when the TZif file of name can be read (its first bytes are the
 * format's magic). */
static bool zone_file_readable(const char *name)
{
    const char *dir = getenv("TZDIR");
    char path[512];
    int n = snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
    if (n < 0 || (size_t)n >= sizeof path)
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char magic[4];
    bool ok = read(fd, magic, sizeof magic) == (ssize_t)sizeof magic &&
              memcmp(magic, "TZif", sizeof magic) == 0;
    close(fd);
    return ok;
}

bool chamilo_zone_exists(const char *name)
{
    /* The names found, kept by the process: a campus uses a handful. */
    static char found[ZONES_REMEMBERED][ZONE_NAME_MAX + 1];
    static unsigned found_count;
    if (!name)
        return false;
    if (strcmp(name, "UTC") == 0)
        return true;
    if (!zone_name_shaped(name))
        return false;
    unsigned kept = found_count < ZONES_REMEMBERED ? found_count : ZONES_REMEMBERED;
    for (unsigned i = 0; i < kept; i++)
        if (strcmp(found[i], name) == 0)
            return true;
    if (!zone_file_readable(name))
        return false;
    strcpy(found[found_count++ % ZONES_REMEMBERED], name); /* the oldest goes */
    return true;
}

/* Makes zone the C library's local time, when it is not already. */
static bool use_zone(const char *zone)
{
    static char current[ZONE_NAME_MAX + 2]; /* ":<name>", as TZ names a file */
    if (current[0] && strcmp(current + 1, zone) == 0)
        return true;
    char tz[sizeof current];
    int n = snprintf(tz, sizeof tz, ":%s", zone);
    if (n < 0 || (size_t)n >= sizeof tz || setenv("TZ", tz, 1) != 0)
        return false;
    tzset();
    memcpy(current, tz, (size_t)n + 1);
    return true;
}

/* The offset from UTC, in seconds, of the current zone at instant t. */
static bool offset_at(time_t t, long *offset)
{
    struct tm local;
    if (!localtime_r(&t, &local))
        return false;
    *offset = local.tm_gmtoff;
    return true;
}

bool chamilo_date_from_utc(const char *zone, struct tm *t)
{
    if (is_utc(zone))
        return true;
    struct tm utc = *t, local;
    time_t instant = timegm(&utc);
    if (!use_zone(zone) || !localtime_r(&instant, &local))
        return false;
    *t = local;
    return true;
}

bool chamilo_date_to_utc(const char *zone, struct tm *t)
{
    if (is_utc(zone))
        return true;
    struct tm fields = *t;
    time_t wall = timegm(&fields); /* the wall time's fields counted as if UTC */
    long before, after;
    /* A zone changes its offset at most once in a day around a wall time:
     * the offsets a day before and a day after are the two candidates. */
    if (!use_zone(zone) || !offset_at(wall - 86400, &before) || !offset_at(wall + 86400, &after))
        return false;
    time_t with_before = wall - before, with_after = wall - after, instant;
    long check_before, check_after;
    if (!offset_at(with_before, &check_before) || !offset_at(with_after, &check_after))
        return false;
    bool before_holds = check_before == before, after_holds = check_after == after;
    if (before_holds && after_holds)
        instant = with_before > with_after ? with_before : with_after; /* the second occurrence */
    else if (after_holds)
        instant = with_after;
    else
        instant = with_before; /* a skipped time: moved forward by the jump */
    struct tm utc;
    if (!gmtime_r(&instant, &utc))
        return false;
    *t = utc;
    return true;
}

/* ---- printing ---- */

static const char *sql_text(arena *a, const struct tm *t)
{
    return arena_printf(a, "%04d-%02d-%02d %02d:%02d:%02d", t->tm_year + 1900, t->tm_mon + 1,
                        t->tm_mday, t->tm_hour, t->tm_min, t->tm_sec);
}

const char *chamilo_date_utc_sql(arena *a, const char *zone, const char *text)
{
    struct tm t;
    if (!chamilo_date_parse(text, &t) || !chamilo_date_to_utc(zone, &t))
        return NULL;
    return sql_text(a, &t);
}

/* text (a PostgreSQL timestamp, UTC) as the fields of zone's wall time. */
static bool local_fields(const char *zone, const char *text, struct tm *t)
{
    return chamilo_date_parse(text, t) && chamilo_date_from_utc(zone, t);
}

const char *chamilo_date_sql(arena *a, const char *zone, const char *text)
{
    struct tm t;
    if (!local_fields(zone, text, &t))
        return NULL;
    return sql_text(a, &t);
}

const char *chamilo_date_long(arena *a, const char *zone, const char *text)
{
    struct tm t;
    if (!local_fields(zone, text, &t))
        return NULL;
    int h12 = t.tm_hour % 12 ? t.tm_hour % 12 : 12;
    return arena_printf(a, "%s %02d, %04d at %02d:%02d %s", MONTHS[t.tm_mon], t.tm_mday,
                        t.tm_year + 1900, h12, t.tm_min, t.tm_hour < 12 ? "AM" : "PM");
}

const char *chamilo_date_long_24h(arena *a, const char *zone, const char *text)
{
    struct tm t;
    if (!local_fields(zone, text, &t))
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

const char *chamilo_date_short(arena *a, const char *zone, const char *text)
{
    struct tm t;
    if (!local_fields(zone, text, &t))
        return NULL;
    return arena_printf(a, "%.3s %02d, %04d", MONTHS[t.tm_mon], t.tm_mday, t.tm_year + 1900);
}

const char *chamilo_date_range(arena *a, const char *zone, const char *start, const char *end)
{
    struct tm t;
    const char *from =
        start && chamilo_date_parse(start, &t) ? chamilo_date_long_24h(a, zone, start) : NULL;
    const char *until =
        end && chamilo_date_parse(end, &t) ? chamilo_date_long_24h(a, zone, end) : NULL;
    if (from && until)
        return arena_printf(a, "From %s to %s", from, until);
    if (from)
        return arena_printf(a, "From %s", from);
    if (until)
        return arena_printf(a, "Until %s", until);
    return arena_strdup(a, "");
}
