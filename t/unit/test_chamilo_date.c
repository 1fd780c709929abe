/*
 * test_chamilo_date.c - the one reading of dates (chamilo_date_read,
 * chamilo_date_parse, php_date_from_ymd_hi) and the time zones it reads
 * them in (chamilo_zone_exists, chamilo_date_to_utc).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "core/chamilo_date.h"

static bool reads(const char *s)
{
    struct tm t;
    return chamilo_date_read(s, strlen(s), &t);
}

static void test_read_accepts_the_three_shapes_on_the_calendar(void **state)
{
    (void)state;
    struct tm t;
    assert_true(chamilo_date_read("2024-02-29 23:59:58", 19, &t));
    assert_int_equal(t.tm_year, 124);
    assert_int_equal(t.tm_mon, 1);
    assert_int_equal(t.tm_mday, 29);
    assert_int_equal(t.tm_hour, 23);
    assert_int_equal(t.tm_min, 59);
    assert_int_equal(t.tm_sec, 58);
    assert_true(reads("2000-02-29"));
    assert_true(reads("0001-01-01 00:00"));
    assert_true(reads("9999-12-31 23:59:59"));
    /* Only len bytes are read: no NUL needed after them. */
    assert_true(chamilo_date_read("2024-05-06xyz", 10, &t));
    assert_int_equal(t.tm_hour, 0);
}

static void test_read_refuses_what_is_not_a_day_or_a_time(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2024-02-30", "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
        "2024-01-00", "0000-01-01", "2024-01-01 24:00", "2024-01-01 99:99",
        "2024-01-01 10:60", "2024-01-01 10:00:60", "2024-1-01", "2024-01-01T10:00",
        "2024-01-01 10:00:0", "2024-01-01 ", "", "soon", "+024-01-01", "2024-01-01 10:0a",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (reads(bad[i]))
            fail_msg("read %s", bad[i]);
    struct tm t;
    assert_false(chamilo_date_read(NULL, 10, &t));
}

static void test_parse_reads_postgresql_text(void **state)
{
    (void)state;
    struct tm t;
    assert_true(chamilo_date_parse("2024-01-05 14:30:00.123456", &t));
    assert_int_equal(t.tm_hour, 14);
    assert_int_equal(t.tm_min, 30);
    assert_true(chamilo_date_parse("2024-01-05", &t));
    assert_false(chamilo_date_parse("0000-00-00 00:00:00", &t));
    assert_false(chamilo_date_parse("2024-01-05 14:30", &t));
    assert_false(chamilo_date_parse(NULL, &t));
}

static void test_php_create_from_format_carries_over(void **state)
{
    (void)state;
    int64_t epoch;
    bool full;
    assert_true(php_date_from_ymd_hi("2024-01-01 00:00", &epoch, &full));
    assert_int_equal(epoch, 1704067200);
    assert_true(full);
    /* Short fields parse but are not the stored shape. */
    assert_true(php_date_from_ymd_hi("24-1-2 3:04", &epoch, &full));
    assert_false(full);
    /* Out-of-range fields carry over: February 30th is March 1st. */
    int64_t march_first;
    assert_true(php_date_from_ymd_hi("2023-02-29 00:00", &epoch, &full));
    assert_true(php_date_from_ymd_hi("2023-03-01 00:00", &march_first, &full));
    assert_int_equal(epoch, march_first);
    assert_false(php_date_from_ymd_hi("2024-01-01 00:0", &epoch, &full));
    assert_false(php_date_from_ymd_hi("2024-01-01 00:00:00", &epoch, &full));
    assert_false(php_date_from_ymd_hi("12345-01-01 00:00", &epoch, &full));
    assert_false(php_date_from_ymd_hi(NULL, &epoch, &full));
}

static const char *to_utc(const char *zone, const char *wall, char *out, size_t len)
{
    struct tm t;
    assert_true(chamilo_date_read(wall, strlen(wall), &t));
    assert_true(chamilo_date_to_utc(zone, &t));
    strftime(out, len, "%Y-%m-%d %H:%M:%S", &t);
    return out;
}

