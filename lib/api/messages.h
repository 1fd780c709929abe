/*
 * messages.h - the catalogue of English messages (messages.def).
 *
 * MSG_<Key> is the exact text, e.g. MSG_NotAllowed. Handlers answer with
 * call_fail(c, MSG_NotAllowed); no message text is written anywhere else.
 */
#ifndef CHAMILO_API_MESSAGES_H
#define CHAMILO_API_MESSAGES_H

#include <stddef.h>

#define MSG(key, text) extern const char MSG_##key[];
#include "api/messages.def"
#undef MSG

/* The catalogue as a table, in messages.def's order: each MSG_Key with its
 * name "Key" (translations.c finds the language key from it). */
typedef struct message_entry {
    const char *text;
    const char *name;
} message_entry;
extern const message_entry MESSAGE_TABLE[];
extern const size_t MESSAGE_COUNT;

/* The row of MESSAGE_TABLE whose text is message, compared by address
 * (MSG_Key itself, not a copy or a filled template); -1 when none. */
int message_index(const char *message);

#endif
