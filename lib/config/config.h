/*
 * config.h - the configuration of one chamilo-fcgi installation.
 *
 * One declarative table (config.c) lists every key with its type, default,
 * bounds and documentation; parsing, defaults, validation and the
 * documented example (`chamilo-fcgi --print-config`) all come from it.
 *
 * File format: one `key = value` per line; '#' starts a comment; blank lines
 * are ignored; values may be wrapped in double quotes, inside which '#' is
 * literal and \" and \\ stand for " and \. An unknown key, a malformed or
 * out-of-range value, or a repeated key stops the load with a message that
 * names the file, the line and the key.
 *
 * Ownership: a loaded config and its strings live in the arena passed to
 * config_load(); the process keeps it for its lifetime. The defaults
 * (config_defaults) point at static storage and need no arena.
 */
#ifndef CHAMILO_CONFIG_CONFIG_H
#define CHAMILO_CONFIG_CONFIG_H

/* The master binds a unix socket under its path plus this suffix and renames
 * it into place once it listens (fcgi/main.c); check_listen keeps room for
 * it in sun_path. */
#define LISTEN_STAGING_SUFFIX ".new"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "crypto/password.h"

/* One trusted proxy network (X-Forwarded-Proto is honoured only from these). */
typedef struct config_network {
    int family;               /* AF_INET or AF_INET6 */
    unsigned char addr[16];   /* network byte order; host bits are zero */
    unsigned prefix_len;      /* 0..32 (AF_INET) or 0..128 (AF_INET6) */
} config_network;

/* A list of networks (trusted_proxies, status_allow). */
typedef struct config_networks {
    const config_network *items;
    size_t count;
} config_networks;

typedef struct config {
    /* --- server --- */
    const char *listen;            /* "/path/to.sock" or "host:port" */
    int workers;
    int listen_backlog;
    const char *socket_mode;       /* octal permissions of a unix socket, "0660" */
    long max_requests_per_worker;  /* recycle a worker after N requests; 0 = never */
    int shutdown_timeout;          /* seconds the master waits for workers on SIGTERM */
    int request_read_timeout;      /* seconds to receive a whole request (params + body) */

    /* --- logs and status (fcgi/observe.c) --- */
    const char *access_log;        /* "" = off, "stderr", or an absolute path */
    const char *slow_log;          /* same */
    int slow_log_threshold_ms;     /* requests at least this slow go to slow_log */
    const char *status_listen;     /* "" = off, or "ipv4:port" of the HTTP status server */
    config_networks status_allow;  /* peers the status server answers */

    /* --- database --- */
    const char *db_conninfo;
    int db_connect_timeout;        /* seconds */
    int db_statement_timeout_ms;
    int db_reconnect_min_ms;       /* between attempts while a request waits */
    int db_wait_ms;                /* how long a request waits for a down database */
    int db_reconnect_max_ms;
    const char *db_schema;         /* search_path of every connection */
    const char *db_replica_conninfo; /* "" or standbys' conninfos separated by ';' */
    int db_replica_max_lag_ms;     /* a standby replaying further behind is skipped */
    int db_replica_retry_ms;       /* a skipped standby is tried again after this */
    bool db_replica_remote_apply;  /* actions' writes commit with remote_apply */
    bool live_campus;              /* PostgreSQL follows a live MariaDB campus */
    int live_max_lag_ms;           /* live_campus: older copies refuse calls (503) */
    const char *live_mariadb_url;  /* live_campus: mysql://USER:PASS@HOST:PORT/DB, the campus */

    /* --- request limits --- */
    size_t max_body_size;          /* bytes; larger bodies get HTTP 413 */
    size_t max_params;
    size_t max_key_length;
    unsigned max_nesting_depth;

    /* --- platform (Chamilo's configuration.php and settings) --- */
    const char *root_web;          /* "https://campus.example.org/", trailing slash */
    bool multiple_access_urls;
    config_networks trusted_proxies;
    const char *cors_allow_origin; /* "" disables the header */
    bool track_activity;           /* 10 §7.2 steps 2-5: online, last login, course access */
    bool log_events;               /* 10 §7.2 step 6: track_e_default rows */
    bool bookkeeping_synchronous_commit; /* off: bookkeeping commits without waiting for the WAL flush */
    int bookkeeping_flush_ms;      /* 0: written with each call; else the longest a call's rows wait */
    int bookkeeping_batch;         /* calls written together at most */
    int bookkeeping_lock_timeout_ms; /* the longest a batch waits for a locked row */
    password_scheme password_encryption;
    unsigned password_bcrypt_cost;
    bool password_conversion;
    bool disable_webservices;
    bool deny_delete_users;        /* delete_user deletes nobody */
    bool webservice_enable_adminonly_api;
    const char *server_type;       /* "prod" or "test" (test pretty-prints JSON) */
    const char *php_types;         /* "8" or "7.4": see config_php8_types() */
    long session_lifetime;         /* seconds */
    const char *messaging_gdc_project_number;
    const char *platform_language;
    const char *timezone_value;    /* a tz database name, "" = UTC (chamilo_date.h) */
    bool use_users_timezone;       /* the caller's `timezone` user extra field wins (on) */
    bool registration_email_required; /* setting registration[email] */
    bool login_is_email;
    int account_valid_duration;    /* days; 0 = no expiration */
    bool split_users_upload_directory;
    const char *sys_course_path;   /* filesystem path of app/courses/, "" = unknown */
    const char *chamilo_root;      /* Chamilo's installation, for main/lang/; "" = English only */
    int hosting_limit_users;       /* 0 = unlimited */
    int hosting_limit_teachers;    /* 0 = unlimited */

    /* --- platform settings of the message actions (20-users-messages.md §3) --- */
    bool allow_message_tool;
    bool allow_social_tool;
    bool allow_send_message_to_all_platform_users;
    bool show_email_addresses;
    int time_limit_whosonline;     /* minutes */
    bool pausetraining_tool_enable; /* the PauseTraining plugin (update_user_pause_training) */
} config;

