/*
 * fcgi_hello.c - the benchmark's second ceiling: a bare libfcgi responder
 * behind the same nginx, with the same number of pre-forked workers as the
 * pool, answering a fixed JSON envelope of a user_profile answer's size.
 * It reads the request's parameters and body like the pool does, and does
 * nothing else: what chamilo-fcgi costs on top of FastCGI itself is the
 * difference.
 *
 *   fcgi_hello SOCKET_PATH WORKERS
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

static const char BODY[] =
    "{\"error\":false,\"data\":{\"pictureUri\":\"http:\\/\\/127.0.0.1\\/main\\/img\\/unknown.jpg\","
    "\"id\":1,\"status\":1,\"fullName\":\"John Doe\",\"username\":\"admin\",\"officialCode\":"
    "\"ADMIN\",\"phone\":null,\"extra\":[]}}";

static void serve(int fd)
{
    FCGX_Request req;
    if (FCGX_InitRequest(&req, fd, 0) != 0)
        exit(1);
    char buf[8192];
    while (FCGX_Accept_r(&req) >= 0) {
        (void)FCGX_GetParam("REQUEST_METHOD", req.envp);
        while (FCGX_GetStr(buf, sizeof buf, req.in) > 0)
            ;
        /* libfcgi's own printf knows no %zu: format with snprintf. */
        char head[256];
        int n = snprintf(head, sizeof head,
                         "Status: 200 OK\r\nContent-Type: application/json\r\n"
                         "Access-Control-Allow-Origin: *\r\nContent-Length: %zu\r\n\r\n",
                         sizeof BODY - 1);
        FCGX_PutStr(head, n, req.out);
        FCGX_PutStr(BODY, (int)sizeof BODY - 1, req.out);
        FCGX_Finish_r(&req);
    }
    exit(0);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: fcgi_hello SOCKET_PATH WORKERS\n");
        return 2;
    }
    int workers = atoi(argv[2]);
    if (FCGX_Init() != 0 || workers < 1)
        return 1;
    unlink(argv[1]);
    int fd = FCGX_OpenSocket(argv[1], 1024);
    if (fd < 0)
        return 1;
    chmod(argv[1], 0666);
    for (int i = 0; i < workers; i++)
        if (fork() == 0)
            serve(fd);
    signal(SIGTERM, SIG_DFL);
    while (wait(NULL) > 0)
        ;
    return 0;
}
