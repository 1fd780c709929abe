/*
 * test_config.c - the declarative configuration (lib/config/config.c).
 *
 * Runs from the repository root: it reads conf/chamilo-fcgi.conf.example
 * and checks that it is exactly what `chamilo-fcgi --print-config` prints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "core/arena.h"

#define EXAMPLE_PATH "conf/chamilo-fcgi.conf.example"

typedef struct fixture {
    arena *a;
    config cfg;
    char err[512];
    char path[64]; /* the temporary file written by load_text */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->a = arena_create(4096);
    if (!f->a) {
        free(f);
        return -1;
    }
    config_defaults(&f->cfg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f->path[0])
        unlink(f->path);
    arena_destroy(f->a);
    free(f);
    return 0;
}

/* Writes text to a temporary file and loads it. */
static int load_text(fixture *f, const char *text)
{
    if (!f->path[0]) {
        snprintf(f->path, sizeof f->path, "/tmp/test_config_XXXXXX");
        int fd = mkstemp(f->path);
        assert_true(fd >= 0);
        close(fd);
    }
    FILE *file = fopen(f->path, "w");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
    f->err[0] = '\0';
    return config_load(f->a, f->path, &f->cfg, f->err, sizeof f->err);
}

/* Asserts that loading text fails with "PATH:" + suffix. */
static void assert_load_error(fixture *f, const char *text, const char *suffix)
{
    assert_int_equal(load_text(f, text), -1);
    char expected[600];
    snprintf(expected, sizeof expected, "%s:%s", f->path, suffix);
    assert_string_equal(f->err, expected);
}

static int set(fixture *f, const char *key, const char *value)
{
    f->err[0] = '\0';
    return config_set(f->a, &f->cfg, key, value, f->err, sizeof f->err);
}

static void assert_set_error(fixture *f, const char *key, const char *value, const char *message)
{
    assert_int_equal(set(f, key, value), -1);
    assert_string_equal(f->err, message);
}

static void assert_same_networks(const config_networks *x, const config_networks *y)
{
    assert_int_equal(x->count, y->count);
    for (size_t i = 0; i < x->count; i++) {
        assert_int_equal(x->items[i].family, y->items[i].family);
        assert_int_equal(x->items[i].prefix_len, y->items[i].prefix_len);
        assert_memory_equal(x->items[i].addr, y->items[i].addr, 16);
    }
}

/* Every field of two configurations is equal (strings by content). */
static void assert_same_config(const config *x, const config *y)
{
    assert_string_equal(x->listen, y->listen);
    assert_int_equal(x->workers, y->workers);
    assert_int_equal(x->listen_backlog, y->listen_backlog);
    assert_string_equal(x->socket_mode, y->socket_mode);
    assert_int_equal(x->max_requests_per_worker, y->max_requests_per_worker);
    assert_int_equal(x->shutdown_timeout, y->shutdown_timeout);
    assert_int_equal(x->request_read_timeout, y->request_read_timeout);
    assert_string_equal(x->db_conninfo, y->db_conninfo);
    assert_int_equal(x->db_connect_timeout, y->db_connect_timeout);
    assert_int_equal(x->db_statement_timeout_ms, y->db_statement_timeout_ms);
    assert_int_equal(x->db_reconnect_min_ms, y->db_reconnect_min_ms);
    assert_int_equal(x->db_reconnect_max_ms, y->db_reconnect_max_ms);
    assert_int_equal(x->max_body_size, y->max_body_size);
    assert_int_equal(x->max_params, y->max_params);
    assert_int_equal(x->max_key_length, y->max_key_length);
    assert_int_equal(x->max_nesting_depth, y->max_nesting_depth);
    assert_string_equal(x->root_web, y->root_web);
    assert_int_equal(x->multiple_access_urls, y->multiple_access_urls);
    assert_same_networks(&x->trusted_proxies, &y->trusted_proxies);
    assert_same_networks(&x->status_allow, &y->status_allow);
    assert_string_equal(x->access_log, y->access_log);
    assert_string_equal(x->slow_log, y->slow_log);
    assert_int_equal(x->slow_log_threshold_ms, y->slow_log_threshold_ms);
    assert_string_equal(x->status_listen, y->status_listen);
    assert_string_equal(x->cors_allow_origin, y->cors_allow_origin);
    assert_int_equal(x->track_activity, y->track_activity);
    assert_int_equal(x->log_events, y->log_events);
    assert_int_equal(x->bookkeeping_synchronous_commit, y->bookkeeping_synchronous_commit);
    assert_int_equal(x->password_encryption, y->password_encryption);
    assert_int_equal(x->password_bcrypt_cost, y->password_bcrypt_cost);
    assert_int_equal(x->password_conversion, y->password_conversion);
    assert_int_equal(x->disable_webservices, y->disable_webservices);
    assert_int_equal(x->webservice_enable_adminonly_api, y->webservice_enable_adminonly_api);
    assert_string_equal(x->server_type, y->server_type);
    assert_int_equal(x->session_lifetime, y->session_lifetime);
    assert_string_equal(x->messaging_gdc_project_number, y->messaging_gdc_project_number);
    assert_string_equal(x->platform_language, y->platform_language);
    assert_int_equal(x->registration_email_required, y->registration_email_required);
    assert_int_equal(x->login_is_email, y->login_is_email);
    assert_int_equal(x->account_valid_duration, y->account_valid_duration);
    assert_int_equal(x->split_users_upload_directory, y->split_users_upload_directory);
    assert_string_equal(x->sys_course_path, y->sys_course_path);
    assert_int_equal(x->hosting_limit_users, y->hosting_limit_users);
    assert_int_equal(x->hosting_limit_teachers, y->hosting_limit_teachers);
    assert_int_equal(x->pausetraining_tool_enable, y->pausetraining_tool_enable);
}

