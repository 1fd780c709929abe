/*
 * status.c - see status.h for the contract and the design.
 */
#include "status.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "scoreboard.h"

#define REQUEST_MAX 8192
#define IO_TIMEOUT_S 2
#define SAMPLE_MS 1000

int status_open(const char *where, char *errbuf, size_t errlen)
{
    const char *colon = strchr(where, ':');
    char host[INET_ADDRSTRLEN];
    snprintf(host, sizeof host, "%.*s", (int)(colon - where), where);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)strtoul(colon + 1, NULL, 10));
    inet_pton(AF_INET, host, &addr.sin_addr); /* validated by config.c */

    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        bind(fd, (const struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 16) != 0) {
        snprintf(errbuf, errlen, "status_listen %s: %s", where, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* The accept queue of a TCP listening socket (Linux: tcpi_unacked is the
 * current queue, tcpi_sacked its size). A unix socket has no TCP_INFO: the
 * metric is then left out. */
static void sample_listen_queue(int fd)
{
    struct tcp_info info;
    socklen_t len = sizeof info;
    memset(&info, 0, sizeof info);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == 0)
        scoreboard_note_listen_queue(info.tcpi_unacked, info.tcpi_sacked);
}

static void send_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* timeout or peer gone: nothing to do */
        data += n;
        len -= (size_t)n;
    }
}

static void respond(int fd, int status, const char *reason, const char *type, const char *body,
                    size_t body_len, bool head)
{
    char headers[256];
    int n = snprintf(headers, sizeof headers,
                     "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                     "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
                     status, reason, type, body_len);
    send_all(fd, headers, (size_t)n);
    if (!head)
        send_all(fd, body, body_len);
}

/* Reads the request head (up to the blank line) into buf. Returns its
 * length, or 0 when the client sent nothing usable in time. The whole head
 * must come within IO_TIMEOUT_S (SO_RCVTIMEO alone bounds each recv, so a
 * client trickling bytes could hold the server for hours). */
static size_t read_head(int fd, char *buf, size_t cap)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    size_t len = 0;
    while (len + 1 < cap) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= IO_TIMEOUT_S)
            break;
        ssize_t n = recv(fd, buf + len, cap - 1 - len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
        buf[len] = '\0';
        if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
            return len;
    }
    buf[len] = '\0';
    return len > 0 && strchr(buf, '\n') ? len : 0;
}

static void serve_connection(const config *cfg, int fd, const struct sockaddr_in *peer)
{
    struct timeval tv = {.tv_sec = IO_TIMEOUT_S};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);

    char head[REQUEST_MAX];
    if (read_head(fd, head, sizeof head) == 0)
        return;
    static const char text[] = "text/plain; charset=utf-8";

    char ip[INET_ADDRSTRLEN];
    if (!inet_ntop(AF_INET, &peer->sin_addr, ip, sizeof ip) ||
        !config_networks_contain(&cfg->status_allow, ip)) {
        static const char body[] = "Forbidden: this address is not in status_allow.\n";
        respond(fd, 403, "Forbidden", text, body, sizeof body - 1, false);
        return;
    }

    /* "GET /metrics HTTP/1.1": the method, then the path up to '?' or ' '. */
    size_t method_len = strcspn(head, " ");
    const char *path = head + method_len + (head[method_len] == ' ');
    size_t path_len = strcspn(path, " ?\r\n");
    bool head_only = method_len == 4 && memcmp(head, "HEAD", 4) == 0;
    if (!(method_len == 3 && memcmp(head, "GET", 3) == 0) && !head_only) {
        static const char body[] = "Only GET and HEAD are served.\n";
        respond(fd, 405, "Method Not Allowed", text, body, sizeof body - 1, false);
        return;
    }
    if (!(path_len == 8 && memcmp(path, "/metrics", 8) == 0)) {
        static const char body[] = "Not found: the metrics are at /metrics.\n";
        respond(fd, 404, "Not Found", text, body, sizeof body - 1, head_only);
        return;
    }

    arena *a = arena_create(64 * 1024);
    strbuf out;
    if (a)
        sb_init(&out, a, 32 * 1024);
    if (!a || (scoreboard_render(&out), sb_failed(&out))) {
        static const char body[] = "Out of memory.\n";
        respond(fd, 500, "Internal Server Error", text, body, sizeof body - 1, head_only);
    } else {
        respond(fd, 200, "OK", "text/plain; version=0.0.4; charset=utf-8", out.data, out.len,
                head_only);
    }
    arena_destroy(a);
}

int status_run(const config *cfg, int status_fd, int fcgi_listen_fd, pid_t master_pid)
{
    /* The master's mask blocks its signals: take the defaults back, so that
     * SIGTERM simply ends this process (it holds no state worth saving). */
    sigset_t none;
    sigemptyset(&none);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGHUP, SIG_IGN);
    signal(SIGUSR1, SIG_IGN);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* Tells it from the workers in ps and top. */
    prctl(PR_SET_NAME, "chamilo-status");
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0)
        log_warn("status server: PR_SET_PDEATHSIG: %s", strerror(errno));
    if (getppid() != master_pid)
        return 0; /* the master died before prctl */

    for (;;) {
        sample_listen_queue(fcgi_listen_fd);
        struct pollfd p = {.fd = status_fd, .events = POLLIN};
        int ready = poll(&p, 1, SAMPLE_MS);
        if (ready < 0 && errno != EINTR) {
            log_error("status server: poll: %s", strerror(errno));
            return 1;
        }
        if (ready <= 0)
            continue;
        struct sockaddr_in peer;
        socklen_t peer_len = sizeof peer;
        int fd = accept4(status_fd, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED)
                log_warn("status server: accept: %s", strerror(errno));
            continue;
        }
        serve_connection(cfg, fd, &peer);
        close(fd);
    }
}
