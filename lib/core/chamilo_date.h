/*
 * chamilo_date.h - dates as Chamilo prints them (30-courses.md §1:
 * LOCAL_SQL, FMT_LONG, FMT_LONG_24H; 40-sessions-campuses.md: the session
 * `date` text), from the text PostgreSQL gives for a timestamp column
 * (DateStyle ISO, pinned by db.c: "YYYY-MM-DD HH:MM:SS[.ffffff]").
 *
 * The database holds UTC, as Chamilo's DATETIME columns do. The platform
 * time zone is UTC until a time zone setting lands (docs/compat.md): the
 * functions convert nothing. English patterns.
 *
 * Results live in the arena; NULL when the text is not a timestamp (or
 * when it is MySQL's zero date "0000-00-00 00:00:00") or on OOM.
 */
#ifndef CHAMILO_CORE_CHAMILO_DATE_H
#define CHAMILO_CORE_CHAMILO_DATE_H

#include <stdbool.h>
#include <time.h>

#include "core/arena.h"

/* Parses "YYYY-MM-DD HH:MM:SS" (fraction ignored) or "YYYY-MM-DD". */
bool chamilo_date_parse(const char *text, struct tm *out);

/* LOCAL_SQL: "2024-01-05 14:30:00" (fractions of a second cut, as PHP's
 * date() truncates). */
const char *chamilo_date_sql(arena *a, const char *text);

/* FMT_LONG: "January 05, 2024 at 02:30 PM". */
const char *chamilo_date_long(arena *a, const char *text);

/* FMT_LONG_24H: "January 05, 2024 at 14:30". */
const char *chamilo_date_long_24h(arena *a, const char *text);

/* The session `date` text: "From <start> to <end>", "From <start>",
 * "Until <end>" with FMT_LONG_24H, or "" when neither is a date. start and
 * end may be NULL. NULL only on OOM. */
const char *chamilo_date_range(arena *a, const char *start, const char *end);

#endif
