/*
 * test_accesslog.c - the lines of the access log and the slow log: field
 * order and values, escaping of what clients send, cutting of long slow-log
 * lines at a whole statement; the log file's reopen on a new generation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/accesslog.h"

static accesslog_record sample(void)
{
    return (accesslog_record){
        .time_us = 1795978173123456LL, /* 2026-11-29T18:49:33.123Z */
        .worker = 2,
        .remote = "192.0.2.7",
        .method = "POST",
        .campus = 3,
        .action = "user_profile",
        .user = 42,
        .status = 200,
        .error = false,
        .duration_us = 1234,
        .bytes = 321,
    };
}

static void test_access_line(void **state)
{
    (void)state;
    char buf[1024];
    accesslog_record r = sample();
    size_t len = accesslog_format(buf, sizeof buf, &r);
    const char *expected =
        "{\"time\":\"2026-11-29T18:49:33.123Z\",\"worker\":2,\"remote\":\"192.0.2.7\","
        "\"method\":\"POST\",\"campus\":3,\"action\":\"user_profile\",\"user\":42,"
        "\"status\":200,\"error\":false,\"duration_ms\":1.234,\"bytes\":321}\n";
    assert_string_equal(buf, expected);
    assert_int_equal(len, strlen(expected));
}

static void test_nulls_and_errors(void **state)
{
    (void)state;
    char buf[1024];
    accesslog_record r = sample();
    r.remote = NULL;
    r.method = NULL;
    r.action = NULL;
    r.user = 0;
    r.status = 0;
    r.error = true;
    r.duration_us = 2000000;
    accesslog_format(buf, sizeof buf, &r);
    assert_non_null(strstr(buf, "\"remote\":null,\"method\":null,"));
    assert_non_null(strstr(buf, "\"action\":null,\"user\":0,\"status\":0,\"error\":true,"
                                "\"duration_ms\":2000.000,"));
}

static void test_escapes_client_bytes(void **state)
{
    (void)state;
    char buf[1024];
    accesslog_record r = sample();
    r.action = "a\"b\\c\n\x01\xc3\xa9";
    accesslog_format(buf, sizeof buf, &r);
    assert_non_null(strstr(buf, "\"action\":\"a\\\"b\\\\c\\u000a\\u0001\\u00c3\\u00a9\","));
    for (const char *p = buf; *p; p++) /* printable ASCII only, and one line */
        assert_true((*p >= 0x20 && *p < 0x7f) || (*p == '\n' && p[1] == '\0'));
}

static void test_long_action_is_cut(void **state)
{
    (void)state;
    char action[300];
    memset(action, 'x', sizeof action - 1);
    action[sizeof action - 1] = '\0';
    char buf[1024];
    accesslog_record r = sample();
    r.action = action;
    accesslog_format(buf, sizeof buf, &r);
    char expected[ACCESSLOG_ACTION_MAX + 16];
    snprintf(expected, sizeof expected, "\"action\":\"%.*s\",", ACCESSLOG_ACTION_MAX, action);
    assert_non_null(strstr(buf, expected));
}

static void test_slow_line(void **state)
{
    (void)state;
    char buf[2048];
    accesslog_record r = sample();
    r.duration_us = 1500000;
    accesslog_statement st[] = {
        {"auth.validate_key", 1000, false, 1},
        {"user_profile.get", 1200500, false, 1},
        {"tracking.flush", 250, true, 2},
    };
    size_t len = slowlog_format(buf, sizeof buf, &r, st, 3, 0);
    assert_int_equal(len, strlen(buf));
    assert_non_null(strstr(buf, "\"duration_ms\":1500.000,\"bytes\":321,\"db_ms\":1201.750,"
                                "\"statements\":[{\"name\":\"auth.validate_key\",\"ms\":1.000,\"trip\":1},"
                                "{\"name\":\"user_profile.get\",\"ms\":1200.500,\"trip\":1},"
                                "{\"name\":\"tracking.flush\",\"ms\":0.250,\"trip\":2,"
                                "\"failed\":true}],"
                                "\"statements_dropped\":0}\n"));
    assert_true(strncmp(buf, "{\"time\":", 8) == 0);
}

