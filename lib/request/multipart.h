/*
 * multipart.h - multipart/form-data bodies (multipart.c). Internal to
 * lib/request/ (and its unit tests).
 */
#ifndef CHAMILO_REQUEST_MULTIPART_H
#define CHAMILO_REQUEST_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "request/parse_context.h"
#include "php/php_value.h"

/* Extracts the boundary of a multipart Content-Type the way PHP's rfc1867
 * handler does. Returns false when it is missing, empty or its quote is not
 * closed; otherwise *boundary (pointing into content_type) and *len. */
bool multipart_boundary(const char *content_type, const char **boundary, size_t *len);

/* Parses a multipart/form-data body into dest. Parts with a filename are
 * file uploads ($_FILES) and are skipped; parts without a name are skipped.
 * A Content-Type without a usable boundary leaves dest empty (PARSE_OK), as
 * PHP does. A body without an opening or closing delimiter, or a part whose
 * headers are cut off, gives PARSE_BAD_BODY. An empty body is an empty form. */
parse_status multipart_parse(parse_ctx *ctx, php_array *dest, const char *content_type,
                             const char *body, size_t len);

#endif
