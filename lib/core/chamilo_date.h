/*
 * chamilo_date.h - the one home of dates: how clients' dates are read
 * (chamilo_date_read, and PHP's createFromFormat where an action reads
 * that way) and how Chamilo prints them (30-courses.md §1:
 * LOCAL_SQL, FMT_LONG, FMT_LONG_24H; 40-sessions-campuses.md: the session
 * `date` text), from the text PostgreSQL gives for a timestamp column
 * (DateStyle ISO, pinned by db.c: "YYYY-MM-DD HH:MM:SS[.ffffff]").
 *
 * The database holds UTC, as Chamilo's DATETIME columns do. The platform
 * time zone is UTC until a time zone setting lands (docs/compat.md): the
 * functions convert nothing. English patterns.
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

/* LOCAL_SQL: "2024-01-05 14:30:00" (fractions of a second cut, as PHP's
 * date() truncates). */
const char *chamilo_date_sql(arena *a, const char *text);

/* FMT_LONG: "January 05, 2024 at 02:30 PM". */
const char *chamilo_date_long(arena *a, const char *text);

/* FMT_LONG_24H: "January 05, 2024 at 14:30". */
const char *chamilo_date_long_24h(arena *a, const char *text);

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
 * "Until <end>" with FMT_LONG_24H, or "" when neither is a date. start and
 * end may be NULL. NULL only on OOM. */
const char *chamilo_date_range(arena *a, const char *start, const char *end);

#endif
