/*
 * utf8.h - strict UTF-8 (RFC 3629): no overlong forms, no surrogates,
 * nothing beyond U+10FFFF. The one decoder of the program.
 */
#ifndef CHAMILO_CORE_UTF8_H
#define CHAMILO_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s[i] (i < len) and its code point
 * in *cp, or 0 when the bytes at i do not start one. */
size_t utf8_sequence(const unsigned char *s, size_t len, size_t i, uint32_t *cp);

/* Writes the UTF-8 encoding of cp (at most U+10FFFF; a surrogate is
 * encoded as it is) into out; returns its length, 1 to 4. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* True when s[0..len) is entirely valid UTF-8 (NUL bytes count as valid:
 * callers that refuse them check separately). */
bool utf8_valid(const char *s, size_t len);

/* The number of characters of valid UTF-8 s[0..len) (continuation bytes
 * are not counted), as PostgreSQL's char_length counts them. */
size_t utf8_length(const char *s, size_t len);

#endif
