/*
 * xss.c - Security::remove_XSS for request values (10-request-flow.md §3.6).
 *
 * Chamilo runs HTMLPurifier with an allow-list of tags. We treat every tag
 * as disallowed: a deliberate, documented choice, stricter than PHP (text
 * such as "<b>bold</b>" loses its tags here, HTMLPurifier might keep <b>).
 * Most values that pass here are identifiers (username, api_key, hash
 * members), for which both give the same result; with a 1.11.32 JSON body
 * every value passes here, and rich text loses tags that PHP would keep.
 *
 * The transformation, in two stages:
 *   1. Markup pass over the input bytes, producing the decoded text:
 *        - "<!-- ... -->" is removed (an unclosed comment runs to the end);
 *        - "<name ...>", "</name ...>", "<!...>" and "<?...>" are removed,
 *          each up to the first '>', as HTMLPurifier's DirectLex lexer
 *          reads them (a '>' inside a quoted attribute value ends the tag
 *          too and what follows is text; this keeps the pass linear);
 *          markup without a closing '>' is text;
 *        - the content of script and style elements is removed with them,
 *          up to "</script" / "</style" (any case) and the next '>', or to
 *          the end of the input when the element is never closed; a
 *          self-closing "<script/>" has no content;
 *        - character references are decoded: the 253 named entities of
 *          XHTML 1.0 (HTML 4's 252 plus &apos;), which is the table
 *          HTMLPurifier uses, "&#NN;" and "&#xHH;"; the ';' is required;
 *          a reference beyond U+10FFFF decodes to nothing; anything else
 *          after '&' is text;
 *        - every other byte is text; a '<' that starts no markup is text.
 *   2. Text pass: invalid UTF-8 is dropped byte by byte; CR LF and lone CR
 *      become LF; code points HTMLPurifier's cleanUTF8 rejects are dropped
 *      (controls other than TAB and LF, U+007F-U+009F, surrogates, U+FEFF,
 *      U+FFFE, U+FFFF); then '&', '<', '>' are written as "&amp;", "&lt;",
 *      "&gt;". Quotes are kept.
 * Idempotence: the output of stage 2 contains no '<' and no '&' other than
 * in "&amp;", "&lt;", "&gt;", so stage 1 on it gives back exactly the text
 * stage 2 started from, which stage 2 (a filter that keeps its own output)
 * turns into the same bytes.
 *
 * Memory: results live in the arena; identifier-like strings (only
 * [A-Za-z0-9._@$-]) are returned as is, without a copy.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hex.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "request/request.h"

/* ---- named character references ---- */

typedef struct named_entity {
    const char *name;
    uint32_t code_point;
} named_entity;

