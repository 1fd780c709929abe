/*
 * test_php_lang_file.c - the strict reader of Chamilo's language files
 * (lib/php/php_lang_file.c) and the catalogue's translations read from a
 * folder tree of them (lib/api/translations.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/messages.h"
#include "api/translations.h"
#include "php/php_lang_file.h"

/* Every entry read, as "name=value\n" (value bytes as they are). */
typedef struct dump {
    char text[4096];
    size_t len;
} dump;

static bool add_entry(void *ctx, const char *name, size_t name_len, const char *value,
                      size_t value_len)
{
    dump *d = ctx;
    assert_true(d->len + name_len + value_len + 2 < sizeof d->text);
    memcpy(d->text + d->len, name, name_len);
    d->len += name_len;
    d->text[d->len++] = '=';
    memcpy(d->text + d->len, value, value_len);
    d->len += value_len;
    d->text[d->len++] = '\n';
    d->text[d->len] = '\0';
    return true;
}

/* Reads src; returns the dump, or "ERROR <message>". */
static const char *read_text(const char *src, size_t len)
{
    static dump d;
    static char result[4200];
    memset(&d, 0, sizeof d);
    char err[256];
    if (php_lang_file_read(src, len, add_entry, &d, err, sizeof err) != 0) {
        assert_true(err[0] != '\0');
        snprintf(result, sizeof result, "ERROR %s", err);
        return result;
    }
    return d.text;
}

static const char *read_str(const char *src)
{
    return read_text(src, strlen(src));
}

static void test_plain_assignments(void **state)
{
    (void)state;
    assert_string_equal(read_str("<?php\n$A = \"one\";\n$B='two';\n$C =\t\"\" ;\n"),
                        "A=one\nB=two\nC=\n");
    /* Chamilo's header comment, a closing tag with one newline after it. */
    assert_string_equal(read_str("<?php /*\nfor more information: see languages.txt.\n*/\n"
                                 "$Title = \"Título\";\n?>\n"),
                        "Title=Título\n");
    assert_string_equal(read_str("<?php"), "");
    /* Names PHP allows: letters, digits after the first, '_', bytes >= 0x80. */
    assert_string_equal(read_str("<?php $_x9 = 'a'; $\xc3\xa9 = 'b';"), "_x9=a\n\xc3\xa9=b\n");
}

static void test_double_quoted_escapes(void **state)
{
    (void)state;
    assert_string_equal(read_str("<?php $A = \"say \\\"hi\\\"\";"), "A=say \"hi\"\n");
    assert_string_equal(read_str("<?php $A = \"a\\nb\\tc\\\\d\\$e\";"), "A=a\nb\tc\\d$e\n");
    assert_string_equal(read_str("<?php $A = \"\\x41\\101\\u{e9}\\u{1F600}\";"),
                        "A=AA\xc3\xa9\xf0\x9f\x98\x80\n");
    /* Not an escape: the backslash stays, as in PHP. */
    assert_string_equal(read_str("<?php $A = \"C:\\dir\\'x\\x\";"), "A=C:\\dir\\'x\\x\n");
    /* A '$' not followed by a name, and '{' not followed by '$', are text. */
    assert_string_equal(read_str("<?php $A = \"cost: 5$ {a} %s\";"), "A=cost: 5$ {a} %s\n");
    /* A newline inside the string is kept. */
    assert_string_equal(read_str("<?php $A = \"two\nlines\";"), "A=two\nlines\n");
}

static void test_single_quoted_escapes(void **state)
{
    (void)state;
    assert_string_equal(read_str("<?php $A = 'it\\'s \\\\ \\n $B {$c}';"),
                        "A=it's \\ \\n $B {$c}\n");
}

static void test_concatenation(void **state)
{
    (void)state;
    assert_string_equal(read_str("<?php $A = \"one \" . 'two' .\n  \" three\";"),
                        "A=one two three\n");
}