/* True when answers carry PHP 8's types (php_types = 8): integer columns
 * read by plain SQL are JSON numbers; false under 7.4, where they are
 * strings. The only place that reads the setting (lib/api/reply.c). */
static inline bool config_php8_types(const config *cfg)
{
    return cfg->php_types[0] == '8';
}

/* Fills *cfg with the defaults of every key. Never fails: the defaults are
 * checked by the unit tests. Strings and the default proxy list are static. */
void config_defaults(config *cfg);

/* Fills *cfg with the defaults, then applies path over them. Returns 0, or
 * -1 with a message ("chamilo-fcgi.conf:12: workers: must be between 1 and
 * 1024") written into errbuf (always NUL-terminated, truncated to errlen).
 * On failure *cfg is partly applied: do not use it. Also checks the keys that
 * depend on each other (db_reconnect_min_ms <= db_reconnect_max_ms). */
int config_load(arena *a, const char *path, config *cfg, char *errbuf, size_t errlen);

/* Applies one `key = value` (value already unquoted). Returns 0, or -1 with
 * "KEY: reason" in errbuf (config_load adds "FILE:LINE: " in front). Strings
 * and lists are copied into a (required, not NULL). A failed call leaves
 * *cfg unchanged. Does not detect repeated keys (config_load does). */
int config_set(arena *a, config *cfg, const char *key, const char *value, char *errbuf,
               size_t errlen);

/* Writes a documented example of every key with its default to f: a valid
 * configuration file (`chamilo-fcgi --print-config`, and
 * conf/chamilo-fcgi.conf.example is exactly this output). */
void config_print_example(FILE *f);

/* Walks db_replica_conninfo: copies the next standby's connection string
 * (trimmed, without its ';') into out and advances *rest. False at the end
 * of the list, or when one does not fit in outlen (then *rest points at
 * it, not at the end). */
bool config_replica_next(const char **rest, char *out, size_t outlen);

/* The keys of the table, in sorted order (for tests and tools).
 * config_key_name returns NULL when i >= config_key_count(). */
size_t config_key_count(void);
const char *config_key_name(size_t i);

/* True when ip (textual IPv4 or IPv6, as in REMOTE_ADDR) is inside one of
 * the networks. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) matches the
 * IPv4 networks. NULL or unparsable ip: false. */
bool config_networks_contain(const config_networks *nets, const char *ip);

/* config_networks_contain(&cfg->trusted_proxies, ip). */
bool config_is_trusted_proxy(const config *cfg, const char *ip);

#endif
