/*
 * php_print_r.c - see php_print_r.h.
 */
#include "php/php_print_r.h"

static void put_spaces(strbuf *sb, int n)
{
    for (int i = 0; i < n; i++)
        sb_putc(sb, ' ');
}

static void print_r_at(strbuf *sb, const php_value *v, int indent)
{
    if (v->kind == PHP_STRING) {
        sb_append(sb, v->str, v->len);
        return;
    }
    sb_append(sb, "Array\n", 6);
    put_spaces(sb, indent);
    sb_append(sb, "(\n", 2);
    for (const php_entry *e = v->arr->first; e; e = e->next) {
        put_spaces(sb, indent + 4);
        sb_putc(sb, '[');
        sb_append(sb, e->key, e->key_len);
        sb_append(sb, "] => ", 5);
        print_r_at(sb, e->value, indent + 8);
        sb_putc(sb, '\n');
    }
    put_spaces(sb, indent);
    sb_append(sb, ")\n", 2);
}

void php_print_r(strbuf *sb, const php_value *v)
{
    print_r_at(sb, v, 0);
}
