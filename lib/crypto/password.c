/*
 * password.c - see password.h for the contract.
 *
 * Chamilo 1.11 encodes passwords through Symfony encoders:
 *   bcrypt  BCryptPasswordEncoder(4): PHP password_hash/password_verify;
 *   sha1/md5 MessageDigestPasswordEncoder(algo, base64 = false, 1 iteration);
 *   none    PlaintextPasswordEncoder.
 * Every encoder first refuses passwords over 4096 bytes, and the salted
 * ones merge "password{salt}" unless PHP's empty($salt) holds (NULL, "" or
 * "0"); a non-empty salt containing '{' or '}' makes Symfony throw, which
 * this module reports as a failed verification / NULL hash.
 *
 * bcrypt comes from libxcrypt, which implements the same crypt_blowfish
 * algorithm PHP bundles ($2a$ with its 8-bit countermeasure, $2b$, $2y$).
 * libxcrypt refuses phrases of CRYPT_MAX_PASSPHRASE_SIZE (512) bytes or
 * more, while PHP accepts up to our 4096-byte limit. bcrypt only ever reads
 * the first 72 key bytes, so the phrase is cut to 72 bytes before hashing:
 * the result is identical and long passwords keep working.
 */
#include "crypto/password.h"

#include <crypt.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/hex.h"

/* bcrypt's key schedule consumes at most this many password bytes. */
#define BCRYPT_KEY_BYTES 72
/* "$2y$NN$" + 22 salt + 31 hash characters. */
#define BCRYPT_HASH_LENGTH 60

bool password_scheme_from_name(const char *name, password_scheme *out)
{
    static const struct {
        const char *name;
        password_scheme scheme;
    } names[] = {
        {"bcrypt", PASSWORD_BCRYPT},
        {"sha1", PASSWORD_SHA1},
        {"md5", PASSWORD_MD5},
        {"none", PASSWORD_NONE},
    };
    if (!name)
        return false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].scheme;
            return true;
        }
    }
    return false;
}

const char *password_scheme_name(password_scheme s)
{
    switch (s) {
    case PASSWORD_BCRYPT: return "bcrypt";
    case PASSWORD_SHA1: return "sha1";
    case PASSWORD_MD5: return "md5";
    case PASSWORD_NONE: return "none";
    }
    return "none";
}

static bool is_hex_string(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (hex_digit_value((unsigned char)s[i]) < 0)
            return false;
    return true;
}

static bool is_bcrypt_prefix(const char *h)
{
    return h[0] == '$' && h[1] == '2' && (h[2] == 'a' || h[2] == 'b' || h[2] == 'y') &&
           h[3] == '$';
}

bool password_detect_encryption(const char *stored_hash, const char *salt, password_scheme *out)
{
    if (!stored_hash)
        return false;
    size_t n = strlen(stored_hash);
    if (n == BCRYPT_HASH_LENGTH && strncmp(stored_hash, "$2y$04$", 7) == 0) {
        bool ok = true;
        for (size_t i = 7; i < n; i++) {
            char c = stored_hash[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  c == '.' || c == '/'))
                ok = false;
        }
        if (ok) {
            *out = PASSWORD_BCRYPT;
            return true;
        }
    }
    if (n == 32 && is_hex_string(stored_hash, n)) {
        *out = PASSWORD_MD5;
        return true;
    }
    if (n == 40 && is_hex_string(stored_hash, n)) {
        *out = PASSWORD_SHA1;
        return true;
    }
    /* "anything{salt}": the text between the first '{' and the final '}'
     * must be the user's salt. */
    const char *open = strchr(stored_hash, '{');
    if (open && n > 0 && stored_hash[n - 1] == '}') {
        const char *inner = open + 1;
        size_t inner_len = (size_t)(stored_hash + n - 1 - inner); /* inner <= the final '}' */
        const char *s = salt ? salt : "";
        if (strlen(s) == inner_len && memcmp(inner, s, inner_len) == 0) {
            *out = PASSWORD_NONE;
            return true;
        }
    }
    return false;
}

bool secure_equals(const char *a, size_t a_len, const char *b, size_t b_len)
{
    if (!a || !b || a_len != b_len)
        return false;
    if (a_len == 0)
        return true;
    return CRYPTO_memcmp(a, b, a_len) == 0;
}

/* PHP's empty() on a string salt: "" and "0" count as no salt. */
static bool salt_is_empty(const char *salt)
{
    return !salt || salt[0] == '\0' || (salt[0] == '0' && salt[1] == '\0');
}

/* Symfony's mergePasswordAndSalt refuses braces in a non-empty salt. */
static bool salt_is_usable(const char *salt)
{
    return salt_is_empty(salt) || strpbrk(salt, "{}") == NULL;
}

