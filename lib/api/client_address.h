/*
 * client_address.h - the client's IP address recorded by tracking
 * (track_e_online.user_ip, track_e_login.user_ip, ...).
 */
#ifndef CHAMILO_API_CLIENT_ADDRESS_H
#define CHAMILO_API_CLIENT_ADDRESS_H

#include "config/config.h"
#include "core/arena.h"

/* The address to record for a request from remote_addr (REMOTE_ADDR: the
 * address nginx saw) carrying forwarded_for (X-Forwarded-For, may be NULL).
 *
 * X-Forwarded-For counts only when remote_addr is in cfg's trusted_proxies
 * (empty by default: no proxy is trusted unless the operator says so). Then
 * its LAST entry, the one the trusted proxy appended, is the client; it is
 * used only when it is an IPv4 or IPv6 address, written back in canonical
 * form (inet_ntop: at most 39 characters, the size of the user_ip
 * columns). Anything else (a host name, "unknown", garbage, an empty
 * entry) is ignored and remote_addr is recorded, as when no header came.
 *
 * Returns remote_addr (or "" when it is NULL) or a string in a. Never NULL:
 * on OOM remote_addr is returned. */
const char *client_address(arena *a, const config *cfg, const char *remote_addr,
                           const char *forwarded_for);

#endif
