/*
 * hash.h - the one string hash of the project, for in-memory tables.
 */
#ifndef CHAMILO_CORE_HASH_H
#define CHAMILO_CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a, 64 bits, then a final mix so that the low bits a table uses for
 * its slot depend on every input byte. Not keyed: a table fed by clients
 * must bound its own worst case (colliding keys can be built). */
static inline uint64_t hash_bytes(const char *key, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 0x100000001b3u;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return h;
}

#endif
