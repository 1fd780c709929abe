#include "model/document_icon.h"

#include <string.h>

const char *document_file_icon(api_call *c, const char *path)
{
    static const struct {
        const char *icon;
        const char *extensions; /* space-separated, each followed by a space */
    } FILES[] = {
        {"word.png", "doc dot rtf mcw wps psw docm docx dotm dotx "},
        {"file_html.png", "htm html htx xml xsl php xhtml "},
        {"file_image.png", "gif jpg png bmp jpeg tif tiff "},
        {"file_svg.png", "svg svgz "},
        {"file_sound.png", "wav mid mp2 mp3 midi sib amr kar oga au wma "},
        {"film.png", "mp4 mov rm pls mpg mpeg m2v m4v flv f4v avi wmv asf 3gp ogv ogg ogx webm "},
        {"excel.png", "xls xlt pxl xlsx xlsm xlam xlsb xltm xltx "},
        {"file_zip.png", "zip tar rar gz "},
        {"icons/22/mime_code.png", "js cpp c java phps jsp asp aspx cfm "},
        {"file_pdf.png", "pdf "},
        {"powerpoint.png", "ppt pps pptm pptx potm potx ppam ppsm ppsx "},
        {"file_flash.png", "fla swf "},
        {"icons/22/mime_text.png", "txt log "},
        {"file_oo_writer.png", "odt ott sxw stw "},
        {"file_oo_calc.png", "ods ots sxc stc "},
        {"file_oo_impress.png", "odp otp sxi sti "},
        {"file_oo_draw.png", "odg otg sxd std "},
        {"file_epub.png", "epub "},
        {"file_java.png", "class jar "},
        {"file_freemind.png", "mm "},
    };
    size_t end = strcspn(path, "?");
    const char *dot = NULL;
    for (size_t i = 0; i < end; i++)
        if (path[i] == '.')
            dot = path + i;
    if (!dot || dot + 1 == path + end)
        return "defaut.gif";
    size_t len = (size_t)(path + end - dot - 1);
    char *ext = arena_printf(c->arena, "%.*s ", (int)len, dot + 1);
    if (!ext)
        return call_fail_oom(c), NULL;
    for (char *p = ext; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++)
        for (const char *hit = strstr(FILES[i].extensions, ext); hit; hit = strstr(hit + 1, ext))
            if (hit == FILES[i].extensions || hit[-1] == ' ')
                return FILES[i].icon;
    return "defaut.gif";
}
