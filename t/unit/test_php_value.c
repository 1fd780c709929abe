/*
 * test_php_value.c - PHP arrays (key rules, order, last wins, index) and
 * the PHP casts of request values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "php/php_value.h"

static int setup(void **state)
{
    *state = arena_create(4096);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    arena_destroy(*state);
    return 0;
}

static php_value *str(arena *a, const char *s)
{
    php_value *v = php_string_new(a, s, strlen(s));
    assert_non_null(v);
    return v;
}

/* Keys of arr joined with ',' (for order checks). */
static const char *keys_of(arena *a, const php_array *arr)
{
    char buf[512] = "";
    for (const php_entry *e = arr->first; e; e = e->next) {
        if (e != arr->first)
            strcat(buf, ",");
        strncat(buf, e->key, e->key_len);
    }
    return arena_strdup(a, buf);
}

static void test_integer_keys(void **state)
{
    (void)state;
    int64_t v;
    assert_true(php_key_is_int("5", 1, &v));
    assert_int_equal(v, 5);
    assert_true(php_key_is_int("-3", 2, &v));
    assert_int_equal(v, -3);
    assert_true(php_key_is_int("0", 1, &v));
    assert_int_equal(v, 0);
    assert_true(php_key_is_int("9223372036854775807", 19, &v));
    assert_true(v == INT64_MAX);
    assert_true(php_key_is_int("-9223372036854775808", 20, &v));
    assert_true(v == INT64_MIN);
    assert_false(php_key_is_int("05", 2, &v));
    assert_false(php_key_is_int("+5", 2, &v));
    assert_false(php_key_is_int("5 ", 2, &v));
    assert_false(php_key_is_int(" 5", 2, &v));
    assert_false(php_key_is_int("-0", 2, &v));
    assert_false(php_key_is_int("-", 1, &v));
    assert_false(php_key_is_int("", 0, &v));
    assert_false(php_key_is_int("1.5", 3, &v));
    assert_false(php_key_is_int("9223372036854775808", 19, &v));
    assert_false(php_key_is_int("-9223372036854775809", 20, &v));
    assert_false(php_key_is_int("99999999999999999999", 20, &v));
}

static void test_set_get_last_wins_in_place(void **state)
{
    arena *a = *state;
    php_array *arr = php_array_new(a);
    assert_int_equal(php_array_set(a, arr, "a", 1, str(a, "1")), 0);
    assert_int_equal(php_array_set(a, arr, "b", 1, str(a, "2")), 0);
    assert_int_equal(php_array_set(a, arr, "a", 1, str(a, "3")), 0);
    assert_int_equal(arr->count, 2);
    assert_string_equal(keys_of(a, arr), "a,b");
    assert_string_equal(php_strval(php_array_getz(arr, "a")), "3");
    assert_string_equal(php_strval(php_array_getz(arr, "b")), "2");
    assert_null(php_array_getz(arr, "c"));
    assert_null(php_array_getz(NULL, "c"));
}

static void test_int_and_string_forms_are_one_key(void **state)
{
    arena *a = *state;
    php_array *arr = php_array_new(a);
    php_array_set(a, arr, "5", 1, str(a, "five"));
    php_array_set(a, arr, "05", 2, str(a, "zero-five"));
    assert_int_equal(arr->count, 2);
    assert_true(arr->first->key_is_int);
    assert_int_equal(arr->first->int_key, 5);
    assert_false(arr->first->next->key_is_int);
    assert_string_equal(php_strval(php_array_getz(arr, "5")), "five");
    assert_string_equal(php_strval(php_array_getz(arr, "05")), "zero-five");
    assert_int_equal(arr->next_index, 6);
}

static void test_append_next_index(void **state)
{
    arena *a = *state;
    php_array *arr = php_array_new(a);
    assert_int_equal(arr->next_index, 0);
    php_array_append(a, arr, str(a, "x"));       /* 0 */
    php_array_set(a, arr, "10", 2, str(a, "y")); /* 10 */
    php_array_append(a, arr, str(a, "z"));       /* 11 */
    php_array_set(a, arr, "-3", 2, str(a, "n")); /* negative keys do not lower it */
    php_array_append(a, arr, str(a, "w"));       /* 12 */
    assert_string_equal(keys_of(a, arr), "0,10,11,-3,12");
    assert_string_equal(php_strval(php_array_getz(arr, "11")), "z");
    assert_string_equal(php_strval(php_array_getz(arr, "12")), "w");

    php_array *neg = php_array_new(a);
    php_array_set(a, neg, "-5", 2, str(a, "n"));
    php_array_append(a, neg, str(a, "x")); /* PHP 7.4: 0, not -4 */
    assert_string_equal(keys_of(a, neg), "-5,0");
}

