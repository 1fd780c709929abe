/*
 * main.c - chamilo-fcgi: command line and the master of the worker pool.
 *
 *   chamilo-fcgi -c FILE            run in the foreground, log to stderr
 *   chamilo-fcgi -c FILE --check    validate FILE (and read chamilo_root's language
 *                                   files); exit 0 when valid, else 1
 *   chamilo-fcgi --print-config     print the documented default configuration
 *   chamilo-fcgi [-c FILE] --openapi
 *                                   print the OpenAPI description of every action,
 *                                   with the answers' types of FILE's php_types
 *   chamilo-fcgi -c FILE --check-statements
 *                                   prepare every SQL statement against the
 *                                   configured database and check it
 *   chamilo-fcgi -c FILE --explain-statements
 *                                   every statement's generic plan, one JSON
 *                                   object per line (the index check's input)
 *   chamilo-fcgi -c FILE --migrate [--migrations DIR]
 *                                   bring the database schema up to date
 *   chamilo-fcgi --list-actions     the action table as JSON (tests, fuzzer)
 *
 * The master loads the configuration, opens the listening socket once
 * (itself rather than with FCGX_OpenSocket, which exits the process on a
 * bind error; see open_listener), forks `workers` workers (fcgi/worker.c)
 * and supervises them: a worker that exits or dies is logged with the reason and replaced, under a
 * throttle so that a worker crashing at start cannot turn into a fork bomb.
 * SIGTERM or SIGINT stops the pool gracefully: the master removes a unix
 * socket's path (no new connection can reach the pool, while those already
 * queued stay), the workers get SIGTERM, finish their request in flight,
 * serve every connection still queued on the socket and exit; after
 * shutdown_timeout seconds the stragglers get SIGKILL. A second
 * SIGTERM/SIGINT kills them at once. On a TCP socket the listener cannot
 * stop taking connections without losing its queue: a connection that
 * arrives after the last worker found the queue empty is reset.
 *
 * The master never accepts a connection. Its only database access is one
 * short connection before the fork, to refuse a schema older than this
 * binary (migrate.h); the workers have their own connections.
 * It handles its signals synchronously (blocked, then sigtimedwait), so it
 * has no signal handlers and no async-signal-safety concerns.
 *
 * Logs and status (fcgi/observe.c): before forking, the master maps the
 * scoreboard the workers count into and, with status_listen, starts the
 * status process (restarted if it dies); SIGHUP or SIGUSR1 makes the
 * workers reopen the access and slow logs, and everyone re-read the
 * language files of chamilo_root (lib/api/translations.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <json-c/json.h>

#include "api/action_table.h"
#include "config/config.h"
#include "core/arena.h"
#include "core/log.h"
#include "api/action_table.h"
#include "api/openapi.h"
#include "api/translations.h"
#include "db/db.h"
#include "observe.h"
#include "scoreboard.h"
#include "migrate.h"
#include "worker.h"

/* Crash throttle: up to max(workers, CRASH_BURST_MIN) abnormal exits per
 * CRASH_WINDOW_MS are replaced at once; beyond that, respawns pause for
 * BACKOFF_FIRST_MS, doubling at each new pause up to BACKOFF_MAX_MS, and
 * the pause length starts over after BACKOFF_RESET_MS without a pause. */
#define CRASH_WINDOW_MS 1000
#define CRASH_BURST_MIN 5
#define BACKOFF_FIRST_MS 1000
#define BACKOFF_MAX_MS 30000
#define BACKOFF_RESET_MS 60000

/* How often the master wakes with nothing to do (pending respawns and the
 * shutdown deadline are checked on each wake). */
#define TICK_MS 1000

typedef struct worker_slot {
    pid_t pid; /* 0: no process in this slot */
} worker_slot;

