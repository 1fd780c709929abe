/*
 * fuzz_fcgi.c - libFuzzer entry point for the FastCGI layer: libfcgi's
 * record and parameter decoding as the pool drives it, and our helpers on
 * top (fcgi/fcgi_io.c: the parameter map, CONTENT_LENGTH, the body read,
 * the response head).
 *
 * Built and run by `make fuzz` (t/fuzz/run.sh); seeds in t/fuzz/corpus/fuzz_fcgi/.
 * fcgi_io.c is compiled into this file (#include), as in
 * t/unit/test_fcgi_io.c.
 *
 * Input: byte 0 chooses the mode.
 *  - even: the rest is a raw FastCGI byte stream sent by a web server. It
 *    is written into one end of a socket pair, which is then closed, and
 *    the worker's sequence runs on the other end: FCGX_Accept_r (records,
 *    BEGIN_REQUEST, PARAMS name-value pairs), fcgi_read_request (our map,
 *    CONTENT_LENGTH, the STDIN records, a 64 KiB body limit),
 *    fcgi_write_response, FCGX_Finish_r.
 *  - odd: the rest, split at NUL bytes, is an envp array for
 *    fcgi_params_build; byte 1 picks a status and three of the strings
 *    become Content-Type, Location and CORS values for fcgi_format_head.
 *
 * Properties checked (abort on failure): the map keeps the LAST value of a
 * repeated name; a head that is produced has no CR or LF other than the
 * line ends and ends with an empty line.
 */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../../fcgi/fcgi_io.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_STREAM (60 * 1024) /* fits a socket buffer: the write never blocks */

/* A listening socket with nothing to accept: when libfcgi gives up on the
 * connection it tries to accept another, which then fails at once. */
static int idle_listener(void)
{
    static int fd = -1;
    if (fd >= 0)
        return fd;
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    /* Abstract name: nothing on disk, unique per process. */
    int n = snprintf(addr.sun_path + 1, sizeof addr.sun_path - 1, "chamilo-fuzz-%ld",
                     (long)getpid());
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, (socklen_t)(sizeof(sa_family_t) + 1 + n)) ||
        listen(fd, 1))
        abort();
    return fd;
}

/* Known libfcgi bug, found by this harness (Debian 12's 2.4.2-2+deb12u1):
 * ReadParams adds a name length and a value length of up to 2^31 - 1 each
 * in an int and mallocs the sum, so a PARAMS pair declaring lengths near
 * 2^31 makes it malloc a negative (huge) size and then write through the
 * NULL it gets: the worker dies (SIGSEGV). Only a peer that can write to
 * the FastCGI socket itself can send that (nginx never sends a parameter
 * longer than its header buffers), and the master replaces the worker; see
 * README ("Security"). So that fuzzing goes on past it, an input is
 * skipped when any byte could start a 4-byte length over 1 MiB (a byte
 * 0x81-0xFF, or 0x80 then 0x10-0xFF): libfcgi's own framing decides where
 * a length starts, and emulating it exactly is not worth it. Streams with
 * such bytes in names or values are the price. */
static bool declares_huge_param(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size; i++)
        if (data[i] > 0x80 || (data[i] == 0x80 && i + 1 < size && data[i + 1] >= 0x10))
            return true;
    return false;
}

static void stream_mode(arena *a, const uint8_t *data, size_t size)
{
    if (size > MAX_STREAM)
        size = MAX_STREAM;
    if (declares_huge_param(data, size))
        return;
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0)
        return;
    if (size && write(pair[0], data, size) != (ssize_t)size)
        abort();
    close(pair[0]);

    FCGX_Request req;
    if (FCGX_InitRequest(&req, idle_listener(), FCGI_FAIL_ACCEPT_ON_INTR) != 0)
        abort();
    /* As if accepted and kept open by the web server: FCGX_Accept_r then
     * reads the records from it instead of accepting. */
    req.ipcFd = pair[1];
    req.keepConnection = 1;
    if (FCGX_Accept_r(&req) == 0) {
        http_in in;
        size_t announced;
        http_out out;
        memset(&out, 0, sizeof out);
        switch (fcgi_read_request(a, &req, 64 * 1024, &in, &announced)) {
        case FCGI_READ_OK:
            if (!in.body || in.body[in.body_len] != '\0')
                abort();
            fcgi_json_error(a, &out, 200, "*", "ok");
            break;
        default:
            fcgi_json_error(a, &out, 400, "", "refused");
            break;
        }
        fcgi_write_response(a, req.out, &out); /* the peer is gone: EPIPE */
        FCGX_Finish_r(&req);
    }
    FCGX_Free(&req, 1);
    if (req.ipcFd >= 0)
        close(req.ipcFd);
}

static void check_head(const char *head, size_t len)
{
    if (len < 4 || memcmp(head + len - 4, "\r\n\r\n", 4) != 0)
        abort();
    for (size_t i = 0; i < len; i++) {
        if (head[i] == '\n' && (i == 0 || head[i - 1] != '\r'))
            abort();
        if (head[i] == '\r' && (i + 1 >= len || head[i + 1] != '\n'))
            abort();
    }
}

static void params_mode(arena *a, const uint8_t *data, size_t size)
{
    const char *envp[65];
    size_t count = 0;
    char *copy = arena_strndup(a, (const char *)data, size);
    if (!copy)
        return;
    for (size_t start = 0; start <= size && count < 64;) {
        envp[count++] = copy + start;
        start += strlen(copy + start) + 1;
    }
    envp[count] = NULL;

    fcgi_params params;
    if (fcgi_params_build(a, envp, &params) != 0)
        return;
    /* Last wins: each name maps to the value of its last occurrence. */
    for (size_t i = 0; i < count; i++) {
        const char *eq = strchr(envp[i], '=');
        if (!eq)
            continue;
        char *name = arena_strndup(a, envp[i], (size_t)(eq - envp[i]));
        const char *last = NULL;
        for (size_t j = 0; j < count; j++) {
            const char *e = strchr(envp[j], '=');
            if (e && (size_t)(e - envp[j]) == strlen(name) &&
                memcmp(envp[j], name, strlen(name)) == 0)
                last = e + 1;
        }
        const char *got = fcgi_params_get(&params, name);
        if (!got || strcmp(got, last) != 0)
            abort();
    }
    http_in in;
    memset(&in, 0, sizeof in);
    fcgi_http_in_from_params(&params, &in);
    size_t length;
    (void)fcgi_parse_content_length(fcgi_params_get(&params, "CONTENT_LENGTH"), &length);

    http_out out;
    memset(&out, 0, sizeof out);
    out.status = size > 1 ? 90 + data[1] * 2 : 200;
    out.content_type = count > 0 ? envp[0] : NULL;
    out.location = count > 1 ? envp[1] : NULL;
    out.cors_origin = count > 2 ? envp[2] : NULL;
    out.no_cache = size > 1 && (data[1] & 1);
    out.body = "{}";
    out.body_len = 2;
    size_t head_len;
    const char *head = fcgi_format_head(a, &out, &head_len);
    if (head)
        check_head(head, head_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static arena *a;
    if (!a) {
        signal(SIGPIPE, SIG_IGN);
        if (FCGX_Init() != 0 || !(a = arena_create(1 << 16)))
            return 0;
    }
    if (size == 0)
        return 0;
    if (data[0] & 1)
        params_mode(a, data + 1, size - 1);
    else
        stream_mode(a, data + 1, size - 1);
    arena_reset(a);
    return 0;
}