static bool password_length_ok(const char *password)
{
    return password && strnlen(password, PASSWORD_MAX_LENGTH + 1) <= PASSWORD_MAX_LENGTH;
}

/*
 * Lower-case hex digest of "password{salt}" (or of "password") into hex,
 * which holds 2 * EVP_MAX_MD_SIZE + 1 bytes. Returns the hex length, 0 on
 * an OpenSSL failure. Fed piecewise so no secret copy is made.
 */
static size_t salted_digest_hex(const EVP_MD *md, const char *password, const char *salt,
                                char hex[2 * EVP_MAX_MD_SIZE + 1])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char raw[EVP_MAX_MD_SIZE];
    unsigned int raw_len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx)
        return 0;
    bool ok = EVP_DigestInit_ex(ctx, md, NULL) == 1 &&
              EVP_DigestUpdate(ctx, password, strlen(password)) == 1;
    if (ok && !salt_is_empty(salt)) {
        ok = EVP_DigestUpdate(ctx, "{", 1) == 1 && EVP_DigestUpdate(ctx, salt, strlen(salt)) == 1 &&
             EVP_DigestUpdate(ctx, "}", 1) == 1;
    }
    ok = ok && EVP_DigestFinal_ex(ctx, raw, &raw_len) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return 0;
    for (unsigned int i = 0; i < raw_len; i++) {
        hex[2 * i] = digits[raw[i] >> 4];
        hex[2 * i + 1] = digits[raw[i] & 0xf];
    }
    hex[2 * raw_len] = '\0';
    OPENSSL_cleanse(raw, sizeof raw);
    return 2 * (size_t)raw_len;
}

/*
 * Runs crypt_rn(password cut to 72 bytes, setting) and copies the result
 * into out (64 bytes). The 32 KiB struct crypt_data lives on the stack:
 * callers need a normal-sized thread stack. Returns false when libxcrypt
 * rejects the setting or the result does not fit.
 */
static bool bcrypt_run(const char *password, const char *setting, char out[64])
{
    char key[BCRYPT_KEY_BYTES + 1];
    size_t n = strnlen(password, BCRYPT_KEY_BYTES);
    memcpy(key, password, n);
    key[n] = '\0';

    struct crypt_data data;
    memset(&data, 0, sizeof data);
    const char *r = crypt_rn(key, setting, &data, (int)sizeof data);
    bool ok = r != NULL && r[0] != '*' && strlen(r) < 64;
    if (ok)
        memcpy(out, r, strlen(r) + 1);
    OPENSSL_cleanse(&data, sizeof data);
    OPENSSL_cleanse(key, sizeof key);
    return ok;
}

bool password_verify(password_scheme scheme, const char *password, const char *salt,
                     const char *stored_hash)
{
    if (!password_length_ok(password) || !stored_hash)
        return false;
    size_t stored_len = strlen(stored_hash);

    switch (scheme) {
    case PASSWORD_BCRYPT: {
        /* The salt column is ignored: bcrypt carries its own salt. */
        if (stored_len != BCRYPT_HASH_LENGTH || !is_bcrypt_prefix(stored_hash))
            return false;
        char computed[64];
        if (!bcrypt_run(password, stored_hash, computed))
            return false;
        bool ok = secure_equals(computed, strlen(computed), stored_hash, stored_len);
        OPENSSL_cleanse(computed, sizeof computed);
        return ok;
    }
    case PASSWORD_SHA1:
    case PASSWORD_MD5: {
        if (!salt_is_usable(salt))
            return false;
        char hex[2 * EVP_MAX_MD_SIZE + 1];
        size_t hex_len = salted_digest_hex(scheme == PASSWORD_SHA1 ? EVP_sha1() : EVP_md5(),
                                           password, salt, hex);
        return hex_len != 0 && secure_equals(hex, hex_len, stored_hash, stored_len);
    }
    case PASSWORD_NONE: {
        if (!salt_is_usable(salt))
            return false;
        /* Compare piecewise against "password{salt}" without building it;
         * only the lengths leak through timing. */
        size_t pw_len = strlen(password);
        bool salted = !salt_is_empty(salt);
        size_t salt_len = salted ? strlen(salt) : 0;
        size_t want = pw_len + (salted ? salt_len + 2 : 0);
        if (stored_len != want)
            return false;
        int diff = pw_len ? CRYPTO_memcmp(stored_hash, password, pw_len) : 0;
        if (salted) {
            diff |= stored_hash[pw_len] ^ '{';
            if (salt_len)
                diff |= CRYPTO_memcmp(stored_hash + pw_len + 1, salt, salt_len);
            diff |= stored_hash[want - 1] ^ '}';
        }
        return diff == 0;
    }
    }
    return false;
}

