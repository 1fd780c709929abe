#include "model/html.h"

void html_escape_append(strbuf *sb, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': sb_puts(sb, "&amp;"); break;
        case '<': sb_puts(sb, "&lt;"); break;
        case '>': sb_puts(sb, "&gt;"); break;
        case '"': sb_puts(sb, "&quot;"); break;
        case '\'': sb_puts(sb, "&#039;"); break;
        default: sb_putc(sb, *s);
        }
    }
}

void html_open_tag_append(strbuf *sb, const char *tag, const char *const *attributes)
{
    sb_putc(sb, '<');
    sb_puts(sb, tag);
    sb_putc(sb, ' ');
    for (const char *const *a = attributes; a && a[0]; a += 2) {
        sb_puts(sb, a[0]);
        sb_puts(sb, "=\"");
        html_escape_append(sb, a[1]);
        sb_puts(sb, "\" ");
    }
    sb_puts(sb, tag[0] == 'i' && tag[1] == 'm' && tag[2] == 'g' && !tag[3] ? " />" : ">");
}

void html_file_size_append(strbuf *sb, int64_t bytes)
{
    static const struct { int64_t factor; const char *unit; } UNITS[] = {
        {1073741824, "G"}, {1048576, "M"}, {1024, "k"}};
    for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++) {
        if (bytes >= UNITS[i].factor) {
            /* round(bytes / factor, 2), in hundredths */
            long long hundredths = (long long)((bytes * 100 + UNITS[i].factor / 2) / UNITS[i].factor);
            long long whole = hundredths / 100, frac = hundredths % 100;
            if (frac == 0)
                sb_printf(sb, "%lld%s", whole, UNITS[i].unit);
            else if (frac % 10 == 0)
                sb_printf(sb, "%lld.%lld%s", whole, frac / 10, UNITS[i].unit);
            else
                sb_printf(sb, "%lld.%02lld%s", whole, frac, UNITS[i].unit);
            return;
        }
    }
    sb_printf(sb, "%lldB", (long long)bytes);
}
