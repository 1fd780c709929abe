/*
 * worker.h - one pre-forked FastCGI worker process.
 *
 * The master (fcgi/main.c) opens the listening socket once and forks
 * `workers` children; each child calls worker_run(), which serves requests
 * one at a time until it is told to stop (SIGTERM, SIGINT), is recycled
 * (max_requests_per_worker) or its master dies.
 *
 * Graceful stop: SIGTERM/SIGINT are blocked in a worker except while it
 * waits for the next connection (epoll_pwait/ppoll with the signals
 * unblocked). So a signal never interrupts a request in flight (no EINTR in
 * the middle of reading a body or writing a response). After the request
 * the worker finds the signal pending (sigpending); an idle worker gets it
 * inside the wait, where the handler sets a flag. There is no window
 * between "check the flag" and "block in the wait" because the unblocking
 * and the wait are one system call. Then the worker drains: it accepts and
 * serves, without waiting, every connection still queued on the listening
 * socket, and exits when accept finds the queue empty. So a stop drops no
 * request the kernel had accepted (the master removes a unix socket's path
 * first, so that the queue can only shrink).
 */
#ifndef CHAMILO_FCGI_WORKER_H
#define CHAMILO_FCGI_WORKER_H

#include <sys/types.h>

#include "config/config.h"

/* Serves FastCGI requests on listen_fd (inherited from the master, which
 * must not use it for anything else: this sets it non-blocking, a flag
 * shared by every process holding it) until a stop signal, recycling or the
 * death of master_pid. slot is the worker's number in the pool, for the
 * logs. Call it in the child right after fork() with SIGTERM, SIGINT and
 * SIGCHLD still blocked from the master; it sets the signal handlers and
 * mask itself. Returns the process exit status: 0 after a stop or a recycle,
 * 1 when the worker could not start or the socket failed (the master then
 * respawns it under its crash throttle). Logs through core/log.h. */
int worker_run(const config *cfg, int listen_fd, pid_t master_pid, int slot);

#endif
