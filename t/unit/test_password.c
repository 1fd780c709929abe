/*
 * test_password.c - Chamilo password formats and API keys against PHP.
 *
 * The bcrypt hashes below were produced by PHP 8.2.36 (Debian 12 php-cli)
 * password_hash(..., PASSWORD_BCRYPT, ["cost" => N]) and crypt() (for the
 * fixed-salt $2a$/$2b$/$2y$ vectors); the sha1/md5 vectors by PHP's sha1() /
 * md5() of "password{salt}" as Symfony's MessageDigestPasswordEncoder builds
 * it; the detection vectors by UserManager::detectPasswordEncryption (Chamilo
 * 1.11) run under the same PHP. php-cli is not needed to run the tests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "crypto/password.h"

/* PHP: password_hash("admin", PASSWORD_BCRYPT, ["cost" => 4]) */
#define ADMIN_C4 "$2y$04$WROXeX7Iugpf1EaF/KjyJ.x3zp8E4jpiKKvjwO3xCvcMw7mXZsFMC"
/* PHP: password_hash("pässwörd€😀", PASSWORD_BCRYPT, ["cost" => 4]) */
#define UNICODE_PW "p\xc3\xa4ssw\xc3\xb6rd\xe2\x82\xac\xf0\x9f\x98\x80"
#define UNICODE_C4 "$2y$04$HsHUzNr07aGWU38XfgfBPOtjDaNUJl./zxjp4yRefFt.99VBUvTqW"
/* PHP: password_hash(LONG72 . "TAIL", ...), LONG72 = 7 x "0123456789" . "ab"
 * (72 bytes). password_verify(LONG72, that hash) === true: bcrypt reads 72 bytes. */
#define LONG72 "0123456789012345678901234567890123456789012345678901234567890123456789ab"
#define LONG72_TAIL_C4 "$2y$04$XcFbRG9juofUgjvT67U/nelK4sq7tv59qZ1h6DB2ngb/zgCEftNfK"
/* PHP: password_hash(str_repeat("x", 600), ...): beyond libxcrypt's 512-byte limit. */
#define X600_C4 "$2y$04$6YUifzntq55hl8OvOzbUDOdoUYysnYJvDNYMjnAaD9UiC76bDiXIa"
/* PHP: password_hash(str_repeat("a", 4096), ...): the longest accepted password. */
#define A4096_C4 "$2y$04$/D1bCwcjE3pF4yQpa6W/se08iULNDoUJbD71aPiqLvILs/FLLlI86"
/* PHP: password_hash("secret", PASSWORD_BCRYPT, ["cost" => 10]) */
#define SECRET_C10 "$2y$10$CJ.wzG7p/x.JpH2hshHjY.8Up.JRVJqcV7gzIHD0wBJlZaemAW3ke"
/* PHP: crypt("pässwörd", '$2a$04$abcdefghijklmnopqrstuu') and the same with
 * $2b$ / $2y$: identical hash part. */
#define PASSWORD_UML "p\xc3\xa4ssw\xc3\xb6rd"
#define UML_2A "$2a$04$abcdefghijklmnopqrstuuyx2n0Zzopyr9QuYTMCfOJJOj526QVoC"
#define UML_2B "$2b$04$abcdefghijklmnopqrstuuyx2n0Zzopyr9QuYTMCfOJJOj526QVoC"
#define UML_2Y "$2y$04$abcdefghijklmnopqrstuuyx2n0Zzopyr9QuYTMCfOJJOj526QVoC"
/* PHP: crypt("admin", '$2a$05$0123456789ABCDEFGHIJKu') and $2b$ */
#define ADMIN_2A "$2a$05$0123456789ABCDEFGHIJKu1c/bwBQzAkVcJoj7FxQMkeuLtBWCDVa"
#define ADMIN_2B "$2b$05$0123456789ABCDEFGHIJKu1c/bwBQzAkVcJoj7FxQMkeuLtBWCDVa"
/* PHP: crypt("\xff\xa3" . "34" . "\xff\xff\xff\xa3" . "345", '$2a$05$/OK.fbVrR/bpIqNJ5ianF.')
 * and with $2b$: $2a$ keeps crypt_blowfish's countermeasure for the old
 * sign-extension bug, so the two differ. */
