/*
 * client_address.c - see client_address.h for the contract.
 */
#include "api/client_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

/* The last comma-separated entry of an X-Forwarded-For value, without the
 * spaces and tabs around it. *len may be 0. */
static const char *last_entry(const char *header, size_t *len)
{
    const char *start = strrchr(header, ',');
    start = start ? start + 1 : header;
    while (*start == ' ' || *start == '\t')
        start++;
    size_t n = strlen(start);
    while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t'))
        n--;
    *len = n;
    return start;
}

const char *client_address(arena *a, const config *cfg, const char *remote_addr,
                           const char *forwarded_for)
{
    const char *remote = remote_addr ? remote_addr : "";
    if (!forwarded_for || !*forwarded_for || !config_is_trusted_proxy(cfg, remote))
        return remote;

    size_t len;
    const char *entry = last_entry(forwarded_for, &len);
    char text[INET6_ADDRSTRLEN];
    if (len == 0 || len >= sizeof text)
        return remote;
    memcpy(text, entry, len);
    text[len] = '\0';

    unsigned char addr[sizeof(struct in6_addr)];
    int family = inet_pton(AF_INET, text, addr) == 1    ? AF_INET
                 : inet_pton(AF_INET6, text, addr) == 1 ? AF_INET6
                                                        : 0;
    if (family == 0)
        return remote;
    char canonical[INET6_ADDRSTRLEN];
    if (!inet_ntop(family, addr, canonical, sizeof canonical) || strlen(canonical) > 39)
        return remote;
    char *copy = arena_strdup(a, canonical);
    return copy ? copy : remote;
}
