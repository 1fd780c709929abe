/*
 * fuzz_config.c - libFuzzer entry point for the configuration parser
 * (config_load on a whole file, config_set on one key = value).
 *
 * Built and run by `make fuzz` (t/fuzz/run.sh); seeds in t/fuzz/corpus/fuzz_config/.
 *
 * Input: the text of a configuration file. It is written to an anonymous
 * in-memory file (memfd) and loaded through its /proc/self/fd path, exactly
 * as the binary loads -c FILE. Then each line of the input that holds a
 * '=' is also applied with config_set.
 *
 * Properties checked besides the sanitizers (abort on failure): a failed
 * load always comes with a message; a successful load gives a
 * configuration within the documented ranges (workers 1..1024, the reconnect
 * delays ordered) whose listen value is not empty.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config/config.h"
#include "core/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_loaded(const config *cfg)
{
    if (cfg->workers < 1 || cfg->workers > 1024)
        abort();
    if (cfg->db_reconnect_min_ms > cfg->db_reconnect_max_ms)
        abort();
    if (!cfg->listen || !cfg->listen[0])
        abort();
    if (cfg->max_body_size < 1)
        abort();
}

static void set_each_line(arena *a, const uint8_t *data, size_t size)
{
    config cfg;
    config_defaults(&cfg);
    char err[512];
    size_t start = 0;
    while (start < size) {
        const uint8_t *nl = memchr(data + start, '\n', size - start);
        size_t end = nl ? (size_t)(nl - data) : size;
        char *line = arena_strndup(a, (const char *)data + start, end - start);
        char *eq = line ? strchr(line, '=') : NULL;
        if (eq) {
            *eq = '\0';
            err[0] = '\0';
            if (config_set(a, &cfg, line, eq + 1, err, sizeof err) != 0 && err[0] == '\0')
                abort(); /* a refusal always says why */
        }
        start = end + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static arena *a;
    if (!a && !(a = arena_create(1 << 16)))
        return 0;

    int fd = memfd_create("fuzz_config", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    config cfg;
    char err[512];
    err[0] = '\0';
    if (config_load(a, path, &cfg, err, sizeof err) == 0)
        check_loaded(&cfg);
    else if (err[0] == '\0')
        abort();
    close(fd);

    set_each_line(a, data, size);
    arena_reset(a);
    return 0;
}
