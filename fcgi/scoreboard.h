/*
 * scoreboard.h - the pool's shared counters, for the status server.
 *
 * One anonymous shared mapping (MAP_SHARED | MAP_ANONYMOUS), created by the
 * master before it forks anything, so every worker and the status process
 * see the same memory. It holds a header and one slot per worker; each slot
 * holds per-action counters (count per latency bucket, errors, total time).
 *
 * Writers never lock: every field has exactly one writer at a time.
 *   - A worker writes its own slot's request, action and database counters
 *     and its state (idle/busy).
 *   - The master writes a slot's start and exit counters, and the state and
 *     pid only while no process runs in the slot (before fork, after reap).
 *   - The status process writes the listen-queue fields.
 *   - The master writes the log reopen generation.
 * Each field is a naturally aligned 64-bit value read and written with
 * relaxed atomic loads and stores, so a reader never sees a torn value; a
 * reader sums the slots. A slot's counters survive its process: a
 * replacement worker keeps adding to them, so the totals only grow, as
 * Prometheus counters must.
 */
#ifndef CHAMILO_FCGI_SCOREBOARD_H
#define CHAMILO_FCGI_SCOREBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"
#include "db/stmt_trace.h"

/* Master, once, before forking: room for slot_count workers. Every action of
 * the action table gets its counters, plus one for requests that name no
 * known action. Returns 0, or -1 (errno) when the mapping fails. */
int scoreboard_create(int slot_count);

/* Master: log files are to be reopened (SIGHUP/SIGUSR1). Every process
 * compares this number with the one its files were opened under. */
void scoreboard_reopen_logs(void);
unsigned scoreboard_log_generation(void);

/* Master: a worker is about to be forked into slot / has exited from it. */
void scoreboard_worker_spawning(int slot);
void scoreboard_worker_exited(int slot, bool clean);

/* Worker, on its own slot. */
/* db: what connecting at start did (warm-up). */
void scoreboard_worker_ready(int slot, const stmt_trace_counters *db);
void scoreboard_request_started(int slot);
/* action: the action parameter as sent (NULL or unknown: the "(unknown)"
 * counters). */
void scoreboard_request_finished(int slot, const char *action, bool error, int64_t duration_us,
                                 const stmt_trace_counters *db);

/* Status process: the listen queue of the FastCGI socket, sampled. */
void scoreboard_note_listen_queue(uint64_t queued, uint64_t backlog);

/* Status process: the whole scoreboard in Prometheus text format. */
void scoreboard_render(strbuf *out);

/* The replay floor shared by the workers (db/route.h), NULL before
 * scoreboard_create. */
uint64_t *scoreboard_replay_floor(void);

#endif
