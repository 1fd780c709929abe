/*
 * fcgi_hello.c - the benchmark's ceilings: a bare libfcgi responder behind
 * the same nginx, with the same number of pre-forked workers as the pool,
 * answering a fixed JSON envelope of a user_profile answer's size. It
 * reads the request's parameters and body like the pool does, and does
 * nothing else: what chamilo-fcgi costs on top of FastCGI itself is the
 * difference.
 *
 *   fcgi_hello SOCKET_PATH WORKERS [CONNINFO]
 *
 * With CONNINFO, each worker holds one PostgreSQL connection and runs a
 * prepared `SELECT 1` per request before answering: the least any design
 * that asks the database once per call can cost (one round trip, the
 * smallest statement). The pool is read against both.
 *
 * Runs until SIGTERM/SIGINT (the workers die with the parent's process
 * group: the bench kills the group).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <libpq-fe.h>

static const char BODY[] =
    "{\"error\":false,\"data\":{\"pictureUri\":\"http:\\/\\/127.0.0.1\\/main\\/img\\/unknown.jpg\","
    "\"id\":1,\"status\":1,\"fullName\":\"John Doe\",\"username\":\"admin\",\"officialCode\":"
    "\"ADMIN\",\"phone\":null,\"extra\":[]}}";

static const char ERROR_BODY[] = "{\"error\":true,\"message\":\"database\"}";

/* One connection with `SELECT 1` prepared, or exit. */
static PGconn *connect_database(const char *conninfo)
{
    PGconn *pg = PQconnectdb(conninfo);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "fcgi_hello: %s", PQerrorMessage(pg));
        exit(1);
    }
    PGresult *r = PQprepare(pg, "one", "SELECT 1", 0, NULL);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        fprintf(stderr, "fcgi_hello: %s", PQerrorMessage(pg));
        exit(1);
    }
    PQclear(r);
    return pg;
}

/* The round trip; false when it failed (answered as an error, which the
 * bench counts: a failing ceiling is never mistaken for a fast one). */
static int round_trip(PGconn *pg)
{
    PGresult *r = PQexecPrepared(pg, "one", 0, NULL, NULL, NULL, 0);
    int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    PQclear(r);
    return ok;
}

static void serve(int fd, const char *conninfo)
{
    FCGX_Request req;
    if (FCGX_InitRequest(&req, fd, 0) != 0)
        exit(1);
    PGconn *pg = conninfo ? connect_database(conninfo) : NULL;
    char buf[8192];
    while (FCGX_Accept_r(&req) >= 0) {
        (void)FCGX_GetParam("REQUEST_METHOD", req.envp);
        while (FCGX_GetStr(buf, sizeof buf, req.in) > 0)
            ;
        int ok = !pg || round_trip(pg);
        const char *body = ok ? BODY : ERROR_BODY;
        size_t length = ok ? sizeof BODY - 1 : sizeof ERROR_BODY - 1;
        /* libfcgi's own printf knows no %zu: format with snprintf. */
        char head[256];
        int n = snprintf(head, sizeof head,
                         "Status: 200 OK\r\nContent-Type: application/json\r\n"
                         "Access-Control-Allow-Origin: *\r\nContent-Length: %zu\r\n\r\n",
                         length);
        FCGX_PutStr(head, n, req.out);
        FCGX_PutStr(body, (int)length, req.out);
        FCGX_Finish_r(&req);
    }
    exit(0);
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: fcgi_hello SOCKET_PATH WORKERS [CONNINFO]\n");
        return 2;
    }
    int workers = atoi(argv[2]);
    const char *conninfo = argc == 4 ? argv[3] : NULL;
    if (FCGX_Init() != 0 || workers < 1)
        return 1;
    unlink(argv[1]);
    int fd = FCGX_OpenSocket(argv[1], 1024);
    if (fd < 0)
        return 1;
    chmod(argv[1], 0666);
    for (int i = 0; i < workers; i++)
        if (fork() == 0)
            serve(fd, conninfo);
    signal(SIGTERM, SIG_DFL);
    while (wait(NULL) > 0)
        ;
    return 0;
}
