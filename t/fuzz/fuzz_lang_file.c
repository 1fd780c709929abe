/*
 * fuzz_lang_file.c - libFuzzer entry point for the reader of Chamilo's
 * language files (lib/php/php_lang_file.c).
 *
 * Built and run by `make fuzz` (t/fuzz/run.sh); seeds in
 * t/fuzz/corpus/fuzz_lang_file/.
 *
 * Input: the text of a language file. Properties checked besides the
 * sanitizers (abort on failure): a refused file always comes with a
 * "line N: " message; every entry has a name of PHP label characters and a
 * value no longer than the input (a decoded string never grows); reading
 * the same input twice gives the same outcome and the same entries.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "php/php_lang_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct tally {
    size_t input_len;
    size_t entries;
    uint64_t digest; /* of every name and value, in order */
} tally;

static uint64_t mix(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return (h ^ n) * 1099511628211u;
}

static bool check_entry(void *ctx, const char *name, size_t name_len, const char *value,
                        size_t value_len)
{
    tally *t = ctx;
    if (name_len == 0 || value_len > t->input_len)
        abort();
    if (name[0] >= '0' && name[0] <= '9')
        abort();
    for (size_t i = 0; i < name_len; i++) {
        unsigned char ch = (unsigned char)name[i];
        bool label = ch >= 0x80 || ch == '_' || (ch >= '0' && ch <= '9') ||
                     (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
        if (!label)
            abort();
    }
    t->entries++;
    t->digest = mix(mix(t->digest, name, name_len), value, value_len);
    return true;
}

static int read_once(const uint8_t *data, size_t size, tally *t)
{
    char err[256];
    memset(t, 0, sizeof *t);
    t->input_len = size;
    int rc = php_lang_file_read((const char *)data, size, check_entry, t, err, sizeof err);
    if (rc != 0 && strncmp(err, "line ", 5) != 0)
        abort();
    if (rc != 0 && rc != -1)
        abort();
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tally first, second;
    int rc1 = read_once(data, size, &first);
    int rc2 = read_once(data, size, &second);
    if (rc1 != rc2 || first.entries != second.entries || first.digest != second.digest)
        abort();
    return 0;
}
