/*
 * bookkeeping.h - the rows every authenticated call leaves behind (10 §7.2:
 * who is online, last login, course access, the access_ws_<action> event
 * log), written behind the answers in batches.
 *
 * Each call appends its bookkeeping to the worker's queue (bookkeeping_rows.c fills
 * it from the call); the queue is written with ONE statement for the whole
 * batch (set-based data-modifying CTEs), after one that locks the batch's
 * users, in one transaction and one round trip:
 *   - when it holds bookkeeping_batch calls, right after the answer that
 *     filled it is sent;
 *   - when its oldest call is bookkeeping_flush_ms old: after the next
 *     answer, or when the idle worker's wait for a connection times out
 *     (bookkeeping_due_in_ms);
 *   - when the worker stops (graceful stop, recycling).
 * With bookkeeping_flush_ms = 0 every call's rows are written before its
 * answer is sent, as PHP does.
 *
 * The statement reproduces the per-call effects exactly: within a batch,
 * the newest call of a user decides who-is-online, the login row and
 * last_login (the earlier calls of the same batch could only have moved
 * the same dates forward), every call with a course context inserts its
 * track_e_access row (and a second one for its tool when the Referer says
 * so), the newest access of a user to a (course, session, tool) sets its
 * track_e_lastaccess row, and every event row is inserted in call order
 * with its own time. Times are the worker's clock at the call, to the second.
 *
 * Locks: a batch never waits long for a row another transaction holds.
 * The "user" rows of its visits are locked with SKIP LOCKED (a user whose
 * row is held is left queued for the next batch, its events and course rows
 * written); any other row lock is waited for at most
 * bookkeeping_lock_timeout_ms. A batch that fails on a lock, a statement
 * timeout, a deadlock or a lost connection is kept whole and tried again
 * (after 100 ms, doubling up to 5 s; a full queue waits too), so a worker
 * loses at most that long per attempt and no answer waits for a lock. The
 * rows of a logout and of a deferred visit of the same user are ordered as
 * in PHP (bookkeeping.c, logout.c).
 *
 * Durability: bookkeeping rows commit asynchronously unless
 * bookkeeping_synchronous_commit is on. Rows are lost (logged) when: a worker
 * is killed (SIGKILL, a crash) with calls queued (at most
 * bookkeeping_batch calls or bookkeeping_flush_ms of them, more while a
 * batch waits for a lock or the database); a worker stops while its batch
 * still cannot be written; more than max(100000, 2 x bookkeeping_batch)
 * calls wait behind a batch that keeps failing; a batch fails for another
 * reason (an SQL error, out of memory). A batch whose COMMIT's outcome is
 * unknown (the connection ended during it) is tried again, and may then be
 * written twice. The actions' own writes never wait here.
 *
 * Ownership: the queue owns copies of everything queued (malloc), freed
 * when written or dropped.
 */
#ifndef CHAMILO_API_BOOKKEEPING_H
#define CHAMILO_API_BOOKKEEPING_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "db/db.h"

typedef struct bookkeeping bookkeeping;

/* One call's visit (steps 2-5), its tool access and its events (step 6).
 * Strings are copied. */
typedef struct bk_visit {
    int64_t user_id;
    const char *ip;
    int64_t url_id;
    int64_t course_id;  /* 0: no course context */
    int64_t session_id;
    bool visit;         /* steps 2-4: online, login, last_login */
    bool course;        /* step 5: course access */
    const char *tool;   /* 30 §1.8: the course tool entered, NULL: none */
    bool tool_referred; /* ... and the Referer is a course or index page */
} bk_visit;

typedef struct bk_event {
    int64_t user_id;
    const char *type;
    const char *value_type;
    const char *value;
    int64_t course_id;
    int64_t session_id;
} bk_event;

/* NULL on OOM. cfg and db must outlive it. */
bookkeeping *bookkeeping_create(const config *cfg, db_conn *db);

/* Writes what is queued (if it can), then frees the queue. NULL is fine. */
void bookkeeping_destroy(bookkeeping *bk);

/* Queues one call: visit may be NULL (nothing to track), events count may
 * be 0. Returns false on OOM (nothing queued). */
bool bookkeeping_add(bookkeeping *bk, const bk_visit *visit, const bk_event *events, int count);

/* Writes the queue now if it is due (full, or its oldest call is
 * bookkeeping_flush_ms old, or a failed batch's next attempt is due; always
 * when force). Returns false when rows were dropped (logged); true when
 * written, or kept for a later attempt. */
bool bookkeeping_flush(bookkeeping *bk, bool force);

/* Milliseconds until the queue is due, 0 when it is due now, -1 when it is
 * empty: how long an idle worker may wait before calling
 * bookkeeping_flush. */
int bookkeeping_due_in_ms(const bookkeeping *bk);

#endif
