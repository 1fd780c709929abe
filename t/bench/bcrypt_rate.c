/*
 * bcrypt_rate.c - the benchmark's ceiling for authenticate: how many bcrypt
 * checks per second this machine does with nothing else running, with as
 * many processes as it has cores. authenticate verifies one bcrypt hash per
 * call; its rate against this one says whether the database or bcrypt
 * limits it.
 *
 *   bcrypt_rate HASH SECONDS PROCESSES
 *
 * Prints `BCRYPT checks=N seconds=S rate=R`. HASH must be a bcrypt hash
 * ($2y$, $2b$, ...) of the password "admin", as the demo admin's is: each
 * check must give it back, so that a wrong hash (another scheme, a typo)
 * fails instead of measuring something else.
 */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bcrypt_rate HASH SECONDS PROCESSES\n");
        return 2;
    }
    const char *hash = argv[1];
    if (strncmp(hash, "$2", 2) != 0) {
        fprintf(stderr, "bcrypt_rate: refused: not a bcrypt hash\n");
        return 1;
    }
    double seconds = atof(argv[2]);
    int processes = atoi(argv[3]);
    if (seconds <= 0 || processes < 1)
        return 2;
    /* One counter per process, shared with the parent. */
    long *counts = mmap(NULL, sizeof(long) * (size_t)processes, PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (counts == MAP_FAILED)
        return 1;
    double start = now_s();
    for (int p = 0; p < processes; p++) {
        if (fork() == 0) {
            struct crypt_data data;
            memset(&data, 0, sizeof data);
            long n = 0;
            while (now_s() - start < seconds) {
                const char *out = crypt_r("admin", hash, &data);
                if (!out || strcmp(out, hash) != 0)
                    _exit(1);
                n++;
            }
            counts[p] = n;
            _exit(0);
        }
    }
    int failed = 0, status;
    while (wait(&status) > 0)
        failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    double elapsed = now_s() - start;
    if (failed) {
        fprintf(stderr, "bcrypt_rate: refused: the hash is not bcrypt of \"admin\"\n");
        return 1;
    }
    long total = 0;
    for (int p = 0; p < processes; p++)
        total += counts[p];
    printf("BCRYPT checks=%ld seconds=%.3f rate=%.1f\n", total, elapsed, (double)total / elapsed);
    return 0;
}
