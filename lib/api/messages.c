/*
 * messages.c - the definitions of the catalogue (messages.def).
 */
#include "api/messages.h"

#define MSG(key, text) const char MSG_##key[] = text;
#include "api/messages.def"
#undef MSG
