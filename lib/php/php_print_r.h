/*
 * php_print_r.h - PHP's print_r($v, true) of a request value.
 */
#ifndef CHAMILO_PHP_PHP_PRINT_R_H
#define CHAMILO_PHP_PHP_PRINT_R_H

#include "core/strbuf.h"
#include "php/php_value.h"

/* Appends print_r($v, true) to sb: a string as it is; an array as
 * "Array\n(\n    [key] => value\n)\n", nested arrays indented by 8 more
 * spaces a level, as PHP writes them. v must not be NULL. A failed
 * allocation shows in sb_failed(sb). */
void php_print_r(strbuf *sb, const php_value *v);

#endif
