/*
 * test_mysql_url.c - MariaDB addresses as live_mariadb_url and
 * chamilo-fcgi-follow --from take them (lib/core/mysql_url.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/mysql_url.h"

static void test_every_part(void **state)
{
    (void)state;
    mysql_url u;
    assert_int_equal(mysql_url_parse("mysql://pool:s3cret@db.example.org:3307/chamilo", &u), 0);
    assert_string_equal(u.user, "pool");
    assert_string_equal(u.password, "s3cret");
    assert_true(u.has_password);
    assert_string_equal(u.host, "db.example.org");
    assert_int_equal(u.port, 3307);
    assert_string_equal(u.db, "chamilo");
}

static void test_defaults_and_percent_encoding(void **state)
{
    (void)state;
    mysql_url u;
    assert_int_equal(mysql_url_parse("mysql://follow@127.0.0.1/chamilo", &u), 0);
    assert_int_equal(u.port, 3306);
    assert_false(u.has_password);
    assert_string_equal(u.password, "");
    /* A password with '@', ':' and '/' in it, percent-encoded; the last '@'
     * ends the credentials. */
    assert_int_equal(mysql_url_parse("mysql://a%40b:p%3Aw%2Fd%40@h/db", &u), 0);
    assert_string_equal(u.user, "a@b");
    assert_string_equal(u.password, "p:w/d@");
    assert_string_equal(u.host, "h");
    /* A lone '%' or a bad escape is kept as it is. */
    assert_int_equal(mysql_url_parse("mysql://u:100%@h/db", &u), 0);
    assert_string_equal(u.password, "100%");
    assert_int_equal(mysql_url_parse("mysql://u:%zz@h/db", &u), 0);
    assert_string_equal(u.password, "%zz");
}

static void test_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "postgresql://u@h/db",
        "mysql://h/db",            /* no user */
        "mysql://@h/db",           /* an empty user */
        "mysql://u@h",             /* no database */
        "mysql://u@h/",            /* an empty database */
        "mysql://u@:3306/db",      /* no host */
        "mysql://u@h:0/db",        /* port out of range */
        "mysql://u@h:65536/db",
        "mysql://u@h:33x/db",      /* not a number */
        "mysql://u@h/0123456789012345678901234567890123456789012345678901234567890123456789",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        mysql_url u;
        memset(&u, 0x55, sizeof u);
        if (mysql_url_parse(bad[i], &u) != -1)
            fail_msg("accepted: %s", bad[i]);
        assert_string_equal(u.user, ""); /* zeroed */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_part),
        cmocka_unit_test(test_defaults_and_percent_encoding),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