/* ------------------------------------------------------------ tests */

static void test_defaults(void **state)
{
    (void)state;
    config c;
    memset(&c, 0x5a, sizeof c);
    config_defaults(&c);
    assert_string_equal(c.listen, "127.0.0.1:9000");
    assert_int_equal(c.workers, 4);
    assert_int_equal(c.listen_backlog, 1024);
    assert_string_equal(c.socket_mode, "0660");
    assert_int_equal(c.max_requests_per_worker, 0);
    assert_int_equal(c.shutdown_timeout, 30);
    assert_int_equal(c.request_read_timeout, 10);
    assert_string_equal(c.db_conninfo, "dbname=chamilo");
    assert_int_equal(c.db_connect_timeout, 3);
    assert_int_equal(c.db_statement_timeout_ms, 30000);
    assert_int_equal(c.db_reconnect_min_ms, 100);
    assert_int_equal(c.db_reconnect_max_ms, 5000);
    assert_int_equal(c.max_body_size, 8 * 1024 * 1024);
    assert_int_equal(c.max_params, 1000);
    assert_int_equal(c.max_key_length, 256);
    assert_int_equal(c.max_nesting_depth, 64);
    assert_string_equal(c.root_web, "http://localhost/");
    assert_false(c.multiple_access_urls);
    /* No proxy is trusted unless the operator lists it: with 127.0.0.1 any
     * local process could choose the recorded client address. */
    assert_int_equal(c.trusted_proxies.count, 0);
    assert_false(config_is_trusted_proxy(&c, "127.0.0.1"));
    assert_false(config_is_trusted_proxy(&c, "::1"));
    assert_string_equal(c.cors_allow_origin, "*");
    assert_true(c.track_activity);
    assert_true(c.log_events);
    assert_false(c.bookkeeping_synchronous_commit);
    assert_int_equal(c.password_encryption, PASSWORD_BCRYPT);
    assert_int_equal(c.password_bcrypt_cost, 4);
    assert_false(c.password_conversion);
    assert_false(c.disable_webservices);
    assert_false(c.webservice_enable_adminonly_api);
    assert_string_equal(c.server_type, "prod");
    assert_int_equal(c.session_lifetime, 360000);
    assert_string_equal(c.messaging_gdc_project_number, "");
    assert_string_equal(c.platform_language, "english");
    assert_false(c.registration_email_required);
    assert_false(c.login_is_email);
    assert_int_equal(c.account_valid_duration, 0);
    assert_false(c.split_users_upload_directory);
    assert_string_equal(c.sys_course_path, "");
    assert_int_equal(c.hosting_limit_users, 0);
    assert_int_equal(c.hosting_limit_teachers, 0);
    assert_string_equal(c.access_log, "");
    assert_string_equal(c.slow_log, "");
    assert_int_equal(c.slow_log_threshold_ms, 1000);
    assert_string_equal(c.status_listen, "");
    assert_int_equal(c.status_allow.count, 2);
    assert_true(config_networks_contain(&c.status_allow, "127.0.0.1"));
    assert_true(config_networks_contain(&c.status_allow, "::1"));
    assert_false(config_networks_contain(&c.status_allow, "127.0.0.2"));
}

static void test_table_sorted(void **state)
{
    (void)state;
    size_t n = config_key_count();
    assert_true(n > 0); /* the count follows the table: a new key is one row */
    for (size_t i = 1; i < n; i++)
        assert_true(strcmp(config_key_name(i - 1), config_key_name(i)) < 0);
    assert_null(config_key_name(n));
}

/* The static default lists equal what their text parses to. */
static void test_default_proxies_match_text(void **state)
{
    fixture *f = *state;
    config defaults;
    config_defaults(&defaults);
    assert_int_equal(set(f, "trusted_proxies", ""), 0);
    assert_int_equal(set(f, "status_allow", "127.0.0.1,::1"), 0);
    assert_same_config(&defaults, &f->cfg);
}

