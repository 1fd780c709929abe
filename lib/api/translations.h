/*
 * translations.h - the catalogue's messages (messages.def) in the campus's
 * other languages, read from Chamilo's own language files.
 *
 * With the setting chamilo_root, every folder of <chamilo_root>/main/lang/
 * except english is a language (its folder name, as user.language and the
 * platform setting name it); its *.inc.php files are read in name order
 * with the strict reader of lib/php/php_lang_file.h, a later assignment
 * overriding an earlier one as in PHP. Only the texts of the catalogue are
 * kept: for each message, the language's text of the Chamilo key it comes
 * from ($Key, else $langKey, as get_lang looks them up), or nothing, and
 * then the message answers its English text (get_lang's fallback to the
 * English file, key by key). Messages that PHP does not pass through
 * get_lang (literal texts, our own) are never translated.
 *
 * A file that cannot be read or does not parse is named in one log line
 * and skipped whole; the other files of its language still count.
 *
 * Lifetime: one set per process, replaced whole by translations_load. The
 * master loads it before forking (the workers share its pages); a worker
 * that reloads gets its own copy. A language pointer is valid until the
 * next translations_load or translations_clear in the same process: hold
 * it for one request at most. Not thread-safe (one request at a time).
 */
#ifndef CHAMILO_API_TRANSLATIONS_H
#define CHAMILO_API_TRANSLATIONS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct translation_language translation_language;

/* Reads the language files under chamilo_root ("" = none: English only)
 * and makes them the current set. quiet: no log line for the files that
 * are skipped (a worker reloading what its master has already reported).
 * Returns 0; 1 when no file changed (same names, sizes and modification
 * times as the current set's: nothing is read again, the set stays); -1
 * when <chamilo_root>/main/lang cannot be listed (logged unless quiet) or
 * memory runs out (logged), and the current set stays. */
int translations_load(const char *chamilo_root, bool quiet);

/* Drops the current set (English only). */
void translations_clear(void);

/* The loaded language of that folder name (len bytes, not NUL-terminated);
 * NULL for english, a name with no readable file, or no set. */
const translation_language *translations_find(const char *name, size_t len);

/* True when name is english or a loaded language: a language a call can
 * answer in. */
bool translations_known(const char *name, size_t len);

/* The number of languages of the current set, and the bytes it holds. */
size_t translations_language_count(void);
size_t translations_bytes(void);

/* message in lang (NULL = English): its translation when the language has
 * one, else message itself. A message that is not one of the catalogue's
 * MSG_Key texts (a filled template, a value) is returned unchanged.
 * key_markup: an untranslated message that PHP answers as its bare key
 * (no English text exists, e.g. "NotDeleted") is answered "[=Key=]", as
 * get_lang does when server_type is test. */
const char *translations_text(const translation_language *lang, const char *message,
                              bool key_markup);

#endif
