/*
 * test_urlencoded.c - query strings and urlencoded bodies: decoding, PHP
 * 7.4's variable-name rules (php_register_variable_ex), last wins, limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/strbuf.h"
#include "request/urlencoded.h"

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

/* Parses data with the default limits; returns the dump of the result. */
static const char *parse_n(arena *a, const char *data, size_t len)
{
    parse_ctx ctx;
    parse_ctx_init(&ctx, a, NULL);
    php_array *arr = php_array_new(a);
    assert_int_equal(urlencoded_parse(&ctx, arr, data, len), PARSE_OK);
    return php_array_dump(a, arr);
}

static const char *parse(arena *a, const char *data)
{
    return parse_n(a, data, strlen(data));
}

static parse_status parse_limited(arena *a, const char *data, size_t max_params,
                                  size_t max_key_length, unsigned max_depth, const char **detail)
{
    parse_limits limits = { max_params, max_key_length, max_depth };
    parse_ctx ctx;
    parse_ctx_init(&ctx, a, &limits);
    php_array *arr = php_array_new(a);
    parse_status st = urlencoded_parse(&ctx, arr, data, strlen(data));
    *detail = ctx.detail;
    return st;
}

static void test_url_decode(void **state)
{
    (void)state;
    char out[64];
    size_t n = url_decode(out, "a+b%20c%41%4a%zz%4%", 19);
    assert_int_equal(n, 13);
    assert_memory_equal(out, "a b cAJ%zz%4%", 13);
    n = url_decode(out, "%%41", 4);
    assert_memory_equal(out, "%A", n);
    assert_int_equal(n, 2);
    n = url_decode(out, "%00x", 4);
    assert_int_equal(n, 2);
    assert_memory_equal(out, "\0x", 2);
    /* In place. */
    char buf[] = "x%2By+z";
    n = url_decode(buf, buf, strlen(buf));
    assert_memory_equal(buf, "x+y z", n);
}

static void test_plain_pairs(void **state)
{
    arena *a = *state;
    assert_string_equal(parse(a, "a=1&b=2"), "[a=1,b=2]");
    assert_string_equal(parse(a, ""), "[]");
    assert_string_equal(parse(a, "a"), "[a=]");
    assert_string_equal(parse(a, "a&b="), "[a=,b=]");
    assert_string_equal(parse(a, "&&a=1&&"), "[a=1]");
    assert_string_equal(parse(a, "a==b"), "[a=\\x3Db]");
    assert_string_equal(parse(a, "a=1+2%2B3"), "[a=1 2+3]");
    assert_string_equal(parse(a, "a=%41%4a%zz%4"), "[a=AJ%zz%4]");
    assert_string_equal(parse(a, "a=x%00y"), "[a=x\\x00y]");
    assert_string_equal(parse(a, "a=%C3%A9"), "[a=\\xC3\\xA9]");
}

static void test_last_wins(void **state)
{
    arena *a = *state;
    assert_string_equal(parse(a, "a=1&a=2"), "[a=2]");
    assert_string_equal(parse(a, "a=1&b=2&a=3"), "[a=3,b=2]");
    /* Scalar then array, array then scalar: the last wins, in place. */
    assert_string_equal(parse(a, "a=1&b=0&a[]=2"), "[a=[#0=2],b=0]");
    assert_string_equal(parse(a, "a[]=1&b=0&a=2"), "[a=2,b=0]");
    assert_string_equal(parse(a, "a[x]=1&a[x][y]=2"), "[a=[x=[y=2]]]");
    assert_string_equal(parse(a, "a[x][y]=2&a[x]=1"), "[a=[x=1]]");
    assert_string_equal(parse(a, "a[x]=1&a[y]=2&a[x]=3"), "[a=[x=3,y=2]]");
}