typedef struct master {
    const config *cfg;
    int listen_fd;
    pid_t pid;
    worker_slot *slots;
    int slot_count;
    int live; /* slots with a process */

    int64_t crash_window_start_ms;
    int crashes_in_window;
    int crash_burst;
    int64_t respawn_paused_until_ms;
    int64_t backoff_ms;
    int64_t last_pause_ms;

    bool stopping;
    bool killing; /* SIGKILL already sent */
    int64_t stop_deadline_ms;

    /* The unix socket this master created; removed at exit only if the path
     * still names it (a newer instance may have replaced it). */
    bool owns_unix_socket;
    dev_t socket_dev;
    ino_t socket_ino;
} master;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *signal_abbrev(int sig)
{
    const char *name = sigabbrev_np(sig);
    return name ? name : "?";
}

/* --------------------------------------------------------- the socket */

/* A unix socket path may hold a socket left by a crashed instance (remove
 * it) or the socket of a running one (refuse to start: libfcgi would unlink
 * it and steal the path). Anything that is not a socket is left alone. */
static int prepare_unix_path(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        log_error("cannot start: %s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISSOCK(st.st_mode)) {
        log_error("cannot start: %s exists and is not a socket; not replacing it", path);
        return -1;
    }

    int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (probe < 0) {
        log_error("cannot start: socket: %s", strerror(errno));
        return -1;
    }
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    /* config.c guarantees the path fits sun_path with its NUL. */
    memcpy(addr.sun_path, path, strlen(path) + 1);
    int connected = connect(probe, (const struct sockaddr *)&addr, sizeof addr);
    int connect_errno = errno;
    close(probe);

    if (connected == 0 || connect_errno == EAGAIN) {
        log_error("cannot start: %s is in use by a running server (another chamilo-fcgi?)", path);
        return -1;
    }
    if (connect_errno != ECONNREFUSED) {
        log_error("cannot start: cannot tell whether %s is in use: %s", path,
                  strerror(connect_errno));
        return -1;
    }
    if (unlink(path) != 0) {
        log_error("cannot start: cannot remove the stale socket %s: %s", path, strerror(errno));
        return -1;
    }
    log_info("removed the stale socket %s", path);
    return 0;
}

/* Resolves the host part of "host:port" (IPv4 only, like libfcgi). */
static int resolve_ipv4(const char *host, struct in_addr *out)
{
    if (host[0] == '\0' || strcmp(host, "*") == 0) {
        out->s_addr = htonl(INADDR_ANY);
        return 0;
    }
    if (inet_pton(AF_INET, host, out) == 1)
        return 0;
    struct addrinfo hints, *found = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, NULL, &hints, &found);
    if (rc != 0) {
        log_error("cannot start: cannot resolve %s: %s", host, gai_strerror(rc));
        return -1;
    }
    *out = ((const struct sockaddr_in *)(const void *)found->ai_addr)->sin_addr;
    for (const struct addrinfo *ai = found->ai_next; ai; ai = ai->ai_next) {
        const struct sockaddr_in *other = (const struct sockaddr_in *)(const void *)ai->ai_addr;
        if (other->sin_addr.s_addr != out->s_addr) {
            log_error("cannot start: %s has several IPv4 addresses; listen on one explicitly",
                      host);
            freeaddrinfo(found);
            return -1;
        }
    }
    freeaddrinfo(found);
    return 0;
}

/* Opens a unix listening socket so that its path appears only once it
 * listens: bound under `<path>` LISTEN_STAGING_SUFFIX, widened to
 * socket_mode, listening, then renamed over the path in one step. A web
 * server that connects while the pool starts is therefore never refused by
 * a socket that exists but does not listen yet, nor by one still owner-only.
 * On failure nothing is left at either path. */
static int open_unix_listener(master *m, const char *where)
{
    char staging[sizeof(((struct sockaddr_un *)0)->sun_path)];
    /* config.c keeps the path short enough for the suffix. */
    snprintf(staging, sizeof staging, "%s%s", where, LISTEN_STAGING_SUFFIX);
    if (prepare_unix_path(where) != 0 || prepare_unix_path(staging) != 0)
        return -1;

    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, staging, strlen(staging) + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) {
        log_error("cannot start: socket: %s", strerror(errno));
        return -1;
    }
    /* Created owner-only, then widened to socket_mode: never more open
     * than configured. */
    mode_t old_umask = umask(0177);
    int bound = bind(fd, (const struct sockaddr *)&addr, sizeof addr);
    int bind_errno = errno;
    umask(old_umask);
    if (bound != 0) {
        log_error("cannot start: cannot bind %s: %s", staging, strerror(bind_errno));
        close(fd);
        return -1;
    }
    struct stat st;
    mode_t mode = (mode_t)strtoul(m->cfg->socket_mode, NULL, 8);
    if (chmod(staging, mode) != 0 || listen(fd, m->cfg->listen_backlog) != 0 ||
        rename(staging, where) != 0 || stat(where, &st) != 0) {
        log_error("cannot start: cannot listen on %s: %s", where, strerror(errno));
        close(fd);
        unlink(staging);
        return -1;
    }
    m->owns_unix_socket = true;
    m->socket_dev = st.st_dev;
    m->socket_ino = st.st_ino;
    m->listen_fd = fd;
    return 0;
}

