/*
 * config.c - see config.h for the contract.
 *
 * Everything about a key lives in one row of config_table[] (in the spirit
 * of pgbouncer's cf_parse tables): name, type, where it goes in struct
 * config, default, bounds, section and documentation. Defaults, parsing,
 * validation and the documented example are all driven by that table, so a
 * new key is one new row (plus its field in config.h), nothing else.
 *
 * Defaults are written as text and parsed by the same setters as the file:
 * what --print-config prints is, by construction, what config_defaults()
 * sets. The only default that is not parsed at run time is the proxy list
 * (config_defaults has no arena); the unit tests check that the static list
 * equals its text.
 *
 * The table is sorted by name (checked by the unit tests) so a key is found
 * with bsearch.
 */
#include "config/config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <libpq-fe.h>

#include "core/chamilo_date.h"
#include "core/mysql_url.h"

/* ------------------------------------------------------------------ table */

typedef enum config_type {
    CT_STRING,          /* const char *, copied into the arena */
    CT_INT,             /* int, bounded */
    CT_UINT,            /* unsigned, bounded */
    CT_LONG,            /* long, bounded */
    CT_COUNT,           /* size_t, a plain number, bounded */
    CT_SIZE,            /* size_t bytes with an optional k/M/G suffix, bounded */
    CT_BOOL,            /* bool: on/off, true/false, yes/no, 1/0 */
    CT_PASSWORD_SCHEME, /* password_scheme: bcrypt|sha1|md5|none */
    CT_NETWORKS,        /* config_networks */
} config_type;

typedef enum config_section {
    SECTION_SERVER,
    SECTION_DATABASE,
    SECTION_LIMITS,
    SECTION_OBSERVE,
    SECTION_PLATFORM,
    SECTION_COUNT,
} config_section;

static const char *const section_titles[SECTION_COUNT] = {
    [SECTION_SERVER] = "Server: the FastCGI socket and the worker pool",
    [SECTION_DATABASE] = "Database: PostgreSQL",
    [SECTION_LIMITS] = "Request limits",
    [SECTION_OBSERVE] = "Logs and status: the access log, the slow log, the metrics",
    [SECTION_PLATFORM] = "Platform: what Chamilo keeps in configuration.php and its settings",
};

/* Extra validation of a string value. Returns NULL when valid, else a short
 * reason written into why (or a static string). */
typedef const char *(*string_check)(const char *value, char *why, size_t whylen);

typedef struct config_row {
    const char *name;
    config_type type;
    size_t offset;            /* of the field in struct config */
    const char *default_text; /* parsed like a value from the file */
    long long min, max;       /* bounds of the numeric types */
    string_check check;       /* CT_STRING only; NULL = any string */
    config_section section;
    const char *doc;
} config_row;

static const char *check_listen(const char *v, char *why, size_t whylen);
static const char *check_socket_mode(const char *v, char *why, size_t whylen);
static const char *check_root_web(const char *v, char *why, size_t whylen);
static const char *check_server_type(const char *v, char *why, size_t whylen);
static const char *check_conninfo(const char *v, char *why, size_t whylen);
static const char *check_replica_conninfo(const char *v, char *why, size_t whylen);
static const char *check_language(const char *v, char *why, size_t whylen);
static const char *check_course_path(const char *v, char *why, size_t whylen);
static const char *check_chamilo_root(const char *v, char *why, size_t whylen);
static const char *check_schema(const char *v, char *why, size_t whylen);
static const char *check_php_types(const char *v, char *why, size_t whylen);
static const char *check_log_target(const char *v, char *why, size_t whylen);
static const char *check_status_listen(const char *v, char *why, size_t whylen);
static const char *check_timezone(const char *v, char *why, size_t whylen);
static const char *check_mariadb_url(const char *v, char *why, size_t whylen);

#define OFF(field) offsetof(config, field)
#define KIB 1024LL
#define MIB (1024LL * 1024)
#define GIB (1024LL * 1024 * 1024)