static void test_name_mangling(void **state)
{
    arena *a = *state;
    assert_string_equal(parse(a, "a.b=1"), "[a_b=1]");
    assert_string_equal(parse(a, "a+b=1"), "[a_b=1]");
    assert_string_equal(parse(a, "a%20b=1"), "[a_b=1]");
    /* Leading spaces are skipped, then ' ' and '.' become '_'. */
    assert_string_equal(parse(a, "++a=1"), "[a=1]");
    assert_string_equal(parse(a, "%20%20a.b+c=1"), "[a_b_c=1]");
    /* Only the base name is mangled, not the bracketed keys. */
    assert_string_equal(parse(a, "a.b[c.d e]=1"), "[a_b=[c.d e=1]]");
    /* The name is url-decoded before its brackets are read. */
    assert_string_equal(parse(a, "a%5Bb%5D=1"), "[a=[b=1]]");
    /* Names are C strings in PHP: cut at the first NUL. */
    assert_string_equal(parse(a, "a%00b=1"), "[a=1]");
    /* ']' in a base name is an ordinary character. */
    assert_string_equal(parse(a, "a]b=1"), "[a\\x5Db=1]");
    /* Integer-looking names are integer keys, the others strings. */
    assert_string_equal(parse(a, "5=x&05=y&-3=z&%2B5=w&5%20=v"), "[#5=x,05=y,#-3=z,+5=w,5_=v]");
    /* "+5" decodes to " 5": the leading space goes, leaving the key 5. */
    assert_string_equal(parse(a, "5=x&+5=y"), "[#5=y]");
}

static void test_empty_base_name_is_ignored(void **state)
{
    arena *a = *state;
    assert_string_equal(parse(a, "=1"), "[]");
    assert_string_equal(parse(a, "[x]=1"), "[]");
    assert_string_equal(parse(a, "[]=1"), "[]");
    assert_string_equal(parse(a, "+[x]=1&b=2"), "[b=2]");
    assert_string_equal(parse(a, "%20=1"), "[]");
}

static void test_brackets(void **state)
{
    arena *a = *state;
    assert_string_equal(parse(a, "a[]=1&a[]=2"), "[a=[#0=1,#1=2]]");
    assert_string_equal(parse(a, "receivers[0]=5&receivers[1]=7"),
                        "[receivers=[#0=5,#1=7]]");
    assert_string_equal(parse(a, "extra[0][field_name]=age&extra[0][field_value]=30"),
                        "[extra=[#0=[field_name=age,field_value=30]]]");
    assert_string_equal(parse(a, "a[b][c][d]=1"), "[a=[b=[c=[d=1]]]]");
    assert_string_equal(parse(a, "a[][]=1&a[][]=2"), "[a=[#0=[#0=1],#1=[#0=2]]]");
    assert_string_equal(parse(a, "a[x][]=1&a[x][]=2"), "[a=[x=[#0=1,#1=2]]]");
    assert_string_equal(parse(a, "a[5]=x&a[]=y"), "[a=[#5=x,#6=y]]");
    assert_string_equal(parse(a, "a[05]=1&a[5]=2&a[-3]=3&a[%2B5]=4&a[+6]=5"),
                        "[a=[05=1,#5=2,#-3=3,+5=4, 6=5]]");
    assert_string_equal(parse(a, "a[b.c d]=1"), "[a=[b.c d=1]]");
    assert_string_equal(parse(a, "a[]"), "[a=[#0=]]");
    assert_string_equal(parse(a, "a[x]"), "[a=[x=]]");
}

static void test_whitespace_after_bracket(void **state)
{
    arena *a = *state;
    /* One whitespace character right after '[' then ']' is an append. */
    assert_string_equal(parse(a, "a[+]=1&a[%09]=2&a[%0A]=3"), "[a=[#0=1,#1=2,#2=3]]");
    /* Otherwise the key keeps it. */
    assert_string_equal(parse(a, "a[+x]=1"), "[a=[ x=1]]");
    assert_string_equal(parse(a, "a[++]=1"), "[a=[  =1]]");
}

static void test_trailing_garbage_after_bracket(void **state)
{
    arena *a = *state;
    assert_string_equal(parse(a, "a[b]c=1"), "[a=[b=1]]");
    assert_string_equal(parse(a, "a[b]c[d]=1"), "[a=[b=1]]");
    assert_string_equal(parse(a, "a[]x=1"), "[a=[#0=1]]");
    assert_string_equal(parse(a, "a[b]]=1"), "[a=[b=1]]");
}

static void test_unmatched_bracket(void **state)
{
    arena *a = *state;
    /* In the base name: '[' becomes '_', the rest is kept as is. */
    assert_string_equal(parse(a, "a[b=1"), "[a_b=1]");
    assert_string_equal(parse(a, "a[=1"), "[a_=1]");
    assert_string_equal(parse(a, "a.b[c.d=1"), "[a_b_c.d=1]");
    assert_string_equal(parse(a, "a[b[c=1"), "[a_b\\x5Bc=1]");
    assert_string_equal(parse(a, "a[+=1"), "[a_ =1]");
    /* After a complete index: the rest is dropped. */
    assert_string_equal(parse(a, "a[b][c=1"), "[a=[b=1]]");
    assert_string_equal(parse(a, "a[][c=1"), "[a=[#0=1]]");
    assert_string_equal(parse(a, "a[x][y][z=1"), "[a=[x=[y=1]]]");
}