static void test_string(void **state)
{
    fixture *f = *state;
    char value[] = "host=db dbname=campus";
    assert_int_equal(set(f, "db_conninfo", value), 0);
    value[0] = 'X'; /* the config keeps its own copy */
    assert_string_equal(f->cfg.db_conninfo, "host=db dbname=campus");
    assert_int_equal(set(f, "cors_allow_origin", ""), 0);
    assert_string_equal(f->cfg.cors_allow_origin, "");
    assert_set_error(f, "cors_allow_origin", "a\tb",
                     "cors_allow_origin: must not contain control characters");
}

static void test_int_bounds(void **state)
{
    fixture *f = *state;
    assert_int_equal(set(f, "workers", "1"), 0);
    assert_int_equal(f->cfg.workers, 1);
    assert_int_equal(set(f, "workers", "1024"), 0);
    assert_int_equal(f->cfg.workers, 1024);
    assert_set_error(f, "workers", "0", "workers: must be between 1 and 1024");
    assert_set_error(f, "workers", "1025", "workers: must be between 1 and 1024");
    assert_set_error(f, "workers", "-1", "workers: \"-1\" is not a whole number");
    assert_set_error(f, "workers", "4x", "workers: \"4x\" is not a whole number");
    assert_set_error(f, "workers", "0x10", "workers: \"0x10\" is not a whole number");
    assert_set_error(f, "workers", "", "workers: \"\" is not a whole number");
    assert_set_error(f, "workers", "99999999999999999999999",
                     "workers: \"99999999999999999999999\" is not a whole number");
    assert_int_equal(f->cfg.workers, 1024); /* failed sets changed nothing */

    assert_int_equal(set(f, "max_requests_per_worker", "500"), 0);
    assert_int_equal(f->cfg.max_requests_per_worker, 500);
    assert_int_equal(set(f, "max_params", "5000"), 0);
    assert_int_equal(f->cfg.max_params, 5000);
    assert_int_equal(set(f, "max_nesting_depth", "3"), 0);
    assert_int_equal(f->cfg.max_nesting_depth, 3);
    assert_int_equal(set(f, "db_statement_timeout_ms", "0"), 0);
    assert_int_equal(f->cfg.db_statement_timeout_ms, 0);
    assert_int_equal(set(f, "session_lifetime", "7200"), 0);
    assert_int_equal(f->cfg.session_lifetime, 7200);
    assert_int_equal(set(f, "hosting_limit_users", "2147483647"), 0);
    assert_int_equal(f->cfg.hosting_limit_users, 2147483647);
    assert_set_error(f, "hosting_limit_users", "2147483648",
                     "hosting_limit_users: must be between 0 and 2147483647");
}

static void test_bcrypt_cost(void **state)
{
    fixture *f = *state;
    assert_int_equal(set(f, "password_bcrypt_cost", "31"), 0);
    assert_int_equal(f->cfg.password_bcrypt_cost, 31);
    assert_int_equal(set(f, "password_bcrypt_cost", "4"), 0);
    assert_set_error(f, "password_bcrypt_cost", "3",
                     "password_bcrypt_cost: must be between 4 and 31");
    assert_set_error(f, "password_bcrypt_cost", "32",
                     "password_bcrypt_cost: must be between 4 and 31");
}

static void test_size_suffixes(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *text;
        size_t bytes;
    } ok[] = {
        {"1", 1},           {"1024", 1024},     {"1k", 1024},
        {"16K", 16384},     {"8M", 8388608},    {"3m", 3145728},
        {"1G", 1073741824}, {"1g", 1073741824}, {"1048576k", 1073741824},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(set(f, "max_body_size", ok[i].text), 0);
        assert_int_equal(f->cfg.max_body_size, ok[i].bytes);
    }
    assert_set_error(f, "max_body_size", "0", "max_body_size: must be between 1 and 1073741824");
    assert_set_error(f, "max_body_size", "2G", "max_body_size: must be between 1 and 1073741824");
    static const char *const bad[] = {"8MB",  "M",  "8 M", "-1",
                                      "1.5M", "8T", "",    "99999999999999999999G"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char expected[160];
        snprintf(expected, sizeof expected,
                 "max_body_size: \"%s\" is not a size (a number with an optional k, M or G)",
                 bad[i]);
        assert_set_error(f, "max_body_size", bad[i], expected);
    }
}

static void test_bool(void **state)
{
    fixture *f = *state;
    static const char *const truthy[] = {"on", "true", "yes", "1", "ON", "True", "YES"};
    static const char *const falsy[] = {"off", "false", "no", "0", "Off", "FALSE", "No"};
    for (size_t i = 0; i < sizeof truthy / sizeof truthy[0]; i++) {
        assert_int_equal(set(f, "multiple_access_urls", truthy[i]), 0);
        assert_true(f->cfg.multiple_access_urls);
        assert_int_equal(set(f, "multiple_access_urls", falsy[i]), 0);
        assert_false(f->cfg.multiple_access_urls);
    }
    assert_set_error(f, "log_events", "maybe",
                     "log_events: \"maybe\" is not on/off, true/false, yes/no or 1/0");
    assert_set_error(f, "log_events", "",
                     "log_events: \"\" is not on/off, true/false, yes/no or 1/0");
}

