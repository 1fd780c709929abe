/*
 * status.h - the status server: plain HTTP on its own socket (status_listen),
 * answering GET /metrics with the scoreboard in Prometheus text format.
 *
 * Why plain HTTP on a socket of its own, rather than a FastCGI location:
 *   - Prometheus scrapes HTTP itself; no web server has to be configured to
 *     expose it, and the public FastCGI socket (and so the public nginx
 *     location) has no way at all to reach it.
 *   - It is served by a small process of the master, not by the workers,
 *     so it still answers when every worker is busy or stuck, which is when
 *     it is needed most.
 * Access: the peer's address is checked as soon as the connection is
 * accepted: a peer outside status_allow gets 403 and is closed at once,
 * before it sends anything; binding status_listen to 127.0.0.1 keeps it off
 * the network entirely. Allowed peers are served together without blocking
 * (poll), up to 32 at once, each closed 2 seconds after its accept
 * whatever it did: a slow or silent client delays no other one.
 */
#ifndef CHAMILO_FCGI_STATUS_H
#define CHAMILO_FCGI_STATUS_H

#include <stddef.h>
#include <sys/types.h>

#include "config/config.h"

/* Opens the status socket on "a.b.c.d:port" (checked by config.c). Returns
 * the listening descriptor, or -1 with a message in errbuf. */
int status_open(const char *where, char *errbuf, size_t errlen);

/* The status process proper, run in a child of the master right after
 * fork: serves status_fd until SIGTERM or the master's death, sampling the
 * listen queue of fcgi_listen_fd about once a second. Returns the exit
 * status. */
int status_run(const config *cfg, int status_fd, int fcgi_listen_fd, pid_t master_pid);

#endif
