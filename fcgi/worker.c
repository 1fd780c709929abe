/*
 * worker.c - see worker.h for the contract and the signal design.
 *
 * Waiting: the listening socket is non-blocking and each worker waits for
 * it with its own epoll instance (EPOLLEXCLUSIVE, so a connection wakes one
 * idle worker, not all of them), with the stop signals unblocked only for
 * the duration of epoll_pwait. When a worker wakes it calls FCGX_Accept_r;
 * if another worker took the connection first, accept(2) fails with EAGAIN,
 * libfcgi returns -EAGAIN and the worker waits again. A connection the web
 * server keeps open (fastcgi_keep_conn on) is waited on with ppoll instead,
 * since libfcgi reads the next request from it without accepting.
 *
 * Memory: a process arena (the FastCGI request state) and a request arena
 * reset after every request (parameters, body, everything app_handle
 * allocates). What a request allocated outside the arena (libpq's results,
 * json-c's trees and printed text, freed at the reset by the arena's
 * cleanups) goes back to the system after the request as well
 * (release_freed_memory): a worker that served a 100,000-row answer returns
 * to the resident size it had before it.
 */
#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "api/app.h"
#include "api/translations.h"
#include "core/arena.h"
#include "core/log.h"
#include "crypto/password.h"
#include "db/route.h"
#include "fcgi_io.h"
#include "observe.h"
#include "read_deadline.h"
#include "scoreboard.h"

#define PROCESS_ARENA_BLOCK (16 * 1024)
#define REQUEST_ARENA_BLOCK (64 * 1024)

/* Allocations at least this large are mmap'ed by glibc, and unmapped when
 * freed: a fixed threshold, which also turns off glibc's raising of it
 * after a large mapped chunk is freed (after which the next large answers
 * would be built on the heap). */
#define MALLOC_MMAP_THRESHOLD (256 * 1024)
/* Free heap memory above this after a request is given back at once
 * (malloc_trim); below it, kept for the next request. */
#define HEAP_FREE_KEPT (1024 * 1024)

/* Consecutive accept failures (EMFILE, ENOBUFS...) before the worker gives
 * up and lets the master start a fresh one. */
#define ACCEPT_FAILURES_BEFORE_EXIT 10

/* Gives the heap's free memory back to the system when a request left more
 * than HEAP_FREE_KEPT of it free: the json-c objects and PGresult blocks of
 * a large answer are many small chunks that free() keeps inside the heap;
 * malloc_trim releases their pages (madvise) wherever they are. Costs a
 * walk of the free lists (mallinfo2) per request; the trim only after a
 * large request. */
static void release_freed_memory(void)
{
    struct mallinfo2 heap = mallinfo2();
    if (heap.fordblks > HEAP_FREE_KEPT)
        malloc_trim(0);
}

/* ------------------------------------------------------------ signals */

static volatile sig_atomic_t stop_signal;

/* Only async-signal-safe work: a flag. Not FCGX_ShutdownPending(): libfcgi
 * would then refuse to accept, and the connections already queued on the
 * socket must still be served (graceful stop, see serve_until_stopped). */
static void on_stop_signal(int sig)
{
    stop_signal = sig;
}

/* Installs the worker's dispositions and mask. *wait_mask receives the mask
 * to use while waiting for a connection (stop signals unblocked). */
static int setup_signals(sigset_t *wait_mask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);

    /* No SA_RESTART: the wait must return EINTR so the loop sees the flag. */
    sa.sa_flags = 0;
    sa.sa_handler = on_stop_signal;
    /* SIGUSR1 is libfcgi's own "shutdown pending" signal: same meaning. */
    if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0 ||
        sigaction(SIGUSR1, &sa, NULL) != 0)
        return -1;

    /* A web server closing its end must surface as EPIPE on the write, not
     * kill the worker. SIGHUP (terminal gone) is the master's business. */
    sa.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &sa, NULL) != 0 || sigaction(SIGHUP, &sa, NULL) != 0)
        return -1;

    sa.sa_handler = SIG_DFL;
    if (sigaction(SIGCHLD, &sa, NULL) != 0)
        return -1;

    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGUSR1);
    if (sigprocmask(SIG_SETMASK, &blocked, NULL) != 0)
        return -1;
    sigemptyset(wait_mask);
    return 0;
}