static void test_comments(void **state)
{
    (void)state;
    assert_string_equal(read_str("<?php\n// line $X = 'no';\n# hash\n/* block\n$Y = 'no'; */\n"
                                 "$A = 'yes'; // after\n$B /* inside */ = /* */ 'b';"),
                        "A=yes\nB=b\n");
    /* A line comment ends before "?>". */
    assert_string_equal(read_str("<?php $A = 'a'; // c ?>"), "A=a\n");
}

static void test_array_elements_are_read_not_reported(void **state)
{
    (void)state;
    assert_string_equal(read_str("<?php $langNameOfLang['spanish'] = \"español\"; $A = 'a';"),
                        "A=a\n");
}

static void test_malformed(void **state)
{
    (void)state;
    const char *refused[] = {
        "",
        "<?ph",
        " <?php $A = 'a';",              /* text before the tag is printed by PHP */
        "<?phpx",
        "<?php $A = \"$B\";",            /* interpolation */
        "<?php $A = \"{$B}\";",
        "<?php $A = \"${B}\";",
        "<?php $A = 'a'",                /* no ';' */
        "<?php $A = 'a",                 /* unterminated */
        "<?php $A = \"a\\\";",
        "<?php /* open",
        "<?php $A == 'a';",
        "<?php $A = B;",                 /* a constant */
        "<?php $A = 12;",
        "<?php $A = f('x');",
        "<?php $A = <<<EOT\nx\nEOT;\n",
        "<?php $A = 'a' . ;",
        "<?php $A = 'a' 'b';",
        "<?php echo 'x';",
        "<?php $ = 'a';",
        "<?php $9 = 'a';",
        "<?php $this = 'a';",
        "<?php $A['k' = 'a';",
        "<?php $A = 'a'; ?> trailing",
        "<?php $A = \"\\u{110000}\";",
        "<?php $A = \"\\u{}\";",
        "<?php $A = \"\\u{41\";",
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        const char *got = read_str(refused[i]);
        if (strncmp(got, "ERROR line ", 11) != 0)
            fail_msg("accepted: %s -> %s", refused[i], got);
    }
    /* The message names the line. */
    assert_string_equal(read_str("<?php\n$A = 'a';\n\n$B = C;\n"),
                        "ERROR line 4: expected a quoted string");
    /* A NUL byte inside a string is a byte of the value. */
    assert_string_equal(read_text("<?php $A = 'a\0b';", 17), "A=a");
}

static bool stop_at_second(void *ctx, const char *name, size_t name_len, const char *value,
                           size_t value_len)
{
    (void)name, (void)name_len, (void)value, (void)value_len;
    return ++*(int *)ctx < 2;
}

static void test_reader_can_stop(void **state)
{
    (void)state;
    int seen = 0;
    char err[64];
    assert_int_equal(php_lang_file_read("<?php $A='a'; $B='b'; $C='c';", 29, stop_at_second, &seen,
                                        err, sizeof err),
                     -1);
    assert_int_equal(seen, 2);
    assert_non_null(strstr(err, "stopped by the reader"));
}

/* ---- translations read from a folder tree ---- */

static char root[64];

