/*
 * chamilo_date.h - the one home of dates: how clients' dates are read
 * (chamilo_date_read, and PHP's createFromFormat where an action reads
 * that way) and how Chamilo prints them (30-courses.md §1:
 * LOCAL_SQL, FMT_LONG, FMT_LONG_24H; 40-sessions-campuses.md: the session
 * `date` text), from the text PostgreSQL gives for a timestamp column
 * (DateStyle ISO, pinned by db.c: "YYYY-MM-DD HH:MM:SS[.ffffff]").
 *
 * The database holds UTC, as Chamilo's DATETIME columns do. A date is
 * printed in a time zone (api_get_local_time) and a date a client sends is
 * read in one and stored in UTC (api_get_utc_datetime): `zone` is a name of
 * the tz database ("Europe/Madrid") that chamilo_zone_exists accepted, or
 * NULL, "" or "UTC" for UTC, which converts nothing. English patterns.
 *
 * Conversions go through the C library's local time: the process's TZ is
 * set to the zone asked for when it differs from the last one (a file read
 * by tzset, only then), so a worker whose calls share one zone pays one
 * localtime_r per date. Nothing else in the process reads local time
 * (every other date is gmtime_r), and a worker is single-threaded.
 *
 * The printing functions' results live in the arena; NULL when the text is
 * not a timestamp (or when it is MySQL's zero date "0000-00-00 00:00:00")
 * or on OOM.
 */
#ifndef CHAMILO_CORE_CHAMILO_DATE_H
#define CHAMILO_CORE_CHAMILO_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/arena.h"

/* A date as clients write it: s[0..len) is exactly "YYYY-MM-DD",
 * "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" (no NUL needed at s[len]),
 * a day of the calendar (year 1 on, leap years counted) and a time of the
 * day (hours 0-23, minutes and seconds 0-59). The fields go to *out (the
 * rest of it zero). False for anything else, *out untouched. Every reading
 * of a date in this project goes through it. */
bool chamilo_date_read(const char *s, size_t len, struct tm *out);

/* A timestamp as PostgreSQL prints it: chamilo_date_read of its first 19
 * characters ("YYYY-MM-DD HH:MM:SS", a fraction after them ignored) or of
 * all 10 ("YYYY-MM-DD"). text may be NULL (false). */
bool chamilo_date_parse(const char *text, struct tm *out);

/* PHP's DateTime::createFromFormat('Y-m-d H:i', s) !== false: a year of 1
 * to 4 digits, month, day and hour of 1 or 2, minutes of exactly 2, the
 * separators, nothing after them. Out-of-range numbers are accepted and
 * carried over, as PHP does (with a warning only): the time, UTC seconds
 * carried over by timegm, goes to *epoch. *full_width tells whether s is
 * exactly "YYYY-MM-DD HH:MM". s NULL gives false. */
bool php_date_from_ymd_hi(const char *s, int64_t *epoch, bool *full_width);

/* True when name is a zone the conversions can use: "UTC", or a name of
 * the tz database (letters, digits, '_', '-', '+' and '/' between
 * components, no "." component) whose TZif file is readable under $TZDIR
 * (default /usr/share/zoneinfo). Names found are remembered by the process,
 * so a name already seen costs no system call. PHP's DateTimeZone also
 * takes abbreviations ("CET") and offsets ("+02:00"): not these. */
bool chamilo_zone_exists(const char *name);

/* UTC's fields *t (a date as chamilo_date_read gives it) become those of
 * the same instant in zone. False (t untouched) when the C library cannot
 * convert it. */
bool chamilo_date_from_utc(const char *zone, struct tm *t);

/* The wall time *t of zone becomes the fields of the same instant in UTC,
 * as PHP's DateTime reads a wall time in a zone: a time that a clock
 * skipped (the hour a daylight-saving change jumps over) moves forward by
 * the jump (02:30 on the day Madrid goes from +01 to +02 is 03:30 +02,
 * 01:30 UTC); a time that happens twice (the hour repeated when the clocks
 * go back) is its second occurrence, in standard time. False (t
 * untouched) when the C library cannot convert it. */
bool chamilo_date_to_utc(const char *zone, struct tm *t);

/* A date a client sent, "YYYY-MM-DD HH:MM:SS" (or "YYYY-MM-DD") on zone's
 * wall clock (chamilo_date_to_utc), as "YYYY-MM-DD HH:MM:SS" in UTC: the
 * value to store (api_get_utc_datetime). */
const char *chamilo_date_utc_sql(arena *a, const char *zone, const char *text);

/* LOCAL_SQL: "2024-01-05 14:30:00" (fractions of a second cut, as PHP's
 * date() truncates), text converted from UTC to zone. */
const char *chamilo_date_sql(arena *a, const char *zone, const char *text);

/* FMT_LONG: "January 05, 2024 at 02:30 PM", in zone. */
const char *chamilo_date_long(arena *a, const char *zone, const char *text);

/* FMT_LONG_24H: "January 05, 2024 at 14:30", in zone. */
const char *chamilo_date_long_24h(arena *a, const char *zone, const char *text);

/* dateFormatShort: "Jan 05, 2024", in zone (no time of the day). */
const char *chamilo_date_short(arena *a, const char *zone, const char *text);

/* date_to_str_ago: how long before `now` the timestamp is, in words, as
 * the php-time-ago library Chamilo 1.11 uses says it in English: "less
 * than a minute ago" (up to 29 s), "1 minute ago" (up to 89 s), "N minutes
 * ago" (up to 44 min 29 s), "about 1 hour ago" (up to 89 min 29 s), "N
 * hours ago" (up to 23 h 59 min 29 s), "1 day ago" (up to 47 h 59 min
 * 29 s), "N days ago" (up to 29 days 23:59:29), "about 1 month ago" (up
 * to 59 days 23:59:29), "N months ago" (below a year of 12 months of 30
 * days), "about 1 year ago" (below two), then "over N years ago"; N is the
 * whole number of units (rounded down; the months rounded to the nearest,
 * at least 2). A time after `now` is "less than a minute ago". */
const char *chamilo_date_ago(arena *a, const char *text, time_t now);

/* The session `date` text: "From <start> to <end>", "From <start>",
 * "Until <end>" with FMT_LONG_24H in zone, or "" when neither is a date.
 * start and end may be NULL. NULL only on OOM. */
const char *chamilo_date_range(arena *a, const char *zone, const char *start, const char *end);

#endif
