/*
 * test_fcgi_io.c - the socket-free parts of fcgi/fcgi_io.c: the FastCGI
 * parameter map (last occurrence wins, as in PHP-FPM), CONTENT_LENGTH, and
 * the CGI response head.
 *
 * fcgi/fcgi_io.c is not in libchamilo.a (only the binary links fcgi/), so
 * it is compiled into this test by #include: the test builds with the
 * Makefile's generic rule, and -MMD still tracks the file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

#include "../../fcgi/fcgi_io.c"

static int setup(void **state)
{
    arena *a = arena_create(4096);
    *state = a;
    return a ? 0 : -1;
}

static int teardown(void **state)
{
    arena_destroy(*state);
    return 0;
}

static void test_last_occurrence_wins(void **state)
{
    arena *a = *state;
    const char *envp[] = {
        "QUERY_STRING=first",
        "REQUEST_METHOD=GET",
        "HTTP_HOST=a.example",
        "QUERY_STRING=second",
        "HTTP_HOST=b.example",
        "QUERY_STRING=last",
        NULL,
    };
    fcgi_params p;
    assert_int_equal(fcgi_params_build(a, envp, &p), 0);
    assert_int_equal(p.count, 3);
    assert_string_equal(fcgi_params_get(&p, "QUERY_STRING"), "last");
    assert_string_equal(fcgi_params_get(&p, "HTTP_HOST"), "b.example");
    assert_string_equal(fcgi_params_get(&p, "REQUEST_METHOD"), "GET");
    assert_null(fcgi_params_get(&p, "CONTENT_TYPE"));
    /* Sorted and unique. */
    for (size_t i = 1; i < p.count; i++)
        assert_true(strcmp(p.items[i - 1].name, p.items[i].name) < 0);
}

static void test_many_duplicates(void **state)
{
    arena *a = *state;
    enum { N = 2000 };
    const char **envp = arena_calloc(a, N + 2, sizeof *envp);
    assert_non_null(envp);
    for (int i = 0; i < N; i++)
        envp[i] = arena_printf(a, "%s=%d", i % 2 ? "ODD" : "EVEN", i);
    envp[N] = "ZZZ=z";
    fcgi_params p;
    assert_int_equal(fcgi_params_build(a, envp, &p), 0);
    assert_int_equal(p.count, 3);
    assert_string_equal(fcgi_params_get(&p, "EVEN"), "1998");
    assert_string_equal(fcgi_params_get(&p, "ODD"), "1999");
    assert_string_equal(fcgi_params_get(&p, "ZZZ"), "z");
}

static void test_odd_entries(void **state)
{
    arena *a = *state;
    const char *envp[] = {"NO_EQUALS", "EMPTY=", "X=a=b=c", "=nameless", "SP ACE=ok", NULL};
    fcgi_params p;
    assert_int_equal(fcgi_params_build(a, envp, &p), 0);
    assert_int_equal(p.count, 4);
    assert_null(fcgi_params_get(&p, "NO_EQUALS"));
    assert_string_equal(fcgi_params_get(&p, "EMPTY"), "");
    assert_string_equal(fcgi_params_get(&p, "X"), "a=b=c");
    assert_string_equal(fcgi_params_get(&p, ""), "nameless");
    assert_string_equal(fcgi_params_get(&p, "SP ACE"), "ok");

    assert_int_equal(fcgi_params_build(a, NULL, &p), 0);
    assert_int_equal(p.count, 0);
    assert_null(fcgi_params_get(&p, "X"));
    const char *empty[] = {NULL};
    assert_int_equal(fcgi_params_build(a, empty, &p), 0);
    assert_null(fcgi_params_get(&p, "X"));
    const char *only_bad[] = {"A", "B", NULL};
    assert_int_equal(fcgi_params_build(a, only_bad, &p), 0);
    assert_int_equal(p.count, 0);
}

/* The map owns copies: libfcgi frees envp at the next Finish/Accept. */
static void test_values_are_copied(void **state)
{
    arena *a = *state;
    char entry[] = "REMOTE_ADDR=192.0.2.1";
    const char *envp[] = {entry, NULL};
    fcgi_params p;
    assert_int_equal(fcgi_params_build(a, envp, &p), 0);
    memset(entry, 'x', sizeof entry - 1);
    assert_string_equal(fcgi_params_get(&p, "REMOTE_ADDR"), "192.0.2.1");
}

