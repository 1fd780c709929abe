/*
 * openapi.h - the OpenAPI 3.1 description of every action
 * (`chamilo-fcgi --openapi`), generated from the action table and the
 * actions' declarations: summaries and descriptions (ACTION_ABOUT);
 * parameters (ACTION_PARAMS): names, sources, kinds, required; gates as
 * security requirements and in words; the envelope as the response; the redirect
 * actions as 302s.
 */
#ifndef CHAMILO_API_OPENAPI_H
#define CHAMILO_API_OPENAPI_H

#include <stdio.h>

/* Writes the description as JSON to out. Returns 0, or -1 on a write
 * error or OOM. */
int openapi_print(FILE *out);

#endif