/* Opens the listening socket the way FCGX_OpenSocket does (same address
 * syntax, SO_REUSEADDR for TCP), but reports failures: libfcgi 2.4.2's
 * OS_CreateLocalIpcFd calls exit() on a failed bind, listen or name
 * resolution, printing only "bind/listen: ...". libfcgi takes any listening
 * descriptor in FCGX_InitRequest. */
static int open_listener(master *m)
{
    const char *where = m->cfg->listen;
    int fd;

    if (where[0] == '/')
        return open_unix_listener(m, where);

    /* config.c checked "host:port" with a port of 1..65535. */
    const char *colon = strchr(where, ':');
    char host[256];
    snprintf(host, sizeof host, "%.*s", (int)(colon - where), where);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)strtoul(colon + 1, NULL, 10));
    if (resolve_ipv4(host, &addr.sin_addr) != 0)
        return -1;
    fd = socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        bind(fd, (const struct sockaddr *)&addr, sizeof addr) != 0) {
        log_error("cannot start: cannot bind %s: %s", where, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (listen(fd, m->cfg->listen_backlog) != 0) {
        log_error("cannot start: cannot listen on %s: %s", where, strerror(errno));
        close(fd);
        return -1;
    }
    m->listen_fd = fd;
    return 0;
}

/* Removes the unix socket's path if it still names our socket (a newer
 * instance may have replaced it). Connections already queued stay queued:
 * the socket lives on until the last descriptor is closed. */
static void unlink_unix_socket(master *m)
{
    if (!m->owns_unix_socket)
        return;
    m->owns_unix_socket = false;
    struct stat st;
    if (lstat(m->cfg->listen, &st) == 0 && st.st_dev == m->socket_dev && st.st_ino == m->socket_ino)
        unlink(m->cfg->listen);
}

static void close_listener(master *m)
{
    if (m->listen_fd >= 0)
        close(m->listen_fd);
    m->listen_fd = -1;
    unlink_unix_socket(m);
}

/* ------------------------------------------------------------ workers */

static int spawn_worker(master *m, int slot)
{
    /* Nothing buffered may be written twice by parent and child. */
    fflush(NULL);
    scoreboard_worker_spawning(slot);
    pid_t pid = fork();
    if (pid < 0) {
        log_error("cannot fork worker %d: %s; retrying in %d ms", slot, strerror(errno),
                  BACKOFF_FIRST_MS);
        m->respawn_paused_until_ms = now_ms() + BACKOFF_FIRST_MS;
        return -1;
    }
    if (pid == 0)
        exit(worker_run(m->cfg, m->listen_fd, m->pid, slot));
    m->slots[slot].pid = pid;
    m->live++;
    log_info("worker %d started (pid %ld)", slot, (long)pid);
    return 0;
}

/* Starts a process in every empty slot, unless respawns are paused. */
static void fill_slots(master *m)
{
    if (m->stopping || now_ms() < m->respawn_paused_until_ms)
        return;
    for (int i = 0; i < m->slot_count; i++)
        if (m->slots[i].pid == 0 && spawn_worker(m, i) != 0)
            return;
}

/* Counts an abnormal exit; pauses respawns when there were too many within
 * the window. Returns true when respawns are paused now. */
static bool note_crash(master *m)
{
    int64_t now = now_ms();
    if (now - m->crash_window_start_ms >= CRASH_WINDOW_MS) {
        m->crash_window_start_ms = now;
        m->crashes_in_window = 0;
    }
    m->crashes_in_window++;
    if (now < m->respawn_paused_until_ms)
        return true;
    if (m->crashes_in_window <= m->crash_burst)
        return false;

    if (now - m->last_pause_ms > BACKOFF_RESET_MS)
        m->backoff_ms = BACKOFF_FIRST_MS;
    log_warn("%d workers died within %d ms: pausing respawns for %lld ms (crash loop?)",
             m->crashes_in_window, CRASH_WINDOW_MS, (long long)m->backoff_ms);
    m->respawn_paused_until_ms = now + m->backoff_ms;
    m->last_pause_ms = now;
    m->backoff_ms = m->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : m->backoff_ms * 2;
    m->crashes_in_window = 0;
    m->crash_window_start_ms = m->respawn_paused_until_ms;
    return true;
}

static void describe_exit(int status, char *buf, size_t len)
{
    if (WIFEXITED(status)) {
        snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        snprintf(buf, len, "was killed by signal %d (SIG%s)%s", sig, signal_abbrev(sig),
                 WCOREDUMP(status) ? ", core dumped" : "");
    } else {
        snprintf(buf, len, "ended with wait status %#x", (unsigned)status);
    }
}

/* Collects every finished worker and logs why it ended. */
static void reap_workers(master *m)
{
    for (;;) {
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid <= 0)
            return;

        int slot = -1;
        for (int i = 0; i < m->slot_count; i++)
            if (m->slots[i].pid == pid)
                slot = i;
        if (slot < 0) {
            observe_master_reaped(pid, status);
            continue;
        }
        m->slots[slot].pid = 0;
        m->live--;

        char how[128];
        describe_exit(status, how, sizeof how);
        bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        scoreboard_worker_exited(slot, clean);

        if (m->stopping) {
            log_message(clean ? LOG_LEVEL_INFO : LOG_LEVEL_WARN, "worker %d (pid %ld) %s", slot,
                        (long)pid, how);
        } else if (clean) {
            /* A recycled worker (max_requests_per_worker): no throttle. */
            log_info("worker %d (pid %ld) %s; starting a new one", slot, (long)pid, how);
        } else {
            bool paused = note_crash(m);
            log_message(WIFSIGNALED(status) ? LOG_LEVEL_ERROR : LOG_LEVEL_WARN,
                        "worker %d (pid %ld) %s; %s", slot, (long)pid, how,
                        paused ? "respawn delayed" : "respawning");
        }
    }
}

