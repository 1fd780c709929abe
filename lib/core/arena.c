/*
 * arena.c - see arena.h for the contract.
 *
 * Layout: a singly linked list of blocks, newest first. Small requests are
 * carved from the head block; a request larger than a quarter of the block
 * size gets a dedicated block of its own so that it does not waste the rest
 * of the current one.
 *
 * Memory goes back to the system at reset: a block of
 * ARENA_MMAP_MIN bytes or more is mapped with mmap and unmapped when it is
 * freed. Through malloc it would not be: glibc raises its mmap threshold
 * after freeing a large mapped chunk, so the next large blocks come from
 * the heap, where a freed 8 MB body stays resident for the life of the
 * worker.
 */
#include "core/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef struct arena_block {
    struct arena_block *next;
    size_t size; /* usable bytes in data[] */
    size_t used;
    size_t mapped; /* bytes mapped with mmap (0: from malloc) */
    alignas(max_align_t) unsigned char data[];
} arena_block;

/* Blocks at least this large (header included) are mmap'ed. */
#define ARENA_MMAP_MIN ((size_t)256 * 1024)

typedef struct arena_cleanup {
    struct arena_cleanup *next;
    void (*fn)(void *);
    void *arg;
} arena_cleanup;

struct arena {
    arena_block *head;
    arena_block *first; /* kept across resets */
    arena_cleanup *cleanups;
    size_t block_size;
    size_t used;
};

#define ARENA_ALIGN alignof(max_align_t)

static size_t align_up(size_t n)
{
    return (n + (ARENA_ALIGN - 1)) & ~(size_t)(ARENA_ALIGN - 1);
}

static arena_block *block_new(size_t size)
{
    if (size > SIZE_MAX - sizeof(arena_block) - 4096)
        return NULL;
    size_t total = sizeof(arena_block) + size;
    arena_block *b;
    size_t mapped = 0;
    if (total >= ARENA_MMAP_MIN) {
        mapped = (total + 4095) & ~(size_t)4095;
        void *p = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return NULL;
        b = p;
    } else {
        b = malloc(total);
        if (!b)
            return NULL;
    }
    b->next = NULL;
    b->size = size;
    b->used = 0;
    b->mapped = mapped;
    return b;
}

static void block_free(arena_block *b)
{
    if (b->mapped)
        munmap(b, b->mapped);
    else
        free(b);
}

arena *arena_create(size_t block_size)
{
    if (block_size < 1024)
        block_size = 1024;
    arena *a = malloc(sizeof *a);
    if (!a)
        return NULL;
    a->first = block_new(block_size);
    if (!a->first) {
        free(a);
        return NULL;
    }
    a->head = a->first;
    a->cleanups = NULL;
    a->block_size = block_size;
    a->used = 0;
    return a;
}

static void run_cleanups(arena *a)
{
    /* A cleanup may not allocate from this arena: detach the list first. */
    arena_cleanup *c = a->cleanups;
    a->cleanups = NULL;
    while (c) {
        arena_cleanup *next = c->next;
        c->fn(c->arg);
        c = next;
    }
}

void arena_reset(arena *a)
{
    if (!a)
        return;
    run_cleanups(a);
    arena_block *b = a->head;
    while (b && b != a->first) {
        arena_block *next = b->next;
        block_free(b);
        b = next;
    }
    /* Dedicated large blocks may sit behind the first block: free them too. */
    arena_block *rest = a->first->next;
    while (rest) {
        arena_block *next = rest->next;
        block_free(rest);
        rest = next;
    }
    a->first->next = NULL;
    a->first->used = 0;
    a->head = a->first;
    a->used = 0;
}

void arena_destroy(arena *a)
{
    if (!a)
        return;
    arena_reset(a);
    block_free(a->first);
    free(a);
}

void *arena_alloc(arena *a, size_t n)
{
    if (n > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    size_t need = align_up(n ? n : 1);
    arena_block *h = a->head;
    if (h->size - h->used >= need) {
        void *p = h->data + h->used;
        h->used += need;
        a->used += need;
        return p;
    }
    if (need > a->block_size / 4) {
        /* Dedicated block, linked behind the head so the head keeps serving
         * small requests. */
        arena_block *b = block_new(need);
        if (!b)
            return NULL;
        b->used = need;
        b->next = h->next;
        h->next = b;
        a->used += need;
        return b->data;
    }
    arena_block *b = block_new(a->block_size);
    if (!b)
        return NULL;
    b->next = h;
    a->head = b;
    b->used = need;
    a->used += need;
    return b->data;
}

void *arena_calloc(arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    void *p = arena_alloc(a, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

int arena_on_reset(arena *a, void (*fn)(void *), void *arg)
{
    arena_cleanup *c = arena_alloc(a, sizeof *c);
    if (!c) {
        fn(arg);
        return -1;
    }
    c->fn = fn;
    c->arg = arg;
    c->next = a->cleanups;
    a->cleanups = c;
    return 0;
}

size_t arena_used(const arena *a)
{
    return a->used;
}
