/*
 * follow_log.c - the follower's one log line (follow.h): on stderr, which
 * systemd's journal keeps, prefixed with the program's name. Every part of
 * the follower logs through it.
 */
#include "follow.h"

#include <stdarg.h>
#include <stdio.h>

void follow_log(const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "chamilo-fcgi-follow: %s\n", line);
}
