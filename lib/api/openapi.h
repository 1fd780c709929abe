/*
 * openapi.h - the OpenAPI 3.1 description of every action
 * (`chamilo-fcgi --openapi`), generated from the action table and the
 * actions' declarations: summaries and descriptions (ACTION_ABOUT);
 * parameters (ACTION_PARAMS): names, sources, kinds, required; gates as
 * security requirements and in words; each answer's data from the
 * action's ACTION_ANSWER (reply.h); the error envelope with the
 * catalogue's messages; the redirect actions as 302s.
 */
#ifndef CHAMILO_API_OPENAPI_H
#define CHAMILO_API_OPENAPI_H

#include <stdbool.h>
#include <stdio.h>

/* Writes the description as JSON to out, with the answers' types of
 * php_types 8 (php8) or 7.4. Returns 0, or -1 on a write error, on OOM, or
 * when an action's ACTION_ANSWER contradicts its row (a redirect shape
 * exactly for the ACT_REDIRECT rows; the reason goes to stderr). */
int openapi_print(FILE *out, bool php8);

#endif