/* Sorted by name in byte order, for bsearch. */
static const named_entity entities[] = {
    { "AElig", 0xC6 }, { "Aacute", 0xC1 }, { "Acirc", 0xC2 }, { "Agrave", 0xC0 },
    { "Alpha", 0x391 }, { "Aring", 0xC5 }, { "Atilde", 0xC3 }, { "Auml", 0xC4 }, { "Beta", 0x392 },
    { "Ccedil", 0xC7 }, { "Chi", 0x3A7 }, { "Dagger", 0x2021 }, { "Delta", 0x394 }, { "ETH", 0xD0 },
    { "Eacute", 0xC9 }, { "Ecirc", 0xCA }, { "Egrave", 0xC8 }, { "Epsilon", 0x395 },
    { "Eta", 0x397 }, { "Euml", 0xCB }, { "Gamma", 0x393 }, { "Iacute", 0xCD }, { "Icirc", 0xCE },
    { "Igrave", 0xCC }, { "Iota", 0x399 }, { "Iuml", 0xCF }, { "Kappa", 0x39A },
    { "Lambda", 0x39B }, { "Mu", 0x39C }, { "Ntilde", 0xD1 }, { "Nu", 0x39D }, { "OElig", 0x152 },
    { "Oacute", 0xD3 }, { "Ocirc", 0xD4 }, { "Ograve", 0xD2 }, { "Omega", 0x3A9 },
    { "Omicron", 0x39F }, { "Oslash", 0xD8 }, { "Otilde", 0xD5 }, { "Ouml", 0xD6 },
    { "Phi", 0x3A6 }, { "Pi", 0x3A0 }, { "Prime", 0x2033 }, { "Psi", 0x3A8 }, { "Rho", 0x3A1 },
    { "Scaron", 0x160 }, { "Sigma", 0x3A3 }, { "THORN", 0xDE }, { "Tau", 0x3A4 },
    { "Theta", 0x398 }, { "Uacute", 0xDA }, { "Ucirc", 0xDB }, { "Ugrave", 0xD9 },
    { "Upsilon", 0x3A5 }, { "Uuml", 0xDC }, { "Xi", 0x39E }, { "Yacute", 0xDD }, { "Yuml", 0x178 },
    { "Zeta", 0x396 }, { "aacute", 0xE1 }, { "acirc", 0xE2 }, { "acute", 0xB4 }, { "aelig", 0xE6 },
    { "agrave", 0xE0 }, { "alefsym", 0x2135 }, { "alpha", 0x3B1 }, { "amp", 0x26 },
    { "and", 0x2227 }, { "ang", 0x2220 }, { "apos", 0x27 }, { "aring", 0xE5 }, { "asymp", 0x2248 },
    { "atilde", 0xE3 }, { "auml", 0xE4 }, { "bdquo", 0x201E }, { "beta", 0x3B2 },
    { "brvbar", 0xA6 }, { "bull", 0x2022 }, { "cap", 0x2229 }, { "ccedil", 0xE7 },
    { "cedil", 0xB8 }, { "cent", 0xA2 }, { "chi", 0x3C7 }, { "circ", 0x2C6 }, { "clubs", 0x2663 },
    { "cong", 0x2245 }, { "copy", 0xA9 }, { "crarr", 0x21B5 }, { "cup", 0x222A },
    { "curren", 0xA4 }, { "dArr", 0x21D3 }, { "dagger", 0x2020 }, { "darr", 0x2193 },
    { "deg", 0xB0 }, { "delta", 0x3B4 }, { "diams", 0x2666 }, { "divide", 0xF7 },
    { "eacute", 0xE9 }, { "ecirc", 0xEA }, { "egrave", 0xE8 }, { "empty", 0x2205 },
    { "emsp", 0x2003 }, { "ensp", 0x2002 }, { "epsilon", 0x3B5 }, { "equiv", 0x2261 },
    { "eta", 0x3B7 }, { "eth", 0xF0 }, { "euml", 0xEB }, { "euro", 0x20AC }, { "exist", 0x2203 },
    { "fnof", 0x192 }, { "forall", 0x2200 }, { "frac12", 0xBD }, { "frac14", 0xBC },
    { "frac34", 0xBE }, { "frasl", 0x2044 }, { "gamma", 0x3B3 }, { "ge", 0x2265 }, { "gt", 0x3E },
    { "hArr", 0x21D4 }, { "harr", 0x2194 }, { "hearts", 0x2665 }, { "hellip", 0x2026 },
    { "iacute", 0xED }, { "icirc", 0xEE }, { "iexcl", 0xA1 }, { "igrave", 0xEC },
    { "image", 0x2111 }, { "infin", 0x221E }, { "int", 0x222B }, { "iota", 0x3B9 },
    { "iquest", 0xBF }, { "isin", 0x2208 }, { "iuml", 0xEF }, { "kappa", 0x3BA },
    { "lArr", 0x21D0 }, { "lambda", 0x3BB }, { "lang", 0x2329 }, { "laquo", 0xAB },
    { "larr", 0x2190 }, { "lceil", 0x2308 }, { "ldquo", 0x201C }, { "le", 0x2264 },
    { "lfloor", 0x230A }, { "lowast", 0x2217 }, { "loz", 0x25CA }, { "lrm", 0x200E },
    { "lsaquo", 0x2039 }, { "lsquo", 0x2018 }, { "lt", 0x3C }, { "macr", 0xAF },
    { "mdash", 0x2014 }, { "micro", 0xB5 }, { "middot", 0xB7 }, { "minus", 0x2212 },
    { "mu", 0x3BC }, { "nabla", 0x2207 }, { "nbsp", 0xA0 }, { "ndash", 0x2013 }, { "ne", 0x2260 },
    { "ni", 0x220B }, { "not", 0xAC }, { "notin", 0x2209 }, { "nsub", 0x2284 }, { "ntilde", 0xF1 },
    { "nu", 0x3BD }, { "oacute", 0xF3 }, { "ocirc", 0xF4 }, { "oelig", 0x153 }, { "ograve", 0xF2 },
    { "oline", 0x203E }, { "omega", 0x3C9 }, { "omicron", 0x3BF }, { "oplus", 0x2295 },
    { "or", 0x2228 }, { "ordf", 0xAA }, { "ordm", 0xBA }, { "oslash", 0xF8 }, { "otilde", 0xF5 },
    { "otimes", 0x2297 }, { "ouml", 0xF6 }, { "para", 0xB6 }, { "part", 0x2202 },
    { "permil", 0x2030 }, { "perp", 0x22A5 }, { "phi", 0x3C6 }, { "pi", 0x3C0 }, { "piv", 0x3D6 },
    { "plusmn", 0xB1 }, { "pound", 0xA3 }, { "prime", 0x2032 }, { "prod", 0x220F },
    { "prop", 0x221D }, { "psi", 0x3C8 }, { "quot", 0x22 }, { "rArr", 0x21D2 }, { "radic", 0x221A },
    { "rang", 0x232A }, { "raquo", 0xBB }, { "rarr", 0x2192 }, { "rceil", 0x2309 },
    { "rdquo", 0x201D }, { "real", 0x211C }, { "reg", 0xAE }, { "rfloor", 0x230B },
    { "rho", 0x3C1 }, { "rlm", 0x200F }, { "rsaquo", 0x203A }, { "rsquo", 0x2019 },
    { "sbquo", 0x201A }, { "scaron", 0x161 }, { "sdot", 0x22C5 }, { "sect", 0xA7 }, { "shy", 0xAD },
    { "sigma", 0x3C3 }, { "sigmaf", 0x3C2 }, { "sim", 0x223C }, { "spades", 0x2660 },
    { "sub", 0x2282 }, { "sube", 0x2286 }, { "sum", 0x2211 }, { "sup", 0x2283 }, { "sup1", 0xB9 },
    { "sup2", 0xB2 }, { "sup3", 0xB3 }, { "supe", 0x2287 }, { "szlig", 0xDF }, { "tau", 0x3C4 },
    { "there4", 0x2234 }, { "theta", 0x3B8 }, { "thetasym", 0x3D1 }, { "thinsp", 0x2009 },
    { "thorn", 0xFE }, { "tilde", 0x2DC }, { "times", 0xD7 }, { "trade", 0x2122 },
    { "uArr", 0x21D1 }, { "uacute", 0xFA }, { "uarr", 0x2191 }, { "ucirc", 0xFB },
    { "ugrave", 0xF9 }, { "uml", 0xA8 }, { "upsih", 0x3D2 }, { "upsilon", 0x3C5 }, { "uuml", 0xFC },
    { "weierp", 0x2118 }, { "xi", 0x3BE }, { "yacute", 0xFD }, { "yen", 0xA5 }, { "yuml", 0xFF },
    { "zeta", 0x3B6 }, { "zwj", 0x200D }, { "zwnj", 0x200C },
};

