/*
 * urlencode.h - PHP's urlencode() and http_build_query() (RFC 1738: space
 * as '+', everything but [A-Za-z0-9_.-] as %XX upper-case), for the URLs
 * the API hands out.
 */
#ifndef CHAMILO_CORE_URLENCODE_H
#define CHAMILO_CORE_URLENCODE_H

#include "core/strbuf.h"

void url_encode_append(strbuf *sb, const char *s);

/* Appends "k1=v1&k2=v2..." for pairs {k1, v1, k2, v2, ..., NULL}. A NULL
 * value drops its pair, as http_build_query drops nulls. */
void http_build_query_append(strbuf *sb, const char *const *pairs);

#endif