static void test_zones_are_names_of_the_tz_database(void **state)
{
    (void)state;
    assert_true(chamilo_zone_exists("UTC"));
    assert_true(chamilo_zone_exists("Europe/Madrid"));
    assert_true(chamilo_zone_exists("Europe/Madrid")); /* remembered */
    assert_true(chamilo_zone_exists("America/Argentina/Buenos_Aires"));
    assert_false(chamilo_zone_exists("Mars/Olympus"));
    assert_false(chamilo_zone_exists(""));
    assert_false(chamilo_zone_exists("../../etc/passwd"));
    assert_false(chamilo_zone_exists("/etc/localtime"));
    assert_false(chamilo_zone_exists("Europe//Madrid"));
    assert_false(chamilo_zone_exists("Europe/"));
    assert_false(chamilo_zone_exists("Europe/.Madrid"));
    assert_false(chamilo_zone_exists(NULL));
}

/* A wall time of Madrid read as PHP's DateTime reads it, across both
 * daylight-saving changes of 2025 (March 30 and October 26). */
static void test_wall_times_become_utc_across_daylight_saving(void **state)
{
    (void)state;
    char out[32];
    const char *madrid = "Europe/Madrid";
    assert_string_equal(to_utc(madrid, "2025-03-29 09:00", out, sizeof out), "2025-03-29 08:00:00");
    assert_string_equal(to_utc(madrid, "2025-03-30 09:00", out, sizeof out), "2025-03-30 07:00:00");
    assert_string_equal(to_utc(madrid, "2025-03-30 01:59:59", out, sizeof out),
                        "2025-03-30 00:59:59");
    /* 02:30 was skipped: it is 03:30 +02. */
    assert_string_equal(to_utc(madrid, "2025-03-30 02:30", out, sizeof out), "2025-03-30 01:30:00");
    assert_string_equal(to_utc(madrid, "2025-03-30 03:00", out, sizeof out), "2025-03-30 01:00:00");
    assert_string_equal(to_utc(madrid, "2025-10-25 09:00", out, sizeof out), "2025-10-25 07:00:00");
    assert_string_equal(to_utc(madrid, "2025-10-26 09:00", out, sizeof out), "2025-10-26 08:00:00");
    /* 02:30 happened twice: its second occurrence, +01. */
    assert_string_equal(to_utc(madrid, "2025-10-26 02:30", out, sizeof out), "2025-10-26 01:30:00");
    assert_string_equal(to_utc(madrid, "2025-10-26 01:59:59", out, sizeof out),
                        "2025-10-25 23:59:59");
    /* UTC converts nothing; another zone after Madrid is used as asked. */
    assert_string_equal(to_utc("UTC", "2025-10-26 02:30", out, sizeof out), "2025-10-26 02:30:00");
    assert_string_equal(to_utc(NULL, "2025-10-26 02:30", out, sizeof out), "2025-10-26 02:30:00");
    assert_string_equal(to_utc("America/Sao_Paulo", "2025-01-01 00:00", out, sizeof out),
                        "2025-01-01 03:00:00");
    struct tm t;
    assert_true(chamilo_date_read("2025-10-26 01:30:00", 19, &t));
    assert_true(chamilo_date_from_utc(madrid, &t));
    assert_int_equal(t.tm_hour, 2);
    assert_int_equal(t.tm_min, 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_accepts_the_three_shapes_on_the_calendar),
        cmocka_unit_test(test_read_refuses_what_is_not_a_day_or_a_time),
        cmocka_unit_test(test_parse_reads_postgresql_text),
        cmocka_unit_test(test_php_create_from_format_carries_over),
        cmocka_unit_test(test_zones_are_names_of_the_tz_database),
        cmocka_unit_test(test_wall_times_become_utc_across_daylight_saving),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
