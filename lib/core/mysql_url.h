/*
 * mysql_url.h - a MariaDB address as chamilo-fcgi-import, chamilo-fcgi-follow
 * and live_mariadb_url write it: mysql://USER[:PASSWORD]@HOST[:PORT]/DB,
 * the user and password percent-decoded. Shared by the follower and the pool.
 */
#ifndef CHAMILO_CORE_MYSQL_URL_H
#define CHAMILO_CORE_MYSQL_URL_H

typedef struct mysql_url {
    char user[128], password[256], host[256], db[65];
    unsigned port; /* 3306 when not given */
    int has_password; /* the URL carried one (else the caller may take MYSQL_PWD) */
} mysql_url;

/* Fills *u from text. Returns 0, or -1 when text is not such an address
 * (no scheme, no user, no host, no database); *u is then zeroed. */
int mysql_url_parse(const char *text, mysql_url *u);

#endif
