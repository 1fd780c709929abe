/*
 * php_number.c - see php_number.h.
 */
#include "php/php_number.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes v in decimal to the end of buf[0..21) and returns the start. */
static char *u64_to_dec(uint64_t v, char *end)
{
    char *p = end;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return p;
}

size_t php_format_int64(int64_t v, char out[PHP_INT_REPR_SIZE])
{
    char tmp[24];
    char *end = tmp + sizeof tmp;
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char *p = u64_to_dec(mag, end);
    if (v < 0)
        *--p = '-';
    size_t n = (size_t)(end - p);
    memcpy(out, p, n);
    out[n] = '\0';
    return n;
}

/*
 * Parses the output of "%.*e" (d[.ddd]e[+-]x) into plain digits and a
 * decimal exponent: value = 0.DIGITS * 10^decpt. Returns the digit count.
 */
static int parse_e_format(const char *s, char digits[24], int *decpt)
{
    int n = 0;
    const char *p = s;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[n++] = *p;
    digits[n] = '\0';
    int exp10 = (int)strtol(p + 1, NULL, 10);
    *decpt = exp10 + 1;
    return n;
}

/* Adds one unit in the last place of digits[0..n); returns the new count and
 * adjusts *decpt when the carry ripples out ("999" -> "1", decpt + 1). */
static int increment_digits(char *digits, int n, int *decpt)
{
    int i = n - 1;
    while (i >= 0 && digits[i] == '9')
        digits[i--] = '0';
    if (i < 0) {
        digits[0] = '1';
        digits[1] = '\0';
        (*decpt)++;
        return 1;
    }
    digits[i]++;
    return n;
}

static bool digits_round_trip(const char *digits, int n, int decpt, double x)
{
    char buf[48];
    snprintf(buf, sizeof buf, "%c.%.*se%d", digits[0], n - 1, digits + 1, decpt - 1);
    return strtod(buf, NULL) == x;
}

/*
 * Shortest decimal digits of finite x > 0 that read back as x, the ones
 * PHP's zend_dtoa mode 0 produces (serialize_precision = -1). Fills digits
 * (no trailing zeros) and decpt with x = 0.DIGITS * 10^decpt.
 *
 * Why "%.*e" is enough: for a normal double, any decimal with at most 15
 * significant digits that lies within half an ulp of x is the only such
 * decimal (decimal spacing at 15 digits exceeds the binary ulp), so if the
 * correctly rounded 15-digit form reads back, stripping its zeros gives the
 * shortest form. Otherwise the answer has 16 or 17 digits; the correctly
 * rounded candidate is the closest one, which is what dtoa picks, except
 * when x is a power of two: its interval is twice as wide above as below,
 * so a candidate one unit above may read back when the rounded one (below
 * x) does not. Subnormals have coarse ulps, so every length is tried.
 */
static int shortest_digits(double x, char digits[24], int *decpt)
{
#if FLT_EVAL_METHOD == 0
    /* Fast path for values with few decimals (33.3, 0.001, 1.5e-7): the
     * first k for which m = round(x * 10^k) gives m / 10^k == x. m and 10^k
     * are exact doubles (m < 2^50, k <= 22) and IEEE division rounds
     * correctly, so the comparison is exactly "m e-k reads back as x". With
     * m < 2^50 the decimal spacing 10^-k exceeds four ulps of x, so that
     * candidate is the only one with k decimals, and no smaller k was
     * missed (x * 10^k is within far less than 0.5 of its integer there). */
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    for (int k = 1; k <= 22; k++) {
        double scaled = x * pow10[k];
        if (scaled >= 1125899906842624.0) /* 2^50 */
            break;
        /* Round to nearest; exact since scaled < 2^50 keeps 0.5 representable
         * (and no libm needed). */
        double m = (double)(uint64_t)(scaled + 0.5);
        if (m >= 1 && m / pow10[k] == x) {
            char tmp[24];
            char *end = tmp + sizeof tmp;
            char *p = u64_to_dec((uint64_t)m, end);
            int n = (int)(end - p);
            memcpy(digits, p, (size_t)n);
            *decpt = n - k;
            while (n > 1 && digits[n - 1] == '0') /* cannot happen for the first k; cheap */
                n--;
            digits[n] = '\0';
            return n;
        }
    }
#endif
    char buf[48];
    int exp2;
    bool pow2 = frexp(x, &exp2) == 0.5;
    bool normal = x >= 2.2250738585072014e-308;
    int p = normal ? 15 : 1;
    int n = 0;
    for (; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, x);
        double c = strtod(buf, NULL);
        n = parse_e_format(buf, digits, decpt);
        if (c == x)
            break;
        if (pow2 && c < x && p < 17) {
            int d2 = *decpt;
            char alt[24];
            memcpy(alt, digits, (size_t)n + 1);
            int n2 = increment_digits(alt, n, &d2);
            if (digits_round_trip(alt, n2, d2, x)) {
                memcpy(digits, alt, (size_t)n2 + 1);
                *decpt = d2;
                n = n2;
                break;
            }
        }
    }
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    return n;
}

