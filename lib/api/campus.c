/*
 * campus.c - the current access URL ("campus") of a request (10 §1).
 *
 * Single-URL installations (multiple_access_urls off) always use URL 1 and
 * root_web. Multi-URL: the access_url row whose url is
 * "<scheme>://<Host>/<first path segment>/" or "<scheme>://<Host>/", else
 * URL 1. The scheme is https when nginx says the request came over TLS
 * (HTTPS=on), or when a trusted proxy says so in X-Forwarded-Proto; the
 * header from anyone else is ignored, so a client cannot pick a campus by
 * spoofing it.
 */
#include <stdlib.h>
#include <string.h>

#include "api/flow.h"

/* $1 the URL with the first path segment, $2 the bare host URL. */
DB_STATEMENT(SQL_FIND_CAMPUS, "campus.find", 2,
    "SELECT id, url, active FROM access_url WHERE url = $1 OR url = $2"
    " ORDER BY (url = $1) DESC, id LIMIT 1");

static bool request_is_https(const api_call *c)
{
    const http_in *in = c->http;
    if (in->https && *in->https && strcmp(in->https, "off") != 0)
        return true;
    return in->forwarded_proto && strcmp(in->forwarded_proto, "https") == 0 &&
           config_is_trusted_proxy(c->cfg, in->remote_addr ? in->remote_addr : "");
}

bool campus_resolve(api_call *c)
{
    if (!c->cfg->multiple_access_urls || !c->http->host || !*c->http->host)
        return true;

    const char *scheme = request_is_https(c) ? "https" : "http";
    const char *uri = c->http->request_uri ? c->http->request_uri : "/";
    /* First path segment of the request URI, without the query string. */
    const char *seg = uri[0] == '/' ? uri + 1 : uri;
    size_t seg_len = strcspn(seg, "/?#");
    const char *with_segment = seg[seg_len] == '/'
                                   ? arena_printf(c->arena, "%s://%s/%.*s/", scheme, c->http->host,
                                                  (int)seg_len, seg)
                                   : arena_printf(c->arena, "%s://%s/", scheme, c->http->host);
    const char *bare = arena_printf(c->arena, "%s://%s/", scheme, c->http->host);
    if (!with_segment || !bare)
        return call_fail_oom(c), false;

    PGresult *r = call_sql(c, &SQL_FIND_CAMPUS, with_segment, bare);
    if (!r)
        return false;
    if (PQntuples(r) == 1) {
        c->url_id_text = PQgetvalue(r, 0, 0);
        c->url_id = strtoll(c->url_id_text, NULL, 10);
        if (strcmp(PQgetvalue(r, 0, 2), "1") == 0)
            c->web_root = PQgetvalue(r, 0, 1);
    }
    return true;
}
