/*
 * language.h - the platform's interface languages (table language).
 */
#ifndef CHAMILO_MODEL_LANGUAGE_H
#define CHAMILO_MODEL_LANGUAGE_H

#include "api/action.h"

/* Sets *available to whether `folder` is the folder name (dokeos_folder,
 * compared exactly: lower-case it first where PHP does) of a language
 * marked available. Returns false on a database error (recorded in the
 * call). */
bool language_available(api_call *c, const char *folder, bool *available);

#endif
