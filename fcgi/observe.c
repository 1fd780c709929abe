/*
 * observe.c - see observe.h.
 */
#include "observe.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/accesslog.h"
#include "core/log.h"
#include "db/stmt_trace.h"
#include "scoreboard.h"
#include "status.h"

/* A status process that keeps dying is restarted at most this often. */
#define STATUS_RESPAWN_MS 1000

/* ----------------------------------------------------------- master */

static const config *master_cfg;
static int fcgi_fd = -1;
static int status_fd = -1;
static pid_t status_pid;
static pid_t master_pid;
static int64_t status_started_ms;

static int64_t monotonic_ms(void)
{
    return stmt_trace_now_us() / 1000;
}

static void start_status_process(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        log_error("cannot fork the status server: %s", strerror(errno));
        return;
    }
    if (pid == 0)
        _exit(status_run(master_cfg, status_fd, fcgi_fd, master_pid));
    status_pid = pid;
    status_started_ms = monotonic_ms();
    log_info("status server on http://%s/metrics (pid %ld)", master_cfg->status_listen,
             (long)pid);
}

int observe_master_start(const config *cfg, int fcgi_listen_fd)
{
    master_cfg = cfg;
    fcgi_fd = fcgi_listen_fd;
    master_pid = getpid();
    if (scoreboard_create(cfg->workers) != 0) {
        log_error("cannot start: cannot map the scoreboard: %s", strerror(errno));
        return -1;
    }
    char err[512];
    if (log_file_check(cfg->access_log, err, sizeof err) != 0 ||
        log_file_check(cfg->slow_log, err, sizeof err) != 0) {
        log_error("cannot start: cannot open the log file %s", err);
        return -1;
    }
    if (*cfg->status_listen) {
        status_fd = status_open(cfg->status_listen, err, sizeof err);
        if (status_fd < 0) {
            log_error("cannot start: %s", err);
            return -1;
        }
        start_status_process();
    }
    return 0;
}

void observe_master_reopen_logs(void)
{
    scoreboard_reopen_logs();
}

bool observe_master_reaped(pid_t pid, int wait_status)
{
    if (pid != status_pid || pid == 0)
        return false;
    status_pid = 0;
    /* SIGTERM/SIGINT: a stop of the whole group (systemd, Ctrl-C), no news. */
    if (!(WIFSIGNALED(wait_status) &&
          (WTERMSIG(wait_status) == SIGTERM || WTERMSIG(wait_status) == SIGINT)))
        log_warn("the status server (pid %ld) ended (wait status %#x); restarting it",
                 (long)pid, (unsigned)wait_status);
    return true;
}

void observe_master_tick(bool stopping)
{
    if (stopping || status_fd < 0 || status_pid != 0)
        return;
    if (monotonic_ms() - status_started_ms < STATUS_RESPAWN_MS)
        return;
    start_status_process();
}

void observe_master_stop(void)
{
    if (status_pid > 0) {
        kill(status_pid, SIGTERM);
        while (waitpid(status_pid, NULL, 0) < 0 && errno == EINTR)
            ;
        status_pid = 0;
    }
    if (status_fd >= 0)
        close(status_fd);
    status_fd = -1;
}

/* ----------------------------------------------------------- worker */

static struct {
    const config *cfg;
    int slot;
    log_file access;
    log_file slow;
    int64_t started_us;     /* monotonic */
    int64_t started_wall_us; /* wall clock */
} w;

void observe_worker_start(const config *cfg, int slot)
{
    /* The status socket is the status process's business. */
    if (status_fd >= 0)
        close(status_fd);
    status_fd = -1;
    w.cfg = cfg;
    w.slot = slot;
    log_file_init(&w.access, cfg->access_log);
    log_file_init(&w.slow, cfg->slow_log);
    stmt_trace_counters db = stmt_trace_take_counters(); /* the warm-up's connection */
    scoreboard_worker_ready(slot, &db);
}

void observe_request_begin(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    w.started_wall_us = (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
    w.started_us = stmt_trace_now_us();
    stmt_trace_begin_request();
    scoreboard_request_started(w.slot);
}

void observe_request_end(const http_in *in, const http_out *out)
{
    int64_t duration_us = stmt_trace_now_us() - w.started_us;
    accesslog_record r = {
        .time_us = w.started_wall_us,
        .worker = w.slot,
        .remote = out && out->client_ip ? out->client_ip : in ? in->remote_addr : NULL,
        .method = in ? in->method : NULL,
        .campus = out ? out->campus_id : 0,
        .action = out ? out->action : NULL,
        .user = out ? out->user_id : 0,
        .status = out ? out->status : 0,
        .error = !out || out->error || out->status >= 400,
        .duration_us = duration_us,
        .bytes = out ? out->body_len : 0,
    };
    stmt_trace_counters db = stmt_trace_take_counters();
    scoreboard_request_finished(w.slot, r.action, r.error, duration_us, &db);

    if (!w.access.path && !w.slow.path)
        return;
    unsigned generation = scoreboard_log_generation();
    char line[ACCESSLOG_LINE_MAX];
    if (w.access.path) {
        size_t len = accesslog_format(line, sizeof line, &r);
        log_file_write(&w.access, generation, line, len);
    }
    if (w.slow.path && duration_us >= (int64_t)w.cfg->slow_log_threshold_ms * 1000) {
        size_t count, dropped;
        const accesslog_statement *statements = stmt_trace_statements(&count, &dropped);
        size_t len = slowlog_format(line, sizeof line, &r, statements, count, dropped);
        log_file_write(&w.slow, generation, line, len);
    }
}

void observe_worker_stop(void)
{
    log_file_close(&w.access);
    log_file_close(&w.slow);
}