/* Sorted by name. Bounds are inclusive; strings and bools ignore them. */
static const config_row config_table[] = {
    {"access_log", CT_STRING, OFF(access_log), "", 0, 0, check_log_target, SECTION_OBSERVE,
     "Where each request is logged, one JSON object per line (fields in README, \"Access "
     "log\"): an absolute file path, opened in append mode and reopened after SIGHUP or "
     "SIGUSR1 (for logrotate), or stderr; empty = no access log. Like PHP-FPM's access.log."},
    {"account_valid_duration", CT_INT, OFF(account_valid_duration), "0", 0, 365000, NULL,
     SECTION_PLATFORM,
     "Days until a new account expires when add_user gets no expiration_date; 0 = never. "
     "Mirrors the platform setting account_valid_duration."},
    {"allow_message_tool", CT_BOOL, OFF(allow_message_tool), "on", 0, 0, NULL, SECTION_PLATFORM,
     "The internal message tool is on: get_count_new_messages counts the inbox, message_users "
     "searches recipients. Mirrors the platform setting allow_message_tool."},
    {"allow_send_message_to_all_platform_users", CT_BOOL,
     OFF(allow_send_message_to_all_platform_users), "on", 0, 0, NULL, SECTION_PLATFORM,
     "message_users offers every active user of the portal, not only the caller's contacts "
     "(or the users online). Mirrors the platform setting of the same name, on in a fresh "
     "Chamilo 1.11 install."},
    {"allow_social_tool", CT_BOOL, OFF(allow_social_tool), "on", 0, 0, NULL, SECTION_PLATFORM,
     "The social network is on: get_count_new_messages counts invitations and group "
     "requests, message_users offers contacts (with allow_send_message_to_all_platform_users "
     "off). Mirrors the platform setting allow_social_tool."},
    {"bookkeeping_batch", CT_INT, OFF(bookkeeping_batch), "100", 1, 100000, NULL,
     SECTION_PLATFORM,
     "Calls whose bookkeeping rows (track_activity, log_events) a worker writes together, "
     "in one statement, at most. See bookkeeping_flush_ms."},
    {"bookkeeping_flush_ms", CT_INT, OFF(bookkeeping_flush_ms), "100", 0, 60000, NULL,
     SECTION_PLATFORM,
     "How long the bookkeeping rows of a call may wait in its worker before they are written "
     "(with those of the calls that followed, up to bookkeeping_batch, in one statement, after "
     "the answers were sent). 0 writes them with each call, before its answer, as PHP does. "
     "A worker that is killed loses the rows still waiting: at most this long, or "
     "bookkeeping_batch calls (more while a batch waits for a lock or the database, which "
     "keeps it and tries again; README.md lists every way rows can be lost). The actions' own "
     "writes never wait."},
    {"bookkeeping_lock_timeout_ms", CT_INT, OFF(bookkeeping_lock_timeout_ms), "100", 1, 60000,
     NULL, SECTION_PLATFORM,
     "The longest the statement writing a batch of bookkeeping rows waits for a row that "
     "another transaction holds locked. A user whose own row is locked is left for the next "
     "batch at once; any other lock makes the whole batch wait for a later attempt (the rows "
     "are kept, not dropped). Bounds the time a worker can lose to a lock."},
    {"bookkeeping_synchronous_commit", CT_BOOL, OFF(bookkeeping_synchronous_commit), "off", 0, 0,
     NULL, SECTION_PLATFORM,
     "Whether the bookkeeping rows written by every call (track_activity, log_events) wait "
     "for PostgreSQL to flush its WAL. Off: they commit asynchronously, so a database crash "
     "can lose the last fraction of a second of them, and each call saves a disk flush. The "
     "writes of the actions themselves (save_user, ...) always wait."},
    {"chamilo_root", CT_STRING, OFF(chamilo_root), "", 0, 0, check_chamilo_root, SECTION_PLATFORM,
     "Absolute path of the campus's Chamilo installation (the folder holding main/), whose "
     "language files main/lang/<language>/*.inc.php give the messages in the caller's "
     "language (user.language), else in GET language's, else in platform_language's, "
     "falling back to English message by message. Read at start and again on SIGHUP or "
     "SIGUSR1 when a file changed; a file that does not parse is logged and skipped. Empty = English only. "
     "Mirrors api_get_path(SYS_PATH)."},
    {"cors_allow_origin", CT_STRING, OFF(cors_allow_origin), "*", 0, 0, NULL, SECTION_PLATFORM,
     "Value of the Access-Control-Allow-Origin header of JSON answers; empty sends no header. "
     "v2.php always sends \"*\"."},
    {"db_connect_timeout", CT_INT, OFF(db_connect_timeout), "3", 1, 3600, NULL, SECTION_DATABASE,
     "Seconds to wait for a connection to PostgreSQL (libpq connect_timeout)."},
    {"db_conninfo", CT_STRING, OFF(db_conninfo), "dbname=chamilo", 0, 0, check_conninfo,
     SECTION_DATABASE,
     "libpq connection string (keyword=value pairs or a postgresql:// URI) of the Chamilo "
     "database. Each worker opens one connection after fork; the master never connects. "
     "Mirrors configuration.php's db_host, db_port, db_user, db_password and main_database."},
    {"db_reconnect_max_ms", CT_INT, OFF(db_reconnect_max_ms), "5000", 1, 3600000, NULL,
     SECTION_DATABASE,
     "While the database stays down, each worker logs its failed connection attempts at "
     "most once per this many milliseconds (the interval doubles from db_reconnect_min_ms "
     "up to it); must not be less than db_reconnect_min_ms."},
    {"db_reconnect_min_ms", CT_INT, OFF(db_reconnect_min_ms), "100", 1, 3600000, NULL,
     SECTION_DATABASE,
     "Milliseconds between two connection attempts while a request waits for the database "
     "(db_wait_ms)."},
    {"db_replica_conninfo", CT_STRING, OFF(db_replica_conninfo), "", 0, 0, check_replica_conninfo,
     SECTION_DATABASE,
     "PostgreSQL hot standbys (streaming replicas of db_conninfo) that serve the read "
     "actions called with an API key: libpq connection strings separated by ';'; empty = "
     "none, every call goes to db_conninfo. Each worker holds one standby connection beside "
     "its primary one (worker slot modulo the number of standbys, the next one while that "
     "one is skipped). Writes, the bookkeeping and calls without a key stay on the primary. "
     "A standby that is down, not in recovery (promoted) or behind (db_replica_max_lag_ms, "
     "or not yet replayed a write acknowledged by this pool host) is skipped: the read goes "
     "to the primary. README, \"Read replicas\"."},
    {"db_replica_max_lag_ms", CT_INT, OFF(db_replica_max_lag_ms), "1000", 0, 3600000, NULL,
     SECTION_DATABASE,
     "A standby that has not replayed, this many milliseconds later, WAL it had received "
     "(as a worker's reads see it: pg_last_wal_receive_lsn() and pg_last_wal_replay_lsn(), "
     "checked in each read's first round trip) is skipped until db_replica_retry_ms has "
     "passed."},
    {"db_replica_remote_apply", CT_BOOL, OFF(db_replica_remote_apply), "off", 0, 0, NULL,
     SECTION_DATABASE,
     "The actions' writes commit with synchronous_commit = remote_apply: the primary "
     "acknowledges them once its synchronous standbys (synchronous_standby_names, set on "
     "the primary) have applied them, so that every pool host's reads see them. Off: this "
     "pool host's reads wait for (or skip) a standby that has not replayed its writes; "
     "other hosts rely on db_replica_max_lag_ms. README, \"Read replicas\"."},
    {"db_replica_retry_ms", CT_INT, OFF(db_replica_retry_ms), "5000", 0, 3600000, NULL,
     SECTION_DATABASE,
     "How long a skipped standby (down, promoted or behind) is left aside before a worker "
     "tries it again."},
    {"db_schema", CT_STRING, OFF(db_schema), "public", 0, 0, check_schema, SECTION_DATABASE,
     "Schema that holds the tables of sql/schema.sql: the search_path of every connection, "
     "so that no answer depends on the role's or the server's default."},
    {"db_statement_timeout_ms", CT_INT, OFF(db_statement_timeout_ms), "30000", 0, 86400000, NULL,
     SECTION_DATABASE,
     "Milliseconds after which PostgreSQL cancels a statement (statement_timeout of every "
     "connection); 0 = no limit."},
    {"db_wait_ms", CT_INT, OFF(db_wait_ms), "2000", 0, 600000, NULL, SECTION_DATABASE,
     "While PostgreSQL is unreachable (a restart, a failover), a request waits up to this "
     "many milliseconds for it, trying to connect every db_reconnect_min_ms, before "
     "answering HTTP 503 \"The database is unavailable\" (PgBouncer's pause); the first "
     "attempt is at once, so a database that is back is used by the next request. 0 = one "
     "attempt, then 503. A worker waiting holds its request, not others: with every worker "
     "waiting, new requests queue on the socket."},
    {"deny_delete_users", CT_BOOL, OFF(deny_delete_users), "off", 0, 0, NULL, SECTION_PLATFORM,
     "delete_user deletes nobody (answers {\"status\":false}). Mirrors "
     "$_configuration['deny_delete_users']."},
    {"disable_webservices", CT_BOOL, OFF(disable_webservices), "off", 0, 0, NULL, SECTION_PLATFORM,
     "Answer every call with Chamilo's \"Webservices are disabled.\" page. Mirrors "
     "$_configuration['disable_webservices']."},
    {"hosting_limit_teachers", CT_INT, OFF(hosting_limit_teachers), "0", 0, INT_MAX, NULL,
     SECTION_PLATFORM,
     "Most active teachers per portal; 0 = unlimited. Mirrors "
     "$_configuration[$urlId]['hosting_limit_teachers']."},
    {"hosting_limit_users", CT_INT, OFF(hosting_limit_users), "0", 0, INT_MAX, NULL,
     SECTION_PLATFORM,
     "Most active users per portal; 0 = unlimited. Mirrors "
     "$_configuration[$urlId]['hosting_limit_users']."},
    {"listen", CT_STRING, OFF(listen), "127.0.0.1:9000", 0, 0, check_listen, SECTION_SERVER,
     "Where the FastCGI socket listens: an absolute unix socket path "
     "(/run/chamilo-fcgi/api.sock) or host:port, the host being an IPv4 address, a host "
     "name, or * for every interface (IPv4 only). nginx's fastcgi_pass points here."},
    {"listen_backlog", CT_INT, OFF(listen_backlog), "1024", 1, 65535, NULL, SECTION_SERVER,
     "Connections the kernel queues before a worker accepts them (listen(2) backlog, capped "
     "by net.core.somaxconn)."},
    {"live_campus", CT_BOOL, OFF(live_campus), "off", 0, 0, NULL, SECTION_DATABASE,
     "The database is a live campus's copy: Chamilo's PHP pages and MariaDB stay the campus, "
     "chamilo-fcgi-follow applies MariaDB's binlog to PostgreSQL (docs/live-campus.md). On: "
     "every call with an API key reads the follower's state (live_follow_state) in its key "
     "check's round trip, and is answered HTTP 503 with an error envelope, its key not "
     "accepted, while the follower is behind by more than live_max_lag_ms or has never "
     "caught up. README, \"Live campus\"."},
    {"live_mariadb_url", CT_STRING, OFF(live_mariadb_url), "", 0, 0, check_mariadb_url,
     SECTION_DATABASE,
     "With live_campus on (then required): the campus's MariaDB, "
     "mysql://USER:PASSWORD@HOST:PORT/DATABASE (user and password percent-encoded), that "
     "write actions and the bookkeeping write to and that every key check reads. The account "
     "needs SELECT, INSERT, UPDATE and DELETE on the database; it is Chamilo's own, or one "
     "with the same rights. docs/live-campus.md, \"Writes\"."},
    {"live_max_lag_ms", CT_INT, OFF(live_max_lag_ms), "5000", 100, 3600000, NULL,
     SECTION_DATABASE,
     "With live_campus on: how old, in milliseconds, the copy may be (since the follower last "
     "had applied everything MariaDB had written, or since MariaDB's commit of the last "
     "transaction applied, whichever is later; that commit time is to the second) before calls "
     "are refused. This is also how long a key revoked or a user disabled in Chamilo may "
     "still be accepted."},
    {"log_events", CT_BOOL, OFF(log_events), "on", 0, 0, NULL, SECTION_PLATFORM,
     "Write the track_e_default event row of each action (access_ws_<action>), as Chamilo's "
     "Event::addEvent does."},
    {"login_is_email", CT_BOOL, OFF(login_is_email), "off", 0, 0, NULL, SECTION_PLATFORM,
     "Usernames are e-mail addresses (up to 100 characters). Mirrors the platform setting "
     "login_is_email."},
    {"max_body_size", CT_SIZE, OFF(max_body_size), "8M", 1, GIB, NULL, SECTION_LIMITS,
     "Largest request body, in bytes (suffix k, M or G: powers of 1024). A larger body is not "
     "read and gets HTTP 413 with a JSON error; set nginx's client_max_body_size at least "
     "this large, or nginx answers first with its own page. Mirrors PHP's post_max_size."},
    {"max_key_length", CT_COUNT, OFF(max_key_length), "256", 1, 65536, NULL, SECTION_LIMITS,
     "Longest parameter name, in bytes."},
    {"max_nesting_depth", CT_UINT, OFF(max_nesting_depth), "64", 1, 1024, NULL, SECTION_LIMITS,
     "Deepest bracket nesting of a parameter name (a[b][c]=...). Mirrors PHP's "
     "max_input_nesting_level."},
    {"max_params", CT_COUNT, OFF(max_params), "1000", 1, 1000000, NULL, SECTION_LIMITS,
     "Most parameter values over the query string and the body together. Mirrors PHP's "
     "max_input_vars."},
    {"max_requests_per_worker", CT_LONG, OFF(max_requests_per_worker), "0", 0, 1000000000, NULL,
     SECTION_SERVER,
     "Recycle a worker (exit and fork a fresh one) after it has served this many requests; "
     "0 = never. Like PHP-FPM's pm.max_requests."},
    {"messaging_gdc_project_number", CT_STRING, OFF(messaging_gdc_project_number), "", 0, 0, NULL,
     SECTION_PLATFORM,
     "Push sender id returned as gcmSenderId by authenticate. Mirrors the platform setting "
     "messaging_gdc_project_number."},
    {"multiple_access_urls", CT_BOOL, OFF(multiple_access_urls), "off", 0, 0, NULL,
     SECTION_PLATFORM,
     "Several portals (access URLs) share the database; the current one is found from the "
     "Host header. Mirrors $_configuration['multiple_access_urls']."},
    {"password_bcrypt_cost", CT_UINT, OFF(password_bcrypt_cost), "4", 4, 31, NULL, SECTION_PLATFORM,
     "bcrypt cost of the password hashes written by this service. Chamilo 1.11 writes cost 4."},
    {"password_conversion", CT_BOOL, OFF(password_conversion), "off", 0, 0, NULL, SECTION_PLATFORM,
     "Accept passwords stored in another scheme and rehash them with password_encryption. "
     "Mirrors $_configuration['password_conversion']."},
    {"password_encryption", CT_PASSWORD_SCHEME, OFF(password_encryption), "bcrypt", 0, 0, NULL,
     SECTION_PLATFORM,
     "Scheme of stored passwords: bcrypt, sha1, md5 or none. Mirrors "
     "$_configuration['password_encryption']."},
    {"pausetraining_tool_enable", CT_BOOL, OFF(pausetraining_tool_enable), "off", 0, 0, NULL,
     SECTION_PLATFORM,
     "The PauseTraining plugin is installed and enabled: update_user_pause_training writes "
     "its user fields (pause_formation, start_pause_date, end_pause_date, disable_emails). "
     "Mirrors the plugin setting pausetraining / tool_enable."},
    {"php_types", CT_STRING, OFF(php_types), "8", 0, 0, check_php_types, SECTION_PLATFORM,
     "Which PHP runtime's JSON types to reproduce: 8 (Chamilo 1.11.32 on PHP 8.1+, where "
     "integer columns come back as numbers: \"id\":3) or 7.4 (pdo_mysql with emulated "
     "prepares, where every column read by SQL is a string: \"id\":\"3\"). Values the PHP "
     "casts or builds keep their type under both."},
    {"platform_language", CT_STRING, OFF(platform_language), "english", 0, 0, check_language,
     SECTION_PLATFORM,
     "Language (Chamilo's folder name) of the messages and default language of new users. "
     "Mirrors the platform setting platformLanguage."},
    {"registration_email_required", CT_BOOL, OFF(registration_email_required), "off", 0, 0, NULL,
     SECTION_PLATFORM,
     "New users must have a valid e-mail address. Mirrors the platform setting "
     "registration[email]."},
    {"request_read_timeout", CT_INT, OFF(request_read_timeout), "10", 1, 3600, NULL,
     SECTION_SERVER,
     "Seconds a worker waits to receive a whole request (FastCGI parameters and body) once "
     "it has accepted the connection. A peer that is slower, or stops half way, is cut off "
     "and logged, so it holds one worker for at most this long. nginx sends each request at "
     "once (it buffers the body first), so this only ever trips on a stuck or hostile peer."},
    {"root_web", CT_STRING, OFF(root_web), "http://localhost/", 0, 0, check_root_web,
     SECTION_PLATFORM,
     "Public URL of the campus with scheme and trailing slash; redirects and picture URLs "
     "start with it. Mirrors $_configuration['root_web']."},
    {"server_type", CT_STRING, OFF(server_type), "prod", 0, 0, check_server_type, SECTION_PLATFORM,
     "prod or test. test pretty-prints the JSON and shows untranslated messages as [=Key=]. "
     "Mirrors the platform setting server_type."},
    {"session_lifetime", CT_LONG, OFF(session_lifetime), "360000", 1, 315360000, NULL,
     SECTION_PLATFORM,
     "Seconds after a user's last activity after which a call counts as a new login (new "
     "track_e_login row). Mirrors $_configuration['session_lifetime']."},
    {"show_email_addresses", CT_BOOL, OFF(show_email_addresses), "off", 0, 0, NULL,
     SECTION_PLATFORM,
     "message_users appends \" (e-mail)\" to each name. Mirrors the platform setting "
     "show_email_addresses."},
    {"shutdown_timeout", CT_INT, OFF(shutdown_timeout), "30", 1, 3600, NULL, SECTION_SERVER,
     "Seconds the master waits, on SIGTERM or SIGINT, for the workers to finish the request "
     "in flight before it kills them."},
    {"slow_log", CT_STRING, OFF(slow_log), "", 0, 0, check_log_target, SECTION_OBSERVE,
     "Where requests slower than slow_log_threshold_ms are logged, one JSON object per line "
     "with the action and every SQL statement it ran (prepared statement name, duration): "
     "an absolute file path (reopened like access_log) or stderr; empty = no slow log. Like "
     "PHP-FPM's slowlog."},
    {"slow_log_threshold_ms", CT_INT, OFF(slow_log_threshold_ms), "1000", 0, 3600000, NULL,
     SECTION_OBSERVE,
     "A request taking at least this many milliseconds, from accepting it to having written "
     "the answer, goes to slow_log. Like PHP-FPM's request_slowlog_timeout."},
    {"socket_mode", CT_STRING, OFF(socket_mode), "0660", 0, 0, check_socket_mode, SECTION_SERVER,
     "Permissions (octal) of a unix socket; the web server's user must be able to write it. "
     "Unused with host:port."},
    {"split_users_upload_directory", CT_BOOL, OFF(split_users_upload_directory), "off", 0, 0, NULL,
     SECTION_PLATFORM,
     "User files live under users/<first digit of the id>/<id>/ instead of users/<id>/. "
     "Mirrors the platform setting split_users_upload_directory."},
    {"status_allow", CT_NETWORKS, OFF(status_allow), "127.0.0.1,::1", 0, 0, NULL,
     SECTION_OBSERVE,
     "Comma-separated addresses or networks (CIDR) that may read the status server; any "
     "other peer gets HTTP 403. Behind an nginx proxy the peer is nginx: restrict there too."},
    {"status_listen", CT_STRING, OFF(status_listen), "", 0, 0, check_status_listen,
     SECTION_OBSERVE,
     "ipv4:port of the status server, plain HTTP (Prometheus scrapes it directly): GET "
     "/metrics answers the pool's state, database counters and per-action counts and "
     "latency histograms in Prometheus text format. It is a socket of its own, served by a "
     "small process of the master, so the public FastCGI socket never answers it and it "
     "still answers when every worker is busy. Empty = off. Like PHP-FPM's pm.status_path."},
    {"sys_course_path", CT_STRING, OFF(sys_course_path), "", 0, 0, check_course_path,
     SECTION_PLATFORM,
     "Absolute path, with a trailing slash, of Chamilo's app/courses/ directory, for the "
     "actions that touch course files; empty = unknown. Mirrors "
     "api_get_path(SYS_COURSE_PATH)."},
    {"time_limit_whosonline", CT_INT, OFF(time_limit_whosonline), "30", 1, 1440000, NULL,
     SECTION_PLATFORM,
     "Minutes since their last request during which a user counts as online (message_users "
     "without the social tool). Mirrors the platform setting time_limit_whosonline."},
    {"timezone_value", CT_STRING, OFF(timezone_value), "", 0, 0, check_timezone,
     SECTION_PLATFORM,
     "Time zone of the campus, a name of the tz database (Europe/Madrid); empty = UTC, the "
     "time zone the database holds. Dates are printed in it and dates clients send are read "
     "in it and stored in UTC. Mirrors the platform setting timezone_value (Chamilo's empty "
     "value means PHP's date.timezone: set that zone here)."},
    {"track_activity", CT_BOOL, OFF(track_activity), "on", 0, 0, NULL, SECTION_PLATFORM,
     "Record each authenticated call as v2.php does: who is online (track_e_online), last "
     "login (track_e_login, user.last_login) and course access (track_e_access, "
     "track_e_lastaccess)."},
    {"trusted_proxies", CT_NETWORKS, OFF(trusted_proxies), "", 0, 0, NULL, SECTION_PLATFORM,
     "Comma-separated addresses or networks (CIDR, IPv4 or IPv6) of the proxies whose "
     "X-Forwarded-Proto and X-Forwarded-For headers are believed, matched against "
     "REMOTE_ADDR (the address nginx saw); empty = trust none, the default. REMOTE_ADDR is "
     "the proxy only when one (a load balancer, a CDN) stands in front of nginx: list its "
     "addresses here. 127.0.0.1 would let any process on the web server's host choose the "
     "client address that gets recorded. From a trusted proxy, the last X-Forwarded-For "
     "entry is the client's address; one that is not an IPv4 or IPv6 address is ignored and "
     "REMOTE_ADDR is recorded."},
    {"use_users_timezone", CT_BOOL, OFF(use_users_timezone), "on", 0, 0, NULL, SECTION_PLATFORM,
     "A user's own time zone (the user extra field timezone, when it names a zone) replaces "
     "timezone_value for the dates of that user's calls. Mirrors the platform setting "
     "use_users_timezone (on in a new Chamilo install)."},
    {"webservice_enable_adminonly_api", CT_BOOL, OFF(webservice_enable_adminonly_api), "off", 0, 0,
     NULL, SECTION_PLATFORM,
     "Enable the admin-only actions (for callers who are platform admins). Mirrors "
     "$_configuration['webservice_enable_adminonly_api']."},
    {"workers", CT_INT, OFF(workers), "4", 1, 1024, NULL, SECTION_SERVER,
     "Pre-forked worker processes. Each serves one request at a time and holds one "
     "PostgreSQL connection. With nginx's fastcgi_keep_conn on, each kept connection pins a "
     "worker: keep workers >= nginx workers x keepalive + burst, or leave keep_conn off."},
};