static void test_password_scheme(void **state)
{
    fixture *f = *state;
    assert_int_equal(set(f, "password_encryption", "sha1"), 0);
    assert_int_equal(f->cfg.password_encryption, PASSWORD_SHA1);
    assert_int_equal(set(f, "password_encryption", "md5"), 0);
    assert_int_equal(f->cfg.password_encryption, PASSWORD_MD5);
    assert_int_equal(set(f, "password_encryption", "none"), 0);
    assert_int_equal(f->cfg.password_encryption, PASSWORD_NONE);
    assert_int_equal(set(f, "password_encryption", "bcrypt"), 0);
    assert_int_equal(f->cfg.password_encryption, PASSWORD_BCRYPT);
    assert_set_error(f, "password_encryption", "sha256",
                     "password_encryption: \"sha256\" is not bcrypt, sha1, md5 or none");
}

static void test_root_web(void **state)
{
    fixture *f = *state;
    assert_int_equal(set(f, "root_web", "https://campus.example.org/"), 0);
    assert_string_equal(f->cfg.root_web, "https://campus.example.org/");
    assert_int_equal(set(f, "root_web", "http://example.org/chamilo/"), 0);
    assert_set_error(f, "root_web", "campus.example.org/",
                     "root_web: must start with http:// or https://");
    assert_set_error(f, "root_web", "ftp://example.org/",
                     "root_web: must start with http:// or https://");
    assert_set_error(f, "root_web", "https://example.org", "root_web: must end with '/'");
    assert_set_error(f, "root_web", "https:///", "root_web: must name a host after the scheme");
    assert_set_error(f, "root_web", "http://", "root_web: must name a host after the scheme");
    assert_set_error(f, "root_web", "http://a b/", "root_web: must not contain spaces");
}

static void test_server_type(void **state)
{
    fixture *f = *state;
    assert_int_equal(set(f, "server_type", "test"), 0);
    assert_string_equal(f->cfg.server_type, "test");
    assert_int_equal(set(f, "server_type", "prod"), 0);
    assert_set_error(f, "server_type", "dev", "server_type: must be prod or test");
    assert_set_error(f, "server_type", "Prod", "server_type: must be prod or test");
}

static void test_listen(void **state)
{
    fixture *f = *state;
    static const char *const ok[] = {"/run/chamilo-fcgi/api.sock", "127.0.0.1:9000", "localhost:1",
                                     "*:65535", "fcgi-host.example.org:9000"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(set(f, "listen", ok[i]), 0);
        assert_string_equal(f->cfg.listen, ok[i]);
    }
    assert_set_error(f, "listen", "api.sock",
                     "listen: must be an absolute unix socket path or host:port");
    assert_set_error(f, "listen", "run/api.sock",
                     "listen: must be an absolute unix socket path or host:port");
    assert_set_error(f, "listen", "127.0.0.1:0",
                     "listen: the port must be a number from 1 to 65535");
    assert_set_error(f, "listen", "127.0.0.1:65536",
                     "listen: the port must be a number from 1 to 65535");
    assert_set_error(f, "listen", "127.0.0.1:http",
                     "listen: the port must be a number from 1 to 65535");
    assert_set_error(f, "listen", ":9000",
                     "listen: host:port needs a host (an IPv4 address, a host name, or * for "
                     "every interface)");
    assert_set_error(f, "listen", "[::1]:9000",
                     "listen: IPv6 addresses are not supported; use an IPv4 address, a host "
                     "name or a unix socket");
    assert_set_error(f, "listen", "::1:9000",
                     "listen: IPv6 addresses are not supported; use an IPv4 address, a host "
                     "name or a unix socket");
    assert_set_error(f, "listen", "/tmp/a:9000.sock",
                     "listen: a unix socket path must not contain ':'");
    assert_set_error(f, "listen", "/run/",
                     "listen: a unix socket path must name a file, not a directory");
    char long_path[200];
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[0] = '/';
    long_path[sizeof long_path - 1] = '\0';
    assert_set_error(f, "listen", long_path,
                     "listen: a unix socket path must be shorter than 104 bytes");
    /* sun_path's 108 bytes less the staging suffix ".new" (fcgi/main.c). */
    long_path[104] = '\0';
    assert_set_error(f, "listen", long_path,
                     "listen: a unix socket path must be shorter than 104 bytes");
    long_path[103] = '\0';
    assert_int_equal(set(f, "listen", long_path), 0);
}

