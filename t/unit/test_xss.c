/*
 * test_xss.c - remove_XSS for request values: tags, script/style content,
 * entities, escaping, CR/LF, UTF-8 and control characters, idempotence,
 * the identifier fast path, arrays.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "request/request.h"

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

static const char *clean_n(arena *a, const char *s, size_t len, size_t *out_len)
{
    const char *r = xss_sanitize_str(a, s, len, out_len);
    assert_non_null(r);
    return r;
}

static const char *clean(arena *a, const char *s)
{
    size_t n;
    const char *r = clean_n(a, s, strlen(s), &n);
    assert_int_equal(strlen(r), n);
    return r;
}

static void test_identifier_fast_path(void **state)
{
    arena *a = *state;
    const char *ids[] = { "admin", "user.name-1_2@example.org", "$2y$10$abc", "", "0" };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        size_t n = 99;
        assert_ptr_equal(xss_sanitize_str(a, ids[i], strlen(ids[i]), &n), ids[i]);
        assert_int_equal(n, strlen(ids[i]));
    }
    assert_string_equal(xss_sanitize_str(a, NULL, 0, NULL), "");
}

static void test_plain_text_and_escaping(void **state)
{
    arena *a = *state;
    assert_string_equal(clean(a, "hello world"), "hello world");
    assert_string_equal(clean(a, "a & b"), "a &amp; b");
    assert_string_equal(clean(a, "1 < 2 > 0"), "1 &lt; 2 &gt; 0");
    assert_string_equal(clean(a, "a<b"), "a&lt;b");
    assert_string_equal(clean(a, "<"), "&lt;");
    assert_string_equal(clean(a, "x<1>"), "x&lt;1&gt;");
    assert_string_equal(clean(a, "He said \"hi\", it's"), "He said \"hi\", it's");
    assert_string_equal(clean(a, "<<b>x"), "&lt;x");
}

static void test_tags_removed_text_kept(void **state)
{
    arena *a = *state;
    assert_string_equal(clean(a, "<b>bold</b> text"), "bold text");
    assert_string_equal(clean(a, "<p class=\"x\">para</p>"), "para");
    /* A tag ends at its first '>', even inside quotes (DirectLex). */
    assert_string_equal(clean(a, "<a href='x>y'>link</a>"), "y'&gt;link");
    assert_string_equal(clean(a, "<img src=x onerror=alert(1)>"), "");
    assert_string_equal(clean(a, "<br/>line"), "line");
    assert_string_equal(clean(a, "a<!-- comment -->b"), "ab");
    assert_string_equal(clean(a, "a<!-- unclosed"), "a");
    assert_string_equal(clean(a, "<!DOCTYPE html>x"), "x");
    assert_string_equal(clean(a, "<?php echo 1; ?>x"), "x");
    assert_string_equal(clean(a, "</b>x"), "x");
    assert_string_equal(clean(a, "</ b>x"), "&lt;/ b&gt;x");
    assert_string_equal(clean(a, "<b onclick='x>"), "");
    assert_string_equal(clean(a, "<b it's>x"), "x");
    /* Markup without a '>' is text. */
    assert_string_equal(clean(a, "<b"), "&lt;b");
    assert_string_equal(clean(a, "<b title='x'"), "&lt;b title='x'");
    assert_string_equal(clean(a, "<!x"), "&lt;!x");
    assert_string_equal(clean(a, "</b"), "&lt;/b");
}

static void test_script_and_style_content_removed(void **state)
{
    arena *a = *state;
    assert_string_equal(clean(a, "<script>alert(1)</script>ok"), "ok");
    assert_string_equal(clean(a, "a<SCRIPT type='text/javascript'>alert('</b>')</SCRIPT >b"),
                        "ab");
    assert_string_equal(clean(a, "<style>p { color: red }</style>x"), "x");
    assert_string_equal(clean(a, "before<script>never closed"), "before");
    assert_string_equal(clean(a, "<script>x</scripts>y</script>z"), "z");
    assert_string_equal(clean(a, "<script/>kept"), "kept");
    /* Only script and style are raw text. */
    assert_string_equal(clean(a, "<scripts>x</scripts>"), "x");
    assert_string_equal(clean(a, "<title>t</title>"), "t");
}

