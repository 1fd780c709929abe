/*
 * test_multipart.c - multipart/form-data bodies: boundary extraction, parts,
 * file parts, names, values, malformed bodies, limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "request/multipart.h"

#define CT "multipart/form-data; boundary=XyZ"

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

typedef struct result {
    parse_status status;
    const char *dump;
    const char *detail;
} result;

static result parse_len(arena *a, const char *content_type, const char *body, size_t len,
                        const parse_limits *limits)
{
    parse_ctx ctx;
    parse_ctx_init(&ctx, a, limits);
    php_array *arr = php_array_new(a);
    result r;
    r.status = multipart_parse(&ctx, arr, content_type, body, len);
    r.dump = php_array_dump(a, arr);
    r.detail = ctx.detail;
    return r;
}

static result parse(arena *a, const char *content_type, const char *body)
{
    return parse_len(a, content_type, body, strlen(body), NULL);
}

static const char *parse_ok(arena *a, const char *content_type, const char *body)
{
    result r = parse(a, content_type, body);
    assert_int_equal(r.status, PARSE_OK);
    return r.dump;
}

static void assert_bad(arena *a, const char *content_type, const char *body)
{
    result r = parse(a, content_type, body);
    assert_int_equal(r.status, PARSE_BAD_BODY);
    assert_string_equal(r.detail, "Malformed request body");
}

static void test_boundary_extraction(void **state)
{
    (void)state;
    const char *b;
    size_t n;
    assert_true(multipart_boundary("multipart/form-data; boundary=abc", &b, &n));
    assert_int_equal(n, 3);
    assert_memory_equal(b, "abc", 3);
    assert_true(multipart_boundary("multipart/form-data; boundary=\"a b;c\"; x=y", &b, &n));
    assert_int_equal(n, 5);
    assert_memory_equal(b, "a b;c", 5);
    assert_true(multipart_boundary("multipart/form-data; boundary=abc; charset=utf-8", &b, &n));
    assert_int_equal(n, 3);
    assert_true(multipart_boundary("multipart/form-data; boundary=abc,def", &b, &n));
    assert_int_equal(n, 3);
    assert_true(multipart_boundary("multipart/form-data; BOUNDARY=Q1", &b, &n));
    assert_int_equal(n, 2);
    assert_memory_equal(b, "Q1", 2);
    /* Spaces are kept (PHP cuts only at ',' and ';'). */
    assert_true(multipart_boundary("multipart/form-data; boundary=abc ", &b, &n));
    assert_int_equal(n, 4);

    assert_false(multipart_boundary("multipart/form-data", &b, &n));
    assert_false(multipart_boundary("multipart/form-data; boundary", &b, &n));
    assert_false(multipart_boundary("multipart/form-data; boundary=", &b, &n));
    assert_false(multipart_boundary("multipart/form-data; boundary=\"\"", &b, &n));
    assert_false(multipart_boundary("multipart/form-data; boundary=\"abc", &b, &n));
    assert_false(multipart_boundary(NULL, &b, &n));
}

static void test_basic_fields(void **state)
{
    arena *a = *state;
    const char *body = "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"username\"\r\n"
                       "\r\n"
                       "admin\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"api_key\"\r\n"
                       "Content-Type: text/plain\r\n"
                       "\r\n"
                       "k3y\r\n"
                       "--XyZ--\r\n";
    assert_string_equal(parse_ok(a, CT, body), "[username=admin,api_key=k3y]");
}

static void test_quoted_boundary(void **state)
{
    arena *a = *state;
    const char *body = "--a b\r\n"
                       "Content-Disposition: form-data; name=x\r\n"
                       "\r\n"
                       "1\r\n"
                       "--a b--";
    assert_string_equal(parse_ok(a, "multipart/form-data; boundary=\"a b\"", body), "[x=1]");
}

static void test_file_parts_are_skipped(void **state)
{
    arena *a = *state;
    const char *body = "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\n"
                       "Content-Type: text/plain\r\n"
                       "\r\n"
                       "file content\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"empty_file\"; filename=\"\"\r\n"
                       "\r\n"
                       "\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"title\"\r\n"
                       "\r\n"
                       "Hello\r\n"
                       "--XyZ--\r\n";
    assert_string_equal(parse_ok(a, CT, body), "[title=Hello]");
}

static void test_values(void **state)
{
    arena *a = *state;
    /* CRLF inside a value is kept; only the CRLF before the delimiter goes. */
    const char *body = "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"text\"\r\n"
                       "\r\n"
                       "line1\r\nline2\r\n\r\n"
                       "\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"empty\"\r\n"
                       "\r\n"
                       "\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"lookalike\"\r\n"
                       "\r\n"
                       "a\r\n--XyZz b\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"right_after_headers\"\r\n"
                       "\r\n"
                       "--XyZ--\r\n";
    assert_string_equal(parse_ok(a, CT, body),
                        "[text=line1\\x0D\\x0Aline2\\x0D\\x0A\\x0D\\x0A,empty=,"
                        "lookalike=a\\x0D\\x0A--XyZz b,right_after_headers=]");
}

static void test_binary_value(void **state)
{
    arena *a = *state;
    static const char body[] = "--XyZ\r\n"
                               "Content-Disposition: form-data; name=\"bin\"\r\n"
                               "\r\n"
                               "a\0b\xff\r\n"
                               "--XyZ--";
    result r = parse_len(a, CT, body, sizeof body - 1, NULL);
    assert_int_equal(r.status, PARSE_OK);
    assert_string_equal(r.dump, "[bin=a\\x00b\\xFF]");
}