static void write_file(const char *rel, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int make_tree(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/test_lang_XXXXXX");
    if (!mkdtemp(root))
        return -1;
    char path[256];
    const char *dirs[] = {"main", "main/lang", "main/lang/spanish", "main/lang/french",
                          "main/lang/english", "main/lang/Bad Name", "main/lang/broken"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
        if (mkdir(path, 0755) != 0)
            return -1;
    }
    return 0;
}

static int remove_tree(void **state)
{
    (void)state;
    translations_clear();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_translations_from_a_tree(void **state)
{
    (void)state;
    write_file("main/lang/spanish/trad4all.inc.php",
               "<?php\n$NotAllowed = \"No permitido\";\n$langNoCourse = 'Sin curso (alias)';\n"
               "$InvalidApiKey = 'Clave API no válida';\n$UnsupportedUpdate = \"No soportado.\";\n"
               "$NotDeleted = 'No borrado';\n$DatabaseError = 'never used';\n"
               "$UnusedKey = 'not kept';\n");
    /* A later file overrides; $Key wins over $langKey whatever the order. */
    write_file("main/lang/spanish/zz_custom.inc.php",
               "<?php $InvalidApiKey = 'Clave no válida'; $langNotAllowed = 'alias loses';");
    /* Skipped whole: its first entry does not count either. */
    write_file("main/lang/spanish/bad.inc.php", "<?php $NoSession = 'kept?'; $X = $Y;");
    write_file("main/lang/french/trad4all.inc.php", "<?php $NotAllowed = 'Non autorisé';");
    write_file("main/lang/english/trad4all.inc.php", "<?php $NotAllowed = 'custom English';");
    write_file("main/lang/broken/trad4all.inc.php", "not php");

    assert_int_equal(translations_load(root, true), 0);
    assert_int_equal(translations_language_count(), 2); /* spanish, french */
    assert_true(translations_bytes() > 0);
    const translation_language *es = translations_find("spanish", 7);
    assert_non_null(es);
    assert_null(translations_find("english", 7));
    assert_null(translations_find("broken", 6));
    assert_null(translations_find("span", 4));
    assert_true(translations_known("english", 7));
    assert_true(translations_known("french", 6));
    assert_false(translations_known("german", 6));

    assert_string_equal(translations_text(es, MSG_NotAllowed, false), "No permitido");
    assert_string_equal(translations_text(es, MSG_NoCourse, false), "Sin curso (alias)");
    assert_string_equal(translations_text(es, MSG_InvalidApiKey, false), "Clave no válida");
    /* Composed: PHP's own text around the key. */
    assert_string_equal(translations_text(es, MSG_UnsupportedUpdateOf, false),
                        "No soportado. '%s'");
    assert_string_equal(translations_text(es, MSG_NotDeleted, true), "No borrado");
    /* Literal messages are never translated. */
    assert_ptr_equal(translations_text(es, MSG_DatabaseError, false), MSG_DatabaseError);
    /* English, message by message. */
    assert_ptr_equal(translations_text(es, MSG_NoSession, false), MSG_NoSession);
    assert_ptr_equal(translations_text(NULL, MSG_NotAllowed, false), MSG_NotAllowed);
    /* A bare key without translation: [=Key=] when asked. */
    assert_string_equal(translations_text(es, MSG_NoDataAvailable, true), "[=NoDataAvailable=]");
    assert_string_equal(translations_text(NULL, MSG_PluginConfigured, true),
                        "[=Plugin configured=]");
    assert_ptr_equal(translations_text(NULL, MSG_PluginConfigured, false), MSG_PluginConfigured);
    /* Not a catalogue text (a copy): unchanged. */
    char copy[64];
    snprintf(copy, sizeof copy, "%s", MSG_NotAllowed);
    assert_ptr_equal(translations_text(es, copy, false), copy);

    /* Nothing changed: nothing is read again. */
    assert_int_equal(translations_load(root, true), 1);
    assert_ptr_equal(translations_find("spanish", 7), es);
    /* A reload replaces the set; a missing tree keeps the old one. */
    write_file("main/lang/spanish/zz_custom.inc.php", "<?php $InvalidApiKey = 'Otra clave';");
    assert_int_equal(translations_load(root, true), 0);
    es = translations_find("spanish", 7);
    assert_string_equal(translations_text(es, MSG_InvalidApiKey, false), "Otra clave");
    assert_int_equal(translations_load("/nonexistent/chamilo", true), -1);
    assert_non_null(translations_find("spanish", 7));
    assert_int_equal(translations_load("", true), 0);
    assert_null(translations_find("spanish", 7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_assignments),
        cmocka_unit_test(test_double_quoted_escapes),
        cmocka_unit_test(test_single_quoted_escapes),
        cmocka_unit_test(test_concatenation),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_array_elements_are_read_not_reported),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_reader_can_stop),
        cmocka_unit_test_setup_teardown(test_translations_from_a_tree, make_tree, remove_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
