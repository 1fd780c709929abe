/*
 * migrate.h - the database schema's version: upgrading it (--migrate) and
 * refusing to start a pool on a schema older than this binary's code.
 *
 * A database starts at version 1 (sql/schema.sql). Each later change is a
 * file sql/migrations/NNN-what.sql; the table schema_version holds one row
 * per version applied (version, applied_at, name of the file).
 */
#ifndef CHAMILO_FCGI_MIGRATE_H
#define CHAMILO_FCGI_MIGRATE_H

#include <stddef.h>

#include "config/config.h"

/* The schema version this binary's SQL is written for: the number of the
 * newest file in sql/migrations/ (the end-to-end tests check that they
 * agree). Raise it together with adding a migration. */
#define SCHEMA_VERSION_EXPECTED 11

/* Where --migrate looks when no --migrations DIR is given: next to the
 * binary, DIR_OF_BINARY/../share/chamilo-fcgi/sql/migrations (the layout of
 * `make install`), else DIR_OF_BINARY/../sql/migrations (build/ in a
 * checkout). Writes the first that exists into buf; returns buf, or NULL
 * when neither exists. */
const char *migrate_default_dir(char *buf, size_t len);

/* Applies, in order, every migration of dir newer than the database's
 * version, each in its own transaction with its schema_version row; takes
 * an advisory lock so that two hosts migrating at once do not collide.
 * Reports each file applied and the final version on stdout, errors on
 * stderr. Returns 0 when the database ends at SCHEMA_VERSION_EXPECTED or
 * newer, 1 otherwise. */
int migrate_apply(const config *cfg, const char *dir);

/* At pool start: reads the database's version. Returns 1 (after logging
 * what to run) when it is older than SCHEMA_VERSION_EXPECTED. Returns 0
 * when it is recent enough, and also when the database cannot be reached:
 * the pool then starts as always (workers answer 503 and reconnect), with a
 * warning that the version was not checked. config_path goes into the
 * message, so that it names the exact command to run. */
int schema_check(const config *cfg, const char *config_path);

#endif
