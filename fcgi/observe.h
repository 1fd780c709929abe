/*
 * observe.h - the access log, the slow log and the status server, as the
 * master and the workers call them: one call per event, so that main.c and
 * worker.c only mark where things happen.
 *
 * Master: observe_master_start() after opening the FastCGI socket and
 * before forking (creates the scoreboard, checks that the log files can be
 * written, opens status_listen and starts the status process);
 * observe_master_reopen_logs() on SIGHUP/SIGUSR1; observe_master_reaped()
 * for every child it collects; observe_master_tick() on every wake (restarts
 * a dead status process); observe_master_stop() at the end.
 *
 * Worker: observe_worker_start() once; observe_request_begin() right after
 * accepting, observe_request_end() once the answer is written (or given
 * up); observe_worker_stop() before exiting.
 */
#ifndef CHAMILO_FCGI_OBSERVE_H
#define CHAMILO_FCGI_OBSERVE_H

#include <stdbool.h>
#include <sys/types.h>

#include "api/app.h"
#include "config/config.h"
#include "request/request.h"

int observe_master_start(const config *cfg, int fcgi_listen_fd);
void observe_master_reopen_logs(void);
/* True when pid was the status process (then the master ignores it). */
bool observe_master_reaped(pid_t pid, int wait_status);
void observe_master_tick(bool stopping);
void observe_master_stop(void);

void observe_worker_start(const config *cfg, int slot);
void observe_request_begin(void);
/* in: NULL when the request could not be read; out: NULL when no answer was
 * sent (the client left first). */
void observe_request_end(const http_in *in, const http_out *out);
void observe_worker_stop(void);

#endif
