/*
 * test_client_address.c - the client address recorded for a request:
 * X-Forwarded-For counts only from a trusted proxy, and only when its last
 * entry is an IP address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "api/client_address.h"
#include "config/config.h"
#include "core/arena.h"

typedef struct fixture {
    arena *a;
    config cfg;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->a = arena_create(4096);
    config_defaults(&f->cfg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    arena_destroy(f->a);
    free(f);
    return 0;
}

static void trust(fixture *f, const char *list)
{
    char err[256];
    assert_int_equal(config_set(f->a, &f->cfg, "trusted_proxies", list, err, sizeof err), 0);
}

static void test_default_trusts_no_proxy(void **state)
{
    fixture *f = *state;
    assert_string_equal(client_address(f->a, &f->cfg, "127.0.0.1", "203.0.113.7"), "127.0.0.1");
    assert_string_equal(client_address(f->a, &f->cfg, "::1", "203.0.113.7"), "::1");
    assert_string_equal(client_address(f->a, &f->cfg, NULL, "203.0.113.7"), "");
}

static void test_trusted_proxy_gives_the_last_entry(void **state)
{
    fixture *f = *state;
    trust(f, "127.0.0.1,10.0.0.0/8");
    assert_string_equal(client_address(f->a, &f->cfg, "127.0.0.1", "203.0.113.7"), "203.0.113.7");
    assert_string_equal(client_address(f->a, &f->cfg, "10.1.2.3", "1.1.1.1, 203.0.113.7 "),
                        "203.0.113.7");
    assert_string_equal(client_address(f->a, &f->cfg, "10.1.2.3", "1.1.1.1,\t2001:DB8::0:1"),
                        "2001:db8::1");
    /* Not trusted: the header is the client's own claim. */
    assert_string_equal(client_address(f->a, &f->cfg, "192.0.2.1", "203.0.113.7"), "192.0.2.1");
    assert_string_equal(client_address(f->a, &f->cfg, "127.0.0.1", NULL), "127.0.0.1");
    assert_string_equal(client_address(f->a, &f->cfg, "127.0.0.1", ""), "127.0.0.1");
}

static void test_a_value_that_is_no_ip_address_is_ignored(void **state)
{
    fixture *f = *state;
    trust(f, "127.0.0.1");
    static const char *const junk[] = {
        "unknown", "<script>alert(1)</script>", "203.0.113.7 junk", "203.0.113", "1.2.3.4.5",
        "example.org", "203.0.113.7,", "'; DROP TABLE user; --", "::1::2", "1.2.3.4/24",
        "2001:db8::1%eth0", "999.1.1.1", "\xc0\xae", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    };
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
        assert_string_equal(client_address(f->a, &f->cfg, "127.0.0.1", junk[i]), "127.0.0.1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_default_trusts_no_proxy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trusted_proxy_gives_the_last_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_value_that_is_no_ip_address_is_ignored, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