typedef struct entity_key {
    const char *name;
    size_t len;
} entity_key;

static int compare_entity(const void *key, const void *element)
{
    /* Byte by byte, without strlen: this runs for every reference of a
     * value, and values can be megabytes of them. */
    const entity_key *k = key;
    const unsigned char *a = (const unsigned char *)k->name;
    const unsigned char *b = (const unsigned char *)((const named_entity *)element)->name;
    size_t i = 0;
    for (; i < k->len && b[i]; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    if (i < k->len)
        return 1; /* the entity's name is a prefix of the key */
    return b[i] ? -1 : 0;
}

/* ---- small classifiers ---- */

static bool is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(unsigned char c)
{
    return is_alpha(c) || is_digit(c);
}

static bool is_identifier_like(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(is_alnum(c) || c == '.' || c == '_' || c == '@' || c == '$' || c == '-'))
            return false;
    }
    return true;
}

/* s[0..len) starts with prefix (lower-case), ASCII case ignored. */
static bool starts_with_nocase(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && strncasecmp(s, prefix, n) == 0;
}

/* ---- stage 1: markup ---- */

/* Bytes the markup pass copies as they are: all but '<' and '&'. */
static const bool markup_plain[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* Bytes the text pass copies as they are: printable ASCII but & < >. */
static const bool text_plain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};


/* The input of the markup pass. last_gt lets every "is there a '>' after
 * i?" question be answered in O(1) when the answer is no, which keeps the
 * pass linear on inputs such as "<a<a<a..." without any '>'. */
typedef struct markup_input {
    const char *s;
    size_t len;
    size_t last_gt; /* index of the last '>' + 1, 0 when there is none */
} markup_input;

/* Index just past the first '>' at or after i, or 0 when there is none
 * (0 can never be a valid answer: markup starts with '<'). */
static size_t past_gt(const markup_input *in, size_t i)
{
    if (i >= in->last_gt)
        return 0;
    const char *gt = memchr(in->s + i, '>', in->last_gt - i);
    return gt ? (size_t)(gt - in->s) + 1 : 0;
}

/* Where the content of a raw-text element (script, style) ends: past the
 * '>' of its end tag, or len when it is never closed. */
