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
 * One statement resolves it, in the call's first round trip: a worker that
 * has resolved the same scheme, Host and first path segment before guesses
 * the same outcome (one of CAMPUS_GUESSES remembered outcomes), plans the
 * call with it, and sends the lookup with the key check (auth.c); when the
 * lookup's rows do not give the guessed outcome, the campus is applied as
 * they say and the call planned and checked again. The guess is never
 * trusted: no answer is computed from a campus the lookup of the same
 * round trip did not confirm. Calls without a key check look it up first.
 *
 * The scheme is https when nginx says the request came over TLS (HTTPS on),
 * or when a trusted proxy sends X-Forwarded-Proto exactly "https" (PHP's
 * rule: "HTTPS" is not https, docs/compat.md); the header from anyone else
 * is ignored, so a client cannot pick a campus by spoofing it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/campus.h"
#include "api/call_state.h"
#include "core/hash.h"
#include "core/utf8.h"

/* $1 the URL with the first path segment, $2 the bare host URL, $3 the
 * configured web root: the rows whose url is one of them (case-insensitive),
 * the choice left to outcome_of. One scan, no sort: the statement runs on
 * every call of a multi-URL installation. */
DB_STATEMENT(SQL_FIND_CAMPUS, "campus.find", 3,
    "SELECT id, url, active, lower(url) = lower($1) AS with_segment,"
    "       lower(url) = lower($1) OR lower(url) = lower($2) AS matches,"
    "       lower(url) = lower($3) AS is_root"
    "  FROM access_url WHERE lower(url) IN (lower($1), lower($2), lower($3))");
enum { COL_ID, COL_URL, COL_ACTIVE, COL_WITH_SEGMENT, COL_MATCHES, COL_IS_ROOT };

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

/* What a lookup decides: the id that scopes every query, and the web root. */
typedef struct campus_outcome {
    const char *id_text;
    const char *web_root;
} campus_outcome;

static bool is_true(const PGresult *r, int row, int col)
{
    return !PQgetisnull(r, row, col) && strcmp(PQgetvalue(r, row, col), "t") == 0;
}

/* Row with the lower id of a and b among those that are, -1 for none. */
static int lower_id(const PGresult *r, int a, int b)
{
    if (a < 0 || b < 0)
        return a < 0 ? b : a;
    return strtoll(PQgetvalue(r, b, COL_ID), NULL, 10) < strtoll(PQgetvalue(r, a, COL_ID), NULL, 10)
               ? b
               : a;
}

/* The outcome of the lookup's rows: the match is the row of the URL with
 * the path segment if any, else the bare host's, the lower id first. The
 * defaults (URL 1, root_web) are those of a call that names no campus: the
 * dispatcher's initial values. */
static campus_outcome outcome_of(const api_call *c, const PGresult *r)
{
    campus_outcome o = {"1", c->cfg->root_web};
    int match = -1, exact = -1, root = -1;
    for (int row = 0; row < PQntuples(r); row++) {
        if (is_true(r, row, COL_WITH_SEGMENT))
            exact = lower_id(r, exact, row);
        if (is_true(r, row, COL_MATCHES))
            match = lower_id(r, match, row);
        if (is_true(r, row, COL_IS_ROOT))
            root = lower_id(r, root, row);
    }
    if (exact >= 0)
        match = exact;
    if (match < 0)
        return o; /* no match */
    const char *url = PQgetvalue(r, match, COL_URL);
    if (strcmp(PQgetvalue(r, match, COL_ACTIVE), "1") == 0 && !is_localhost_url(url)) {
        o.id_text = PQgetvalue(r, match, COL_ID);
        o.web_root = url;
        return o;
    }
    /* Inactive or localhost: the web root is root_web, and the scoping id
     * is root_web's row, URL 1 when it has none. */
    if (root >= 0)
        o.id_text = PQgetvalue(r, root, COL_ID);
    return o;
}

static void apply(api_call *c, campus_outcome o)
{
    c->url_id_text = o.id_text;
    c->url_id = strtoll(o.id_text, NULL, 10);
    c->web_root = o.web_root;
}

/* ---- the remembered outcomes (this worker's guesses) ---- */

#define CAMPUS_GUESSES 16
#define CAMPUS_KEY_MAX 256 /* longer lookups are not remembered */
#define CAMPUS_ROOT_MAX 256

typedef struct campus_guess {
    char key[CAMPUS_KEY_MAX]; /* the URL with the first path segment; "" = free */
    char id_text[24];
    char web_root[CAMPUS_ROOT_MAX];
} campus_guess;

/* Process memory, not shared: each worker remembers what it has looked up. */
static campus_guess guesses[CAMPUS_GUESSES];

static campus_guess *guess_slot(const char *key)
{
    return &guesses[hash_bytes(key, strlen(key)) % CAMPUS_GUESSES];
}

static const campus_guess *guess_find(const char *key)
{
    const campus_guess *g = guess_slot(key);
    return g->key[0] && strcmp(g->key, key) == 0 ? g : NULL;
}

static void guess_remember(const char *key, campus_outcome o)
{
    campus_guess *g = guess_slot(key);
    if (strlen(key) >= sizeof g->key || strlen(o.id_text) >= sizeof g->id_text ||
        strlen(o.web_root) >= sizeof g->web_root) {
        if (strcmp(g->key, key) == 0)
            g->key[0] = '\0';
        return;
    }
    strcpy(g->key, key);
    strcpy(g->id_text, o.id_text);
    strcpy(g->web_root, o.web_root);
}

/* ---- resolving ---- */

bool campus_resolve(api_call *c, bool may_guess)
{
    call_state *s = call_state_of(c);
    s->campus_check = NULL;
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

    s->campus_check_values[0] = with_segment;
    s->campus_check_values[1] = bare;
    s->campus_check_values[2] = c->cfg->root_web;
    const campus_guess *g = may_guess ? guess_find(with_segment) : NULL;
    if (g) {
        /* Copied: the slot may be taken by another lookup of this call. */
        const char *id_text = arena_strdup(c->arena, g->id_text);
        const char *web_root = arena_strdup(c->arena, g->web_root);
        if (!id_text || !web_root)
            return call_fail_oom(c), false;
        apply(c, (campus_outcome){id_text, web_root});
        s->campus_check = &SQL_FIND_CAMPUS;
        return true;
    }
    PGresult *r = call_run(c, &SQL_FIND_CAMPUS, s->campus_check_values, 3);
    if (!r)
        return false;
    campus_outcome o = outcome_of(c, r);
    apply(c, o);
    guess_remember(with_segment, o);
    return true;
}

bool campus_guess_holds(api_call *c, const PGresult *r)
{
    call_state *s = call_state_of(c);
    campus_outcome o = outcome_of(c, r);
    s->campus_check = NULL;
    if (strcmp(o.id_text, c->url_id_text) == 0 && strcmp(o.web_root, c->web_root) == 0)
        return true;
    guess_remember(s->campus_check_values[0], o);
    apply(c, o);
    return false;
}