#define CONFIG_KEY_COUNT (sizeof config_table / sizeof config_table[0])

/* The only non-empty network list a default may hold (status_allow):
 * config_defaults has no arena to parse into, so this is its parsed form. */
#define LOOPBACK_NETWORKS_TEXT "127.0.0.1,::1"
static const config_network loopback_networks[] = {
    {AF_INET, {127, 0, 0, 1}, 32},
    {AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128},
};

size_t config_key_count(void)
{
    return CONFIG_KEY_COUNT;
}

const char *config_key_name(size_t i)
{
    return i < CONFIG_KEY_COUNT ? config_table[i].name : NULL;
}

static int row_compare(const void *key, const void *elem)
{
    return strcmp(key, ((const config_row *)elem)->name);
}

static const config_row *row_find(const char *name)
{
    return bsearch(name, config_table, CONFIG_KEY_COUNT, sizeof config_table[0], row_compare);
}

/* Keys that were renamed: a configuration written for the former name keeps
 * working. */
static const struct {
    const char *former, *current;
} RENAMED_KEYS[] = {
    {"tracking_synchronous_commit", "bookkeeping_synchronous_commit"},
};

/* The current name of a former key, or "" (no key) when name is none. */
static const char *renamed_key(const char *name)
{
    for (size_t i = 0; i < sizeof RENAMED_KEYS / sizeof RENAMED_KEYS[0]; i++)
        if (strcmp(name, RENAMED_KEYS[i].former) == 0)
            return RENAMED_KEYS[i].current;
    return "";
}

