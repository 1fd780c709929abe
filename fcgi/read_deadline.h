/*
 * read_deadline.h - a bound on the time a worker spends receiving one
 * request.
 *
 * libfcgi reads with blocking read(2) calls: inside FCGX_Accept_r (the
 * BEGIN_REQUEST and PARAMS records) and in FCGX_GetStr (the body). A peer
 * that sends half a request and waits would hold the worker forever, and a
 * handful of them the whole pool. A per-read socket timeout would not do
 * (a peer trickling one byte per interval never trips it, and an accepted
 * AF_UNIX socket does not inherit one from the listener), so the bound is a
 * deadline for the whole request: a one-shot timer (SIGALRM) armed just
 * before FCGX_Accept_r and disarmed once the body is read. When it fires,
 * its handler shuts the connection down for reading (shutdown(2) is
 * async-signal-safe): whatever read is blocked, or comes next, returns end
 * of file, libfcgi reports an error and the worker drops the request and
 * moves on. Nothing is lost for a well-behaved web server, which sends the
 * whole request at once (nginx buffers the body before it connects).
 *
 * The timer never runs while the application handles the request, so
 * libpq never sees the signal.
 */
#ifndef CHAMILO_FCGI_READ_DEADLINE_H
#define CHAMILO_FCGI_READ_DEADLINE_H

#include <stdbool.h>

#include <fcgiapp.h>

/* Installs the SIGALRM handler. Call once per worker, before the first arm.
 * Returns 0, or -1 with errno set. */
int read_deadline_install(void);

/* Starts the deadline for the request req is about to receive (seconds >
 * 0). The handler reads req->ipcFd when it fires: req must stay valid until
 * read_deadline_disarm. */
void read_deadline_arm(FCGX_Request *req, int seconds);

/* Stops the timer. Returns true when the deadline passed since the arm (the
 * connection was shut down for reading): the caller logs it. */
bool read_deadline_disarm(void);

#endif
