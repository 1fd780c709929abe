/*
 * gtid.h - MariaDB GTID positions: a list of domain-server-sequence, one
 * per replication domain ("0-1-1042,1-2-7"), as @@gtid_binlog_pos and
 * live_follow_state.gtid_pos write them. Shared by the follower, which
 * keeps the position, and the pool, which waits for it (db/live_mariadb.h).
 */
#ifndef CHAMILO_CORE_GTID_H
#define CHAMILO_CORE_GTID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GTID_LIST_MAX 64

typedef struct gtid_list {
    unsigned n;
    struct {
        uint32_t domain, server;
        uint64_t seq;
    } d[GTID_LIST_MAX];
} gtid_list;

/* Reads s (entries separated by commas, spaces or newlines; "" is the
 * empty list). Returns 0, or -1 when an entry is not domain-server-seq or
 * there are more than GTID_LIST_MAX. */
int gtid_parse(const char *s, gtid_list *g);

/* Writes g as MariaDB does ("0-1-1042,1-2-7"): digits, '-' and ','. */
void gtid_format(const gtid_list *g, char *out, size_t n);

/* Sets the entry of domain (adding it). */
void gtid_set(gtid_list *g, uint32_t domain, uint32_t server, uint64_t seq);

/* Whether pos holds every entry of target: for each of target's domains,
 * a sequence number at least as high. */
bool gtid_covers(const gtid_list *pos, const gtid_list *target);

#endif
