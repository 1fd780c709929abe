/*
 * campus.c - the current access URL ("campus") of a request (10 §1, the
 * multi-URL bullet, as measured on a real 1.11.32).
 *
 * Single-URL installations (multiple_access_urls off) always use URL 1 and
 * root_web. Multi-URL: the access_url row whose url is
 * "<scheme>://<Host>/<first path segment>/" or "<scheme>://<Host>/",
 * compared case-insensitively (MySQL's collation). Its url becomes the web
 * root only when the row is active and is not http(s)://localhost/; else
 * the web root stays root_web. The id that scopes every query is then the
 * one of the web root's row (URL 1 when none): an inactive or localhost
 * match behaves as URL 1 for everything, not only for `url`.
 *
 * Host is compared as the front end passes it: our nginx snippet includes
 * Debian's fastcgi_params, which sends nginx's $host (lower case, no port),
 * so an access_url.url with a port never matches behind it, as for PHP
 * behind the same nginx; behind Apache the raw Host (port included) is
 * compared. A Host that is not valid UTF-8 matches nothing (no SQL).
 *
 * The scheme is https when nginx says the request came over TLS (HTTPS on),
 * or when a trusted proxy sends X-Forwarded-Proto exactly "https" (PHP's
 * rule: "HTTPS" is not https, docs/compat.md); the header from anyone else
 * is ignored, so a client cannot pick a campus by spoofing it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/flow.h"
#include "core/utf8.h"

/* $1 the URL with the first path segment, $2 the bare host URL. */
DB_STATEMENT(SQL_FIND_CAMPUS, "campus.find", 2,
    "SELECT id, url, active FROM access_url WHERE lower(url) = lower($1) OR lower(url) = lower($2)"
    " ORDER BY (lower(url) = lower($1)) DESC, id LIMIT 1");

static bool request_is_https(const api_call *c)
{
    const http_in *in = c->http;
    if (in->https && *in->https && strcmp(in->https, "off") != 0)
        return true;
    return in->forwarded_proto && strcmp(in->forwarded_proto, "https") == 0 &&
           config_is_trusted_proxy(c->cfg, in->remote_addr ? in->remote_addr : "");
}

/* Chamilo never uses http(s)://localhost/ as its web root. */
static bool is_localhost_url(const char *url)
{
    return strcasecmp(url, "http://localhost/") == 0 || strcasecmp(url, "https://localhost/") == 0;
}

/* The row of url (its id and url), or false when there is none (c->error
 * tells a database failure apart). */
static bool find_campus(api_call *c, const char *with_segment, const char *bare, PGresult **out)
{
    PGresult *r = call_sql(c, &SQL_FIND_CAMPUS, with_segment, bare);
    *out = r;
    return r && PQntuples(r) == 1;
}

bool campus_resolve(api_call *c)
{
    const char *host = c->http->host;
    if (!c->cfg->multiple_access_urls || !host || !*host || !utf8_valid(host, strlen(host)))
        return true;

    const char *scheme = request_is_https(c) ? "https" : "http";
    const char *uri = c->http->request_uri ? c->http->request_uri : "/";
    /* First path segment of the request URI, without the query string. */
    const char *seg = uri[0] == '/' ? uri + 1 : uri;
    size_t seg_len = strcspn(seg, "/?#");
    const char *with_segment = seg[seg_len] == '/'
                                   ? arena_printf(c->arena, "%s://%s/%.*s/", scheme, host,
                                                  (int)seg_len, seg)
                                   : arena_printf(c->arena, "%s://%s/", scheme, host);
    const char *bare = arena_printf(c->arena, "%s://%s/", scheme, host);
    if (!with_segment || !bare)
        return call_fail_oom(c), false;
    if (!utf8_valid(with_segment, strlen(with_segment)))
        return true; /* a path segment the database cannot compare: no match */

    PGresult *r;
    if (!find_campus(c, with_segment, bare, &r))
        return c->error == API_ERROR_NONE;
    const char *url = PQgetvalue(r, 0, 1);
    if (strcmp(PQgetvalue(r, 0, 2), "1") == 0 && !is_localhost_url(url)) {
        c->url_id_text = PQgetvalue(r, 0, 0);
        c->url_id = strtoll(c->url_id_text, NULL, 10);
        c->web_root = url;
        return true;
    }
    /* Inactive or localhost: the web root is root_web, and the scoping id
     * is root_web's row, URL 1 when it has none. */
    if (find_campus(c, c->web_root, c->web_root, &r)) {
        c->url_id_text = PQgetvalue(r, 0, 0);
        c->url_id = strtoll(c->url_id_text, NULL, 10);
    }
    return c->error == API_ERROR_NONE;
}
