/*
 * messages.h - the catalogue of English messages (messages.def).
 *
 * MSG_<Key> is the exact text, e.g. MSG_NotAllowed. Handlers answer with
 * call_fail(c, MSG_NotAllowed); no message text is written anywhere else.
 */
#ifndef CHAMILO_API_MESSAGES_H
#define CHAMILO_API_MESSAGES_H

#define MSG(key, text) extern const char MSG_##key[];
#include "api/messages.def"
#undef MSG

#endif
