/*
 * test_html.c - HTML as Chamilo's Display helpers write it (model/html.h):
 * escaping, tags, and format_file_size.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/strbuf.h"
#include "model/html.h"

static arena *a;

static const char *size_of(int64_t bytes)
{
    strbuf sb;
    sb_init(&sb, a, 16);
    html_file_size_append(&sb, bytes);
    return sb.data;
}

static void test_file_sizes(void **state)
{
    (void)state;
    assert_string_equal(size_of(0), "0B");
    assert_string_equal(size_of(1023), "1023B");
    assert_string_equal(size_of(1024), "1k");
    assert_string_equal(size_of(1536), "1.5k");
    assert_string_equal(size_of(10496), "10.25k");
    assert_string_equal(size_of(1048576 * 2), "2M");
    assert_string_equal(size_of(1572864), "1.5M");
    assert_string_equal(size_of(1073741824), "1G");
    assert_string_equal(size_of(1025), "1k");      /* 1.0009... rounds to 1 */
    assert_string_equal(size_of(1029), "1k");      /* 1.0048... rounds to 1 */
    assert_string_equal(size_of(1030), "1.01k");   /* 1.0058... */
}

static void test_escape_and_tags(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb, a, 16);
    html_escape_append(&sb, "a&b<c>\"d'");
    assert_string_equal(sb.data, "a&amp;b&lt;c&gt;&quot;d&#039;");
    sb_init(&sb, a, 16);
    html_open_tag_append(&sb, "a", (const char *const[]){"class", "x", "href", "p?a=1&b=2", NULL});
    assert_string_equal(sb.data, "<a class=\"x\" href=\"p?a=1&amp;b=2\" >");
    sb_init(&sb, a, 16);
    html_open_tag_append(&sb, "img", (const char *const[]){"src", "i.png", NULL});
    assert_string_equal(sb.data, "<img src=\"i.png\"  />");
}

int main(void)
{
    a = arena_create(4096);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_sizes),
        cmocka_unit_test(test_escape_and_tags),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    arena_destroy(a);
    return failed;
}
