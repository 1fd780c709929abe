/*
 * request.c - request_parse(): which bytes feed which bag (10-request-flow.md
 * §3), in the order PHP, Symfony 2.8 and v2.php apply them:
 *
 *   1. get: the query string (PHP fills $_GET for every method);
 *   2. post: the body, only when the method is exactly "POST" (PHP compares
 *      case-sensitively) and the Content-Type, lower-cased and cut at the
 *      first ';', ',' or ' ', is application/x-www-form-urlencoded or
 *      multipart/form-data (PHP's known POST content types);
 *   3. request_bag: a copy of post; or, for PUT, PATCH or DELETE (any case,
 *      Symfony upper-cases the method) with a Content-Type that starts with
 *      "application/x-www-form-urlencoded" (case-sensitive, Symfony's
 *      strpos), the urlencoded body, while post stays empty;
 *   4. query_bag: a copy of get;
 *   5. a JSON body (Content-Type exactly "application/json") sets each
 *      sanitized top-level member in all four bags (json_input.c);
 *   6. `hash`: the query bag's "hash" (so a JSON body's "hash" member is
 *      honoured too, as $request->query->get('hash') sees it) is decoded
 *      and its sanitized members set in query_bag (json_input.c).
 *
 * The bags are separate arrays whose values may be shared: they are
 * read-only once request_parse returns.
 */
#include "request/request.h"

#include "request/json_input.h"
#include "request/multipart.h"
#include "request/parse_context.h"
#include "request/urlencoded.h"

#include <string.h>
#include <strings.h>

/* ---- bags ---- */

typedef enum form_kind { FORM_NONE, FORM_URLENCODED, FORM_MULTIPART } form_kind;

/* PHP's lookup of the POST content type: lower-cased, up to ';' ',' ' '. */
static form_kind post_form_kind(const char *content_type)
{
    if (!content_type)
        return FORM_NONE;
    size_t n = strcspn(content_type, ";, ");
    static const char urlencoded[] = "application/x-www-form-urlencoded";
    static const char multipart[] = "multipart/form-data";
    if (n == sizeof urlencoded - 1 && strncasecmp(content_type, urlencoded, n) == 0)
        return FORM_URLENCODED;
    if (n == sizeof multipart - 1 && strncasecmp(content_type, multipart, n) == 0)
        return FORM_MULTIPART;
    return FORM_NONE;
}

static bool is_put_like(const char *method)
{
    return strcasecmp(method, "PUT") == 0 || strcasecmp(method, "PATCH") == 0 ||
           strcasecmp(method, "DELETE") == 0;
}

static parse_status parse_bags(parse_ctx *ctx, const http_in *in, api_params *out)
{
    arena *a = ctx->a;
    parse_status st;
    const char *method = in->method ? in->method : "GET";
    const char *content_type = in->content_type;
    const char *body = in->body ? in->body : "";
    size_t body_len = in->body ? in->body_len : 0;

    out->get = php_array_new(a);
    out->post = php_array_new(a);
    if (!out->get || !out->post)
        return parse_fail(ctx, PARSE_NO_MEMORY);

    if (in->query_string) {
        st = urlencoded_parse(ctx, out->get, in->query_string, strlen(in->query_string));
        if (st != PARSE_OK)
            return st;
    }

    if (strcmp(method, "POST") == 0) {
        switch (post_form_kind(content_type)) {
        case FORM_URLENCODED:
            st = urlencoded_parse(ctx, out->post, body, body_len);
            break;
        case FORM_MULTIPART:
            st = multipart_parse(ctx, out->post, content_type, body, body_len);
            break;
        case FORM_NONE:
            st = PARSE_OK;
            break;
        }
        if (st != PARSE_OK)
            return st;
    }

    out->request_bag = php_array_copy(a, out->post);
    out->query_bag = php_array_copy(a, out->get);
    if (!out->request_bag || !out->query_bag)
        return parse_fail(ctx, PARSE_NO_MEMORY);

    static const char urlencoded[] = "application/x-www-form-urlencoded";
    if (is_put_like(method) && content_type &&
        strncmp(content_type, urlencoded, sizeof urlencoded - 1) == 0) {
        st = urlencoded_parse(ctx, out->request_bag, body, body_len);
        if (st != PARSE_OK)
            return st;
    }

    if (content_type && strcmp(content_type, "application/json") == 0) {
        st = json_apply_body(ctx, out, body, body_len);
        if (st != PARSE_OK)
            return st;
    }

    const php_value *hash = php_array_getz(out->query_bag, "hash");
    if (php_truthy(hash) && hash->kind == PHP_STRING) {
        st = json_apply_hash(ctx, out->query_bag, hash->str, hash->len);
        if (st != PARSE_OK)
            return st;
    }
    return PARSE_OK;
}

parse_status request_parse(arena *a, const http_in *in, const parse_limits *limits,
                           api_params *out, const char **detail)
{
    parse_ctx ctx;
    parse_ctx_init(&ctx, a, limits);
    parse_status st = parse_bags(&ctx, in, out);
    if (detail)
        *detail = st == PARSE_OK ? NULL : (ctx.detail ? ctx.detail : parse_status_sentence(st));
    return st;
}

const php_value *param_get(const api_params *p, param_source src, const char *name)
{
    if (!p || !name)
        return NULL;
    switch (src) {
    case FROM_GET:
        return php_array_getz(p->get, name);
    case FROM_POST:
        return php_array_getz(p->post, name);
    case FROM_REQUEST: {
        /* $_REQUEST with request_order "GP": POST overrides GET. PHP merges
         * two arrays of the same name recursively; we return POST's. */
        const php_value *v = php_array_getz(p->post, name);
        return v ? v : php_array_getz(p->get, name);
    }
    case FROM_QUERY_BAG:
        return php_array_getz(p->query_bag, name);
    case FROM_REQUEST_BAG:
        return php_array_getz(p->request_bag, name);
    }
    return NULL;
}