#define FF_PW "\xff\xa3" "34" "\xff\xff\xff\xa3" "345"
#define FF_2A "$2a$05$/OK.fbVrR/bpIqNJ5ianF.ZC1JEJ8Z4gPfpe1JOr/oyPXTWl9EFd."
#define FF_2B "$2b$05$/OK.fbVrR/bpIqNJ5ianF.o./n25XVfn6oAPaUvHe.Csk4zRfsYPi"

/* PHP: sha1("secret{salt}"), sha1("secret"), md5("secret{salt}"), md5("secret") */
#define SHA1_SALTED "b0dd94c84e784ddb1e9a83c8a2e8f403846647b9"
#define SHA1_BARE "e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4"
#define MD5_SALTED "0b03c1839d09a41231bc6f726750d040"
#define MD5_BARE "5ebe2294ecd0e0f08eab7690d2a6ee69"
/* A salt as Chamilo makes it: rtrim(strtr(base64_encode(random_bytes(32)), '+', '.'), '='). */
#define REAL_SALT "Nykee.FScYdqqBgGOvz6iJS/2wpSlUAN.B70dAMSI3w"
/* PHP: sha1("admin{" . REAL_SALT . "}"), md5(...), sha1("pässwörd{" . REAL_SALT . "}") */
#define SHA1_ADMIN_REAL "4c450280d2005f9e0545d151920156f7fbd8bde3"
#define MD5_ADMIN_REAL "53cb77f0985138ba12da08e946fccec9"
#define SHA1_UML_REAL "363435e8ac457ed552e699ea179c101b68e300a7"
/* PHP: sha1(str_repeat("a", 4096)) */
#define SHA1_A4096 "8c51fb6a0b587ec95ca74acfa43df7539b486297"

static int setup_arena(void **state)
{
    arena *a = arena_create(4096);
    if (!a)
        return -1;
    *state = a;
    return 0;
}

static int teardown_arena(void **state)
{
    arena_destroy(*state);
    return 0;
}

/* n copies of c, malloc'd and NUL-terminated. */
static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void test_scheme_names(void **state)
{
    (void)state;
    static const char *names[] = {"bcrypt", "sha1", "md5", "none"};
    for (size_t i = 0; i < 4; i++) {
        password_scheme s;
        assert_true(password_scheme_from_name(names[i], &s));
        assert_string_equal(password_scheme_name(s), names[i]);
    }
    password_scheme s = PASSWORD_MD5;
    assert_false(password_scheme_from_name("BCRYPT", &s));
    assert_false(password_scheme_from_name("sha256", &s));
    assert_false(password_scheme_from_name("", &s));
    assert_false(password_scheme_from_name(NULL, &s));
    assert_int_equal(s, PASSWORD_MD5);
}

static void test_detect_encryption_like_chamilo(void **state)
{
    (void)state;
    /* UserManager::detectPasswordEncryption($encoded, $salt) under PHP 8.2. */
    static const struct {
        const char *encoded, *salt;
        bool found;
        password_scheme scheme;
    } v[] = {
        {ADMIN_C4, "", true, PASSWORD_BCRYPT},
        {SECRET_C10, "", false, 0},                 /* only cost 04 is recognised */
        {UML_2A, "", false, 0},                     /* only $2y$ */
        {"5EBE2294ECD0E0F08EAB7690D2A6EE69", "x", true, PASSWORD_MD5},
        {SHA1_BARE, "x", true, PASSWORD_SHA1},
        {"secret{salt}", "salt", true, PASSWORD_NONE},
        {"secret{salt}", "pepper", false, 0},
        {"{}", "", true, PASSWORD_NONE},
        {"a{b{c}", "b{c", true, PASSWORD_NONE},     /* from the first '{' */
        {"secret", "", false, 0},
        {"", "", false, 0},
        {"5ebe2294ecd0e0f08eab7690d2a6ee6g", "", false, 0},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        password_scheme s = PASSWORD_SHA1;
        bool found = password_detect_encryption(v[i].encoded, v[i].salt, &s);
        assert_int_equal(found, v[i].found);
        if (found)
            assert_int_equal(s, v[i].scheme);
    }
    password_scheme s;
    assert_true(password_detect_encryption("{}", NULL, &s));
    assert_false(password_detect_encryption(NULL, "", &s));
}