static void signal_workers(master *m, int sig)
{
    for (int i = 0; i < m->slot_count; i++)
        if (m->slots[i].pid > 0)
            kill(m->slots[i].pid, sig);
}

static void on_stop_request(master *m, int sig)
{
    if (!m->stopping) {
        m->stopping = true;
        m->stop_deadline_ms = now_ms() + (int64_t)m->cfg->shutdown_timeout * 1000;
        log_info("received SIG%s: stopping %d worker%s (requests in flight and queued "
                 "finish; SIGKILL after %d s)",
                 signal_abbrev(sig), m->live, m->live == 1 ? "" : "s", m->cfg->shutdown_timeout);
        /* Graceful stop: first close the door, so the
         * workers' drain of the queue ends. */
        unlink_unix_socket(m);
        signal_workers(m, SIGTERM);
    } else if (!m->killing) {
        log_warn("received SIG%s again: killing %d worker%s now", signal_abbrev(sig), m->live,
                 m->live == 1 ? "" : "s");
        m->killing = true;
        signal_workers(m, SIGKILL);
    }
}

/* Milliseconds sigtimedwait may sleep before something is due. */
static int64_t next_wake_ms(const master *m)
{
    int64_t now = now_ms();
    int64_t wait = TICK_MS;
    if (m->stopping && !m->killing && m->stop_deadline_ms - now < wait)
        wait = m->stop_deadline_ms - now;
    if (!m->stopping && m->live < m->slot_count && m->respawn_paused_until_ms - now < wait)
        wait = m->respawn_paused_until_ms - now;
    return wait < 0 ? 0 : wait;
}

