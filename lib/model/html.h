/*
 * html.h - HTML as Chamilo's Display helpers write it (30-courses.md §4.9):
 * escaped text, tags with their attributes, icons, and file sizes.
 */
#ifndef CHAMILO_MODEL_HTML_H
#define CHAMILO_MODEL_HTML_H

#include <stdint.h>

#include "core/strbuf.h"

/* htmlspecialchars(s) with PHP 8's default flags: & < > " and ' (as &#039;). */
void html_escape_append(strbuf *sb, const char *s);

/* Display::tag's opening: "<tag " then name="escaped value" followed by a
 * space for each pair (NULL-terminated list of name, value), then ">" - or,
 * for "img", " />" after the attributes (two spaces before "/>"). */
void html_open_tag_append(strbuf *sb, const char *tag, const char *const *attributes);

/* SIZE(n), format_file_size: "<n>B", or n in k, M, G (1024 based) with at
 * most two decimals and no trailing zeros: "1.5M", "2M", "10.25k". */
void html_file_size_append(strbuf *sb, int64_t bytes);

#endif