static void test_append_saturates_at_int64_max(void **state)
{
    arena *a = *state;
    php_array *arr = php_array_new(a);
    php_array_set(a, arr, "9223372036854775807", 19, str(a, "max"));
    assert_int_equal(php_array_append(a, arr, str(a, "dropped")), 0);
    assert_int_equal(arr->count, 1);
    assert_string_equal(php_strval(php_array_getz(arr, "9223372036854775807")), "max");
}

static void test_large_array_index(void **state)
{
    arena *a = *state;
    php_array *arr = php_array_new(a);
    char key[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(php_array_set(a, arr, key, (size_t)n, str(a, key)), 0);
    }
    assert_non_null(arr->index);
    assert_int_equal(arr->count, 5000);
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        const php_value *v = php_array_get(arr, key, (size_t)n);
        assert_non_null(v);
        assert_string_equal(v->str, key);
    }
    /* Replacing keeps count and position. */
    php_array_set(a, arr, "k0", 2, str(a, "new"));
    assert_int_equal(arr->count, 5000);
    assert_string_equal(arr->first->value->str, "new");
    assert_null(php_array_getz(arr, "k5000"));
}

static void test_is_list(void **state)
{
    arena *a = *state;
    php_array *arr = php_array_new(a);
    assert_true(php_array_is_list(arr));
    php_array_append(a, arr, str(a, "a"));
    php_array_append(a, arr, str(a, "b"));
    assert_true(php_array_is_list(arr));
    php_array_set(a, arr, "x", 1, str(a, "c"));
    assert_false(php_array_is_list(arr));

    php_array *gap = php_array_new(a);
    php_array_set(a, gap, "1", 1, str(a, "a"));
    php_array_set(a, gap, "0", 1, str(a, "b"));
    assert_false(php_array_is_list(gap)); /* order matters */
}

static void test_copy_is_shallow_and_independent(void **state)
{
    arena *a = *state;
    php_array *arr = php_array_new(a);
    for (int i = 0; i < 20; i++)
        php_array_append(a, arr, str(a, "v"));
    php_array *copy = php_array_copy(a, arr);
    assert_non_null(copy);
    assert_int_equal(copy->count, 20);
    assert_int_equal(copy->next_index, 20);
    assert_ptr_equal(php_array_getz(copy, "7"), php_array_getz(arr, "7"));
    php_array_set(a, copy, "7", 1, str(a, "changed"));
    php_array_set(a, copy, "extra", 5, str(a, "e"));
    assert_string_equal(php_strval(php_array_getz(arr, "7")), "v");
    assert_null(php_array_getz(arr, "extra"));
    assert_int_equal(arr->count, 20);
    php_array_append(a, copy, str(a, "next"));
    assert_string_equal(php_strval(php_array_getz(copy, "20")), "next");
}

static int64_t intval_of(arena *a, const char *s)
{
    return php_intval(str(a, s));
}

static void test_intval(void **state)
{
    arena *a = *state;
    assert_int_equal(intval_of(a, "42"), 42);
    assert_int_equal(intval_of(a, "-42"), -42);
    assert_int_equal(intval_of(a, "+42"), 42);
    assert_int_equal(intval_of(a, " 7"), 7);
    assert_int_equal(intval_of(a, " \t\n\r\v\f7"), 7);
    assert_int_equal(intval_of(a, "12abc"), 12);
    assert_int_equal(intval_of(a, "abc"), 0);
    assert_int_equal(intval_of(a, ""), 0);
    assert_int_equal(intval_of(a, "0x1A"), 0);
    assert_int_equal(intval_of(a, "1e3"), 1000);
    assert_int_equal(intval_of(a, "1E3"), 1000);
    assert_int_equal(intval_of(a, "1e-3"), 0);
    assert_int_equal(intval_of(a, "2.5e1"), 25);
    assert_int_equal(intval_of(a, "1e"), 1);
    assert_int_equal(intval_of(a, "1e+"), 1);
    assert_int_equal(intval_of(a, "3.9"), 3);
    assert_int_equal(intval_of(a, "-3.9"), -3);
    assert_int_equal(intval_of(a, ".5"), 0);
    assert_int_equal(intval_of(a, "1."), 1);
    assert_int_equal(intval_of(a, "007"), 7);
    assert_int_equal(intval_of(a, "- 5"), 0);
    assert_int_equal(intval_of(a, "7 "), 7);
    assert_int_equal(intval_of(a, "000000000000000000000000005"), 5);
    assert_true(intval_of(a, "9223372036854775807") == INT64_MAX);
    assert_true(intval_of(a, "-9223372036854775808") == INT64_MIN);
    /* Out of range: saturation, as PHP 7.4's string-to-int. */
    assert_true(intval_of(a, "9223372036854775808") == INT64_MAX);
    assert_true(intval_of(a, "99999999999999999999") == INT64_MAX);
    assert_true(intval_of(a, "-99999999999999999999") == INT64_MIN);
    assert_true(intval_of(a, "1e30") == INT64_MAX);
    assert_true(intval_of(a, "-1e30") == INT64_MIN);
    assert_int_equal(intval_of(a, "1e999"), 0); /* infinity gives 0 */

    assert_int_equal(php_intval(NULL), 0);
    php_value *arr = php_array_value_new(a);
    assert_int_equal(php_intval(arr), 0);
    php_array_append(a, arr->arr, str(a, "x"));
    assert_int_equal(php_intval(arr), 1);
}

