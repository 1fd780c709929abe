/*
 * metrics.c - see metrics.h.
 */
#include "core/metrics.h"

#include <inttypes.h>
#include <stdio.h>

const int64_t metrics_bucket_bounds_us[METRICS_BUCKETS] = {
    1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000,
    10000000,
};

size_t metrics_bucket(int64_t us)
{
    size_t i = 0;
    while (i < METRICS_BUCKETS && us > metrics_bucket_bounds_us[i])
        i++;
    return i;
}

void metrics_header(strbuf *out, const char *name, const char *type, const char *help)
{
    sb_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void metrics_label_value(strbuf *out, const char *value)
{
    for (const char *p = value; *p; p++) {
        if (*p == '\\' || *p == '"')
            sb_putc(out, '\\');
        if (*p == '\n')
            sb_puts(out, "\\n");
        else
            sb_putc(out, *p);
    }
}

/* Seconds with the fewest digits that are exact for a bound in µs. */
static void put_seconds(strbuf *out, int64_t us)
{
    char digits[16];
    snprintf(digits, sizeof digits, "%06" PRId64, us % 1000000);
    size_t n = 6;
    while (n > 0 && digits[n - 1] == '0')
        n--;
    if (n == 0)
        sb_printf(out, "%" PRId64, us / 1000000);
    else
        sb_printf(out, "%" PRId64 ".%.*s", us / 1000000, (int)n, digits);
}

void metrics_histogram(strbuf *out, const char *name, const char *labels,
                       const uint64_t counts[METRICS_BUCKETS + 1], uint64_t sum_us)
{
    const char *comma = *labels ? "," : "";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < METRICS_BUCKETS; i++) {
        cumulative += counts[i];
        sb_printf(out, "%s_bucket{%s%sle=\"", name, labels, comma);
        put_seconds(out, metrics_bucket_bounds_us[i]);
        sb_printf(out, "\"} %" PRIu64 "\n", cumulative);
    }
    cumulative += counts[METRICS_BUCKETS];
    sb_printf(out, "%s_bucket{%s%sle=\"+Inf\"} %" PRIu64 "\n", name, labels, comma, cumulative);
    const char *open = *labels ? "{" : "";
    const char *close = *labels ? "}" : "";
    sb_printf(out, "%s_sum%s%s%s ", name, open, labels, close);
    put_seconds(out, (int64_t)sum_us);
    sb_printf(out, "\n%s_count%s%s%s %" PRIu64 "\n", name, open, labels, close, cumulative);
}