/* Reads the language files of chamilo_root (translations.h) and says what
 * was kept. Returns translations_load's result: 0 read, 1 unchanged, -1
 * failed. */
static int load_languages(const config *cfg)
{
    if (!*cfg->chamilo_root)
        return 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = translations_load(cfg->chamilo_root, false);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc == 1)
        log_info("language files of %s: unchanged", cfg->chamilo_root);
    else if (rc == 0)
        log_info("language files of %s: %zu language%s, %zu bytes kept, read in %lld ms",
                 cfg->chamilo_root, translations_language_count(),
                 translations_language_count() == 1 ? "" : "s", translations_bytes(),
                 (long long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
    return rc;
}

static int supervise(master *m, const sigset_t *handled)
{
    while (!(m->stopping && m->live == 0)) {
        int64_t wait = next_wake_ms(m);
        struct timespec timeout = {.tv_sec = wait / 1000, .tv_nsec = (wait % 1000) * 1000000};
        siginfo_t info;
        int sig = sigtimedwait(handled, &info, &timeout);
        if (sig < 0 && errno != EAGAIN && errno != EINTR)
            log_error("sigtimedwait: %s", strerror(errno));

        switch (sig) {
        case SIGTERM:
        case SIGINT:
            on_stop_request(m, sig);
            break;
        case SIGHUP:
        case SIGUSR1:
            /* The workers reopen at their next line (observe.c) and
             * re-read the language files before their next request
             * (worker.c); the master's own copy is for the workers it
             * forks from now on, and it is the one that logs the files it
             * skips. */
            log_info("received SIG%s: reopening the log files and re-reading the language "
                     "files (restart chamilo-fcgi to apply a new configuration)",
                     signal_abbrev(sig));
            observe_master_reopen_logs();
            load_languages(m->cfg);
            break;
        default: /* SIGCHLD or the timeout: reaped and checked below */
            break;
        }

        reap_workers(m);
        observe_master_tick(m->stopping);
        if (m->stopping) {
            if (!m->killing && m->live > 0 && now_ms() >= m->stop_deadline_ms) {
                log_warn("%d worker%s still busy after %d s: killing (SIGKILL)", m->live,
                         m->live == 1 ? "" : "s", m->cfg->shutdown_timeout);
                m->killing = true;
                signal_workers(m, SIGKILL);
            }
        } else {
            fill_slots(m);
        }
    }
    return 0;
}

static int run_master(const config *cfg)
{
    master m;
    memset(&m, 0, sizeof m);
    m.cfg = cfg;
    m.listen_fd = -1;
    m.pid = getpid();
    m.slot_count = cfg->workers;
    m.crash_burst = cfg->workers > CRASH_BURST_MIN ? cfg->workers : CRASH_BURST_MIN;
    m.backoff_ms = BACKOFF_FIRST_MS;
    m.last_pause_ms = -BACKOFF_RESET_MS - 1;

    /* Block what the master waits for before anything can send it; the
     * workers inherit the mask and set their own (worker_run). */
    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGCHLD);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGHUP);
    sigaddset(&handled, SIGUSR1); /* reopen the logs, like PHP-FPM */
    sigprocmask(SIG_BLOCK, &handled, NULL);
    /* Ignored before FCGX_Init so that libfcgi keeps our choice. */
    signal(SIGPIPE, SIG_IGN);

    if (FCGX_Init() != 0) {
        log_error("cannot start: FCGX_Init failed");
        return 1;
    }
    /* Before the fork: the workers share these pages until one reloads. */
    if (load_languages(cfg) < 0) {
        log_error("cannot start: the language files of chamilo_root cannot be read");
        return 1;
    }
    m.slots = calloc((size_t)m.slot_count, sizeof *m.slots);
    if (!m.slots) {
        log_error("cannot start: out of memory");
        return 1;
    }
    if (open_listener(&m) != 0) {
        free(m.slots);
        return 1;
    }
    if (observe_master_start(cfg, m.listen_fd) != 0) {
        observe_master_stop();
        close_listener(&m);
        free(m.slots);
        return 1;
    }

    log_info("listening on %s; starting %d worker%s", cfg->listen, cfg->workers,
             cfg->workers == 1 ? "" : "s");
    fill_slots(&m);
    int rc = supervise(&m, &handled);
    observe_master_stop();
    close_listener(&m);
    free(m.slots);
    log_info("stopped");
    return rc;
}

