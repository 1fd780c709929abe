/*
 * php_lang_file.h - a strict reader of Chamilo's language files
 * (main/lang/<language>/<name>.inc.php), which are PHP scripts made only of
 * assignments of constant strings:
 *
 *   <?php
 *   // a comment, # a comment, a block comment
 *   $NotAllowed = "No está autorizado ...";
 *   $Quoted = 'single-quoted, \' and \\ only';
 *   $Joined = "first part " . 'second part';
 *   $langNameOfLang['spanish'] = "español";   (an array element: read, not reported)
 *   ?>
 *
 * Nothing is executed. A string is decoded as PHP decodes it: in double
 * quotes \n \t \r \v \e \f \\ \$ \" \NNN (octal) \xHH \u{H...} are escapes and
 * any other backslash stays; in single quotes only \' and \\. Anything else
 * (a variable interpolated into a double-quoted string, a heredoc, a
 * function call, a constant, a number, text before "<?php") is not a
 * language file: the whole file is refused, since PHP would run something
 * other than plain assignments.
 */
#ifndef CHAMILO_PHP_LANG_FILE_H
#define CHAMILO_PHP_LANG_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Called for each `$Name = <string>;` in file order (a later one with the
 * same name overrides, as in PHP). name and value point into a buffer that
 * is reused after the call: copy what you keep. value is not NUL-terminated
 * (it may hold NUL bytes written as \0). Return false to stop the reading
 * (reported as "stopped by the reader"). */
typedef bool (*php_lang_entry_fn)(void *ctx, const char *name, size_t name_len,
                                  const char *value, size_t value_len);

/* Reads text[0..len). Returns 0 when the whole file is plain assignments,
 * every one reported to on_entry; else -1 with "line N: reason" in err
 * (always NUL-terminated, truncated to errlen). Entries before the error
 * have been reported: a caller that refuses the whole file discards them.
 * Allocates one scratch buffer of len bytes (freed before returning); -1
 * with "out of memory" when that fails. */
int php_lang_file_read(const char *text, size_t len, php_lang_entry_fn on_entry, void *ctx,
                       char *err, size_t errlen);

#endif