static void test_bcrypt_php_vectors(void **state)
{
    (void)state;
    assert_true(password_verify(PASSWORD_BCRYPT, "admin", NULL, ADMIN_C4));
    assert_true(password_verify(PASSWORD_BCRYPT, "admin", "ignored salt", ADMIN_C4));
    assert_true(password_verify(PASSWORD_BCRYPT, UNICODE_PW, "", UNICODE_C4));
    assert_true(password_verify(PASSWORD_BCRYPT, "secret", NULL, SECRET_C10));
    assert_true(password_verify(PASSWORD_BCRYPT, PASSWORD_UML, NULL, UML_2A));
    assert_true(password_verify(PASSWORD_BCRYPT, PASSWORD_UML, NULL, UML_2B));
    assert_true(password_verify(PASSWORD_BCRYPT, PASSWORD_UML, NULL, UML_2Y));
    assert_true(password_verify(PASSWORD_BCRYPT, "admin", NULL, ADMIN_2A));
    assert_true(password_verify(PASSWORD_BCRYPT, "admin", NULL, ADMIN_2B));
    assert_true(password_verify(PASSWORD_BCRYPT, FF_PW, NULL, FF_2A));
    assert_true(password_verify(PASSWORD_BCRYPT, FF_PW, NULL, FF_2B));
}

static void test_bcrypt_wrong_passwords(void **state)
{
    (void)state;
    assert_false(password_verify(PASSWORD_BCRYPT, "Admin", NULL, ADMIN_C4));
    assert_false(password_verify(PASSWORD_BCRYPT, "admin ", NULL, ADMIN_C4));
    assert_false(password_verify(PASSWORD_BCRYPT, "", NULL, ADMIN_C4));
    assert_false(password_verify(PASSWORD_BCRYPT, "secret", NULL, ADMIN_C4));
    assert_false(password_verify(PASSWORD_BCRYPT, PASSWORD_UML "x", NULL, UML_2Y));
    /* Only the ASCII-folded form of an 8-bit password: must not match. */
    assert_false(password_verify(PASSWORD_BCRYPT, "passwrd", NULL, UML_2Y));
}

static void test_bcrypt_truncation_at_72_bytes(void **state)
{
    (void)state;
    /* Like PHP: only the first 72 bytes count. */
    assert_true(password_verify(PASSWORD_BCRYPT, LONG72 "TAIL", NULL, LONG72_TAIL_C4));
    assert_true(password_verify(PASSWORD_BCRYPT, LONG72, NULL, LONG72_TAIL_C4));
    assert_true(password_verify(PASSWORD_BCRYPT, LONG72 "other tail", NULL, LONG72_TAIL_C4));
    /* 71 bytes is a different password. */
    char short71[72];
    memcpy(short71, LONG72, 71);
    short71[71] = '\0';
    assert_false(password_verify(PASSWORD_BCRYPT, short71, NULL, LONG72_TAIL_C4));

    /* libxcrypt alone refuses phrases of 512+ bytes; PHP does not. */
    char *x600 = repeat('x', 600);
    assert_true(password_verify(PASSWORD_BCRYPT, x600, NULL, X600_C4));
    free(x600);

    char *a4096 = repeat('a', PASSWORD_MAX_LENGTH);
    assert_true(password_verify(PASSWORD_BCRYPT, a4096, NULL, A4096_C4));
    free(a4096);
}

