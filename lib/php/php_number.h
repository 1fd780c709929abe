/*
 * php_number.h - numbers as PHP prints them: integers, doubles in
 * json_encode() and serialize() (serialize_precision -1), and the (string)
 * cast of a double (precision 14). Output goes to caller buffers; requires
 * LC_NUMERIC "C" (never call setlocale).
 */
#ifndef CHAMILO_PHP_PHP_NUMBER_H
#define CHAMILO_PHP_PHP_NUMBER_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

/* Size of a buffer that holds any php_format_int64() result. */
#define PHP_INT_REPR_SIZE 24

/* v in decimal, NUL-terminated. Returns the length. */
size_t php_format_int64(int64_t v, char out[PHP_INT_REPR_SIZE]);

/* A json-c integer as PHP prints it: json-c keeps int64 and uint64 in one
 * type; PHP has only int64, but a uint64 above INT64_MAX is still written
 * as its decimal value. Returns the length. */
size_t php_format_json_int(struct json_object *v, char out[PHP_INT_REPR_SIZE]);

/* Size of a buffer that holds any php_format_double() result. */
#define PHP_DOUBLE_REPR_SIZE 32

/* d as PHP prints it with serialize_precision = -1 in json_encode and
 * serialize (var_export differs: it adds ".0"): shortest round-trip digits,
 * "85" not "85.0", "-0", "0.0001" but "1.0e-5", "1.0e+17" from 1e17 up,
 * exponent_char 'e' for json_encode and 'E' for serialize. NaN and
 * infinities give "NAN", "INF", "-INF" (the serialize spelling; json_encode
 * refuses them). Returns the length; out is NUL-terminated. */
size_t php_format_double(double d, char exponent_char, char out[PHP_DOUBLE_REPR_SIZE]);

/* PHP 7.4's (string) of a double (precision = 14): "1.5", "0.1", "-0",
 * "1.0E+25", "1.0E-5", "INF", "-INF", "NAN". buf must hold 32 bytes.
 * Returns the length written. */
size_t php_double_to_string(double d, char *buf);

#endif
