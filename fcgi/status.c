/*
 * status.c - see status.h for the contract and the design.
 */
#include "status.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
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
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/strbuf.h"
#include "scoreboard.h"

#define REQUEST_MAX 8192
#define IO_TIMEOUT_S 2
#define SAMPLE_MS 1000
/* Allowed peers served at once; each holds its slot IO_TIMEOUT_S at most. */
#define MAX_CONNECTIONS 32

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
        bind(fd, (const struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 128) != 0) {
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

/* A connection of an allowed peer, served without blocking: its request
 * head is read, then its answer written, each as the socket allows, all
 * within IO_TIMEOUT_S of its accept. */
typedef struct status_conn {
    int fd;                 /* -1: a free slot */
    long long deadline_ms;  /* closed then, whatever its state */
    char head[REQUEST_MAX];
    size_t head_len;
    char *answer;           /* malloc'd once the head is complete */
    size_t answer_len, sent;
} status_conn;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The whole HTTP answer in one malloc'd buffer (*len bytes); NULL on OOM. */
static char *format_answer(int status, const char *reason, const char *type, const char *body,
                           size_t body_len, bool head_only, size_t *len)
{
    char headers[256];
    int n = snprintf(headers, sizeof headers,
                     "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                     "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
                     status, reason, type, body_len);
    if (n < 0 || (size_t)n >= sizeof headers)
        return NULL;
    size_t total = (size_t)n + (head_only ? 0 : body_len);
    char *out = malloc(total ? total : 1);
    if (!out)
        return NULL;
    memcpy(out, headers, (size_t)n);
    if (!head_only)
        memcpy(out + n, body, body_len);
    *len = total;
    return out;
}

static const char TEXT[] = "text/plain; charset=utf-8";
static const char FORBIDDEN_BODY[] = "Forbidden: this address is not in status_allow.\n";

/* The answer to a complete request head. NULL on OOM. */
static char *answer_request(const char *head, size_t *len)
{
    /* "GET /metrics HTTP/1.1": the method, then the path up to '?' or ' '. */
    size_t method_len = strcspn(head, " ");
    const char *path = head + method_len + (head[method_len] == ' ');
    size_t path_len = strcspn(path, " ?\r\n");
    bool head_only = method_len == 4 && memcmp(head, "HEAD", 4) == 0;
    if (!(method_len == 3 && memcmp(head, "GET", 3) == 0) && !head_only) {
        static const char body[] = "Only GET and HEAD are served.\n";
        return format_answer(405, "Method Not Allowed", TEXT, body, sizeof body - 1, false, len);
    }
    if (!(path_len == 8 && memcmp(path, "/metrics", 8) == 0)) {
        static const char body[] = "Not found: the metrics are at /metrics.\n";
        return format_answer(404, "Not Found", TEXT, body, sizeof body - 1, head_only, len);
    }
    arena *a = arena_create(64 * 1024);
    strbuf out;
    if (a)
        sb_init(&out, a, 32 * 1024);
    char *answer;
    if (!a || (scoreboard_render(&out), sb_failed(&out))) {
        static const char body[] = "Out of memory.\n";
        answer = format_answer(500, "Internal Server Error", TEXT, body, sizeof body - 1,
                               head_only, len);
    } else {
        answer = format_answer(200, "OK", "text/plain; version=0.0.4; charset=utf-8", out.data,
                               out.len, head_only, len);
    }
    arena_destroy(a);
    return answer;
}

static void conn_close(status_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    free(c->answer);
    c->fd = -1;
    c->answer = NULL;
    c->head_len = c->answer_len = c->sent = 0;
}

/* A peer outside status_allow: answered 403 and closed at once, without
 * reading its request (the answer fits the socket's buffer; what the peer
 * sent already is read first, so that closing does not reset the
 * connection before the peer reads the answer). */
static void refuse(int fd)
{
    size_t len;
    char *answer = format_answer(403, "Forbidden", TEXT, FORBIDDEN_BODY,
                                 sizeof FORBIDDEN_BODY - 1, false, &len);
    if (answer)
        (void)!send(fd, answer, len, MSG_DONTWAIT | MSG_NOSIGNAL);
    free(answer);
    shutdown(fd, SHUT_WR);
    char drain[512];
    while (recv(fd, drain, sizeof drain, MSG_DONTWAIT) > 0)
        ;
    close(fd);
}

/* Reads what the peer sent; once the head is complete, prepares the answer.
 * False when the connection is done with (closed by the caller). */
static bool conn_read(status_conn *c)
{
    for (;;) {
        ssize_t n = recv(c->fd, c->head + c->head_len, sizeof c->head - 1 - c->head_len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        if (n <= 0)
            return false; /* the peer left (or failed) before a whole head */
        c->head_len += (size_t)n;
        c->head[c->head_len] = '\0';
        if (strstr(c->head, "\r\n\r\n") || strstr(c->head, "\n\n")) {
            c->answer = answer_request(c->head, &c->answer_len);
            return c->answer != NULL;
        }
        if (c->head_len + 1 >= sizeof c->head)
            return false; /* a head this long is no scrape */
    }
}

/* Sends what the socket takes. False when done (all sent, or failed). */
static bool conn_write(status_conn *c)
{
    while (c->sent < c->answer_len) {
        ssize_t n = send(c->fd, c->answer + c->sent, c->answer_len - c->sent,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        if (n <= 0)
            return false;
        c->sent += (size_t)n;
    }
    return false;
}

/* Accepts every connection waiting: refused peers are answered and closed
 * at once; allowed ones take a free slot (none free: closed). */
static void accept_all(const config *cfg, int status_fd, status_conn *conns, size_t nconns)
{
    for (;;) {
        struct sockaddr_in peer;
        socklen_t peer_len = sizeof peer;
        int fd = accept4(status_fd, (struct sockaddr *)&peer, &peer_len,
                         SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                log_warn("status server: accept: %s", strerror(errno));
            return;
        }
        char ip[INET_ADDRSTRLEN];
        if (!inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip) ||
            !config_networks_contain(&cfg->status_allow, ip)) {
            refuse(fd);
            continue;
        }
        status_conn *slot = NULL;
        for (size_t i = 0; i < nconns && !slot; i++)
            if (conns[i].fd < 0)
                slot = &conns[i];
        if (!slot) {
            close(fd); /* every slot holds a peer for at most IO_TIMEOUT_S */
            continue;
        }
        slot->fd = fd;
        slot->deadline_ms = now_ms() + IO_TIMEOUT_S * 1000;
    }
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

    int flags = fcntl(status_fd, F_GETFL);
    if (flags < 0 || fcntl(status_fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        log_error("status server: O_NONBLOCK: %s", strerror(errno));
        return 1;
    }
    static status_conn conns[MAX_CONNECTIONS];
    for (size_t i = 0; i < MAX_CONNECTIONS; i++)
        conns[i].fd = -1;
    long long next_sample = 0;
    for (;;) {
        long long now = now_ms();
        if (now >= next_sample) {
            sample_listen_queue(fcgi_listen_fd);
            next_sample = now + SAMPLE_MS;
        }
        struct pollfd fds[1 + MAX_CONNECTIONS];
        status_conn *polled[1 + MAX_CONNECTIONS];
        nfds_t n = 0;
        fds[n++] = (struct pollfd){.fd = status_fd, .events = POLLIN};
        long long wake = next_sample;
        for (size_t i = 0; i < MAX_CONNECTIONS; i++) {
            status_conn *c = &conns[i];
            if (c->fd < 0)
                continue;
            if (c->deadline_ms <= now) {
                conn_close(c); /* too slow: never holds the others up */
                continue;
            }
            if (c->deadline_ms < wake)
                wake = c->deadline_ms;
            polled[n] = c;
            fds[n++] = (struct pollfd){.fd = c->fd, .events = c->answer ? POLLOUT : POLLIN};
        }
        int ready = poll(fds, n, (int)(wake > now ? wake - now : 0));
        if (ready < 0 && errno != EINTR) {
            log_error("status server: poll: %s", strerror(errno));
            return 1;
        }
        if (ready <= 0)
            continue;
        for (nfds_t k = 1; k < n; k++) {
            status_conn *c = polled[k];
            if (!fds[k].revents)
                continue;
            bool open = c->answer ? conn_write(c) : conn_read(c) && (!c->answer || conn_write(c));
            if (!open)
                conn_close(c);
        }
        if (fds[0].revents)
            accept_all(cfg, status_fd, conns, MAX_CONNECTIONS);
    }
}