static void test_http_in_from_params(void **state)
{
    arena *a = *state;
    const char *envp[] = {
        "REQUEST_METHOD=POST",
        "QUERY_STRING=action=user_profile&api_key=x",
        "CONTENT_TYPE=application/x-www-form-urlencoded",
        "CONTENT_LENGTH=12",
        "HTTP_HOST=campus.example",
        "REQUEST_URI=/main/webservices/api/v2.php?action=user_profile&api_key=x",
        "REMOTE_ADDR=10.0.0.5",
        "HTTPS=on",
        "HTTP_X_FORWARDED_PROTO=https",
        "HTTP_X_FORWARDED_FOR=198.51.100.7",
        "QUERY_STRING=action=last",
        NULL,
    };
    fcgi_params p;
    assert_int_equal(fcgi_params_build(a, envp, &p), 0);
    http_in in;
    memset(&in, 0, sizeof in);
    fcgi_http_in_from_params(&p, &in);
    assert_string_equal(in.method, "POST");
    assert_string_equal(in.query_string, "action=last");
    assert_string_equal(in.content_type, "application/x-www-form-urlencoded");
    assert_string_equal(in.host, "campus.example");
    assert_string_equal(in.request_uri,
                        "/main/webservices/api/v2.php?action=user_profile&api_key=x");
    assert_string_equal(in.remote_addr, "10.0.0.5");
    assert_string_equal(in.https, "on");
    assert_string_equal(in.forwarded_proto, "https");
    assert_string_equal(in.forwarded_for, "198.51.100.7");
    assert_null(in.body);

    const char *bare[] = {"REQUEST_METHOD=GET", NULL};
    assert_int_equal(fcgi_params_build(a, bare, &p), 0);
    fcgi_http_in_from_params(&p, &in);
    assert_string_equal(in.method, "GET");
    assert_null(in.query_string);
    assert_null(in.content_type);
    assert_null(in.host);
    assert_null(in.request_uri);
    assert_null(in.remote_addr);
    assert_null(in.https);
    assert_null(in.forwarded_proto);
    assert_null(in.forwarded_for);
}

