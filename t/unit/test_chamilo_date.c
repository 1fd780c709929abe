/*
 * test_chamilo_date.c - the one reading of dates (chamilo_date_read,
 * chamilo_date_parse, php_date_from_ymd_hi).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_accepts_the_three_shapes_on_the_calendar),
        cmocka_unit_test(test_read_refuses_what_is_not_a_day_or_a_time),
        cmocka_unit_test(test_parse_reads_postgresql_text),
        cmocka_unit_test(test_php_create_from_format_carries_over),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