static void test_bracket_names(void **state)
{
    arena *a = *state;
    const char *body = "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"receivers[]\"\r\n\r\n5\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"receivers[]\"\r\n\r\n7\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"extra[0][field_name]\"\r\n\r\nage\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"a.b c\"\r\n\r\n1\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"pct%41\"\r\n\r\n2\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"receivers\"\r\n\r\nlast\r\n"
                       "--XyZ--\r\n";
    /* Part names are not url-decoded; last wins between scalar and array. */
    assert_string_equal(parse_ok(a, CT, body),
                        "[receivers=last,extra=[#0=[field_name=age]],a_b_c=1,pct%41=2]");
}

static void test_disposition_parsing(void **state)
{
    arena *a = *state;
    const char *body =
        "--XyZ\r\n"
        "content-disposition: form-data; NAME=lower\r\n\r\n1\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data;\r\n name=\"continued\"\r\n\r\n2\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"q\\\"uote\"\r\n\r\n3\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name='single'\r\n\r\n4\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"semi;colon\"; name=\"second\"\r\n\r\n5\r\n"
        "--XyZ\r\n"
        "Content-Type: text/plain\r\n\r\nno disposition\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data\r\n\r\nno name\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"\"\r\n\r\nempty name\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=first\r\n"
        "Content-Disposition: form-data; name=ignored\r\n\r\n6\r\n"
        "--XyZ--";
    assert_string_equal(parse_ok(a, CT, body),
                        "[lower=1,continued=2,q\"uote=3,single=4,second=5,first=6]");
}

static void test_line_endings_preamble_epilogue(void **state)
{
    arena *a = *state;
    const char *body = "This is the preamble.\r\n"
                       "--XyZ\n"
                       "Content-Disposition: form-data; name=\"lf\"\n"
                       "\n"
                       "only LF\n"
                       "--XyZ  \r\n"
                       "Content-Disposition: form-data; name=\"padded\"\r\n"
                       "\r\n"
                       "x\r\n"
                       "--XyZ--\r\n"
                       "This is the epilogue.\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"after_end\"\r\n\r\nno\r\n";
    assert_string_equal(parse_ok(a, CT, body), "[lf=only LF,padded=x]");
}

static void test_empty_forms(void **state)
{
    arena *a = *state;
    assert_string_equal(parse_ok(a, CT, ""), "[]");
    assert_string_equal(parse_ok(a, CT, "--XyZ--\r\n"), "[]");
    assert_string_equal(parse_ok(a, CT, "--XyZ--"), "[]");
    assert_string_equal(parse_ok(a, CT, "preamble\r\n--XyZ--"), "[]");
}

static void test_malformed(void **state)
{
    arena *a = *state;
    /* No opening delimiter. */
    assert_bad(a, CT, "garbage without delimiter");
    assert_bad(a, CT, "--XyZZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZZ--");
    /* Missing closing delimiter. */
    assert_bad(a, CT, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n");
    assert_bad(a, CT, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1");
    assert_bad(a, CT, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ");
    assert_bad(a, CT, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ\r\n");
    /* Headers cut off. */
    assert_bad(a, CT, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n");
    assert_bad(a, CT, "--XyZ\r\nContent-Disposition: form-data; name=a");
    assert_bad(a, CT, "--XyZ\r\n");
    assert_bad(a, CT, "--XyZ");
}

/* PHP warns "Missing boundary" and leaves $_POST empty (10-request-flow.md
 * §3.1): an empty form, not an error, whatever the body holds. */
static void test_missing_boundary_is_an_empty_form(void **state)
{
    arena *a = *state;
    const char *ok_part = "--XyZ\r\n"
                          "Content-Disposition: form-data; name=\"a\"\r\n"
                          "\r\n"
                          "1\r\n"
                          "--XyZ--\r\n";
    assert_string_equal(parse_ok(a, "multipart/form-data", ok_part), "[]");
    assert_string_equal(parse_ok(a, "multipart/form-data", "action=user_profile&x=1"), "[]");
    assert_string_equal(parse_ok(a, "multipart/form-data; boundary=", ok_part), "[]");
    assert_string_equal(parse_ok(a, "multipart/form-data; boundary=\"XyZ", ok_part), "[]");
}

static void test_limits(void **state)
{
    arena *a = *state;
    const char *body = "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n1\r\n"
                       "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"b[c][d]\"\r\n\r\n2\r\n"
                       "--XyZ--\r\n";
    parse_limits two = { 2, 100, 5 };
    assert_int_equal(parse_len(a, CT, body, strlen(body), &two).status, PARSE_OK);
    parse_limits one = { 1, 100, 5 };
    result r = parse_len(a, CT, body, strlen(body), &one);
    assert_int_equal(r.status, PARSE_TOO_MANY_PARAMS);
    assert_string_equal(r.detail, "Too many parameters");
    parse_limits shallow = { 10, 100, 1 };
    assert_int_equal(parse_len(a, CT, body, strlen(body), &shallow).status, PARSE_TOO_DEEP);
    parse_limits short_names = { 10, 6, 5 };
    assert_int_equal(parse_len(a, CT, body, strlen(body), &short_names).status,
                     PARSE_KEY_TOO_LONG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_boundary_extraction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_basic_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quoted_boundary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_boundary_is_an_empty_form, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_parts_are_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_binary_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bracket_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disposition_parsing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_endings_preamble_epilogue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
