/*
 * test_metrics.c - latency buckets, the Prometheus histogram series
 * (cumulative buckets, +Inf, _sum in seconds, _count) and label escaping.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "core/metrics.h"

static int setup(void **state)
{
    *state = arena_create(1 << 16);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    arena_destroy(*state);
    return 0;
}

static void test_bucket_edges(void **state)
{
    (void)state;
    assert_int_equal(metrics_bucket(-5), 0);
    assert_int_equal(metrics_bucket(0), 0);
    assert_int_equal(metrics_bucket(1000), 0);   /* le is inclusive */
    assert_int_equal(metrics_bucket(1001), 1);
    assert_int_equal(metrics_bucket(2500), 1);
    assert_int_equal(metrics_bucket(999999), 9);
    assert_int_equal(metrics_bucket(1000000), 9);
    assert_int_equal(metrics_bucket(10000000), METRICS_BUCKETS - 1);
    assert_int_equal(metrics_bucket(10000001), METRICS_BUCKETS); /* +Inf */
    assert_int_equal(metrics_bucket(INT64_MAX), METRICS_BUCKETS);
    for (size_t i = 1; i < METRICS_BUCKETS; i++)
        assert_true(metrics_bucket_bounds_us[i - 1] < metrics_bucket_bounds_us[i]);
}

static void test_histogram_series(void **state)
{
    strbuf out;
    sb_init(&out, *state, 256);
    uint64_t counts[METRICS_BUCKETS + 1] = {0};
    counts[metrics_bucket(800)] += 2;
    counts[metrics_bucket(3000)] += 1;
    counts[metrics_bucket(60000000)] += 1;
    metrics_histogram(&out, "x_seconds", "action=\"a\"", counts, 60004600);
    assert_false(sb_failed(&out));
    const char *expected =
        "x_seconds_bucket{action=\"a\",le=\"0.001\"} 2\n"
        "x_seconds_bucket{action=\"a\",le=\"0.0025\"} 2\n"
        "x_seconds_bucket{action=\"a\",le=\"0.005\"} 3\n"
        "x_seconds_bucket{action=\"a\",le=\"0.01\"} 3\n"
        "x_seconds_bucket{action=\"a\",le=\"0.025\"} 3\n"
        "x_seconds_bucket{action=\"a\",le=\"0.05\"} 3\n"
        "x_seconds_bucket{action=\"a\",le=\"0.1\"} 3\n"
        "x_seconds_bucket{action=\"a\",le=\"0.25\"} 3\n"
        "x_seconds_bucket{action=\"a\",le=\"0.5\"} 3\n"
        "x_seconds_bucket{action=\"a\",le=\"1\"} 3\n"
        "x_seconds_bucket{action=\"a\",le=\"2.5\"} 3\n"
        "x_seconds_bucket{action=\"a\",le=\"5\"} 3\n"
        "x_seconds_bucket{action=\"a\",le=\"10\"} 3\n"
        "x_seconds_bucket{action=\"a\",le=\"+Inf\"} 4\n"
        "x_seconds_sum{action=\"a\"} 60.0046\n"
        "x_seconds_count{action=\"a\"} 4\n";
    assert_string_equal(out.data, expected);
}

static void test_histogram_without_labels(void **state)
{
    strbuf out;
    sb_init(&out, *state, 256);
    uint64_t counts[METRICS_BUCKETS + 1] = {0};
    metrics_histogram(&out, "y", "", counts, 0);
    assert_non_null(strstr(out.data, "y_bucket{le=\"0.001\"} 0\n"));
    assert_non_null(strstr(out.data, "y_bucket{le=\"+Inf\"} 0\ny_sum 0\ny_count 0\n"));
}

static void test_label_value_and_header(void **state)
{
    strbuf out;
    sb_init(&out, *state, 64);
    metrics_label_value(&out, "a\\b\"c\nd");
    assert_string_equal(out.data, "a\\\\b\\\"c\\nd");
    strbuf head;
    sb_init(&head, *state, 64);
    metrics_header(&head, "z_total", "counter", "Things.");
    assert_string_equal(head.data, "# HELP z_total Things.\n# TYPE z_total counter\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bucket_edges),
        cmocka_unit_test_setup_teardown(test_histogram_series, setup, teardown),
        cmocka_unit_test_setup_teardown(test_histogram_without_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_label_value_and_header, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