/* ------------------------------------------------------------ waiting */

/* epoll_pwait and ppoll deliver a pending signal only when they return
 * EINTR: when the socket is already readable they return it and put the
 * mask back with the signal still pending. Under steady load that is every
 * time, so the flag is also read from the pending set. */
static void notice_pending_stop(void)
{
    static const int stop_signals[] = {SIGTERM, SIGINT, SIGUSR1};
    sigset_t pending;
    if (stop_signal || sigpending(&pending) != 0)
        return;
    for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++) {
        if (sigismember(&pending, stop_signals[i]) == 1) {
            stop_signal = stop_signals[i];
            return;
        }
    }
}

/* 1: something to accept, 0: interrupted by a signal, -1: error (errno). */
/* timeout_ms -1: no limit; 0 is returned when it runs out (the caller then
 * writes the bookkeeping that is due, app_after_request). */
static int wait_for_listener(int epoll_fd, const sigset_t *wait_mask, int timeout_ms)
{
    struct epoll_event event;
    int n = epoll_pwait(epoll_fd, &event, 1, timeout_ms, wait_mask);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    return n > 0;
}

/* Same for a connection the web server keeps open between requests. */
static int wait_for_connection(int fd, const sigset_t *wait_mask, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    struct timespec ts = {.tv_sec = timeout_ms / 1000, .tv_nsec = (timeout_ms % 1000) * 1000000L};
    int n = ppoll(&p, 1, timeout_ms < 0 ? NULL : &ts, wait_mask);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    return n > 0;
}

/* Sleeps up to ms, returning early on a stop signal. */
static void interruptible_sleep(long ms, const sigset_t *wait_mask)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    ppoll(NULL, 0, &ts, wait_mask);
}

/* ------------------------------------------------------------ serving */

/* ---- request read timeout (fcgi/read_deadline.h) ---- */

/* Stops the deadline armed before FCGX_Accept_r, logging when it fired. */
static void end_read_deadline(const config *cfg, int slot)
{
    if (read_deadline_disarm())
        log_warn("worker %d: request not received within %d s (slow or stuck peer); "
                 "connection closed",
                 slot, cfg->request_read_timeout);
}

/* ---- */

/* An answer with no body, for the cases where the application cannot be
 * asked (unreadable CONTENT_LENGTH, OOM, a response it got wrong). */
static void bare_response(http_out *out, int status)
{
    memset(out, 0, sizeof *out);
    out->status = status;
    out->body = "";
}

/* Serves one request. False when the request was aborted (a streamed
 * answer cut: fcgi_abort_request), which must then not be finished. */
static bool serve_one(app *ap, const config *cfg, arena *request_arena, FCGX_Request *req, int slot)
{
    http_in in = {0}; /* observe_request_end reads it whatever happened */
    http_out out;
    bare_response(&out, 500);
    size_t announced = 0;

    fcgi_read_status got = fcgi_read_request(request_arena, req, cfg->max_body_size, &in, &announced);
    end_read_deadline(cfg, slot); /* armed before FCGX_Accept_r */
    switch (got) {
    case FCGI_READ_OK: {
        fcgi_stream stream_state;
        http_stream stream = fcgi_stream_of(&stream_state, request_arena, req);
        app_handle(ap, request_arena, &in, &stream, &out);
        break;
    }
    case FCGI_READ_TOO_LARGE:
        /* The body stays unread, so the connection cannot carry another
         * request: have libfcgi close it. */
        req->keepConnection = 0;
        app_refuse_body(ap, request_arena, &out);
        break;
    case FCGI_READ_BAD_LENGTH:
        req->keepConnection = 0;
        log_warn("worker %d: unreadable CONTENT_LENGTH; answering 400", slot);
        fcgi_json_error(request_arena, &out, 400, cfg->cors_allow_origin, FCGI_BAD_LENGTH_MESSAGE);
        break;
    case FCGI_READ_CLIENT_GONE:
        req->keepConnection = 0;
        log_info("worker %d: the body ended before its %zu announced bytes; request dropped", slot,
                 announced);
        observe_request_end(&in, NULL);
        return true;
    case FCGI_READ_NO_MEMORY:
        log_error("worker %d: out of memory reading a request", slot);
        bare_response(&out, 500);
        break;
    }

    if (out.streamed) {
        if (out.cut)
            fcgi_abort_request(req);
        observe_request_end(&in, &out);
        return !out.cut;
    }
    switch (fcgi_write_response(request_arena, req->out, &out)) {
    case FCGI_WRITE_OK:
    case FCGI_WRITE_CLIENT_GONE: /* nobody left to tell */
        break;
    case FCGI_WRITE_BAD_RESPONSE:
        log_error("worker %d: the response (status %d) has an invalid status or header value; "
                  "answering 500",
                  slot, out.status);
        bare_response(&out, 500);
        fcgi_write_response(request_arena, req->out, &out);
        break;
    }
    observe_request_end(&in, &out);
    return true;
}