/* --------------------------------------------------------------- errors */

static int fail(char *errbuf, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes the message into errbuf and returns -1, so that error paths are one
 * line: `return fail(errbuf, errlen, "...")`. */
static int fail(char *errbuf, size_t errlen, const char *fmt, ...)
{
    if (errbuf && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(errbuf, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* ------------------------------------------------------- value parsers */

static bool parse_bool(const char *v, bool *out)
{
    static const char *const truthy[] = {"on", "true", "yes", "1"};
    static const char *const falsy[] = {"off", "false", "no", "0"};
    for (size_t i = 0; i < sizeof truthy / sizeof truthy[0]; i++) {
        if (strcasecmp(v, truthy[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcasecmp(v, falsy[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* Decimal digits only (no sign, no spaces, no 0x): config files are read by
 * people, and strtoll's leniency ("12abc", " -3") hides typos. */
static bool parse_decimal(const char *v, const char **end, unsigned long long *out)
{
    const char *p = v;
    unsigned long long n = 0;
    if (!isdigit((unsigned char)*p))
        return false;
    for (; isdigit((unsigned char)*p); p++) {
        unsigned digit = (unsigned)(*p - '0');
        if (n > (ULLONG_MAX - digit) / 10)
            return false;
        n = n * 10 + digit;
    }
    *end = p;
    *out = n;
    return true;
}

/* "8M" -> 8388608. Suffixes k/K, m/M, g/G are powers of 1024. */
static bool parse_size(const char *v, unsigned long long *out)
{
    const char *end;
    unsigned long long n;
    if (!parse_decimal(v, &end, &n))
        return false;
    unsigned long long unit = 1;
    switch (*end) {
    case '\0':
        break;
    case 'k':
    case 'K':
        unit = KIB;
        end++;
        break;
    case 'm':
    case 'M':
        unit = MIB;
        end++;
        break;
    case 'g':
    case 'G':
        unit = GIB;
        end++;
        break;
    default:
        return false;
    }
    if (*end != '\0' || n > ULLONG_MAX / unit)
        return false;
    *out = n * unit;
    return true;
}

/* Parses one "addr" or "addr/prefix" into *net. Returns NULL or a reason. */
static const char *parse_network(const char *text, config_network *net, char *why, size_t whylen)
{
    char buf[INET6_ADDRSTRLEN + 8];
    size_t len = strlen(text);
    if (len == 0)
        return "empty entry in the list";
    if (len >= sizeof buf) {
        snprintf(why, whylen, "\"%.60s\" is not an IP address or network", text);
        return why;
    }
    memcpy(buf, text, len + 1);

    char *slash = strchr(buf, '/');
    if (slash)
        *slash = '\0';

    memset(net, 0, sizeof *net);
    unsigned max_prefix;
    if (inet_pton(AF_INET, buf, net->addr) == 1) {
        net->family = AF_INET;
        max_prefix = 32;
    } else if (inet_pton(AF_INET6, buf, net->addr) == 1) {
        net->family = AF_INET6;
        max_prefix = 128;
    } else {
        snprintf(why, whylen, "\"%s\" is not an IP address or network", text);
        return why;
    }

    net->prefix_len = max_prefix;
    if (slash) {
        const char *end;
        unsigned long long prefix;
        if (!parse_decimal(slash + 1, &end, &prefix) || *end != '\0' || prefix > max_prefix) {
            snprintf(why, whylen, "\"%s\": the prefix length must be 0 to %u", text, max_prefix);
            return why;
        }
        net->prefix_len = (unsigned)prefix;
    }

    /* "10.1.2.3/8" is refused rather than silently widened or narrowed: the
     * author meant either the host or the network, and we cannot tell. */
    for (unsigned bit = net->prefix_len; bit < max_prefix; bit++) {
        if (net->addr[bit / 8] & (0x80u >> (bit % 8))) {
            snprintf(why, whylen, "\"%s\" has bits set after the /%u prefix", text,
                     net->prefix_len);
            return why;
        }
    }
    return NULL;
}

/* Parses "a, b/n, c" into an arena array. Returns NULL or a reason. */
static const char *parse_networks(arena *a, const char *v, const config_network **out,
                                  size_t *count, char *why, size_t whylen)
{
    size_t entries = 0;
    for (const char *p = v; *p; p++)
        if (*p == ',')
            entries++;
    const char *q = v;
    while (isspace((unsigned char)*q))
        q++;
    if (*q == '\0') {
        *out = NULL;
        *count = 0;
        return NULL;
    }
    entries++;

    config_network *nets = arena_calloc(a, entries, sizeof *nets);
    char *copy = arena_strdup(a, v);
    if (!nets || !copy)
        return "out of memory";

    /* Split by hand: strtok would merge ",," and hide an empty entry. */
    size_t n = 0;
    char *item = copy;
    for (;;) {
        char *comma = strchr(item, ',');
        if (comma)
            *comma = '\0';
        while (isspace((unsigned char)*item))
            item++;
        char *end = item + strlen(item);
        while (end > item && isspace((unsigned char)end[-1]))
            *--end = '\0';
        const char *reason = parse_network(item, &nets[n], why, whylen);
        if (reason)
            return reason;
        n++;
        if (!comma)
            break;
        item = comma + 1;
    }
    *out = nets;
    *count = n;
    return NULL;
}

/* -------------------------------------------------- string validators */

static const char *check_listen(const char *v, char *why, size_t whylen)
{
    if (v[0] == '/') {
        size_t room = sizeof(((struct sockaddr_un *)0)->sun_path) - strlen(LISTEN_STAGING_SUFFIX);
        if (strlen(v) >= room) {
            snprintf(why, whylen, "a unix socket path must be shorter than %zu bytes", room);
            return why;
        }
        /* libfcgi reads "anything:digits" as host:port. */
        if (strchr(v, ':'))
            return "a unix socket path must not contain ':'";
        if (v[strlen(v) - 1] == '/')
            return "a unix socket path must name a file, not a directory";
        return NULL;
    }

    const char *colon = strchr(v, ':');
    if (!colon)
        return "must be an absolute unix socket path or host:port";
    if (strchr(colon + 1, ':') || v[0] == '[')
        return "IPv6 addresses are not supported; use an IPv4 address, a host name or a unix "
               "socket";
    size_t host_len = (size_t)(colon - v);
    if (host_len == 0)
        return "host:port needs a host (an IPv4 address, a host name, or * for every interface)";
    if (host_len > 253)
        return "the host name is too long";
    for (const char *p = v; p < colon; p++) {
        if (!(isalnum((unsigned char)*p) || *p == '.' || *p == '-' || *p == '_' ||
              (*p == '*' && host_len == 1)))
            return "the host must be an IPv4 address, a host name or *";
    }
    const char *end;
    unsigned long long port;
    if (!parse_decimal(colon + 1, &end, &port) || *end != '\0' || port < 1 || port > 65535)
        return "the port must be a number from 1 to 65535";
    return NULL;
}

static const char *check_socket_mode(const char *v, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    size_t len = strlen(v);
    if (len < 1 || len > 4)
        return "must be an octal mode such as 0660";
    unsigned long mode = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '7')
            return "must be an octal mode such as 0660";
        mode = mode * 8 + (unsigned long)(*p - '0');
    }
    if (mode > 0777)
        return "must be an octal mode no greater than 0777";
    return NULL;
}

static const char *check_root_web(const char *v, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    size_t scheme_len;
    if (strncmp(v, "http://", 7) == 0)
        scheme_len = 7;
    else if (strncmp(v, "https://", 8) == 0)
        scheme_len = 8;
    else
        return "must start with http:// or https://";
    size_t len = strlen(v);
    if (len == scheme_len || v[scheme_len] == '/')
        return "must name a host after the scheme";
    if (v[len - 1] != '/')
        return "must end with '/'";
    for (const char *p = v; *p; p++)
        if (isspace((unsigned char)*p))
            return "must not contain spaces";
    return NULL;
}

static const char *check_server_type(const char *v, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    if (strcmp(v, "prod") == 0 || strcmp(v, "test") == 0)
        return NULL;
    return "must be prod or test";
}

static const char *check_php_types(const char *v, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    if (strcmp(v, "8") == 0 || strcmp(v, "7.4") == 0)
        return NULL;
    return "must be 8 or 7.4";
}

/* A plain SQL identifier: it is passed to set_config('search_path', ...),
 * where anything else would be a list or need quoting. */
static const char *check_schema(const char *v, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    if (!*v || strlen(v) > 63 || !(isalpha((unsigned char)*v) || *v == '_'))
        return "must be a schema name (letters, digits, _; at most 63)";
    for (const char *p = v; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return "must be a schema name (letters, digits, _; at most 63)";
    return NULL;
}

/* Lets libpq itself judge the syntax, so that a typo stops the start instead
 * of every worker failing to connect. Parsing touches no server. */
static const char *check_mariadb_url(const char *v, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    mysql_url u;
    if (v[0] == '\0' || mysql_url_parse(v, &u) == 0)
        return NULL;
    return "must be mysql://USER[:PASSWORD]@HOST[:PORT]/DATABASE";
}

static const char *check_conninfo(const char *v, char *why, size_t whylen)
{
    if (v[0] == '\0')
        return "must not be empty";
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(v, &msg);
    if (opts) {
        PQconninfoFree(opts);
        return NULL;
    }
    if (!msg)
        return "out of memory";
    size_t len = strlen(msg);
    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '.'))
        msg[--len] = '\0';
    snprintf(why, whylen, "%s", msg);
    PQfreemem(msg);
    return why;
}

/* Each standby's connection string, split on ';' (config_replica_next). */
static const char *check_replica_conninfo(const char *v, char *why, size_t whylen)
{
    char one[1024];
    const char *rest = v;
    int n = 0;
    while (config_replica_next(&rest, one, sizeof one)) {
        n++;
        char reason[256];
        const char *bad = check_conninfo(one, reason, sizeof reason);
        if (bad) {
            snprintf(why, whylen, "standby %d: %s", n, bad);
            return why;
        }
    }
    if (*rest) {
        snprintf(why, whylen, "standby %d: longer than %zu bytes", n + 1, sizeof one - 1);
        return why;
    }
    return NULL;
}

bool config_replica_next(const char **rest, char *out, size_t outlen)
{
    const char *p = *rest;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        if (!*p) {
            *rest = p;
            return false;
        }
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len >= outlen) {
            *rest = p;
            return false;
        }
        memcpy(out, p, len);
        out[len] = '\0';
        *rest = end ? end + 1 : p + strlen(p);
        return true;
    }
}

static const char *check_language(const char *v, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    if (v[0] == '\0')
        return "must not be empty";
    for (const char *p = v; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' || *p == '-'))
            return "must be a Chamilo language folder name such as english or "
                   "brazilian (lower-case letters, digits, '_', '-')";
    return NULL;
}

static const char *check_course_path(const char *v, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    if (v[0] == '\0')
        return NULL;
    if (v[0] != '/')
        return "must be an absolute path or empty";
    if (v[strlen(v) - 1] != '/')
        return "must end with '/'";
    return NULL;
}

static const char *check_chamilo_root(const char *v, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    return v[0] == '\0' || v[0] == '/' ? NULL : "must be an absolute path or empty";
}

/* access_log, slow_log: "", "stderr" or an absolute path to a file. */
static const char *check_log_target(const char *v, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    if (v[0] == '\0' || strcmp(v, "stderr") == 0)
        return NULL;
    if (v[0] != '/')
        return "must be an absolute file path, stderr, or empty (off)";
    if (v[strlen(v) - 1] == '/')
        return "must name a file, not a directory";
    return NULL;
}

/* status_listen: "" or "a.b.c.d:port" (an address literal: the status server
 * binds it itself and resolves nothing). */
static const char *check_status_listen(const char *v, char *why, size_t whylen)
{
    if (v[0] == '\0')
        return NULL;
    const char *colon = strchr(v, ':');
    char host[INET_ADDRSTRLEN];
    struct in_addr addr;
    if (!colon || (size_t)(colon - v) >= sizeof host)
        return "must be an IPv4 address and a port, such as 127.0.0.1:9001, or empty (off)";
    memcpy(host, v, (size_t)(colon - v));
    host[colon - v] = '\0';
    if (inet_pton(AF_INET, host, &addr) != 1)
        return "must be an IPv4 address and a port, such as 127.0.0.1:9001, or empty (off)";
    return check_listen(v, why, whylen);
}

static const char *check_timezone(const char *v, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    if (v[0] == '\0' || chamilo_zone_exists(v))
        return NULL;
    return "must be a time zone of the tz database (Europe/Madrid, America/Sao_Paulo, UTC) "
           "installed on this machine, or empty (UTC)";
}

/* ------------------------------------------------------------ setter */

/* Applies value to the field of row in *cfg. a may be NULL only for the
 * built-in defaults (strings then point at the table's literals). */
static int apply_row(arena *a, config *cfg, const config_row *row, const char *value, char *errbuf,
                     size_t errlen)
{
    char why[256] = "";
    char *field = (char *)cfg + row->offset;
    unsigned long long n = 0;
    const char *end;

    switch (row->type) {
    case CT_STRING: {
        for (const char *p = value; *p; p++)
            if (iscntrl((unsigned char)*p))
                return fail(errbuf, errlen, "%s: must not contain control characters", row->name);
        string_check check = row->check;
        const char *reason = check ? check(value, why, sizeof why) : NULL;
        if (reason)
            return fail(errbuf, errlen, "%s: %s", row->name, reason);
        const char *copy = a ? arena_strdup(a, value) : value;
        if (!copy)
            return fail(errbuf, errlen, "%s: out of memory", row->name);
        memcpy(field, &copy, sizeof copy);
        return 0;
    }

    case CT_INT:
    case CT_UINT:
    case CT_LONG:
    case CT_COUNT:
    case CT_SIZE: {
        bool ok = row->type == CT_SIZE ? parse_size(value, &n)
                                       : (parse_decimal(value, &end, &n) && *end == '\0');
        if (!ok)
            return fail(errbuf, errlen, "%s: \"%s\" is not %s", row->name, value,
                        row->type == CT_SIZE ? "a size (a number with an optional k, M or G)"
                                             : "a whole number");
        if (n < (unsigned long long)row->min || n > (unsigned long long)row->max)
            return fail(errbuf, errlen, "%s: must be between %lld and %lld", row->name, row->min,
                        row->max);
        /* The bounds fit every field type, so the casts below are exact. */
        if (row->type == CT_INT) {
            int v = (int)n;
            memcpy(field, &v, sizeof v);
        } else if (row->type == CT_UINT) {
            unsigned v = (unsigned)n;
            memcpy(field, &v, sizeof v);
        } else if (row->type == CT_LONG) {
            long v = (long)n;
            memcpy(field, &v, sizeof v);
        } else {
            size_t v = (size_t)n;
            memcpy(field, &v, sizeof v);
        }
        return 0;
    }

    case CT_BOOL: {
        bool v;
        if (!parse_bool(value, &v))
            return fail(errbuf, errlen, "%s: \"%s\" is not on/off, true/false, yes/no or 1/0",
                        row->name, value);
        memcpy(field, &v, sizeof v);
        return 0;
    }

    case CT_PASSWORD_SCHEME: {
        password_scheme v;
        if (!password_scheme_from_name(value, &v))
            return fail(errbuf, errlen, "%s: \"%s\" is not bcrypt, sha1, md5 or none", row->name,
                        value);
        memcpy(field, &v, sizeof v);
        return 0;
    }

    case CT_NETWORKS: {
        const config_network *nets;
        size_t count;
        if (!a) {
            /* A built-in default: "" (no proxy is trusted) or the loopback list. */
            if (*value == '\0') {
                nets = NULL;
                count = 0;
            } else if (strcmp(value, LOOPBACK_NETWORKS_TEXT) == 0) {
                nets = loopback_networks;
                count = sizeof loopback_networks / sizeof loopback_networks[0];
            } else {
                return fail(errbuf, errlen, "%s: a built-in network default must be \"\" or \"%s\"",
                            row->name, LOOPBACK_NETWORKS_TEXT);
            }
        } else {
            const char *reason = parse_networks(a, value, &nets, &count, why, sizeof why);
            if (reason)
                return fail(errbuf, errlen, "%s: %s", row->name, reason);
        }
        config_networks v = {.items = nets, .count = count};
        memcpy(field, &v, sizeof v);
        return 0;
    }
    }
    return fail(errbuf, errlen, "%s: unsupported type", row->name);
}

void config_defaults(config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < CONFIG_KEY_COUNT; i++) {
        char err[256];
        if (apply_row(NULL, cfg, &config_table[i], config_table[i].default_text, err, sizeof err) !=
            0) {
            /* A broken default is a programming error the unit tests catch. */
            fprintf(stderr, "chamilo-fcgi: bad built-in default: %s\n", err);
            abort();
        }
    }
}

int config_set(arena *a, config *cfg, const char *key, const char *value, char *errbuf,
               size_t errlen)
{
    const config_row *row = row_find(key);
    if (!row)
        row = row_find(renamed_key(key));
    if (!row)
        return fail(errbuf, errlen, "%s: unknown key", key);
    if (!a) /* only config_defaults may apply text without copying it */
        return fail(errbuf, errlen, "%s: no arena to copy the value into", key);
    /* Apply to a copy so that a failed call leaves *cfg as it was. */
    config tmp = *cfg;
    if (apply_row(a, &tmp, row, value, errbuf, errlen) != 0)
        return -1;
    *cfg = tmp;
    return 0;
}

/* --------------------------------------------------------- file parser */

/* Splits one line (modified in place) into key and value. Returns 0 and
 * sets *key (NULL for a blank or comment line) and *value, or -1 with a
 * reason in errbuf (without the FILE:LINE prefix). */
static int split_line(char *line, char **key, char **value, char *errbuf, size_t errlen)
{
    *key = NULL;
    *value = NULL;
    char *p = line;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '\0' || *p == '#')
        return 0;

    char *k = p;
    while (islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_')
        p++;
    char *key_end = p;
    while (*p == ' ' || *p == '\t')
        p++;
    if (key_end == k || *p != '=') {
        /* Name what we saw, so that "Workers = 4" or "workers 4" is obvious. */
        char *word_end = k;
        while (*word_end && !isspace((unsigned char)*word_end) && *word_end != '=')
            word_end++;
        *word_end = '\0';
        if (word_end == k)
            return fail(errbuf, errlen, "expected 'key = value' with a lower-case key");
        return fail(errbuf, errlen, "%s: expected 'key = value' with a lower-case key", k);
    }
    *key_end = '\0';
    p++;
    while (*p == ' ' || *p == '\t')
        p++;

    if (*p == '"') {
        /* Quoted: '#' is literal; \" and \\ are escapes; only a comment may
         * follow the closing quote. */
        char *out = p;
        char *in = p + 1;
        for (;;) {
            if (*in == '\0' || *in == '\n' || *in == '\r')
                return fail(errbuf, errlen, "%s: unterminated quoted value", k);
            if (*in == '"')
                break;
            if (*in == '\\' && (in[1] == '"' || in[1] == '\\'))
                in++;
            *out++ = *in++;
        }
        in++;
        while (isspace((unsigned char)*in))
            in++;
        if (*in != '\0' && *in != '#')
            return fail(errbuf, errlen, "%s: unexpected text after the closing quote", k);
        *out = '\0';
    } else {
        char *hash = strchr(p, '#');
        if (hash)
            *hash = '\0';
        char *end = p + strlen(p);
        while (end > p && isspace((unsigned char)end[-1]))
            *--end = '\0';
    }
    *key = k;
    *value = p;
    return 0;
}

int config_load(arena *a, const char *path, config *cfg, char *errbuf, size_t errlen)
{
    config_defaults(cfg);

    FILE *f = fopen(path, "r");
    if (!f)
        return fail(errbuf, errlen, "%s: cannot open: %s", path, strerror(errno));

    unsigned set_on_line[CONFIG_KEY_COUNT] = {0};
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    int rc = 0;
    char reason[512];

    while (getline(&line, &cap, f) != -1) {
        lineno++;
        char *key, *value;
        if (split_line(line, &key, &value, reason, sizeof reason) != 0 ||
            (key && config_set(a, cfg, key, value, reason, sizeof reason) != 0)) {
            rc = fail(errbuf, errlen, "%s:%u: %s", path, lineno, reason);
            break;
        }
        if (!key)
            continue;
        size_t i = (size_t)(row_find(key) - config_table);
        if (set_on_line[i]) {
            rc = fail(errbuf, errlen, "%s:%u: %s: repeated key (first set on line %u)", path,
                      lineno, key, set_on_line[i]);
            break;
        }
        set_on_line[i] = lineno;
    }
    if (rc == 0 && ferror(f))
        rc = fail(errbuf, errlen, "%s: read error: %s", path, strerror(errno));
    free(line);
    fclose(f);
    if (rc != 0)
        return rc;

    if (cfg->db_reconnect_min_ms > cfg->db_reconnect_max_ms) {
        const config_row *min_row = row_find("db_reconnect_min_ms");
        const config_row *max_row = row_find("db_reconnect_max_ms");
        unsigned min_line = set_on_line[min_row - config_table];
        unsigned max_line = set_on_line[max_row - config_table];
        return fail(errbuf, errlen,
                    "%s:%u: db_reconnect_min_ms: must not exceed "
                    "db_reconnect_max_ms (%d)",
                    path, min_line > max_line ? min_line : max_line, cfg->db_reconnect_max_ms);
    }
    if (cfg->live_campus && !cfg->live_mariadb_url[0])
        return fail(errbuf, errlen,
                    "%s:%u: live_campus: on needs live_mariadb_url (the campus's MariaDB, "
                    "where writes go and keys are checked)",
                    path, set_on_line[row_find("live_campus") - config_table]);
    return 0;
}

/* ------------------------------------------------------------ example */

/* Writes text as '# ' comment lines wrapped before column 80. */
static void print_comment(FILE *f, const char *text)
{
    const size_t width = 76;
    const char *p = text;
    while (*p) {
        size_t len = strlen(p);
        size_t take = len;
        if (len > width) {
            take = width;
            while (take > 0 && p[take] != ' ')
                take--;
            if (take == 0) { /* one word longer than a line: let it overflow */
                const char *space = strchr(p, ' ');
                take = space ? (size_t)(space - p) : len;
            }
        }
        fprintf(f, "# %.*s\n", (int)take, p);
        p += take;
        while (*p == ' ')
            p++;
    }
}

/* Quotes a string value when the file syntax needs it: empty, '#', quotes,
 * backslashes, or spaces at either end. */
static void print_value(FILE *f, const config_row *row)
{
    const char *v = row->default_text;
    size_t len = strlen(v);
    bool quote = (row->type == CT_STRING || row->type == CT_NETWORKS) &&
                 (len == 0 || strpbrk(v, "#\"\\") || isspace((unsigned char)v[0]) ||
                  isspace((unsigned char)v[len - 1]));
    if (!quote) {
        fputs(v, f);
        return;
    }
    fputc('"', f);
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

void config_print_example(FILE *f)
{
    fputs("# chamilo-fcgi configuration.\n"
          "#\n"
          "# Written by `chamilo-fcgi --print-config`: every key, its meaning and its\n"
          "# default. Check a file with `chamilo-fcgi -c FILE --check`.\n"
          "#\n"
          "# Syntax: one `key = value` per line. '#' starts a comment. A value may be\n"
          "# wrapped in double quotes, inside which '#' is literal and \\\" and \\\\ stand\n"
          "# for \" and \\. Booleans: on/off, true/false, yes/no, 1/0. An unknown or\n"
          "# repeated key, or a bad value, stops the start with FILE:LINE: KEY: reason.\n",
          f);
    for (int s = 0; s < SECTION_COUNT; s++) {
        fprintf(f, "\n# ==== %s ====\n", section_titles[s]);
        for (size_t i = 0; i < CONFIG_KEY_COUNT; i++) {
            const config_row *row = &config_table[i];
            if ((int)row->section != s)
                continue;
            fputc('\n', f);
            print_comment(f, row->doc);
            switch (row->type) {
            case CT_INT:
            case CT_UINT:
            case CT_LONG:
            case CT_COUNT:
                fprintf(f, "# Range: %lld to %lld.\n", row->min, row->max);
                break;
            case CT_SIZE:
                fprintf(f, "# Range: %lld byte to %lldG.\n", row->min, row->max / GIB);
                break;
            default:
                break;
            }
            fprintf(f, "%s = ", row->name);
            print_value(f, row);
            fputc('\n', f);
        }
    }
}

/* ------------------------------------------------------ trusted proxies */

static bool network_contains(const config_network *net, int family, const unsigned char *addr)
{
    if (net->family != family)
        return false;
    unsigned full = net->prefix_len / 8;
    unsigned rest = net->prefix_len % 8;
    if (memcmp(net->addr, addr, full) != 0)
        return false;
    if (rest == 0)
        return true;
    unsigned char mask = (unsigned char)(0xffu << (8 - rest));
    return (net->addr[full] & mask) == (addr[full] & mask);
}

bool config_networks_contain(const config_networks *nets, const char *ip)
{
    if (!ip)
        return false;
    unsigned char addr[16];
    int family;
    if (inet_pton(AF_INET, ip, addr) == 1) {
        family = AF_INET;
    } else if (inet_pton(AF_INET6, ip, addr) == 1) {
        family = AF_INET6;
        static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(addr, v4_mapped, sizeof v4_mapped) == 0) {
            memmove(addr, addr + 12, 4);
            family = AF_INET;
        }
    } else {
        return false;
    }
    for (size_t i = 0; i < nets->count; i++)
        if (network_contains(&nets->items[i], family, addr))
            return true;
    return false;
}

bool config_is_trusted_proxy(const config *cfg, const char *ip)
{
    return config_networks_contain(&cfg->trusted_proxies, ip);
}
