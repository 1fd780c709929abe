/*
 * arena.h - region allocator with cleanup handlers (nginx pools, PostgreSQL
 * memory contexts).
 *
 * Contract: everything allocated from an arena lives until arena_reset() or
 * arena_destroy(). Nothing is freed one by one. Resources that are not arena
 * memory (a PGresult, a json-c tree) are tied to the arena with
 * arena_on_reset(): their release function runs at reset, newest first.
 *
 * A worker owns two arenas: one for the process (configuration, prepared
 * lookup tables) and one per request, reset when the request ends.
 *
 * Failure: allocation functions return NULL when malloc fails or a size
 * overflows; they never abort. Callers check and return early.
 */
#ifndef CHAMILO_CORE_ARENA_H
#define CHAMILO_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/* Creates an arena whose blocks hold at least block_size bytes. NULL on OOM. */
arena *arena_create(size_t block_size);

/* Runs the cleanup handlers, then frees every block. NULL is accepted. */
void arena_destroy(arena *a);

/* Runs the cleanup handlers (newest first), keeps the first block for reuse
 * and frees the others. Afterwards the arena is empty and ready again. */
void arena_reset(arena *a);

/* n bytes aligned for any type. n == 0 returns a valid unique pointer. */
void *arena_alloc(arena *a, size_t n);

/* count * size zeroed bytes; NULL on overflow. */
void *arena_calloc(arena *a, size_t count, size_t size);

/* Copies s[0..n) and appends a NUL. s may contain NULs (binary-safe copy). */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);

/* printf into the arena. NULL on OOM or a formatting error. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Registers fn(arg) to run at the next reset or destroy. Returns 0, or -1
 * on OOM, in which case fn(arg) has already been called so nothing leaks. */
int arena_on_reset(arena *a, void (*fn)(void *), void *arg);

/* Bytes handed out since the last reset (for limits and statistics). */
size_t arena_used(const arena *a);

#endif