static void test_bcrypt_malformed_hashes(void **state)
{
    (void)state;
    static const char *bad[] = {
        "",
        "$2y$04$",
        "$2y$04$WROXeX7Iugpf1EaF/KjyJ.x3zp8E4jpiKKvjwO3xCvcMw7mXZsFM",   /* 59 chars */
        "$2y$04$WROXeX7Iugpf1EaF/KjyJ.x3zp8E4jpiKKvjwO3xCvcMw7mXZsFMCC", /* 61 chars */
        "$2y$03$WROXeX7Iugpf1EaF/KjyJ.x3zp8E4jpiKKvjwO3xCvcMw7mXZsFMC",  /* cost 3 */
        "$2y$4$$WROXeX7Iugpf1EaF/KjyJ.x3zp8E4jpiKKvjwO3xCvcMw7mXZsFMC",
        "$2z$04$WROXeX7Iugpf1EaF/KjyJ.x3zp8E4jpiKKvjwO3xCvcMw7mXZsFMC",
        "$2x$04$WROXeX7Iugpf1EaF/KjyJ.x3zp8E4jpiKKvjwO3xCvcMw7mXZsFMC",
        "$1$saltsalt$MrdPgeDyKy5IGLXzgPhnE/",                            /* md5-crypt */
        "$6$salt$IxDD3jeSOb5eB1CX5LBsqZFVkJdido3OUILO5Ifz5iwMuTS4XMS130MTSuDDl3aCI6WouIL9AjRbLCelDCy.g.",
        "ab01FAKEdes",
        SHA1_BARE,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(password_verify(PASSWORD_BCRYPT, "admin", NULL, bad[i]));
    assert_false(password_verify(PASSWORD_BCRYPT, NULL, NULL, ADMIN_C4));
    assert_false(password_verify(PASSWORD_BCRYPT, "admin", NULL, NULL));
}

static void test_bcrypt_hash_round_trip(void **state)
{
    arena *a = *state;
    char *h1 = password_hash(a, PASSWORD_BCRYPT, 4, "admin", "salt is ignored");
    char *h2 = password_hash(a, PASSWORD_BCRYPT, 4, "admin", NULL);
    assert_non_null(h1);
    assert_non_null(h2);
    assert_int_equal(strlen(h1), 60);
    assert_memory_equal(h1, "$2y$04$", 7);
    assert_string_not_equal(h1, h2); /* fresh salt each time */
    assert_true(password_verify(PASSWORD_BCRYPT, "admin", NULL, h1));
    assert_true(password_verify(PASSWORD_BCRYPT, "admin", NULL, h2));
    assert_false(password_verify(PASSWORD_BCRYPT, "admin2", NULL, h1));
    /* What Chamilo's own detection accepts for password_conversion. */
    password_scheme s;
    assert_true(password_detect_encryption(h1, "", &s));
    assert_int_equal(s, PASSWORD_BCRYPT);

    char *h5 = password_hash(a, PASSWORD_BCRYPT, 5, UNICODE_PW, NULL);
    assert_non_null(h5);
    assert_memory_equal(h5, "$2y$05$", 7);
    assert_true(password_verify(PASSWORD_BCRYPT, UNICODE_PW, NULL, h5));

    char *x600 = repeat('x', 600);
    char *hl = password_hash(a, PASSWORD_BCRYPT, 4, x600, NULL);
    assert_non_null(hl);
    x600[100] = 'y'; /* beyond byte 72: still the same password for bcrypt */
    assert_true(password_verify(PASSWORD_BCRYPT, x600, NULL, hl));
    free(x600);

    assert_null(password_hash(a, PASSWORD_BCRYPT, 3, "admin", NULL));
    assert_null(password_hash(a, PASSWORD_BCRYPT, 32, "admin", NULL));
    assert_null(password_hash(a, PASSWORD_BCRYPT, 4, NULL, NULL));
}

static void test_digest_php_vectors(void **state)
{
    arena *a = *state;
    assert_true(password_verify(PASSWORD_SHA1, "secret", "salt", SHA1_SALTED));
    assert_true(password_verify(PASSWORD_SHA1, "secret", "", SHA1_BARE));
    assert_true(password_verify(PASSWORD_SHA1, "secret", NULL, SHA1_BARE));
    assert_true(password_verify(PASSWORD_MD5, "secret", "salt", MD5_SALTED));
    assert_true(password_verify(PASSWORD_MD5, "secret", NULL, MD5_BARE));
    assert_true(password_verify(PASSWORD_SHA1, "admin", REAL_SALT, SHA1_ADMIN_REAL));
    assert_true(password_verify(PASSWORD_MD5, "admin", REAL_SALT, MD5_ADMIN_REAL));
    assert_true(password_verify(PASSWORD_SHA1, PASSWORD_UML, REAL_SALT, SHA1_UML_REAL));
    /* PHP's empty("0") is true: salt "0" is no salt. */
    assert_true(password_verify(PASSWORD_SHA1, "secret", "0", SHA1_BARE));

    assert_false(password_verify(PASSWORD_SHA1, "secret", "salt", SHA1_BARE));
    assert_false(password_verify(PASSWORD_SHA1, "secret", NULL, SHA1_SALTED));
    assert_false(password_verify(PASSWORD_SHA1, "Secret", "salt", SHA1_SALTED));
    assert_false(password_verify(PASSWORD_MD5, "secret", "salt", SHA1_SALTED));
    assert_false(password_verify(PASSWORD_SHA1, "secret", "salt", MD5_SALTED));
    /* Symfony compares the hex strings exactly (hash_equals). */
    assert_false(password_verify(PASSWORD_MD5, "secret", NULL, "5EBE2294ECD0E0F08EAB7690D2A6EE69"));
    assert_false(password_verify(PASSWORD_SHA1, "secret", "salt", SHA1_SALTED "0"));

    assert_string_equal(password_hash(a, PASSWORD_SHA1, 0, "secret", "salt"), SHA1_SALTED);
    assert_string_equal(password_hash(a, PASSWORD_SHA1, 0, "secret", NULL), SHA1_BARE);
    assert_string_equal(password_hash(a, PASSWORD_MD5, 0, "secret", "salt"), MD5_SALTED);
    assert_string_equal(password_hash(a, PASSWORD_MD5, 0, "secret", ""), MD5_BARE);
    assert_string_equal(password_hash(a, PASSWORD_SHA1, 0, "admin", REAL_SALT), SHA1_ADMIN_REAL);
    assert_string_equal(password_hash(a, PASSWORD_MD5, 0, "admin", REAL_SALT), MD5_ADMIN_REAL);
}

static void test_plaintext(void **state)
{
    arena *a = *state;
    assert_true(password_verify(PASSWORD_NONE, "secret", "salt", "secret{salt}"));
    assert_true(password_verify(PASSWORD_NONE, "secret", NULL, "secret"));
    assert_true(password_verify(PASSWORD_NONE, "secret", "0", "secret"));
    assert_true(password_verify(PASSWORD_NONE, "", "salt", "{salt}"));
    assert_false(password_verify(PASSWORD_NONE, "secret", "salt", "secret"));
    assert_false(password_verify(PASSWORD_NONE, "secret", NULL, "secret{salt}"));
    assert_false(password_verify(PASSWORD_NONE, "secret", "salt", "secret{salt]"));
    assert_false(password_verify(PASSWORD_NONE, "secret", "salt", "secret[salt}"));
    assert_false(password_verify(PASSWORD_NONE, "secreT", "salt", "secret{salt}"));
    assert_false(password_verify(PASSWORD_NONE, "secret", "salT", "secret{salt}"));

    assert_string_equal(password_hash(a, PASSWORD_NONE, 0, "secret", "salt"), "secret{salt}");
    assert_string_equal(password_hash(a, PASSWORD_NONE, 0, "secret", NULL), "secret");
    assert_string_equal(password_hash(a, PASSWORD_NONE, 0, "secret", "0"), "secret");
}

static void test_braces_in_salt_refused(void **state)
{
    arena *a = *state;
    /* Symfony: "Cannot use { or } in salt." */
    static const password_scheme schemes[] = {PASSWORD_SHA1, PASSWORD_MD5, PASSWORD_NONE};
    for (size_t i = 0; i < 3; i++) {
        assert_null(password_hash(a, schemes[i], 0, "secret", "a{b"));
        assert_null(password_hash(a, schemes[i], 0, "secret", "a}b"));
    }
    assert_false(password_verify(PASSWORD_NONE, "secret", "a}b", "secret{a}b}"));
    assert_false(password_verify(PASSWORD_SHA1, "secret", "{", SHA1_BARE));
    /* bcrypt ignores the salt entirely. */
    assert_true(password_verify(PASSWORD_BCRYPT, "admin", "{}", ADMIN_C4));
}

static void test_length_limit(void **state)
{
    arena *a = *state;
    char *max = repeat('a', PASSWORD_MAX_LENGTH);
    char *over = repeat('a', PASSWORD_MAX_LENGTH + 1);

    assert_true(password_verify(PASSWORD_SHA1, max, NULL, SHA1_A4096));
    assert_string_equal(password_hash(a, PASSWORD_SHA1, 0, max, NULL), SHA1_A4096);
    assert_non_null(password_hash(a, PASSWORD_BCRYPT, 4, max, NULL));

    static const password_scheme schemes[] = {PASSWORD_BCRYPT, PASSWORD_SHA1, PASSWORD_MD5,
                                              PASSWORD_NONE};
    for (size_t i = 0; i < 4; i++)
        assert_null(password_hash(a, schemes[i], 4, over, NULL));
    /* Even where the stored value would match, the encoder refuses. */
    assert_false(password_verify(PASSWORD_NONE, over, NULL, over));
    /* bcrypt would only read 72 bytes of it, but Symfony refuses first. */
    assert_false(password_verify(PASSWORD_BCRYPT, over, NULL, A4096_C4));
    free(max);
    free(over);
}

static void test_new_salt(void **state)
{
    arena *a = *state;
    char *prev = NULL;
    for (int i = 0; i < 200; i++) {
        char *s = password_new_salt(a);
        assert_non_null(s);
        assert_int_equal(strlen(s), 43);
        assert_null(strchr(s, '+'));
        assert_null(strchr(s, '='));
        for (const char *p = s; *p; p++) {
            bool ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                      (*p >= '0' && *p <= '9') || *p == '.' || *p == '/';
            assert_true(ok);
        }
        if (prev)
            assert_string_not_equal(s, prev);
        prev = s;
    }
}

static void test_api_keys(void **state)
{
    (void)state;
    char k1[API_KEY_HEX_LENGTH + 1], k2[API_KEY_HEX_LENGTH + 1];
    for (int i = 0; i < 100; i++) {
        assert_true(api_key_generate(k1));
        assert_true(api_key_generate(k2));
        assert_int_equal(strlen(k1), 32);
        assert_int_equal(strlen(k2), 32);
        for (int j = 0; j < 32; j++) {
            bool ok = (k1[j] >= '0' && k1[j] <= '9') || (k1[j] >= 'a' && k1[j] <= 'f');
            assert_true(ok);
        }
        assert_string_not_equal(k1, k2);
        /* The shape Chamilo's own md5 keys have, so detection calls it md5. */
        password_scheme detected;
        assert_true(password_detect_encryption(k1, "", &detected));
        assert_int_equal(detected, PASSWORD_MD5);
    }
}

static void test_secure_equals(void **state)
{
    (void)state;
    assert_true(secure_equals("abc", 3, "abc", 3));
    assert_true(secure_equals("", 0, "", 0));
    assert_true(secure_equals("a\0b", 3, "a\0b", 3));
    assert_false(secure_equals("a\0b", 3, "a\0c", 3));
    assert_false(secure_equals("abc", 3, "abd", 3));
    assert_false(secure_equals("abc", 3, "abcd", 4));
    assert_false(secure_equals(NULL, 0, "", 0));
    assert_false(secure_equals("", 0, NULL, 0));
}

/* The hash an unknown login is checked against: of the configured cost,
 * made once, matched by nothing. */
static void test_dummy_hash(void **state)
{
    (void)state;
    const char *dummy = password_dummy_hash(5);
    assert_int_equal(strlen(dummy), 60);
    assert_memory_equal(dummy, "$2y$05$", 7);
    assert_ptr_equal(password_dummy_hash(5), dummy); /* made once */
    assert_false(password_verify(PASSWORD_BCRYPT, "", NULL, dummy));
    assert_false(password_verify(PASSWORD_BCRYPT, "admin", NULL, dummy));
    assert_memory_equal(password_dummy_hash(6), "$2y$06$", 7); /* another cost: made again */
    assert_memory_equal(password_dummy_hash(3), "$2y$04$", 7); /* no such cost: the fallback */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scheme_names),
        cmocka_unit_test(test_detect_encryption_like_chamilo),
        cmocka_unit_test(test_bcrypt_php_vectors),
        cmocka_unit_test(test_bcrypt_wrong_passwords),
        cmocka_unit_test(test_bcrypt_truncation_at_72_bytes),
        cmocka_unit_test(test_bcrypt_malformed_hashes),
        cmocka_unit_test_setup_teardown(test_bcrypt_hash_round_trip, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_digest_php_vectors, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_plaintext, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_braces_in_salt_refused, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_length_limit, setup_arena, teardown_arena),
        cmocka_unit_test_setup_teardown(test_new_salt, setup_arena, teardown_arena),
        cmocka_unit_test(test_api_keys),
        cmocka_unit_test(test_secure_equals),
        cmocka_unit_test(test_dummy_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