/* ------------------------------------------------------- command line */

static void usage(FILE *f)
{
    fputs("Usage: chamilo-fcgi -c FILE [--check | --check-statements | --explain-statements]\n"
          "       chamilo-fcgi -c FILE --migrate [--migrations DIR]\n"
          "       chamilo-fcgi [-c FILE] --openapi\n"
          "       chamilo-fcgi --print-config | --list-actions\n"
          "\n"
          "Chamilo's REST web service (main/webservices/api/v2.php) as a pre-forked\n"
          "FastCGI pool on PostgreSQL. Runs in the foreground and logs to stderr.\n"
          "\n"
          "  -c, --config FILE   configuration file\n"
          "      --check         only validate FILE: exit 0 when valid, 1 otherwise\n"
          "      --print-config  print every key, documented, with its default\n"
          "      --openapi       print the OpenAPI 3.1 description of every action, its\n"
          "                      answers typed by FILE's php_types (default 8)\n"
          "      --list-actions  print the action table, each action's summary and its\n"
          "                      declared parameters as JSON\n"
          "      --check-statements  prepare every SQL statement of the program on the\n"
          "                      configured database; list the problems; exit 0 when none\n"
          "      --explain-statements  print every SQL statement's name and the generic\n"
          "                      plan the pool runs it with, one JSON object per line\n"
          "      --migrate       apply the schema migrations the database lacks, then exit\n"
          "      --migrations DIR  where they are (default: ../share/chamilo-fcgi/sql/\n"
          "                      migrations next to the binary, else ../sql/migrations)\n"
          "  -h, --help          this help\n"
          "\n"
          "Signals: SIGTERM or SIGINT stops gracefully (a second one kills the workers);\n"
          "SIGHUP or SIGUSR1 reopens the access and slow logs.\n",
          f);
}

enum {
    OPT_CHECK = 256,
    OPT_PRINT_CONFIG,
    OPT_CHECK_STATEMENTS,
    OPT_EXPLAIN_STATEMENTS,
    OPT_MIGRATE,
    OPT_MIGRATIONS,
    OPT_OPENAPI,
    OPT_LIST_ACTIONS
};

/* --openapi: the description, with the answers' types of php_types 8 or
 * 7.4. */
static int print_openapi(bool php8)
{
    if (action_table_init() != 0)
        return 1;
    return openapi_print(stdout, php8) == 0 && fflush(stdout) == 0 ? 0 : 1;
}

/* --list-actions: [{name, summary, contract, gate, flags, params: [{name,
 * source, kind, flags, max_len}]}] from action_table_rows(), each row's
 * ACTION_ABOUT and its declared parameters, in table order. The stack-level fuzzer (t/e2e/fuzz/) and the
 * table's tests read it, so the action list is never written twice. */