static void test_entities(void **state)
{
    arena *a = *state;
    assert_string_equal(clean(a, "&amp;"), "&amp;");
    assert_string_equal(clean(a, "&lt;b&gt;"), "&lt;b&gt;");
    assert_string_equal(clean(a, "&quot;x&quot; &apos;y&apos;"), "\"x\" 'y'");
    assert_string_equal(clean(a, "a&nbsp;b"), "a\xC2\xA0" "b");
    assert_string_equal(clean(a, "&eacute;&Eacute;&euro;&hearts;"),
                        "\xC3\xA9\xC3\x89\xE2\x82\xAC\xE2\x99\xA5");
    assert_string_equal(clean(a, "&#65;&#x42;&#X43;&#0068;"), "ABCD");
    assert_string_equal(clean(a, "&#60;script&#62;"), "&lt;script&gt;");
    assert_string_equal(clean(a, "&#128512;"), "\xF0\x9F\x98\x80");
    /* Not references: the '&' is text. */
    assert_string_equal(clean(a, "&unknown;"), "&amp;unknown;");
    assert_string_equal(clean(a, "&amp"), "&amp;amp");
    assert_string_equal(clean(a, "&#;&#x;&;"), "&amp;#;&amp;#x;&amp;;");
    assert_string_equal(clean(a, "AT&T"), "AT&amp;T");
    assert_string_equal(clean(a, "&AMP;"), "&amp;AMP;");
    /* References to characters that are not allowed decode to nothing. */
    assert_string_equal(clean(a, "a&#1114112;b"), "ab");
    assert_string_equal(clean(a, "a&#99999999999999999999;b"), "ab");
    assert_string_equal(clean(a, "a&#0;b&#1;c&#x7f;d&#xD800;e&#xFEFF;f"), "abcdef");
    assert_string_equal(clean(a, "a&#9;b&#10;c"), "a\tb\nc");
}

static void test_newlines(void **state)
{
    arena *a = *state;
    assert_string_equal(clean(a, "a\r\nb\rc\nd"), "a\nb\nc\nd");
    assert_string_equal(clean(a, "a\r\r\nb"), "a\n\nb");
    assert_string_equal(clean(a, "&#13;&#10;x"), "\nx");
    assert_string_equal(clean(a, "a\r<b>\nc"), "a\nc");
}

static void test_control_and_invalid_utf8(void **state)
{
    arena *a = *state;
    assert_string_equal(clean(a, "a\x01" "b\x7f\tc\x1b"), "ab\tc");
    size_t n;
    const char *r = clean_n(a, "a\0b", 3, &n);
    assert_int_equal(n, 2);
    assert_string_equal(r, "ab");
    assert_string_equal(clean(a, "x\xC2\x85y"), "xy");         /* U+0085 */
    assert_string_equal(clean(a, "\xEF\xBB\xBFx"), "x");       /* BOM */
    assert_string_equal(clean(a, "\xEF\xBF\xBEx\xEF\xBF\xBF"), "x"); /* U+FFFE, U+FFFF */
    assert_string_equal(clean(a, "a\xFF" "b\xC3("), "ab(");
    assert_string_equal(clean(a, "\xC0\xAF/"), "/");            /* overlong */
    assert_string_equal(clean(a, "\xED\xA0\x80z"), "z");        /* surrogate */
    assert_string_equal(clean(a, "\xF4\x90\x80\x80z"), "z");    /* > U+10FFFF */
    assert_string_equal(clean(a, "z\xE2\x82"), "z");            /* truncated */
    assert_string_equal(clean(a, "\xE2\x82\xAC \xC3\xA9 \xF0\x9F\x98\x80"),
                        "\xE2\x82\xAC \xC3\xA9 \xF0\x9F\x98\x80");
}