static size_t raw_text_end(const markup_input *in, size_t i, const char *name)
{
    const char *s = in->s;
    size_t len = in->len;
    size_t name_len = strlen(name);
    while (i + 1 < len) {
        const char *lt = memchr(s + i, '<', len - i - 1);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        size_t n = i + 2;
        if (s[i + 1] != '/' || !starts_with_nocase(s + n, len - n, name) ||
            (n + name_len < len && is_alnum((unsigned char)s[n + name_len]))) {
            i++; /* not "</name" ("</scripts" is not the end tag either) */
            continue;
        }
        size_t end = past_gt(in, n + name_len);
        return end ? end : len;
    }
    return len;
}

/* If s[i] ('<') starts markup, returns the index just past it (and past the
 * content of script/style); otherwise returns i. */
static size_t skip_markup(const markup_input *in, size_t i)
{
    const char *s = in->s;
    size_t len = in->len;
    size_t n = len - i;
    if (n >= 4 && memcmp(s + i, "<!--", 4) == 0) {
        const char *end = memmem(s + i + 4, n - 4, "-->", 3);
        return end ? (size_t)(end - s) + 3 : len;
    }
    if (n < 2)
        return i;
    unsigned char c = (unsigned char)s[i + 1];
    bool start_tag = is_alpha(c);
    if (!(start_tag || c == '!' || c == '?' ||
          (c == '/' && n >= 3 && is_alpha((unsigned char)s[i + 2]))))
        return i;
    /* Like HTMLPurifier's DirectLex: the markup ends at the first '>'. */
    size_t end = past_gt(in, i + 2);
    if (!end)
        return i;
    if (!start_tag || s[end - 2] == '/')
        return end; /* end tag, declaration, or self-closing tag */
    const char *name = s + i + 1;
    size_t name_len = 0;
    while (is_alnum((unsigned char)name[name_len]))
        name_len++; /* stops at the '>' at the latest */
    if (name_len == 6 && starts_with_nocase(name, name_len, "script"))
        return raw_text_end(in, end, "script");
    if (name_len == 5 && starts_with_nocase(name, name_len, "style"))
        return raw_text_end(in, end, "style");
    return end;
}

static void put_utf8(strbuf *sb, uint32_t cp)
{
    char b[4];
    sb_append(sb, b, utf8_encode(cp, b));
}

/* If s[i] ('&') starts a character reference, appends its character to sb
 * (nothing for a code point beyond U+10FFFF) and returns the index past the
 * ';'; otherwise returns i. */
static size_t decode_reference(strbuf *sb, const char *s, size_t len, size_t i)
{
    size_t p = i + 1;
    if (p < len && s[p] == '#') {
        p++;
        bool hex = p < len && (s[p] == 'x' || s[p] == 'X');
        if (hex)
            p++;
        size_t digits_start = p;
        uint32_t cp = 0;
        bool too_big = false;
        for (; p < len; p++) {
            int d = hex ? hex_digit_value((unsigned char)s[p])
                        : (is_digit((unsigned char)s[p]) ? s[p] - '0' : -1);
            if (d < 0)
                break;
            cp = cp * (hex ? 16u : 10u) + (uint32_t)d;
            if (cp > 0x10FFFF) {
                too_big = true;
                cp = 0x110000; /* stays above the limit, cannot wrap */
            }
        }
        if (p == digits_start || p >= len || s[p] != ';')
            return i;
        if (!too_big)
            put_utf8(sb, cp);
        return p + 1;
    }
    size_t name_start = p;
    while (p < len && p - name_start <= 32 && is_alnum((unsigned char)s[p]))
        p++;
    if (p == name_start || p >= len || s[p] != ';')
        return i;
    entity_key key = { s + name_start, p - name_start };
    const named_entity *e = bsearch(&key, entities, sizeof entities / sizeof entities[0],
                                    sizeof entities[0], compare_entity);
    if (!e)
        return i;
    put_utf8(sb, e->code_point);
    return p + 1;
}

static void markup_pass(strbuf *text, const char *s, size_t len)
{
    markup_input in = { s, len, 0 };
    const char *last_gt = len ? memrchr(s, '>', len) : NULL;
    if (last_gt)
        in.last_gt = (size_t)(last_gt - s) + 1;
    size_t i = 0;
    while (i < len) {
        /* Copy the run of plain bytes in one go. */
        size_t run = i;
        while (run < len && markup_plain[(unsigned char)s[run]])
            run++;
        if (run > i)
            sb_append(text, s + i, run - i);
        i = run;
        if (i >= len)
            break;
        size_t next = s[i] == '<' ? skip_markup(&in, i) : decode_reference(text, s, len, i);
        if (next == i) {
            sb_putc(text, s[i]);
            next = i + 1;
        }
        i = next;
    }
}