/* ---------------------------------------------------------------- run */

static int setup_listener(int listen_fd, int *epoll_fd)
{
    int flags = fcntl(listen_fd, F_GETFL);
    if (flags < 0 || fcntl(listen_fd, F_SETFL, flags | O_NONBLOCK) != 0)
        return -1;
    *epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (*epoll_fd < 0)
        return -1;
    struct epoll_event event = {.events = EPOLLIN | EPOLLEXCLUSIVE};
    event.data.fd = listen_fd;
    if (epoll_ctl(*epoll_fd, EPOLL_CTL_ADD, listen_fd, &event) != 0) {
        close(*epoll_fd);
        *epoll_fd = -1;
        return -1;
    }
    return 0;
}

/* The request loop proper; everything it uses is set up by worker_run. */
static int serve_until_stopped(const config *cfg, app *ap, FCGX_Request *req, arena *request_arena,
                               int epoll_fd, const sigset_t *wait_mask, int slot)
{
    long served = 0;
    int accept_failures = 0;
    /* The master bumps this on SIGHUP or SIGUSR1: the language files are
     * read again before the next request when any changed (the master has
     * logged what it skipped; this copy is the worker's own from then on). */
    unsigned languages_read = scoreboard_log_generation();

    for (;;) {
        notice_pending_stop();
        /* ---- graceful stop ----
         * A stop signal does not end the loop at once: the worker keeps
         * accepting, without waiting, until the socket's queue is empty
         * (accept gives EAGAIN, below). Every connection the kernel accepted
         * before the stop is served; the master has already removed a unix
         * socket's path, so no new one can join the queue. A connection the
         * web server kept open is idle here: it is closed. */
        bool draining = stop_signal != 0;
        if (draining && req->ipcFd >= 0)
            FCGX_Free(req, 1);
        int idle_ms = app_idle_timeout_ms(ap);
        int ready = draining           ? 1
                    : req->ipcFd >= 0 ? wait_for_connection(req->ipcFd, wait_mask, idle_ms)
                                      : wait_for_listener(epoll_fd, wait_mask, idle_ms);
        /* ---- */
        if (ready < 0) {
            log_error("worker %d: waiting for connections: %s", slot, strerror(errno));
            return 1;
        }
        if (ready == 0) {
            app_after_request(ap); /* idle: write the bookkeeping that is due */
            continue;
        }

        /* ---- request read timeout ---- */
        read_deadline_arm(req, cfg->request_read_timeout);
        int rc = FCGX_Accept_r(req);
        if (rc < 0)
            end_read_deadline(cfg, slot);
        /* ---- */
        if (rc < 0) {
            /* EAGAIN: another worker accepted it first, or a kept
             * connection was closed by the web server. */
            if (draining)
                break; /* the queue is empty (or accepting fails): stop */
            if (rc == -EAGAIN || rc == -EWOULDBLOCK || rc == -EINTR || stop_signal)
                continue; /* a stop signal: drain the queue first (above) */
            accept_failures++;
            log_error("worker %d: accepting a connection failed: %s (%d in a row)", slot,
                      rc > -10000 && rc < -9000 ? "libfcgi error" : strerror(-rc), accept_failures);
            if (accept_failures >= ACCEPT_FAILURES_BEFORE_EXIT)
                return 1;
            interruptible_sleep(100L * accept_failures, wait_mask);
            continue;
        }
        accept_failures = 0;

        unsigned generation = scoreboard_log_generation();
        if (generation != languages_read) {
            languages_read = generation;
            if (translations_load(cfg->chamilo_root, true) < 0)
                log_warn("worker %d: the language files could not be read again; the previous "
                         "ones stay", slot);
        }
        observe_request_begin();
        if (serve_one(ap, cfg, request_arena, req, slot)) {
            if (req->keepConnection && !fcgi_drain_input(req, cfg->max_body_size))
                req->keepConnection = 0;
            FCGX_Finish_r(req);
        }
        arena_reset(request_arena);
        app_after_request(ap); /* the answer is out: bookkeeping behind it */
        release_freed_memory();

        served++;
        if (cfg->max_requests_per_worker > 0 && served >= cfg->max_requests_per_worker) {
            log_info("worker %d: recycled after %ld requests", slot, served);
            return 0;
        }
    }
    const char *name = sigabbrev_np(stop_signal);
    log_info("worker %d: stopping on SIG%s after %ld requests", slot, name ? name : "?", served);
    return 0;
}

