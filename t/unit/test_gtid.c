/*
 * test_gtid.c - MariaDB GTID positions (lib/core/gtid.c): read, written,
 * and whether one position holds another, as the follower records them and
 * the pool waits for them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/gtid.h"

static void test_parse_and_format(void **state)
{
    (void)state;
    gtid_list g;
    char text[128];
    assert_int_equal(gtid_parse("0-1-1042, 1-2-7\n", &g), 0);
    assert_int_equal(g.n, 2);
    gtid_format(&g, text, sizeof text);
    assert_string_equal(text, "0-1-1042,1-2-7");
    gtid_set(&g, 1, 3, 9);
    gtid_set(&g, 4, 1, 1);
    gtid_format(&g, text, sizeof text);
    assert_string_equal(text, "0-1-1042,1-3-9,4-1-1");
    assert_int_equal(gtid_parse("", &g), 0);
    assert_int_equal(g.n, 0);
    assert_int_equal(gtid_parse("0-1", &g), -1);
    assert_int_equal(gtid_parse("0-1-x", &g), -1);
}

static void test_covers(void **state)
{
    (void)state;
    gtid_list pos, target;
    assert_int_equal(gtid_parse("0-1-100,1-2-5", &pos), 0);
    assert_int_equal(gtid_parse("0-1-100", &target), 0);
    assert_true(gtid_covers(&pos, &target));
    assert_int_equal(gtid_parse("0-3-99", &target), 0); /* another server, same domain */
    assert_true(gtid_covers(&pos, &target));
    assert_int_equal(gtid_parse("0-1-101", &target), 0);
    assert_false(gtid_covers(&pos, &target));
    assert_int_equal(gtid_parse("0-1-1,2-1-1", &target), 0); /* a domain pos lacks */
    assert_false(gtid_covers(&pos, &target));
    assert_int_equal(gtid_parse("", &target), 0);
    assert_true(gtid_covers(&pos, &target));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_format),
        cmocka_unit_test(test_covers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
