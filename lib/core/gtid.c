/*
 * gtid.c - see gtid.h.
 */
#include "core/gtid.h"

#include <inttypes.h>
#include <stdio.h>

int gtid_parse(const char *s, gtid_list *g)
{
    g->n = 0;
    while (*s) {
        while (*s == ' ' || *s == ',' || *s == '\n')
            s++;
        if (!*s)
            break;
        unsigned long dom, srv;
        unsigned long long seq;
        int used = 0;
        if (g->n == GTID_LIST_MAX || sscanf(s, "%lu-%lu-%llu%n", &dom, &srv, &seq, &used) != 3)
            return -1;
        g->d[g->n].domain = (uint32_t)dom;
        g->d[g->n].server = (uint32_t)srv;
        g->d[g->n].seq = seq;
        g->n++;
        s += used;
    }
    return 0;
}

void gtid_format(const gtid_list *g, char *out, size_t n)
{
    size_t o = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < g->n && o < n; i++)
        o += (size_t)snprintf(out + o, n - o, "%s%" PRIu32 "-%" PRIu32 "-%" PRIu64, i ? "," : "",
                              g->d[i].domain, g->d[i].server, g->d[i].seq);
}

void gtid_set(gtid_list *g, uint32_t domain, uint32_t server, uint64_t seq)
{
    for (unsigned i = 0; i < g->n; i++)
        if (g->d[i].domain == domain) {
            g->d[i].server = server;
            g->d[i].seq = seq;
            return;
        }
    if (g->n < GTID_LIST_MAX) {
        g->d[g->n].domain = domain;
        g->d[g->n].server = server;
        g->d[g->n].seq = seq;
        g->n++;
    }
}

bool gtid_covers(const gtid_list *pos, const gtid_list *target)
{
    for (unsigned t = 0; t < target->n; t++) {
        bool held = false;
        for (unsigned p = 0; p < pos->n && !held; p++)
            held = pos->d[p].domain == target->d[t].domain && pos->d[p].seq >= target->d[t].seq;
        if (!held)
            return false;
    }
    return true;
}