static void test_slow_line_cut_at_a_whole_statement(void **state)
{
    (void)state;
    enum { N = 64 };
    accesslog_statement st[N];
    for (int i = 0; i < N; i++)
        st[i] = (accesslog_statement){"some_domain.some_rather_long_statement_name", 10, false,
                                      i + 1};
    char buf[1024];
    accesslog_record r = sample();
    size_t len = slowlog_format(buf, sizeof buf, &r, st, N, 5);
    assert_true(len < sizeof buf);
    assert_int_equal(len, strlen(buf));
    assert_true(buf[len - 1] == '\n' && buf[len - 2] == '}');
    /* Some statements made it, each whole; the rest count as dropped. */
    size_t shown = 0;
    for (const char *p = buf; (p = strstr(p, "{\"name\":")); p++)
        shown++;
    assert_true(shown > 0 && shown < N);
    char tail[64];
    snprintf(tail, sizeof tail, "}],\"statements_dropped\":%zu}\n", N - shown + 5);
    assert_non_null(strstr(buf, tail));
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    static char text[4096];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static void test_log_file_reopens_on_a_new_generation(void **state)
{
    (void)state;
    char path[] = "/tmp/test_accesslog_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char moved[64];
    snprintf(moved, sizeof moved, "%s.1", path);

    char err[256];
    assert_int_equal(log_file_check(path, err, sizeof err), 0);
    assert_int_equal(log_file_check("/proc/no/such/file", err, sizeof err), -1);
    assert_string_equal(err, "/proc/no/such/file: No such file or directory");

    log_file f;
    log_file_init(&f, path);
    log_file_write(&f, 0, "one\n", 4);
    assert_int_equal(rename(path, moved), 0);
    log_file_write(&f, 0, "two\n", 4); /* same generation: still the old file */
    log_file_write(&f, 1, "three\n", 6);
    log_file_close(&f);

    assert_string_equal(slurp(moved), "one\ntwo\n");
    assert_string_equal(slurp(path), "three\n");
    unlink(path);
    unlink(moved);

    log_file off;
    log_file_init(&off, "");
    log_file_write(&off, 0, "x\n", 2); /* disabled: nothing, no crash */
    assert_int_equal(off.fd, -1);
}

/* A write that the disk cuts short (ENOSPC; here the file size limit, which
 * cuts a write the same way) leaves no partial line: the piece is taken back,
 * and the next line, after a reopen in the same file, starts a line of its
 * own. */
static void test_log_file_never_leaves_a_partial_line(void **state)
{
    (void)state;
    char path[] = "/tmp/test_accesslog_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);

    struct rlimit saved;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    log_file f;
    log_file_init(&f, path);
    log_file_write(&f, 0, "{\"line\":1,\"pad\":\"ab\"}\n", 22);
    struct rlimit small = {.rlim_cur = 30, .rlim_max = saved.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    log_file_write(&f, 0, "{\"line\":2,\"pad\":\"cd\"}\n", 22); /* 8 bytes fit */
    log_file_write(&f, 0, "{\"line\":3,\"pad\":\"ef\"}\n", 22); /* nothing fits */
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
    log_file_write(&f, 1, "{\"line\":4,\"pad\":\"gh\"}\n", 22); /* reopened: the same file */
    log_file_close(&f);
    signal(SIGXFSZ, old_handler);

    assert_string_equal(slurp(path), "{\"line\":1,\"pad\":\"ab\"}\n{\"line\":4,\"pad\":\"gh\"}\n");
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_access_line),
        cmocka_unit_test(test_nulls_and_errors),
        cmocka_unit_test(test_escapes_client_bytes),
        cmocka_unit_test(test_long_action_is_cut),
        cmocka_unit_test(test_slow_line),
        cmocka_unit_test(test_slow_line_cut_at_a_whole_statement),
        cmocka_unit_test(test_log_file_reopens_on_a_new_generation),
        cmocka_unit_test(test_log_file_never_leaves_a_partial_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