/* The schema's integer columns are 32-bit: a parameter beyond them reads as
 * the nearest 32-bit value (finds no row) instead of failing the SQL cast. */
static void test_intval_column(void **state)
{
    arena *a = *state;
    assert_int_equal(php_intval_column(str(a, "42")), 42);
    assert_int_equal(php_intval_column(str(a, "2147483647")), INT32_MAX);
    assert_int_equal(php_intval_column(str(a, "2147483648")), INT32_MAX);
    assert_int_equal(php_intval_column(str(a, "9223372036854775808")), INT32_MAX);
    assert_int_equal(php_intval_column(str(a, "-2147483648")), INT32_MIN);
    assert_int_equal(php_intval_column(str(a, "-2147483649")), INT32_MIN);
    assert_int_equal(php_intval_column(str(a, "abc")), 0);
    assert_int_equal(php_intval_column(NULL), 0);
}

static void test_truthy_strval(void **state)
{
    arena *a = *state;
    assert_false(php_truthy(NULL));
    assert_false(php_truthy(str(a, "")));
    assert_false(php_truthy(str(a, "0")));
    assert_true(php_truthy(str(a, "00")));
    assert_true(php_truthy(str(a, "0.0")));
    assert_true(php_truthy(str(a, " ")));
    assert_true(php_truthy(str(a, "a")));
    php_value *arr = php_array_value_new(a);
    assert_false(php_truthy(arr));
    assert_true(php_empty(arr));
    php_array_append(a, arr->arr, str(a, ""));
    assert_true(php_truthy(arr));

    assert_null(php_strval(NULL));
    assert_null(php_strval(arr));
    assert_string_equal(php_strval(str(a, "x")), "x");

    php_value *bin = php_string_new(a, "a\0b", 3);
    assert_int_equal(bin->len, 3);
    assert_memory_equal(bin->str, "a\0b", 4);
}

static void test_filter_bool(void **state)
{
    arena *a = *state;
    const char *yes[] = { "1", "true", "TRUE", "True", "on", "ON", "yes", "Yes", " yes ",
                          "\ttrue\n", "on\v" };
    const char *no[] = { "0", "false", "off", "no", "", "2", "y", "t", "truee", "\ftrue",
                         "ja" };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(php_filter_bool(str(a, yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(php_filter_bool(str(a, no[i])));
    assert_true(php_filter_bool(php_string_new(a, "yes\0", 4)));
    assert_false(php_filter_bool(NULL));
    assert_false(php_filter_bool(php_array_value_new(a)));
}

static void test_numeric_string(void **state)
{
    (void)state;
    double d;
    static const char *const one[] = {"1", " 1", "01", "1.0", "1e0", "+1", "1 ", "\t1\n", "0.1e1"};
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
        assert_true(php_numeric_string(one[i], &d));
        assert_true(d == 1.0);
    }
    assert_true(php_numeric_string(".5", &d));
    assert_true(d == 0.5);
    static const char *const not_numeric[] = {"", " ", "0x1", "inf", "nan", "1a", "a1", "e1", "-"};
    for (size_t i = 0; i < sizeof not_numeric / sizeof not_numeric[0]; i++)
        if (php_numeric_string(not_numeric[i], &d))
            fail_msg("numeric: '%s'", not_numeric[i]);
    assert_false(php_numeric_string(NULL, &d));
}

static void test_string_truthy_and_case(void **state)
{
    arena *a = *state;
    assert_false(php_string_truthy("", 0));
    assert_false(php_string_truthy("0", 1));
    assert_true(php_string_truthy("00", 2));
    assert_true(php_string_truthy("a", 1));
    assert_string_equal(php_strtolower(a, "LoginName\xc3\x89", 11), "loginname\xc3\x89");
    assert_string_equal(php_strtoupper(a, "role_x1", 7), "ROLE_X1");
    char *part = php_strtolower(a, "ABCDEF", 3);
    assert_string_equal(part, "abc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_integer_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_intval_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_get_last_wins_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_int_and_string_forms_are_one_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_append_next_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_append_saturates_at_int64_max, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_array_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_is_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_is_shallow_and_independent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_intval, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truthy_strval, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filter_bool, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numeric_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_truthy_and_case, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