/* ---- stage 2: text ---- */

/* HTMLPurifier_Encoder::cleanUTF8's set of characters (CR is handled by
 * the caller). */
static bool allowed_code_point(uint32_t cp)
{
    if (cp == '\t' || cp == '\n')
        return true;
    if (cp < 0x20)
        return false;
    if (cp >= 0x7F && cp <= 0x9F)
        return false;
    if (cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
        return false;
    return true;
}

static void text_pass(strbuf *out, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        /* Printable ASCII other than & < > stays as is: copy the run in one
         * go (a large value costs one pass, not a call per byte). */
        size_t run = i;
        for (;;) {
            while (run < len && text_plain[s[run]])
                run++;
            /* Valid, allowed multi-byte characters belong to the run too. */
            uint32_t run_cp;
            size_t run_n = run < len && s[run] >= 0x80 ? utf8_sequence(s, len, run, &run_cp) : 0;
            if (run_n == 0 || !allowed_code_point(run_cp))
                break;
            run += run_n;
        }
        if (run > i) {
            sb_append(out, text + i, run - i);
            i = run;
            continue;
        }
        /* The escapes, in a run of their own (a value of megabytes of '&'
         * must not cost a call per byte). */
        if (s[i] == '&' || s[i] == '<' || s[i] == '>') {
            size_t end = i, need = 0;
            for (; end < len && (s[end] == '&' || s[end] == '<' || s[end] == '>'); end++)
                need += s[end] == '&' ? 5 : 4;
            char *w = sb_reserve(out, need);
            if (!w)
                return;
            size_t k = 0;
            for (; i < end; i++) {
                const char *e = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : "&gt;";
                size_t el = s[i] == '&' ? 5 : 4;
                memcpy(w + k, e, el);
                k += el;
            }
            sb_commit(out, k);
            continue;
        }
        uint32_t cp;
        size_t n = utf8_sequence(s, len, i, &cp);
        if (n == 0) {
            i++; /* drop one invalid byte, resynchronize on the next */
            continue;
        }
        if (cp == '\r') {
            sb_putc(out, '\n');
            i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (cp == '&')
            sb_append(out, "&amp;", 5);
        else if (cp == '<')
            sb_append(out, "&lt;", 4);
        else if (cp == '>')
            sb_append(out, "&gt;", 4);
        else if (allowed_code_point(cp))
            sb_append(out, text + i, n);
        i += n;
    }
}

/* ---- entry points ---- */

const char *xss_sanitize_str(arena *a, const char *s, size_t len, size_t *out_len)
{
    if (!s) {
        s = "";
        len = 0;
    }
    if (is_identifier_like(s, len)) {
        if (out_len)
            *out_len = len;
        return s;
    }
    /* Without '<' or '&' the markup pass would copy s unchanged: skip the
     * copy (a large value then costs one buffer, not two). */
    const char *text = s;
    size_t text_len = len;
    if (memchr(s, '<', len) || memchr(s, '&', len)) {
        strbuf marked;
        sb_init(&marked, a, len + 1);
        markup_pass(&marked, s, len);
        if (sb_failed(&marked))
            return NULL;
        text = marked.data;
        text_len = marked.len;
    }
    /* Sized for the escapes (&amp; &lt; &gt;) up front: a value made of
     * them grows 5 times, and doubling a buffer on the way there would
     * cost as much again. */
    size_t escaped = text_len;
    for (size_t i = 0; i < text_len; i++)
        escaped += text[i] == '&' ? 4 : (text[i] == '<' || text[i] == '>') ? 3 : 0;
    strbuf out;
    sb_init(&out, a, escaped + 1);
    text_pass(&out, text, text_len);
    if (sb_failed(&out))
        return NULL;
    if (out_len)
        *out_len = out.len;
    return out.data;
}

php_value *xss_sanitize(arena *a, const php_value *v)
{
    if (!v)
        return php_string_ref(a, "", 0); /* remove_XSS(null) is "" */
    if (v->kind == PHP_STRING) {
        size_t n;
        const char *r = xss_sanitize_str(a, v->str, v->len, &n);
        return r ? php_string_ref(a, r, n) : NULL;
    }
    php_value *copy = php_array_value_new(a);
    if (!copy)
        return NULL;
    for (const php_entry *e = v->arr->first; e; e = e->next) {
        php_value *item = xss_sanitize(a, e->value);
        if (!item || php_array_set(a, copy->arr, e->key, e->key_len, item) != 0)
            return NULL;
    }
    return copy;
}
