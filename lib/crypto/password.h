/*
 * password.h - Chamilo's password formats and the API keys.
 *
 * Formats (20-users-messages.md §1.8.4, 60-implementation-notes.md):
 *   bcrypt  PHP password_hash: "$2y$NN$" + 53 chars. Verified with libxcrypt
 *           crypt_rn; "$2a$" and "$2b$" verify too. The salt column is unused.
 *   sha1    lower-case hex sha1 of "password{salt}" (of "password" when the
 *           salt is empty).
 *   md5     the same with md5.
 *   none    the literal "password{salt}" ("password" when the salt is empty).
 *
 * "Salt is empty" follows PHP's empty(): NULL, "" and "0". A non-empty salt
 * containing '{' or '}' is refused (Symfony throws "Cannot use { or } in
 * salt."): password_verify returns false and password_hash NULL.
 *
 * Every comparison of secrets is constant-time (CRYPTO_memcmp).
 * Passwords longer than PASSWORD_MAX_LENGTH bytes are refused, as Symfony's
 * encoders refuse them ("Invalid password.").
 *
 * Thread safety: reentrant. bcrypt keeps libxcrypt's 32 KiB struct
 * crypt_data on the stack, so call it on a thread with a normal stack.
 */
#ifndef CHAMILO_CRYPTO_PASSWORD_H
#define CHAMILO_CRYPTO_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

#define PASSWORD_MAX_LENGTH 4096
#define API_KEY_HEX_LENGTH 32

typedef enum password_scheme {
    PASSWORD_BCRYPT,
    PASSWORD_SHA1,
    PASSWORD_MD5,
    PASSWORD_NONE,
} password_scheme;

/* "bcrypt", "sha1", "md5", "none" -> scheme. Returns false for anything else. */
bool password_scheme_from_name(const char *name, password_scheme *out);
const char *password_scheme_name(password_scheme s);

/* UserManager::detectPasswordEncryption, used by password_conversion:
 * bcrypt only for exactly "$2y$04$" + 53 of [A-Za-z0-9./]; 32 hex digits
 * (either case) md5; 40 sha1; none when the hash ends with '}' and the text
 * between its first '{' and that '}' is the salt (NULL = ""; bytes compared,
 * PHP compares with ==, which differs only for numeric-looking salts).
 * Returns false when nothing matches (PHP then returns ""). */
bool password_detect_encryption(const char *stored_hash, const char *salt, password_scheme *out);

/* True when password (with salt, may be NULL or "") matches stored_hash under
 * scheme. False for any malformed input (NULL password or hash, a bcrypt
 * hash that is not 60 characters of $2a$/$2b$/$2y$), never aborts. bcrypt
 * uses the first 72 password bytes as PHP does; costs about 1 ms at cost 4. */
bool password_verify(password_scheme scheme, const char *password, const char *salt,
                     const char *stored_hash);

/* The value to store in user.password for a new password, in arena memory.
 * bcrypt_cost is used by PASSWORD_BCRYPT only (4..31): "$2y$NN$..." (60
 * chars), salt ignored. Returns NULL on failure (too long, bad cost or salt,
 * no randomness, OOM). */
char *password_hash(arena *a, password_scheme scheme, unsigned bcrypt_cost,
                    const char *password, const char *salt);

/* A bcrypt hash at bcrypt_cost that no password matches: verifying a
 * password against it costs what verifying against a real hash of that cost
 * does, so that an unknown login answers as slowly as a wrong password
 * (no user enumeration by timing). Made once per process and cost (the
 * first call pays one bcrypt hash: call it at start); a static string,
 * never NULL (a cost-4 one when randomness fails). Not thread-safe. */
const char *password_dummy_hash(unsigned bcrypt_cost);

/* A fresh user.salt as Chamilo makes it: base64 of 32 random bytes, '+'
 * replaced by '.', trailing '=' removed (43 characters). NULL on failure. */
char *password_new_salt(arena *a);

/* A new API key: 16 bytes from RAND_bytes as 32 lower-case hex characters
 * (the shape of Chamilo's md5 keys). out must hold 33 bytes. Returns false
 * when the CSPRNG fails; the caller then refuses to create a key. */
bool api_key_generate(char out[API_KEY_HEX_LENGTH + 1]);

/* Constant-time equality of two byte strings (the length is not secret).
 * False when either pointer is NULL. */
bool secure_equals(const char *a, size_t a_len, const char *b, size_t b_len);

#endif
