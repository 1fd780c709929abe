/*
 * metrics.h - latency histograms and the Prometheus text exposition format
 * (version 0.0.4), for the status server (fcgi/status.c).
 *
 * A histogram is METRICS_BUCKETS + 1 plain (non-cumulative) counters: slot
 * i counts observations <= metrics_bucket_bounds_us[i] and greater than the
 * bound before; the last slot counts the rest (+Inf). Writers only increment
 * one slot per observation; the cumulative form Prometheus wants is built
 * when rendering.
 */
#ifndef CHAMILO_CORE_METRICS_H
#define CHAMILO_CORE_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"

/* Bounds from 1 ms to 10 s: the API answers in about a millisecond, and
 * anything beyond db_statement_timeout_ms's usual setting is an outage. */
#define METRICS_BUCKETS 13
extern const int64_t metrics_bucket_bounds_us[METRICS_BUCKETS];

/* The slot (0..METRICS_BUCKETS) an observation of us microseconds goes to. */
size_t metrics_bucket(int64_t us);

/* Writes `# HELP name help` and `# TYPE name type`. */
void metrics_header(strbuf *out, const char *name, const char *type, const char *help);

/* Writes a label value with Prometheus's escapes (\\, \", \n). */
void metrics_label_value(strbuf *out, const char *value);

/* Writes the series of one histogram: name_bucket{labels,le="..."} (cumulative,
 * ending with le="+Inf"), name_sum (seconds) and name_count. labels is
 * already formatted (`action="x"`), or "" for none. */
void metrics_histogram(strbuf *out, const char *name, const char *labels,
                       const uint64_t counts[METRICS_BUCKETS + 1], uint64_t sum_us);

#endif