static void test_socket_mode(void **state)
{
    fixture *f = *state;
    assert_int_equal(set(f, "socket_mode", "0666"), 0);
    assert_int_equal(set(f, "socket_mode", "600"), 0);
    assert_string_equal(f->cfg.socket_mode, "600");
    assert_set_error(f, "socket_mode", "0680", "socket_mode: must be an octal mode such as 0660");
    assert_set_error(f, "socket_mode", "rw", "socket_mode: must be an octal mode such as 0660");
    assert_set_error(f, "socket_mode", "", "socket_mode: must be an octal mode such as 0660");
    assert_set_error(f, "socket_mode", "1777",
                     "socket_mode: must be an octal mode no greater than 0777");
}

static void test_other_strings(void **state)
{
    fixture *f = *state;
    assert_int_equal(set(f, "db_conninfo", "postgresql://u@db:5432/chamilo"), 0);
    assert_set_error(f, "db_conninfo", "", "db_conninfo: must not be empty");
    assert_int_equal(set(f, "db_conninfo", "host=x port"), -1);
    assert_non_null(strstr(f->err, "db_conninfo: "));
    assert_int_equal(set(f, "db_conninfo", "nosuchkeyword=1"), -1);
    assert_non_null(strstr(f->err, "nosuchkeyword"));

    assert_int_equal(set(f, "platform_language", "simpl_chinese"), 0);
    assert_set_error(f, "platform_language", "English",
                     "platform_language: must be a Chamilo language folder name such as english "
                     "or brazilian (lower-case letters, digits, '_', '-')");
    assert_set_error(f, "platform_language", "", "platform_language: must not be empty");

    assert_int_equal(set(f, "sys_course_path", "/var/www/chamilo/app/courses/"), 0);
    assert_int_equal(set(f, "sys_course_path", ""), 0);
    assert_set_error(f, "sys_course_path", "app/courses/",
                     "sys_course_path: must be an absolute path or empty");
    assert_set_error(f, "sys_course_path", "/var/www/chamilo/app/courses",
                     "sys_course_path: must end with '/'");

    assert_int_equal(set(f, "messaging_gdc_project_number", "123456789012"), 0);
    assert_string_equal(f->cfg.messaging_gdc_project_number, "123456789012");
}

static void test_logs_and_status(void **state)
{
    fixture *f = *state;
    assert_int_equal(set(f, "access_log", "/var/log/chamilo-fcgi/access.log"), 0);
    assert_string_equal(f->cfg.access_log, "/var/log/chamilo-fcgi/access.log");
    assert_int_equal(set(f, "access_log", "stderr"), 0);
    assert_int_equal(set(f, "slow_log", ""), 0);
    assert_set_error(f, "access_log", "access.log",
                     "access_log: must be an absolute file path, stderr, or empty (off)");
    assert_set_error(f, "slow_log", "/var/log/",
                     "slow_log: must name a file, not a directory");

    assert_int_equal(set(f, "status_listen", "127.0.0.1:9001"), 0);
    assert_int_equal(set(f, "status_listen", "0.0.0.0:9001"), 0);
    assert_int_equal(set(f, "status_listen", ""), 0);
    const char *status_error =
        "status_listen: must be an IPv4 address and a port, such as 127.0.0.1:9001, or empty "
        "(off)";
    assert_set_error(f, "status_listen", "localhost:9001", status_error);
    assert_set_error(f, "status_listen", "/run/status.sock", status_error);
    assert_set_error(f, "status_listen", "127.0.0.1:0",
                     "status_listen: the port must be a number from 1 to 65535");

    assert_int_equal(set(f, "status_allow", "10.0.0.0/8, 192.0.2.7"), 0);
    assert_int_equal(f->cfg.status_allow.count, 2);
    assert_true(config_networks_contain(&f->cfg.status_allow, "10.1.2.3"));
    assert_true(config_networks_contain(&f->cfg.status_allow, "::ffff:192.0.2.7"));
    assert_false(config_networks_contain(&f->cfg.status_allow, "127.0.0.1"));
    /* trusted_proxies is a list of its own (empty by default). */
    assert_false(config_is_trusted_proxy(&f->cfg, "127.0.0.1"));
    assert_false(config_is_trusted_proxy(&f->cfg, "10.1.2.3"));
    assert_int_equal(set(f, "status_allow", ""), 0);
    assert_int_equal(f->cfg.status_allow.count, 0);
    assert_false(config_networks_contain(&f->cfg.status_allow, "127.0.0.1"));
}

static void test_unknown_key(void **state)
{
    fixture *f = *state;
    assert_set_error(f, "worker", "4", "worker: unknown key");
    assert_load_error(f, "workers = 2\n\nmax_bodysize = 1M\n", "3: max_bodysize: unknown key");
}

/* A renamed key keeps its former name, so that an existing configuration
 * still loads. */