static void test_content_length(void **state)
{
    (void)state;
    size_t n = 99;
    assert_true(fcgi_parse_content_length(NULL, &n));
    assert_int_equal(n, 0);
    assert_true(fcgi_parse_content_length("", &n));
    assert_int_equal(n, 0);
    assert_true(fcgi_parse_content_length("0", &n));
    assert_int_equal(n, 0);
    assert_true(fcgi_parse_content_length("8388608", &n));
    assert_int_equal(n, 8388608);
    assert_true(fcgi_parse_content_length("18446744073709551615", &n));
    assert_int_equal(n, SIZE_MAX);
    static const char *const bad[] = {"-1",
                                      "+1",
                                      " 1",
                                      "1 ",
                                      "12a",
                                      "0x10",
                                      "1e3",
                                      "18446744073709551616",
                                      "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(fcgi_parse_content_length(bad[i], &n));
}

static void test_status_reasons(void **state)
{
    (void)state;
    assert_string_equal(fcgi_status_reason(200), "OK");
    assert_string_equal(fcgi_status_reason(302), "Found");
    assert_string_equal(fcgi_status_reason(400), "Bad Request");
    assert_string_equal(fcgi_status_reason(413), "Payload Too Large");
    assert_string_equal(fcgi_status_reason(500), "Internal Server Error");
    assert_string_equal(fcgi_status_reason(503), "Service Unavailable");
    assert_null(fcgi_status_reason(299));
}

static void assert_head(arena *a, const http_out *out, const char *expected)
{
    size_t len = 0;
    const char *head = fcgi_format_head(a, out, &len);
    assert_non_null(head);
    assert_string_equal(head, expected);
    assert_int_equal(len, strlen(expected));
}

static const http_out JSON_ANSWER = {
    .status = 200,
    .content_type = "application/json",
    .cors_origin = "*",
    .no_cache = true,
    .body = "{\"error\":false,\"data\":[]}",
    .body_len = 25,
};

/* The head of JSON_ANSWER up to its length. */
#define JSON_ANSWER_HEAD                                                                        \
    "Status: 200 OK\r\n"                                                                        \
    "Content-Type: application/json\r\n"                                                        \
    "Access-Control-Allow-Origin: *\r\n"                                                        \
    "Expires: Thu, 19 Nov 1981 08:52:00 GMT\r\n"                                                \
    "Cache-Control: no-store, no-cache, must-revalidate\r\n"                                    \
    "Pragma: no-cache\r\n"

static void test_head_json(void **state)
{
    http_out out = JSON_ANSWER;
    assert_head(*state, &out, JSON_ANSWER_HEAD "Content-Length: 25\r\n\r\n");
}

/* An answer written as it is produced: its length is not known. */
static void test_head_streamed(void **state)
{
    http_out out = JSON_ANSWER;
    out.streamed = true;
    out.body_len = 123456; /* the bytes written so far */
    assert_head(*state, &out, JSON_ANSWER_HEAD "\r\n");
}

static void test_head_redirect(void **state)
{
    http_out out = {
        .status = 302,
        .location = "https://campus.example/main/messages/view_message.php?id=7",
        .no_cache = true,
        .body = "",
    };
    assert_head(*state, &out,
                "Status: 302 Found\r\n"
                "Location: https://campus.example/main/messages/view_message.php?id=7\r\n"
                "Expires: Thu, 19 Nov 1981 08:52:00 GMT\r\n"
                "Cache-Control: no-store, no-cache, must-revalidate\r\n"
                "Pragma: no-cache\r\n"
                "Content-Length: 0\r\n"
                "\r\n");
}

static void test_head_statuses(void **state)
{
    http_out out = {.status = 413,
                    .content_type = "application/json",
                    .cors_origin = "",
                    .body = "0123456789",
                    .body_len = 10};
    assert_head(*state, &out,
                "Status: 413 Payload Too Large\r\n"
                "Content-Type: application/json\r\n"
                "Content-Length: 10\r\n"
                "\r\n");
    http_out bare = {.status = 503};
    assert_head(*state, &bare, "Status: 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
    bare.status = 400;
    assert_head(*state, &bare, "Status: 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    bare.status = 500;
    bare.content_type = "";
    assert_head(*state, &bare, "Status: 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
    bare.status = 418;
    assert_head(*state, &bare, "Status: 418\r\nContent-Length: 0\r\n\r\n");
    /* The text/html kill-switch page of PHP. */
    http_out html = {.status = 200,
                     .content_type = "text/html; charset=UTF-8",
                     .body = "Webservices are disabled.",
                     .body_len = 25};
    assert_head(*state, &html,
                "Status: 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n"
                "Content-Length: 25\r\n\r\n");
    /* A large body length goes through snprintf's %zu, not FCGX_FPrintF. */
    http_out big = {.status = 200, .body = "x", .body_len = (size_t)5000000000ULL};
    assert_head(*state, &big, "Status: 200 OK\r\nContent-Length: 5000000000\r\n\r\n");
}

static void test_head_refuses_bad_values(void **state)
{
    arena *a = *state;
    size_t len = 0;
    http_out out = {.status = 0};
    assert_null(fcgi_format_head(a, &out, &len));
    out.status = 99;
    assert_null(fcgi_format_head(a, &out, &len));
    out.status = 600;
    assert_null(fcgi_format_head(a, &out, &len));

    out.status = 302;
    out.location = "https://x/\r\nSet-Cookie: evil=1";
    assert_null(fcgi_format_head(a, &out, &len));
    out.location = "https://x/\nX: y";
    assert_null(fcgi_format_head(a, &out, &len));
    out.location = "https://x/";
    out.content_type = "text/plain\rX";
    assert_null(fcgi_format_head(a, &out, &len));
    out.content_type = "text/plain";
    out.cors_origin = "*\x7f";
    assert_null(fcgi_format_head(a, &out, &len));
    out.cors_origin = "https://app.example";
    assert_non_null(fcgi_format_head(a, &out, &len));
}

static void test_head_long_values(void **state)
{
    arena *a = *state;
    size_t n = 20000;
    char *location = arena_alloc(a, n + 1);
    memset(location, 'a', n);
    location[n] = '\0';
    http_out out = {.status = 302,
                    .location = location,
                    .content_type = location,
                    .cors_origin = location,
                    .no_cache = true};
    size_t len = 0;
    const char *head = fcgi_format_head(a, &out, &len);
    assert_non_null(head);
    assert_int_equal(len, strlen(head));
    assert_true(len > 3 * n);
    assert_non_null(strstr(head, "Content-Length: 0\r\n\r\n"));
}

/* The pool's own 400 for an unreadable CONTENT_LENGTH is an envelope too. */
static void test_json_error(void **state)
{
    arena *a = *state;
    http_out out;
    fcgi_json_error(a, &out, 400, "*", FCGI_BAD_LENGTH_MESSAGE);
    assert_int_equal(out.status, 400);
    assert_string_equal(out.content_type, "application/json");
    assert_string_equal(out.cors_origin, "*");
    assert_string_equal(out.body, "{\"error\":true,\"message\":\"Invalid Content-Length\"}");
    assert_int_equal(out.body_len, strlen(out.body));
    size_t len;
    const char *head = fcgi_format_head(a, &out, &len);
    assert_non_null(head);
    assert_non_null(strstr(head, "Status: 400 Bad Request\r\n"));
    assert_non_null(strstr(head, "Content-Type: application/json\r\n"));
    fcgi_json_error(a, &out, 400, "", FCGI_BAD_LENGTH_MESSAGE);
    assert_null(out.cors_origin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_last_occurrence_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_odd_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values_are_copied, setup, teardown),
        cmocka_unit_test_setup_teardown(test_http_in_from_params, setup, teardown),
        cmocka_unit_test(test_content_length),
        cmocka_unit_test(test_status_reasons),
        cmocka_unit_test_setup_teardown(test_head_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_head_streamed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_head_redirect, setup, teardown),
        cmocka_unit_test_setup_teardown(test_head_statuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_head_refuses_bad_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_head_long_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_error, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