int worker_run(const config *cfg, int listen_fd, pid_t master_pid, int slot)
{
    sigset_t wait_mask;
    if (setup_signals(&wait_mask) != 0 || read_deadline_install() != 0) {
        log_error("worker %d: cannot set up signals: %s", slot, strerror(errno));
        return 1;
    }

    /* A worker must not outlive its master: nobody would stop or replace
     * it. SIGTERM rather than SIGKILL so the request in flight finishes. */
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0)
        log_warn("worker %d: PR_SET_PDEATHSIG: %s", slot, strerror(errno));
    if (getppid() != master_pid) /* the master died before prctl */
        return 0;

    int epoll_fd = -1;
    if (setup_listener(listen_fd, &epoll_fd) != 0) {
        log_error("worker %d: cannot watch the listening socket: %s", slot, strerror(errno));
        return 1;
    }

    /* Not checked: under a sanitizer's allocator mallopt does nothing (and
     * says so), and the worker serves the same without it. */
    (void)mallopt(M_MMAP_THRESHOLD, MALLOC_MMAP_THRESHOLD);
    int rc = 1;
    arena *process_arena = arena_create(PROCESS_ARENA_BLOCK);
    arena *request_arena = arena_create(REQUEST_ARENA_BLOCK);
    FCGX_Request *req = process_arena ? arena_calloc(process_arena, 1, sizeof *req) : NULL;
    app *ap = NULL;
    if (!request_arena || !req) {
        log_error("worker %d: out of memory at start", slot);
        goto done;
    }

    db_route_process_setup(scoreboard_replay_floor(), slot);
    ap = app_create(cfg);
    if (!ap) {
        log_error("worker %d: cannot create the application (out of memory)", slot);
        goto done;
    }
    /* The dummy hash an unknown login is checked against costs one bcrypt
     * hash at password_bcrypt_cost: paid now, not by the first such login. */
    password_dummy_hash(cfg->password_bcrypt_cost);
    /* Not fatal: requests reconnect with backoff (and answer 503 meanwhile). */
    if (!app_warm_up(ap))
        log_warn("worker %d: database not reachable at start; requests will retry", slot);

    if (FCGX_InitRequest(req, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
        log_error("worker %d: FCGX_InitRequest failed", slot);
        goto done;
    }
    observe_worker_start(cfg, slot);

    rc = serve_until_stopped(cfg, ap, req, request_arena, epoll_fd, &wait_mask, slot);
    FCGX_Free(req, 1); /* closes a connection the web server kept open */

done:
    observe_worker_stop();
    if (ap)
        app_destroy(ap);
    arena_destroy(request_arena);
    arena_destroy(process_arena);
    close(epoll_fd);
    return rc;
}