static void test_renamed_key(void **state)
{
    fixture *f = *state;
    assert_false(f->cfg.bookkeeping_synchronous_commit);
    assert_int_equal(set(f, "tracking_synchronous_commit", "on"), 0);
    assert_true(f->cfg.bookkeeping_synchronous_commit);
    assert_int_equal(set(f, "bookkeeping_synchronous_commit", "off"), 0);
    assert_false(f->cfg.bookkeeping_synchronous_commit);
}

static void test_repeated_key(void **state)
{
    fixture *f = *state;
    assert_load_error(f, "workers = 2\nlisten = /run/a.sock\nworkers = 3\n",
                      "3: workers: repeated key (first set on line 1)");
    /* Repeating with the same value is still a repeat. */
    assert_load_error(f, "log_events = on\nlog_events = on\n",
                      "2: log_events: repeated key (first set on line 1)");
}

static void test_errors_name_file_line_key(void **state)
{
    fixture *f = *state;
    assert_load_error(f, "# comment\nworkers = 0\n", "2: workers: must be between 1 and 1024");
    assert_load_error(f, "root_web = http://x\n", "1: root_web: must end with '/'");
    assert_load_error(f, "\n\n\nserver_type = staging\n", "4: server_type: must be prod or test");
    assert_load_error(f, "password_bcrypt_cost = 40\n",
                      "1: password_bcrypt_cost: must be between 4 and 31");
    assert_load_error(f, "workers 4\n", "1: workers: expected 'key = value' with a lower-case key");
    assert_load_error(f, "Workers = 4\n",
                      "1: Workers: expected 'key = value' with a lower-case key");
    assert_load_error(f, "= 4\n", "1: expected 'key = value' with a lower-case key");
    assert_load_error(f, "workers =\n", "1: workers: \"\" is not a whole number");
    assert_load_error(f, "db_reconnect_max_ms = 50\n",
                      "1: db_reconnect_min_ms: must not exceed db_reconnect_max_ms (50)");
    assert_load_error(f, "db_reconnect_min_ms = 10\ndb_reconnect_max_ms = 5\n",
                      "2: db_reconnect_min_ms: must not exceed db_reconnect_max_ms (5)");

    char expected[128];
    assert_int_equal(config_load(f->a, "/nonexistent/chamilo.conf", &f->cfg, f->err, sizeof f->err),
                     -1);
    snprintf(expected, sizeof expected, "/nonexistent/chamilo.conf: cannot open: %s",
             strerror(ENOENT));
    assert_string_equal(f->err, expected);

    /* A tiny error buffer is truncated, never overflowed. */
    char tiny[8];
    assert_int_equal(config_set(f->a, &f->cfg, "workers", "0", tiny, sizeof tiny), -1);
    assert_string_equal(tiny, "workers");
}

static void test_quotes_and_comments(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "# a comment\n"
                                  "   # an indented comment\n"
                                  "\n"
                                  "\t\n"
                                  "workers = 8   # trailing comment\n"
                                  "listen=/run/x.sock\n"
                                  "\tlisten_backlog\t=\t77\t\n"
                                  "db_conninfo = \"password=a#b host=db\"  # '#' quoted\n"
                                  "cors_allow_origin = \"\"\n"
                                  "messaging_gdc_project_number = \"say \\\"hi\\\" \\\\o/\"\n"
                                  "platform_language = spanish\r\n"
                                  "root_web = \"https://q.example/\"\r\n"
                                  "sys_course_path =\n"),
                     0);
    assert_int_equal(f->cfg.workers, 8);
    assert_string_equal(f->cfg.listen, "/run/x.sock");
    assert_int_equal(f->cfg.listen_backlog, 77);
    assert_string_equal(f->cfg.db_conninfo, "password=a#b host=db");
    assert_string_equal(f->cfg.cors_allow_origin, "");
    assert_string_equal(f->cfg.messaging_gdc_project_number, "say \"hi\" \\o/");
    assert_string_equal(f->cfg.platform_language, "spanish");
    assert_string_equal(f->cfg.root_web, "https://q.example/");
    assert_string_equal(f->cfg.sys_course_path, "");
    /* Keys not in the file keep their defaults. */
    assert_int_equal(f->cfg.db_connect_timeout, 3);

    assert_load_error(f, "db_conninfo = \"dbname=x\n", "1: db_conninfo: unterminated quoted value");
    assert_load_error(f, "root_web = \"http://a/\" extra\n",
                      "1: root_web: unexpected text after the closing quote");
    assert_load_error(f, "workers = \"4\"\nlisten = \"no\n",
                      "2: listen: unterminated quoted value");
    /* Quoting does not change the type rules. */
    assert_int_equal(load_text(f, "workers = \"6\"\n"), 0);
    assert_int_equal(f->cfg.workers, 6);
    /* An empty file is the defaults. */
    assert_int_equal(load_text(f, ""), 0);
    config defaults;
    config_defaults(&defaults);
    assert_same_config(&defaults, &f->cfg);
}