static int list_actions(FILE *out)
{
    static const char *const gates[] = {"PUBLIC", "KEY", "ADMIN", "SELF", "ADMIN_KEYS"};
    static const char *const sources[] = {"GET", "POST", "REQUEST", "QUERY_BAG", "REQUEST_BAG"};
    static const char *const kinds[] = {"INT",  "INT_LIST",    "STRING", "TEXT", "DATE",
                                        "BOOL", "FILTER_BOOL", "ARRAY",  "ANY"};
    static const struct {
        unsigned bit;
        const char *name;
    } param_flags[] = {{P_REQUIRED, "REQUIRED"}, {P_SCALAR, "SCALAR"},  {P_TRIM, "TRIM"},
                       {P_LOOKUP, "LOOKUP"},     {P_OWN_CHECKS, "OWN_CHECKS"},
                       {P_INT64, "INT64"}};
    size_t count;
    const action_def *rows = action_table_rows(&count);
    json_object *all = json_object_new_array();
    for (size_t i = 0; all && i < count; i++) {
        const action_def *row = &rows[i];
        json_object *action = json_object_new_object();
        json_object *flags = json_object_new_array();
        json_object *params = json_object_new_array();
        json_object_object_add(action, "name", json_object_new_string(row->name));
        json_object_object_add(action, "summary", json_object_new_string(row->about->summary));
        json_object_object_add(action, "contract", json_object_new_string(row->about->contract));
        json_object_object_add(action, "gate", json_object_new_string(gates[row->gate.kind]));
        if (row->flags & ACT_WRITE)
            json_object_array_add(flags, json_object_new_string("WRITE"));
        if (row->flags & ACT_COURSE)
            json_object_array_add(flags, json_object_new_string("COURSE"));
        if (row->flags & ACT_REDIRECT)
            json_object_array_add(flags, json_object_new_string("REDIRECT"));
        if (row->flags & ACT_RAW)
            json_object_array_add(flags, json_object_new_string("RAW"));
        json_object_object_add(action, "flags", flags);
        for (size_t j = 0; j < row->params->count; j++) {
            const param_def *d = &row->params->defs[j];
            json_object *param = json_object_new_object();
            json_object *pflags = json_object_new_array();
            json_object_object_add(param, "name", json_object_new_string(d->name));
            json_object_object_add(param, "source", json_object_new_string(sources[d->source]));
            json_object_object_add(param, "kind", json_object_new_string(kinds[d->kind]));
            for (size_t k = 0; k < sizeof param_flags / sizeof param_flags[0]; k++)
                if (d->flags & param_flags[k].bit)
                    json_object_array_add(pflags, json_object_new_string(param_flags[k].name));
            json_object_object_add(param, "flags", pflags);
            json_object_object_add(param, "max_len", json_object_new_int64((int64_t)d->max_len));
            json_object_array_add(params, param);
        }
        json_object_object_add(action, "params", params);
        json_object_array_add(all, action);
    }
    if (!all) {
        fputs("chamilo-fcgi: out of memory\n", stderr);
        return 1;
    }
    fprintf(out, "%s\n", json_object_to_json_string_ext(all, JSON_C_TO_STRING_PRETTY |
                                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(all);
    return fflush(out) == 0 && !ferror(out) ? 0 : 1;
}

/* --check-statements: every registered statement prepared on the database
 * (a schema built from sql/schema.sql), names unique, parameter counts as
 * declared. */
static int check_statements(const config *cfg)
{
    db_conn *db = db_create(cfg);
    if (!db) {
        fputs("chamilo-fcgi: out of memory\n", stderr);
        return 1;
    }
    size_t count;
    db_statements(&count);
    int problems = db_check_statements(db, stdout);
    if (problems < 0)
        fprintf(stderr, "chamilo-fcgi: cannot reach the database: %s\n", db_error(db));
    else
        printf("%zu statements, %d problems\n", count, problems);
    db_destroy(db);
    return problems == 0 ? 0 : 1;
}

typedef struct plan_printer {
    FILE *out;
    int failures; /* plans that could not be read or written */
} plan_printer;

/* One line of --explain-statements: {"statement": name, "plan": [...]}. */
static void print_plan(void *ctx, const char *name, const char *plan_json)
{
    plan_printer *printer = ctx;
    json_object *line = json_object_new_object();
    json_object *plan = json_tokener_parse(plan_json);
    if (!line || !plan) {
        json_object_put(line);
        json_object_put(plan);
        fprintf(stderr, "chamilo-fcgi: %s: cannot read its plan\n", name);
        printer->failures++;
        return;
    }
    json_object_object_add(line, "statement", json_object_new_string(name));
    json_object_object_add(line, "plan", plan);
    if (fprintf(printer->out, "%s\n",
                json_object_to_json_string_ext(line, JSON_C_TO_STRING_PLAIN |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE)) < 0)
        printer->failures++;
    json_object_put(line);
}

/* --explain-statements: every registered statement's generic plan on the
 * configured database, for the index check of the test suite. Exit 0 when
 * every statement was explained. */
static int explain_statements(const config *cfg)
{
    db_conn *db = db_create(cfg);
    if (!db) {
        fputs("chamilo-fcgi: out of memory\n", stderr);
        return 1;
    }
    plan_printer printer = {.out = stdout, .failures = 0};
    int problems = db_explain_statements(db, print_plan, &printer, stderr);
    if (problems < 0)
        fprintf(stderr, "chamilo-fcgi: cannot reach the database: %s\n", db_error(db));
    db_destroy(db);
    return problems == 0 && printer.failures == 0 && fflush(stdout) == 0 && !ferror(stdout) ? 0
                                                                                            : 1;
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"config", required_argument, NULL, 'c'},
        {"check", no_argument, NULL, OPT_CHECK},
        {"print-config", no_argument, NULL, OPT_PRINT_CONFIG},
        {"list-actions", no_argument, NULL, OPT_LIST_ACTIONS},
        {"check-statements", no_argument, NULL, OPT_CHECK_STATEMENTS},
        {"explain-statements", no_argument, NULL, OPT_EXPLAIN_STATEMENTS},
        {"openapi", no_argument, NULL, OPT_OPENAPI},
        {"migrate", no_argument, NULL, OPT_MIGRATE},
        {"migrations", required_argument, NULL, OPT_MIGRATIONS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config_path = NULL;
    bool check_only = false;
    bool print_config = false;
    bool print_actions = false;
    bool openapi = false;
    bool statements = false;
    bool explain = false;
    bool migrate = false;
    const char *migrations_dir = NULL;

    int opt;
    while ((opt = getopt_long(argc, argv, "c:h", options, NULL)) != -1) {
        switch (opt) {
        case 'c':
            config_path = optarg;
            break;
        case OPT_CHECK:
            check_only = true;
            break;
        case OPT_PRINT_CONFIG:
            print_config = true;
            break;
        case OPT_LIST_ACTIONS:
            print_actions = true;
            break;
        case OPT_CHECK_STATEMENTS:
            statements = true;
            break;
        case OPT_EXPLAIN_STATEMENTS:
            explain = true;
            break;
        case OPT_OPENAPI:
            openapi = true;
            break;
        case OPT_MIGRATE:
            migrate = true;
            break;
        case OPT_MIGRATIONS:
            migrations_dir = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "chamilo-fcgi: unexpected argument: %s\n", argv[optind]);
        usage(stderr);
        return 2;
    }

    if (print_config) {
        config_print_example(stdout);
        return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
    }
    if (print_actions)
        return list_actions(stdout);
    if (openapi && !config_path) /* the default php_types, 8 */
        return print_openapi(true);
    if (!config_path) {
        fputs("chamilo-fcgi: no configuration file (-c FILE)\n", stderr);
        usage(stderr);
        return 2;
    }

    /* The configuration lives as long as the process (and its workers). */
    arena *config_arena = arena_create(4096);
    if (!config_arena) {
        fputs("chamilo-fcgi: out of memory\n", stderr);
        return 1;
    }
    config cfg;
    char err[512];
    int rc;
    if (config_load(config_arena, config_path, &cfg, err, sizeof err) != 0) {
        if (check_only)
            fprintf(stderr, "chamilo-fcgi: %s\n", err);
        else
            log_error("cannot start: %s", err);
        rc = 1;
    } else if (check_only) {
        /* The language files too: a file that does not parse is named
         * (stderr, as the pool would log it at start). */
        rc = load_languages(&cfg) >= 0 ? 0 : 1;
        if (rc == 0)
            printf("%s: OK\n", config_path);
    } else if (openapi) {
        rc = print_openapi(config_php8_types(&cfg));
    } else if (statements) {
        rc = check_statements(&cfg);
    } else if (explain) {
        rc = explain_statements(&cfg);
    } else if (migrate) {
        char dir_buf[4096];
        const char *dir = migrations_dir ? migrations_dir
                                         : migrate_default_dir(dir_buf, sizeof dir_buf);
        if (!dir) {
            fputs("chamilo-fcgi: no migrations folder next to the binary; give --migrations DIR\n",
                  stderr);
            rc = 1;
        } else {
            rc = migrate_apply(&cfg, dir);
        }
    } else {
        rc = schema_check(&cfg, config_path) != 0 ? 1 : run_master(&cfg);
    }
    arena_destroy(config_arena);
    return rc;
}
