/*
 * read_deadline.c - see read_deadline.h for the design and the contract.
 */
#include "read_deadline.h"

#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

/* The request being received, for the handler; NULL when disarmed. */
static FCGX_Request *volatile watched;
static volatile sig_atomic_t expired;

static void on_deadline(int sig)
{
    (void)sig;
    FCGX_Request *req = watched;
    expired = 1;
    /* ipcFd is -1 while libfcgi has no connection (it then only calls a
     * non-blocking accept, which cannot hang). */
    if (req && req->ipcFd >= 0)
        shutdown(req->ipcFd, SHUT_RD);
}

int read_deadline_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    /* SA_RESTART: the shutdown, not EINTR, is what ends a blocked read; an
     * interrupted call elsewhere in libfcgi just resumes and sees EOF. */
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = on_deadline;
    return sigaction(SIGALRM, &sa, NULL);
}

static void set_timer(int seconds)
{
    struct itimerval t;
    memset(&t, 0, sizeof t);
    t.it_value.tv_sec = seconds;
    setitimer(ITIMER_REAL, &t, NULL);
}

void read_deadline_arm(FCGX_Request *req, int seconds)
{
    expired = 0;
    watched = req;
    set_timer(seconds);
}

bool read_deadline_disarm(void)
{
    set_timer(0);
    watched = NULL;
    return expired != 0;
}