static void test_trusted_proxies_ipv4(void **state)
{
    fixture *f = *state;
    assert_int_equal(set(f, "trusted_proxies",
                         " 10.0.0.0/8 ,192.168.1.0/24, 172.16.0.0/12,"
                         "203.0.113.7"),
                     0);
    assert_int_equal(f->cfg.trusted_proxies.count, 4);
    const config *c = &f->cfg;
    assert_true(config_is_trusted_proxy(c, "10.0.0.1"));
    assert_true(config_is_trusted_proxy(c, "10.255.255.255"));
    assert_false(config_is_trusted_proxy(c, "11.0.0.1"));
    assert_true(config_is_trusted_proxy(c, "192.168.1.77"));
    assert_false(config_is_trusted_proxy(c, "192.168.2.1"));
    assert_true(config_is_trusted_proxy(c, "172.16.0.1"));
    assert_true(config_is_trusted_proxy(c, "172.31.255.255"));
    assert_false(config_is_trusted_proxy(c, "172.32.0.0"));
    assert_false(config_is_trusted_proxy(c, "172.15.255.255"));
    assert_true(config_is_trusted_proxy(c, "203.0.113.7"));
    assert_false(config_is_trusted_proxy(c, "203.0.113.8"));
    /* IPv4-mapped IPv6, as a dual-stack socket reports it. */
    assert_true(config_is_trusted_proxy(c, "::ffff:10.1.2.3"));
    assert_false(config_is_trusted_proxy(c, "::ffff:11.1.2.3"));
    assert_false(config_is_trusted_proxy(c, "::1"));
    assert_false(config_is_trusted_proxy(c, NULL));
    assert_false(config_is_trusted_proxy(c, ""));
    assert_false(config_is_trusted_proxy(c, "10.0.0.1:80"));
    assert_false(config_is_trusted_proxy(c, "not an ip"));

    assert_int_equal(set(f, "trusted_proxies", "0.0.0.0/0"), 0);
    assert_true(config_is_trusted_proxy(&f->cfg, "198.51.100.1"));
    assert_false(config_is_trusted_proxy(&f->cfg, "2001:db8::1"));
}

static void test_trusted_proxies_ipv6(void **state)
{
    fixture *f = *state;
    assert_int_equal(set(f, "trusted_proxies", "2001:db8::/32,fd00:1:2:3::/64,::1,fe80::/10"), 0);
    const config *c = &f->cfg;
    assert_int_equal(c->trusted_proxies.count, 4);
    assert_int_equal(c->trusted_proxies.items[0].family, AF_INET6);
    assert_int_equal(c->trusted_proxies.items[0].prefix_len, 32);
    assert_true(config_is_trusted_proxy(c, "2001:db8::1"));
    assert_true(config_is_trusted_proxy(c, "2001:db8:ffff:ffff::1"));
    assert_false(config_is_trusted_proxy(c, "2001:db9::1"));
    assert_true(config_is_trusted_proxy(c, "fd00:1:2:3:abcd::1"));
    assert_false(config_is_trusted_proxy(c, "fd00:1:2:4::1"));
    assert_true(config_is_trusted_proxy(c, "::1"));
    assert_false(config_is_trusted_proxy(c, "::2"));
    assert_true(config_is_trusted_proxy(c, "fe80::1"));
    assert_true(config_is_trusted_proxy(c, "febf::1"));
    assert_false(config_is_trusted_proxy(c, "fec0::1"));
    assert_false(config_is_trusted_proxy(c, "127.0.0.1"));

    assert_int_equal(set(f, "trusted_proxies", ""), 0);
    assert_int_equal(f->cfg.trusted_proxies.count, 0);
    assert_false(config_is_trusted_proxy(&f->cfg, "127.0.0.1"));
    assert_int_equal(set(f, "trusted_proxies", "  "), 0);
    assert_int_equal(f->cfg.trusted_proxies.count, 0);
}

static void test_trusted_proxies_errors(void **state)
{
    fixture *f = *state;
    assert_set_error(f, "trusted_proxies", "10.0.0.0/33",
                     "trusted_proxies: \"10.0.0.0/33\": the prefix length must be 0 to 32");
    assert_set_error(f, "trusted_proxies", "::1/129",
                     "trusted_proxies: \"::1/129\": the prefix length must be 0 to 128");
    assert_set_error(f, "trusted_proxies", "10.0.0.0/x",
                     "trusted_proxies: \"10.0.0.0/x\": the prefix length must be 0 to 32");
    assert_set_error(f, "trusted_proxies", "10.0.0.0/",
                     "trusted_proxies: \"10.0.0.0/\": the prefix length must be 0 to 32");
    assert_set_error(f, "trusted_proxies", "1.2.3",
                     "trusted_proxies: \"1.2.3\" is not an IP address or network");
    assert_set_error(f, "trusted_proxies", "localhost",
                     "trusted_proxies: \"localhost\" is not an IP address or network");
    assert_set_error(f, "trusted_proxies", "10.1.2.3/8",
                     "trusted_proxies: \"10.1.2.3/8\" has bits set after the /8 prefix");
    assert_set_error(f, "trusted_proxies", "2001:db8::1/32",
                     "trusted_proxies: \"2001:db8::1/32\" has bits set after the /32 prefix");
    assert_set_error(f, "trusted_proxies", "10.0.0.1,,10.0.0.2",
                     "trusted_proxies: empty entry in the list");
    assert_set_error(f, "trusted_proxies", "10.0.0.1,", "trusted_proxies: empty entry in the list");
    /* The defaults are untouched by the failures. */
    assert_int_equal(f->cfg.trusted_proxies.count, 0);
}

