/*
 * document_icon.h - Chamilo's icon of a file by its name (choose_image,
 * 30-courses.md §4.2): the course documents and the assignment lists.
 */
#ifndef CHAMILO_MODEL_DOCUMENT_ICON_H
#define CHAMILO_MODEL_DOCUMENT_ICON_H

#include "api/action.h"

/* The icon file of path by the lower-cased extension after its last "."
 * (before a "?"), "defaut.gif" (sic) without one or for an unknown one;
 * "icons/22/..." for the two icons that live in a size folder. NULL on OOM
 * (recorded). */
const char *document_file_icon(api_call *c, const char *path);

#endif