char *password_hash(arena *a, password_scheme scheme, unsigned bcrypt_cost,
                    const char *password, const char *salt)
{
    if (!password_length_ok(password))
        return NULL;

    switch (scheme) {
    case PASSWORD_BCRYPT: {
        if (bcrypt_cost < 4 || bcrypt_cost > 31)
            return NULL;
        /* Salt bytes from OpenSSL so that a CSPRNG failure is reported the
         * same way for every secret this module makes. */
        unsigned char rnd[16];
        char setting[CRYPT_GENSALT_OUTPUT_SIZE];
        if (RAND_bytes(rnd, (int)sizeof rnd) != 1)
            return NULL;
        const char *s = crypt_gensalt_rn("$2y$", bcrypt_cost, (const char *)rnd, (int)sizeof rnd,
                                         setting, (int)sizeof setting);
        OPENSSL_cleanse(rnd, sizeof rnd);
        if (!s || s[0] == '*')
            return NULL;
        char computed[64];
        if (!bcrypt_run(password, setting, computed))
            return NULL;
        if (strlen(computed) != BCRYPT_HASH_LENGTH || strncmp(computed, "$2y$", 4) != 0)
            return NULL;
        return arena_strdup(a, computed);
    }
    case PASSWORD_SHA1:
    case PASSWORD_MD5: {
        if (!salt_is_usable(salt))
            return NULL;
        char hex[2 * EVP_MAX_MD_SIZE + 1];
        size_t hex_len = salted_digest_hex(scheme == PASSWORD_SHA1 ? EVP_sha1() : EVP_md5(),
                                           password, salt, hex);
        return hex_len ? arena_strndup(a, hex, hex_len) : NULL;
    }
    case PASSWORD_NONE:
        if (!salt_is_usable(salt))
            return NULL;
        if (salt_is_empty(salt))
            return arena_strdup(a, password);
        return arena_printf(a, "%s{%s}", password, salt);
    }
    return NULL;
}

/* Used when a dummy of the asked cost cannot be made (no randomness): a
 * valid cost-4 hash that no password matches. */
static const char FALLBACK_DUMMY_HASH[] =
    "$2y$04$abcdefghijklmnopqrstuu5JPmB0cnAW1pUTcrgGrx8V3DjSAaKqy";

const char *password_dummy_hash(unsigned bcrypt_cost)
{
    static char dummy[64];
    static unsigned dummy_cost;
    if (dummy_cost == bcrypt_cost && dummy[0])
        return dummy;
    unsigned char rnd[32];
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    char secret[2 * 16 + 1];
    char computed[64];
    if (bcrypt_cost < 4 || bcrypt_cost > 31 || RAND_bytes(rnd, (int)sizeof rnd) != 1)
        return FALLBACK_DUMMY_HASH;
    /* The first half salts the hash, the second is a password nobody knows. */
    for (int i = 0; i < 16; i++)
        snprintf(secret + 2 * i, 3, "%02x", rnd[16 + i]);
    const char *s = crypt_gensalt_rn("$2y$", bcrypt_cost, (const char *)rnd, 16, setting,
                                     (int)sizeof setting);
    bool made = s && s[0] != '*' && bcrypt_run(secret, setting, computed) &&
                strlen(computed) == BCRYPT_HASH_LENGTH;
    OPENSSL_cleanse(rnd, sizeof rnd);
    OPENSSL_cleanse(secret, sizeof secret);
    if (!made)
        return FALLBACK_DUMMY_HASH;
    memcpy(dummy, computed, BCRYPT_HASH_LENGTH + 1);
    dummy_cost = bcrypt_cost;
    return dummy;
}

char *password_new_salt(arena *a)
{
    unsigned char rnd[32];
    unsigned char b64[4 * ((sizeof rnd + 2) / 3) + 1]; /* 44 + NUL */
    if (RAND_bytes(rnd, (int)sizeof rnd) != 1)
        return NULL;
    int n = EVP_EncodeBlock(b64, rnd, (int)sizeof rnd);
    OPENSSL_cleanse(rnd, sizeof rnd);
    if (n <= 0)
        return NULL;
    while (n > 0 && b64[n - 1] == '=')
        n--;
    for (int i = 0; i < n; i++)
        if (b64[i] == '+')
            b64[i] = '.';
    return arena_strndup(a, (const char *)b64, (size_t)n);
}

bool api_key_generate(char out[API_KEY_HEX_LENGTH + 1])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char rnd[API_KEY_HEX_LENGTH / 2];
    if (RAND_bytes(rnd, (int)sizeof rnd) != 1) {
        out[0] = '\0';
        return false;
    }
    for (size_t i = 0; i < sizeof rnd; i++) {
        out[2 * i] = digits[rnd[i] >> 4];
        out[2 * i + 1] = digits[rnd[i] & 0xf];
    }
    out[API_KEY_HEX_LENGTH] = '\0';
    OPENSSL_cleanse(rnd, sizeof rnd);
    return true;
}