static void test_live_campus_needs_its_mariadb(void **state)
{
    fixture *f = *state;
    assert_load_error(f, "workers = 2\nlive_campus = on\n",
                      "2: live_campus: on needs live_mariadb_url (the campus's MariaDB, where "
                      "writes go and keys are checked)");
    assert_int_equal(load_text(f, "live_campus = on\n"
                                  "live_mariadb_url = mysql://pool:pw@127.0.0.1:3306/chamilo\n"),
                     0);
    assert_true(f->cfg.live_campus);
    assert_string_equal(f->cfg.live_mariadb_url, "mysql://pool:pw@127.0.0.1:3306/chamilo");
    assert_set_error(f, "live_mariadb_url", "127.0.0.1:3306/chamilo",
                     "live_mariadb_url: must be mysql://USER[:PASSWORD]@HOST[:PORT]/DATABASE");
}

static char *read_whole_file(const char *path, size_t *len)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    char *data = NULL;
    size_t cap = 0;
    FILE *mem = open_memstream(&data, &cap);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, file)) > 0)
        fwrite(buf, 1, n, mem);
    fclose(file);
    fclose(mem);
    *len = cap;
    return data;
}

/* conf/chamilo-fcgi.conf.example is exactly `chamilo-fcgi --print-config`. */
static void test_example_file_is_print_config(void **state)
{
    (void)state;
    size_t file_len;
    char *file = read_whole_file(EXAMPLE_PATH, &file_len);
    if (!file)
        fail_msg("cannot read %s (run the tests from the repository root)", EXAMPLE_PATH);

    char *printed = NULL;
    size_t printed_len = 0;
    FILE *mem = open_memstream(&printed, &printed_len);
    assert_non_null(mem);
    config_print_example(mem);
    fclose(mem);

    if (file_len != printed_len || memcmp(file, printed, file_len) != 0)
        fail_msg("%s differs from config_print_example(): regenerate it with "
                 "`build/chamilo-fcgi --print-config > %s`",
                 EXAMPLE_PATH, EXAMPLE_PATH);
    free(file);
    free(printed);
}

/* The example loads cleanly, sets every key of the table exactly once, and
 * gives the defaults. */
static void test_example_file_sets_every_key(void **state)
{
    fixture *f = *state;
    assert_int_equal(config_load(f->a, EXAMPLE_PATH, &f->cfg, f->err, sizeof f->err), 0);
    config defaults;
    config_defaults(&defaults);
    assert_same_config(&defaults, &f->cfg);

    size_t len;
    char *text = read_whole_file(EXAMPLE_PATH, &len);
    assert_non_null(text);
    for (size_t i = 0; i < config_key_count(); i++) {
        const char *key = config_key_name(i);
        char needle[128];
        snprintf(needle, sizeof needle, "\n%s = ", key);
        const char *hit = strstr(text, needle);
        if (!hit)
            fail_msg("%s does not set %s", EXAMPLE_PATH, key);
        if (strstr(hit + 1, needle))
            fail_msg("%s sets %s twice", EXAMPLE_PATH, key);
        /* Each key is documented by a comment right above it. */
        const char *line_start = hit;
        const char *prev = line_start - 1;
        while (prev > text && prev[-1] != '\n')
            prev--;
        assert_true(prev[0] == '#');
    }
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_table_sorted),
        cmocka_unit_test_setup_teardown(test_default_proxies_match_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_int_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bcrypt_cost, setup, teardown),
        cmocka_unit_test_setup_teardown(test_size_suffixes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bool, setup, teardown),
        cmocka_unit_test_setup_teardown(test_password_scheme, setup, teardown),
        cmocka_unit_test_setup_teardown(test_root_web, setup, teardown),
        cmocka_unit_test_setup_teardown(test_server_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_listen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_socket_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_logs_and_status, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_renamed_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repeated_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_name_file_line_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quotes_and_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trusted_proxies_ipv4, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trusted_proxies_ipv6, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trusted_proxies_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_live_campus_needs_its_mariadb, setup, teardown),
        cmocka_unit_test(test_example_file_is_print_config),
        cmocka_unit_test_setup_teardown(test_example_file_sets_every_key, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