size_t php_format_double(double d, char exponent_char, char out[PHP_DOUBLE_REPR_SIZE])
{
    char *o = out;
    if (isnan(d)) {
        memcpy(out, "NAN", 4);
        return 3;
    }
    if (signbit(d)) {
        *o++ = '-';
        d = -d;
    }
    if (isinf(d)) {
        memcpy(o, "INF", 4);
        return (size_t)(o - out) + 3;
    }
    if (d == 0) {
        *o++ = '0';
        *o = '\0';
        return (size_t)(o - out);
    }
    /* Integral values below 2^53 are their own shortest form: the rounding
     * interval is at most +-0.5, so no shorter decimal reads back. */
    if (d < 9007199254740992.0 && d == (double)(uint64_t)d) {
        char tmp[24];
        char *end = tmp + sizeof tmp;
        char *p = u64_to_dec((uint64_t)d, end);
        memcpy(o, p, (size_t)(end - p));
        o += end - p;
        *o = '\0';
        return (size_t)(o - out);
    }

    char digits[24];
    int decpt;
    int n = shortest_digits(d, digits, &decpt);

    if (decpt < -3 || decpt > 17) {
        /* PHP's exponential form: one digit, '.', the rest or "0", the
         * exponent with an explicit sign and no leading zeros. */
        int e = decpt - 1;
        *o++ = digits[0];
        *o++ = '.';
        if (n > 1) {
            memcpy(o, digits + 1, (size_t)n - 1);
            o += n - 1;
        } else {
            *o++ = '0';
        }
        *o++ = exponent_char;
        *o++ = e < 0 ? '-' : '+';
        char tmp[8];
        char *end = tmp + sizeof tmp;
        char *p = u64_to_dec((uint64_t)(e < 0 ? -e : e), end);
        memcpy(o, p, (size_t)(end - p));
        o += end - p;
    } else if (decpt <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = decpt; i < 0; i++)
            *o++ = '0';
        memcpy(o, digits, (size_t)n);
        o += n;
    } else {
        for (int i = 0; i < decpt; i++)
            *o++ = i < n ? digits[i] : '0';
        if (n > decpt) {
            *o++ = '.';
            memcpy(o, digits + decpt, (size_t)(n - decpt));
            o += n - decpt;
        }
    }
    *o = '\0';
    return (size_t)(o - out);
}

size_t php_format_json_int(struct json_object *v, char out[PHP_INT_REPR_SIZE])
{
    int64_t i = json_object_get_int64(v);
    if (i < INT64_MAX)
        return php_format_int64(i, out);
    char tmp[24];
    char *end = tmp + sizeof tmp;
    char *p = u64_to_dec(json_object_get_uint64(v), end);
    size_t n = (size_t)(end - p);
    memcpy(out, p, n);
    out[n] = '\0';
    return n;
}

size_t php_double_to_string(double d, char *buf)
{
    if (isnan(d))
        return (size_t)sprintf(buf, "NAN");
    if (isinf(d))
        return (size_t)sprintf(buf, d > 0 ? "INF" : "-INF");
    if (d == 0)
        return (size_t)sprintf(buf, signbit(d) ? "-0" : "0");

    /* 14 significant digits, correctly rounded: "d.ddddddddddddde+XX". */
    char sci[40];
    snprintf(sci, sizeof sci, "%.13e", d);
    const char *p = sci;
    bool negative = *p == '-';
    if (negative)
        p++;
    char digits[16];
    size_t ndigits = 0;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            digits[ndigits++] = *p;
    int exponent = atoi(p + 1);
    while (ndigits > 1 && digits[ndigits - 1] == '0')
        ndigits--;

    char *o = buf;
    if (negative)
        *o++ = '-';
    int decpt = exponent + 1; /* digits before the decimal point */
    if (decpt < -3 || decpt > 14) {
        /* PHP's exponential form: at least one digit after the point, an
         * upper-case E, a sign and no padding of the exponent. */
        *o++ = digits[0];
        *o++ = '.';
        if (ndigits == 1) {
            *o++ = '0';
        } else {
            memcpy(o, digits + 1, ndigits - 1);
            o += ndigits - 1;
        }
        o += sprintf(o, "E%c%d", exponent < 0 ? '-' : '+', exponent < 0 ? -exponent : exponent);
    } else if (decpt <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int k = decpt; k < 0; k++)
            *o++ = '0';
        memcpy(o, digits, ndigits);
        o += ndigits;
    } else if ((size_t)decpt >= ndigits) {
        memcpy(o, digits, ndigits);
        o += ndigits;
        for (size_t k = ndigits; k < (size_t)decpt; k++)
            *o++ = '0';
    } else {
        memcpy(o, digits, (size_t)decpt);
        o += decpt;
        *o++ = '.';
        memcpy(o, digits + decpt, ndigits - (size_t)decpt);
        o += ndigits - (size_t)decpt;
    }
    *o = '\0';
    return (size_t)(o - buf);
}
