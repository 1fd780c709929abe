/*
 * hex.h - the one reading of a hexadecimal digit (percent-encoding, JSON
 * \uXXXX escapes, HTML numeric entities, stored password digests).
 */
#ifndef CHAMILO_CORE_HEX_H
#define CHAMILO_CORE_HEX_H

/* The value of the hexadecimal digit c (0-9, a-f, A-F), -1 for any other
 * byte. */
static inline int hex_digit_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#endif