static void test_limits(void **state)
{
    arena *a = *state;
    const char *detail;
    assert_int_equal(parse_limited(a, "a=1&b=2&c=3", 3, 100, 10, &detail), PARSE_OK);
    assert_int_equal(parse_limited(a, "a=1&b=2&c=3&d=4", 3, 100, 10, &detail),
                     PARSE_TOO_MANY_PARAMS);
    assert_string_equal(detail, "Too many parameters");
    /* Ignored names and empty pairs do not count. */
    assert_int_equal(parse_limited(a, "=1&[x]=2&&a=1&b=2&c=3", 3, 100, 10, &detail), PARSE_OK);
    /* Repeated names count each time, as max_input_vars does. */
    assert_int_equal(parse_limited(a, "a=1&a=2&a=3&a=4", 3, 100, 10, &detail),
                     PARSE_TOO_MANY_PARAMS);

    assert_int_equal(parse_limited(a, "abcde=1", 10, 5, 10, &detail), PARSE_OK);
    assert_int_equal(parse_limited(a, "abcdef=1", 10, 5, 10, &detail), PARSE_KEY_TOO_LONG);
    assert_string_equal(detail, "Parameter name too long");
    /* The decoded name is measured. */
    assert_int_equal(parse_limited(a, "a%5B1%5D=1", 10, 4, 10, &detail), PARSE_OK);
    assert_int_equal(parse_limited(a, "a[bc][d]=1", 10, 7, 10, &detail), PARSE_KEY_TOO_LONG);

    assert_int_equal(parse_limited(a, "a[b][c]=1", 10, 100, 2, &detail), PARSE_OK);
    assert_int_equal(parse_limited(a, "a[b][c][d]=1", 10, 100, 2, &detail), PARSE_TOO_DEEP);
    assert_string_equal(detail, "Parameters nested too deeply");
    /* PHP counts the unmatched group as a level too. */
    assert_int_equal(parse_limited(a, "a[b][c=1", 10, 100, 1, &detail), PARSE_TOO_DEEP);
    assert_int_equal(parse_limited(a, "a[b=1", 10, 100, 0, &detail), PARSE_TOO_DEEP);
    assert_int_equal(parse_limited(a, "ab=1", 10, 100, 0, &detail), PARSE_OK);
}

static void test_many_params_linear(void **state)
{
    arena *a = *state;
    strbuf sb;
    sb_init(&sb, a, 1 << 14);
    for (int i = 0; i < 1000; i++)
        sb_printf(&sb, "%sp%d=%d&list[]=%d", i ? "&" : "", i, i, i);
    parse_limits limits = { 2000, 256, 64 };
    parse_ctx ctx;
    parse_ctx_init(&ctx, a, &limits);
    php_array *arr = php_array_new(a);
    assert_int_equal(urlencoded_parse(&ctx, arr, sb.data, sb.len), PARSE_OK);
    assert_int_equal(arr->count, 1001);
    assert_int_equal(ctx.leaf_count, 2000);
    assert_string_equal(php_strval(php_array_getz(arr, "p999")), "999");
    assert_string_equal(php_strval(php_array_getz(arr, "p0")), "0");
    const php_value *list = php_array_getz(arr, "list");
    assert_non_null(list);
    assert_int_equal(list->kind, PHP_ARRAY);
    assert_int_equal(list->arr->count, 1000);
    assert_string_equal(php_strval(php_array_getz(list->arr, "999")), "999");
    assert_true(php_array_is_list(list->arr));
}

static void test_register_variable_directly(void **state)
{
    arena *a = *state;
    parse_ctx ctx;
    parse_ctx_init(&ctx, a, NULL);
    php_array *arr = php_array_new(a);
    php_value *v = php_string_new(a, "x", 1);
    assert_int_equal(php_register_variable(&ctx, arr, "a[b]", 4, v), PARSE_OK);
    assert_int_equal(php_register_variable(&ctx, arr, "a[b]\0ignored[c]", 15, v), PARSE_OK);
    assert_string_equal(php_array_dump(a, arr), "[a=[b=x]]");
    assert_int_equal(ctx.leaf_count, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_url_decode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plain_pairs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_name_mangling, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_base_name_is_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_brackets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whitespace_after_bracket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trailing_garbage_after_bracket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unmatched_bracket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_params_linear, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_variable_directly, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