static void test_idempotent_samples(void **state)
{
    arena *a = *state;
    const char *samples[] = {
        "a & b", "&amp;lt;", "&lt;script&gt;alert(1)&lt;/script&gt;", "<b>&amp;</b>",
        "x &unknown; y", "a\r\n\rb", "&#13;\n", "<<script>x</script>>", "&&&;;;",
        "\xC3\xA9\xFF&eacute;", "&#60;&#x3C;&lt", "1 < 2 && 3 > 2", "<a title=\"&quot;\">q</a>",
        "&nbsp;&#160;", "tab\there", "'\"'", "&#38;lt;", "<!-- -- -->-->",
    };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        size_t n1, n2;
        const char *once = clean_n(a, samples[i], strlen(samples[i]), &n1);
        const char *twice = clean_n(a, once, n1, &n2);
        assert_int_equal(n1, n2);
        assert_memory_equal(once, twice, n1);
    }
}

/* Random strings over an alphabet rich in markup: sanitize(sanitize(x)) ==
 * sanitize(x), and the output holds no raw '<' or '>' and only valid
 * UTF-8 without CR. */
static void test_idempotent_random(void **state)
{
    arena *a = *state;
    static const char *const pieces[] = {
        "<", ">", "&", ";", "#", "x", "/", "a", "b", "\r", "\n", "\"", "'", "=", "!", "-",
        "?", " ", "script", "style", "amp", "lt", "gt", "nbsp", "60", "\xC3\xA9", "\xFF",
        "\xE2\x82", "\xAC", "\0", "\x01", "<!--", "-->", "</", "&#", "&#x", "3C",
    };
    uint32_t seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char buf[64];
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        size_t count = (seed >> 16) % 16;
        for (size_t k = 0; k < count; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            size_t pl = p[0] ? strlen(p) : 1;
            if (len + pl > sizeof buf)
                break;
            memcpy(buf + len, p, pl);
            len += pl;
        }
        size_t n1, n2;
        const char *once = clean_n(a, buf, len, &n1);
        const char *twice = clean_n(a, once, n1, &n2);
        assert_int_equal(n1, n2);
        assert_memory_equal(once, twice, n1);
        assert_null(memchr(once, '<', n1));
        assert_null(memchr(once, '>', n1));
        assert_null(memchr(once, '\r', n1));
        assert_null(memchr(once, '\0', n1));
    }
}

/* Hostile shapes must be sanitized in linear time: 400 KB each, well under
 * a second (a quadratic scan takes minutes). */
static void test_linear_time(void **state)
{
    arena *a = *state;
    static const char *const patterns[] = { "<a x='", "<a", "<!", "</a", "<script>", "&#1111",
                                             "<!--", "&amp", "<style><", "\xff<" };
    static char buf[400000];
    clock_t start = clock();
    for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
        size_t n = 0, l = strlen(patterns[p]);
        while (n + l < sizeof buf) {
            memcpy(buf + n, patterns[p], l);
            n += l;
        }
        size_t out_len;
        assert_non_null(xss_sanitize_str(a, buf, n, &out_len));
        arena_reset(a);
    }
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    assert_true(seconds < 2.0);
}

static void test_sanitize_values(void **state)
{
    arena *a = *state;
    php_value *absent = xss_sanitize(a, NULL);
    assert_non_null(absent);
    assert_int_equal(absent->kind, PHP_STRING);
    assert_string_equal(absent->str, "");

    php_value *id = php_string_new(a, "bob", 3);
    php_value *same = xss_sanitize(a, id);
    assert_ptr_equal(same->str, id->str); /* shared, not copied */

    php_value *arr = php_array_value_new(a);
    php_array_set(a, arr->arr, "x<y", 3, php_string_new(a, "<b>1</b>", 8));
    php_value *inner = php_array_value_new(a);
    php_array_append(a, inner->arr, php_string_new(a, "a&b", 3));
    php_array_set(a, arr->arr, "7", 1, inner);
    php_value *out = xss_sanitize(a, arr);
    assert_non_null(out);
    /* Keys are kept as they are; values are sanitized recursively. */
    assert_string_equal(php_value_dump(a, out), "[x<y=1,#7=[#0=a&amp;b]]");
    /* The input is unchanged. */
    assert_string_equal(php_value_dump(a, arr), "[x<y=<b>1</b>,#7=[#0=a&b]]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_identifier_fast_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plain_text_and_escaping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tags_removed_text_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_script_and_style_content_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entities, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newlines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_control_and_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idempotent_samples, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idempotent_random, setup, teardown),
        cmocka_unit_test_setup_teardown(test_linear_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sanitize_values, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
